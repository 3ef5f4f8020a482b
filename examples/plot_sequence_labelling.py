"""
=======================================================
Labelling every step: activities in stitched recordings
=======================================================

Sequence labelling with :class:`~sklearn_rnn.RNNStepClassifier`: a class at
every time step. The Basic Motions recordings (10 seconds of a wrist
accelerometer and gyroscope, 6 features) each hold one activity: standing,
walking, running or badminton. Stitching two to four recordings end to end
makes sequences whose activity changes along the way, and the task is to
tell the activity at every step, changes included: what a tracker does
with a day of sensor data.

Each recording is taken at every second step (50 steps), so that a sequence
of four is 200 steps. The training sequences stitch training recordings
only and the test sequences test recordings only. A bidirectional GRU reads
each sequence both ways, so the class at a step depends on what comes
before and after it. Besides the accuracy over all steps, the accuracy by
distance to the nearest change of activity shows where the errors are.

Run it as a script: ``python examples/plot_sequence_labelling.py`` prints
the accuracies, shows the figure and writes ``sequence_labelling.png`` to
the current directory.
"""

import matplotlib.pyplot as plt
import numpy as np

from sklearn_rnn import RNNStepClassifier, pad_sequences, pad_targets, present_steps
from sklearn_rnn.datasets import load_basic_motions


def stitched(X, y, n_sequences, seed):
    """Sequences of two to four distinct recordings end to end, NaN-padded,
    with the activity at every step ("" after the end)."""
    rng = np.random.RandomState(seed)
    sequences, labels = [], []
    for _ in range(n_sequences):
        parts = rng.choice(len(X), rng.randint(2, 5), replace=False)
        sequences.append(np.concatenate(X[parts]))
        labels.append(np.repeat(y[parts], X.shape[1]))
    return pad_sequences(sequences), pad_targets(labels, fill_value="")


X_train, y_train = load_basic_motions(split="train", return_X_y=True)
X_test, y_test = load_basic_motions(split="test", return_X_y=True)
X, y = stitched(X_train[:, ::2], y_train, 120, seed=0)
X_new, y_new = stitched(X_test[:, ::2], y_test, 60, seed=1)
print(f"{len(X)} training and {len(X_new)} test sequences of up to {X.shape[1]} steps")

# %%
# A class at every step
# ---------------------
#
# ``y`` holds the activity of every step and ``""`` after each sequence's
# end (``fill_value=""``); ``score`` is the accuracy pooled over the
# present, labelled steps.

clf = RNNStepClassifier(bidirectional=True, fill_value="", random_state=0).fit(X, y)
predicted = clf.predict(X_new)
print(f"test accuracy over all steps: {clf.score(X_new, y_new):.3f} "
      f"({clf.n_iter_} epochs)")

# %%
# Where the errors are
# --------------------
#
# The steps near a change of activity are the hard ones: a window of a few
# steps around the change mixes two activities.

present = present_steps(X_new) & (y_new != "")
changes = [np.flatnonzero(row[1:][p[1:]] != row[:-1][p[1:]]) + 0.5
           for row, p in zip(y_new, present)]
distance = np.full(y_new.shape, np.inf)
for i, change in enumerate(changes):
    if change.size:
        steps = np.arange(y_new.shape[1])
        distance[i] = np.abs(steps[:, None] - change[None]).min(axis=1)
right = predicted == y_new
bins = [(0, 2), (2, 5), (5, 10), (10, np.inf)]
for low, high in bins:
    near = present & (distance >= low) & (distance < high)
    print(f"  steps {low:>2} to {high:>3} from a change: accuracy {right[near].mean():.3f} "
          f"({near.sum()} steps)")

# %%
# One test sequence
# -----------------

classes = list(clf.classes_)
shown = int(np.argmax([len(c) for c in changes]))
steps = np.flatnonzero(present[shown])
fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 5), sharex=True)
top.plot(steps, X_new[shown, steps, :3])
top.set(title="A stitched test sequence: accelerometer", ylabel="acceleration")
bottom.step(steps, [classes.index(c) for c in y_new[shown, steps]], "k", lw=3,
            where="mid", label="true activity")
bottom.step(steps, [classes.index(c) for c in predicted[shown, steps]], "C1",
            where="mid", label="predicted")
bottom.set(yticks=range(len(classes)), yticklabels=classes, xlabel="step")
bottom.legend(loc="upper left")
fig.tight_layout()
fig.savefig("sequence_labelling.png", dpi=100)
plt.show()
