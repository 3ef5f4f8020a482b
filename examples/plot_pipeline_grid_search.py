"""
============================================================================
One grid search over an RNN and tabular baselines, and which features matter
============================================================================

A ``Pipeline`` whose steps are themselves searched: the RNN reads the
scaled sequences (``SequenceScaler``), the baselines read a fixed-length
summary of each sequence (``SequenceSummarizer``: per-feature mean, std,
min, max and last value). ``GridSearchCV`` compares them on the same
folds. Then ``feature_permutation_importance`` tells which of the 12
cepstrum coefficients the best RNN relies on (scikit-learn's own
``permutation_importance`` takes 2-D tables only).

Run it as a script: ``python examples/plot_pipeline_grid_search.py``
shows the figure and writes ``pipeline_grid_search.png`` to the current
directory.
"""

import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_rnn import RNNClassifier
from sklearn_rnn.datasets import load_japanese_vowels
from sklearn_rnn.inspection import feature_permutation_importance
from sklearn_rnn.preprocessing import SequenceScaler, SequenceSummarizer

warnings.filterwarnings("ignore", category=ConvergenceWarning)

X, y = load_japanese_vowels(split="train", return_X_y=True)
X_test, y_test = load_japanese_vowels(split="test", return_X_y=True)

# %%
# One search, three kinds of model
# --------------------------------
#
# The grid is a list of grids, one per kind of model: each sets both steps
# of the pipeline, the preparation (``prep``) and the model.

pipe = Pipeline([("prep", SequenceScaler()), ("model", RNNClassifier())])
summary = make_pipeline(SequenceSummarizer(), StandardScaler())
param_grid = [
    {
        "prep": [SequenceScaler()],
        "model": [RNNClassifier(max_iter=60, random_state=0)],
        "model__hidden_layer_sizes": [(16,), (32,)],
        "model__alpha": [1e-4, 1e-2],
    },
    {"prep": [summary], "model": [LogisticRegression(max_iter=1000)]},
    {
        "prep": [summary],
        "model": [HistGradientBoostingClassifier(max_iter=50, random_state=0)],
    },
]
search = GridSearchCV(pipe, param_grid, cv=3, n_jobs=2).fit(X, y)


def describe(params):
    model = params["model"]
    name = type(model).__name__
    if isinstance(model, RNNClassifier):
        sizes = params["model__hidden_layer_sizes"]
        return f"RNN {sizes} alpha={params['model__alpha']:g}"
    return f"summary + {name.replace('Classifier', '')}"


labels = [describe(p) for p in search.cv_results_["params"]]
means = search.cv_results_["mean_test_score"]
stds = search.cv_results_["std_test_score"]
for label, mean, std in zip(labels, means, stds):
    print(f"{label:>38}: {mean:.3f} +/- {std:.3f}")
test_accuracy = search.score(X_test, y_test)
print(
    f"best: {describe(search.best_params_)}, test accuracy {test_accuracy:.3f}"
)

# %%
# The best RNN
# ------------
#
# The best of the RNN candidates, refitted on the whole training set. In a
# notebook (as on this page), a fitted pipeline displays as a diagram whose
# boxes open onto the parameters of each step.

is_rnn = [
    isinstance(p["model"], RNNClassifier) for p in search.cv_results_["params"]
]
rnn_rank = np.argmax(np.where(is_rnn, means, -1))
best_rnn = pipe.set_params(**search.cv_results_["params"][rnn_rank]).fit(X, y)
rnn_accuracy = best_rnn.score(X_test, y_test)
print(f"best RNN: {labels[rnn_rank]}, test accuracy {rnn_accuracy:.3f}")
best_rnn

# %%
# Which features matter
# ---------------------
#
# ``feature_permutation_importance`` gives each test sequence the whole
# trajectory of one feature from another test sequence of the same length,
# one feature at a time, and measures the drop in accuracy.

result = feature_permutation_importance(
    best_rnn, X_test, y_test, n_repeats=5, random_state=0
)
print(
    f"{result.n_singletons} of {len(X_test)} test sequences have a length no\n"
    "other has: they keep their own values in the permutations"
)

# %%
# The plot
# --------

fig, (ax_search, ax_imp) = plt.subplots(1, 2, figsize=(11, 4))
order = np.argsort(means)
ax_search.barh(np.arange(len(means)), means[order], xerr=stds[order])
ax_search.set_yticks(
    np.arange(len(means)), [labels[i] for i in order], fontsize="small"
)
ax_search.set(
    xlim=(0.5, 1.0),
    xlabel="3-fold CV accuracy",
    title="One search, three kinds of model",
)
features = np.arange(X.shape[2])
ax_imp.bar(features, result.importances_mean, yerr=result.importances_std)
ax_imp.set(
    xticks=features,
    xlabel="LPC cepstrum coefficient",
    ylabel="drop in test accuracy",
    title="Feature permutation importance (best RNN)",
)
fig.tight_layout()
fig.savefig("pipeline_grid_search.png", dpi=100)
print("saved pipeline_grid_search.png")
plt.show()
