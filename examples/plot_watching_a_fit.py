"""
==========================================
Watching a fit: progress and loss curves
==========================================

Two fits on the bundled Japanese Vowels data, drawn with
``LossCurveDisplay``. Left: ``RNNClassifier()`` with its defaults, which
trains on noisy inputs and stops once its model fits the training data
without noise; the display draws the noisy epoch losses and the loss
without noise that the stop reads. Right: the same classifier with early
stopping, which keeps the weights of the epoch with the lowest validation
loss (marked) and draws the validation score on a second axis.

``verbose=1`` prints a line about once a second, naming the epoch out of
``max_iter``, the losses and the time left; with scikit-learn 1.9 or newer,
``set_callbacks(sklearn.callback.ProgressBar())`` shows a progress bar
instead. Ctrl-C during a fit keeps the model of the last complete epoch.

Run it as a script: ``python examples/plot_watching_a_fit.py`` shows the
figure and writes ``watching_a_fit.png`` to the current directory.
"""

import matplotlib.pyplot as plt

from sklearn_rnn import RNNClassifier
from sklearn_rnn.datasets import load_japanese_vowels
from sklearn_rnn.inspection import LossCurveDisplay

X, y = load_japanese_vowels(split="train", return_X_y=True)
X_test, y_test = load_japanese_vowels(split="test", return_X_y=True)

# %%
# Two fits
# --------
#
# The first prints its progress (``verbose=1``).

noisy = RNNClassifier(random_state=0, verbose=1).fit(X, y)
early = RNNClassifier(early_stopping=True, random_state=0).fit(X, y)
for name, clf in [("defaults", noisy), ("early stopping", early)]:
    print(
        f"{name}: {clf.n_iter_} epochs, test accuracy "
        f"{clf.score(X_test, y_test):.3f}"
    )

# %%
# The curves
# ----------

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
LossCurveDisplay.from_estimator(noisy, ax=left)
left.set_title("Defaults: noisy inputs, stop when fit")
LossCurveDisplay.from_estimator(early, ax=right)
right.set_title("Early stopping on held-out data")
fig.tight_layout()
fig.savefig("watching_a_fit.png", dpi=100)
print("saved watching_a_fit.png")
plt.show()
