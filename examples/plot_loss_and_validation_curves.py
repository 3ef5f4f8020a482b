"""Loss and validation curves of an RNNClassifier on Japanese Vowels.

Left: the training loss after every epoch (``loss_curve_``) of the three
solvers. Right: training and cross-validated accuracy against the number of
epochs, from scikit-learn's ``validation_curve`` over ``max_iter``. With an
integer ``random_state`` a fit of ``max_iter=k`` epochs is exactly the first
k epochs of a longer one, so each point is that network after k epochs.

Run it as a script: ``python examples/plot_loss_and_validation_curves.py``
writes ``loss_and_validation_curves.png`` to the current directory.
"""

import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.model_selection import validation_curve  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402

from sklearn_rnn import RNNClassifier  # noqa: E402
from sklearn_rnn.datasets import load_japanese_vowels  # noqa: E402
from sklearn_rnn.preprocessing import SequenceScaler  # noqa: E402

# Short runs stop at max_iter on purpose.
warnings.filterwarnings("ignore", category=ConvergenceWarning)

X, y = load_japanese_vowels(split="train", return_X_y=True)
X_test, y_test = load_japanese_vowels(split="test", return_X_y=True)

fig, (ax_loss, ax_val) = plt.subplots(1, 2, figsize=(10, 4))

for solver, params in [
    ("adam", {}),
    ("sgd", {"learning_rate_init": 0.05}),
    ("lbfgs", {}),
]:
    clf = make_pipeline(
        SequenceScaler(),
        RNNClassifier(
            hidden_layer_sizes=(16,), solver=solver, max_iter=100, random_state=0, **params
        ),
    ).fit(X, y)
    rnn = clf[-1]
    test_accuracy = clf.score(X_test, y_test)
    print(
        f"{solver:>5}: {rnn.n_iter_} iterations, final training loss "
        f"{rnn.loss_:.3f}, test accuracy {test_accuracy:.3f}"
    )
    ax_loss.plot(
        np.arange(1, len(rnn.loss_curve_) + 1),
        rnn.loss_curve_,
        label=f"{solver} (test acc. {test_accuracy:.2f})",
    )
ax_loss.set(
    xlabel="iteration (epoch for adam and sgd)",
    ylabel="training loss",
    yscale="log",
    title="Training loss",
)
ax_loss.legend()

epochs = [1, 2, 5, 10, 20, 40, 80]
train_scores, valid_scores = validation_curve(
    make_pipeline(
        SequenceScaler(), RNNClassifier(hidden_layer_sizes=(16,), random_state=0)
    ),
    X,
    y,
    param_name="rnnclassifier__max_iter",
    param_range=epochs,
    cv=3,
)
for scores, label in [(train_scores, "training"), (valid_scores, "validation (3-fold CV)")]:
    mean, std = scores.mean(axis=1), scores.std(axis=1)
    ax_val.plot(epochs, mean, marker="o", label=label)
    ax_val.fill_between(epochs, mean - std, mean + std, alpha=0.2)
ax_val.set(
    xlabel="epochs (adam)", ylabel="accuracy", xscale="log", title="Validation curve"
)
ax_val.legend()
for k, v in zip(epochs, valid_scores.mean(axis=1)):
    print(f"{k:3d} epochs: validation accuracy {v:.3f}")

fig.tight_layout()
fig.savefig("loss_and_validation_curves.png", dpi=100)
print("saved loss_and_validation_curves.png")
