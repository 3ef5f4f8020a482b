"""
=================================================================
Loss and validation curves of an RNNClassifier on Japanese Vowels
=================================================================

Left: the training loss after every epoch (``loss_curve_``) of the three
solvers. Right: training and cross-validated accuracy against the number of
epochs, from scikit-learn's ``validation_curve`` over ``max_iter``. With an
integer ``random_state`` a fit of ``max_iter=k`` epochs is exactly the first
k epochs of a longer one, so each point is that network after k epochs.

Run it as a script: ``python examples/plot_loss_and_validation_curves.py``
shows the figure and writes ``loss_and_validation_curves.png`` to the
current directory.
"""

import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import validation_curve
from sklearn.pipeline import make_pipeline

from sklearn_rnn import RNNClassifier
from sklearn_rnn.datasets import load_japanese_vowels
from sklearn_rnn.preprocessing import SequenceScaler

# Short runs stop at max_iter on purpose.
warnings.filterwarnings("ignore", category=ConvergenceWarning)

X, y = load_japanese_vowels(split="train", return_X_y=True)
X_test, y_test = load_japanese_vowels(split="test", return_X_y=True)

# %%
# The three solvers
# -----------------
#
# Adam and SGD take minibatch steps and record the loss after every epoch;
# L-BFGS works on the whole training set and records it after every
# iteration. The inputs are scaled first (``SequenceScaler``), and SGD gets
# a larger learning rate than its default.

curves = {}
for solver, params in [
    ("adam", {}),
    ("sgd", {"learning_rate_init": 0.05}),
    ("lbfgs", {}),
]:
    clf = make_pipeline(
        SequenceScaler(),
        RNNClassifier(
            hidden_layer_sizes=(16,),
            solver=solver,
            max_iter=100,
            random_state=0,
            **params,
        ),
    ).fit(X, y)
    rnn = clf[-1]
    test_accuracy = clf.score(X_test, y_test)
    print(
        f"{solver:>5}: {rnn.n_iter_} iterations, final training loss "
        f"{rnn.loss_:.3f}, test accuracy {test_accuracy:.3f}"
    )
    curves[solver] = rnn.loss_curve_, test_accuracy

# %%
# The validation curve
# --------------------
#
# ``validation_curve`` refits the pipeline for every value of ``max_iter``
# on three folds of the training set.

epochs = [1, 2, 5, 10, 20, 40, 80]
train_scores, valid_scores = validation_curve(
    make_pipeline(
        SequenceScaler(),
        RNNClassifier(hidden_layer_sizes=(16,), random_state=0),
    ),
    X,
    y,
    param_name="rnnclassifier__max_iter",
    param_range=epochs,
    cv=3,
)
for k, v in zip(epochs, valid_scores.mean(axis=1)):
    print(f"{k:3d} epochs: validation accuracy {v:.3f}")

# %%
# The plot
# --------
#
# The training loss keeps falling until each solver stops, while the
# validation accuracy levels off after about twenty epochs. Past forty the
# fits are the same network: the classifier trains on noisy inputs, and
# stops once its model fits the training data without noise (about thirty
# epochs here), whatever ``max_iter`` allows.

fig, (ax_loss, ax_val) = plt.subplots(1, 2, figsize=(10, 4))
for solver, (loss_curve, test_accuracy) in curves.items():
    ax_loss.plot(
        np.arange(1, len(loss_curve) + 1),
        loss_curve,
        label=f"{solver} (test acc. {test_accuracy:.2f})",
    )
ax_loss.set(
    xlabel="iteration (epoch for adam and sgd)",
    ylabel="training loss",
    yscale="log",
    title="Training loss",
)
ax_loss.legend()

for scores, label in [
    (train_scores, "training"),
    (valid_scores, "validation (3-fold CV)"),
]:
    mean, std = scores.mean(axis=1), scores.std(axis=1)
    ax_val.plot(epochs, mean, marker="o", label=label)
    ax_val.fill_between(epochs, mean - std, mean + std, alpha=0.2)
ax_val.set(
    xlabel="epochs (adam)",
    ylabel="accuracy",
    xscale="log",
    title="Validation curve",
)
ax_val.legend()

fig.tight_layout()
fig.savefig("loss_and_validation_curves.png", dpi=100)
print("saved loss_and_validation_curves.png")
plt.show()
