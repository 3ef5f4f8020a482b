"""
===============================================================
Accuracy against sequence length: an RNN and a tabular baseline
===============================================================

Japanese Vowels utterances last 7 to 29 frames. Both models are trained on
the full training sequences; they are then shown only the first ``k``
frames of each test utterance (``SequencePadder(maxlen=k)`` truncates
them), which asks how early a speaker can be told. The second panel splits
the full test set by the length of the utterance.

Baseline: per-feature mean, std, min, max and last value
(``SequenceSummarizer``) then a logistic regression.

Run it as a script: ``python examples/plot_accuracy_vs_sequence_length.py``
shows the figure and writes ``accuracy_vs_sequence_length.png`` to the
current directory.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_rnn import RNNClassifier
from sklearn_rnn.datasets import load_japanese_vowels
from sklearn_rnn.preprocessing import (
    SequencePadder,
    SequenceScaler,
    SequenceSummarizer,
)

X, y = load_japanese_vowels(split="train", return_X_y=True)
X_test, y_test = load_japanese_vowels(split="test", return_X_y=True)
# The number of frames of each test utterance: its steps that are not all NaN.
lengths = (~np.isnan(X_test).all(axis=2)).sum(axis=1)

# %%
# Two models on the full training sequences
# -----------------------------------------
#
# The RNN reads the scaled sequences frame by frame; the baseline reads a
# fixed-length summary of each sequence, whatever its length.

models = {
    "RNN": make_pipeline(
        SequenceScaler(),
        RNNClassifier(hidden_layer_sizes=(32,), random_state=0),
    ),
    "summary + logistic regression": make_pipeline(
        SequenceSummarizer(),
        StandardScaler(),
        LogisticRegression(max_iter=1000),
    ),
}
for model in models.values():
    model.fit(X, y)

# %%
# The first k frames of each test utterance
# -----------------------------------------
#
# ``SequencePadder(maxlen=k)`` keeps the first ``k`` frames of every
# sequence (a shorter one keeps all of its frames).

prefixes = np.arange(1, 30)
prefix_accuracy = {}
for name, model in models.items():
    accuracy = [
        model.score(SequencePadder(maxlen=k).fit_transform(X_test), y_test)
        for k in prefixes
    ]
    print(
        f"{name}: first 3 / 7 / all frames: "
        f"{accuracy[2]:.3f} / {accuracy[6]:.3f} / {accuracy[-1]:.3f}"
    )
    prefix_accuracy[name] = accuracy

# %%
# Accuracy by utterance length
# ----------------------------
#
# The full test set, split into four bins of utterance length.

bins = [(7, 12), (13, 16), (17, 20), (21, 29)]
counts = [((lengths >= lo) & (lengths <= hi)).sum() for lo, hi in bins]
length_accuracy = {}
for name, model in models.items():
    correct = model.predict(X_test) == y_test
    length_accuracy[name] = [
        correct[(lengths >= lo) & (lengths <= hi)].mean() for lo, hi in bins
    ]

# %%
# The plot
# --------

fig, (ax_prefix, ax_length) = plt.subplots(1, 2, figsize=(10, 4))
for name, accuracy in prefix_accuracy.items():
    ax_prefix.plot(prefixes, accuracy, label=name)
ax_prefix.set(
    xlabel="frames shown (first k of each test utterance)",
    ylabel="test accuracy",
    title="Accuracy against observed length",
)
ax_prefix.legend()

centers = np.arange(len(bins))
width = 0.4
for offset, (name, accuracy) in zip(
    (-width / 2, width / 2), length_accuracy.items()
):
    ax_length.bar(centers + offset, accuracy, width, label=name)
ax_length.set_xticks(
    centers, [f"{lo}-{hi}\n(n={n})" for (lo, hi), n in zip(bins, counts)]
)
ax_length.set(
    xlabel="utterance length (frames)",
    ylabel="test accuracy",
    ylim=(0.5, 1.08),
    title="Accuracy by utterance length",
)
ax_length.legend(loc="upper center", ncols=2, fontsize="small")

fig.tight_layout()
fig.savefig("accuracy_vs_sequence_length.png", dpi=100)
print("saved accuracy_vs_sequence_length.png")
plt.show()
