"""Feature-level permutation importance of 3-D sequences."""

import numpy as np
import pytest
from sklearn.inspection import permutation_importance
from sklearn.pipeline import make_pipeline

from sklearn_rnn import RNNClassifier
from sklearn_rnn.datasets import load_japanese_vowels
from sklearn_rnn.inspection import feature_permutation_importance
from sklearn_rnn.preprocessing import SequenceScaler


def _pipeline(**params):
    params = {"hidden_layer_sizes": (16,), "max_iter": 40, "random_state": 0, **params}
    return make_pipeline(SequenceScaler(), RNNClassifier(**params))


def test_feature_permutation_importance():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(600, 6, 3))
    # Feature 0 decides, feature 1 helps a little, feature 2 is noise. On
    # 300 test sequences the noise feature's importance stayed within
    # 0.013 of 0 over random_state 0-5 (on 100, up to 0.06).
    y = (X[:, :, 0].sum(axis=1) + 0.5 * X[:, :, 1].sum(axis=1) > 0).astype(int)
    clf = _pipeline(hidden_layer_sizes=(8,), max_iter=100).fit(X[:300], y[:300])
    result = feature_permutation_importance(
        clf, X[300:], y[300:], n_repeats=5, random_state=0
    )
    assert result.importances.shape == (3, 5)
    assert result.baseline_score > 0.8 and result.n_singletons == 0
    imp = result.importances_mean
    assert imp[0] > 0.2 and 0.04 < imp[1] < imp[0] / 2 and abs(imp[2]) < 0.04
    # Reproducible, and the same in parallel.
    again = feature_permutation_importance(
        clf, X[300:], y[300:], n_repeats=5, random_state=0, n_jobs=2
    )
    np.testing.assert_array_equal(again.importances, result.importances)
    # scikit-learn's own function takes 2-D tables only.
    with pytest.raises(ValueError, match="dim 3"):
        permutation_importance(clf, X[300:], y[300:])
    with pytest.raises(ValueError, match="3-D X"):
        feature_permutation_importance(clf, X[300:, :, 0], y[300:])


@pytest.mark.slow
def test_feature_permutation_importance_on_variable_lengths():
    X, y = load_japanese_vowels(split="train", return_X_y=True)
    X_test, y_test = load_japanese_vowels(split="test", return_X_y=True)
    clf = _pipeline().fit(X, y)
    # Permutations stay within sequences of one length, so no present step
    # gets NaN (the estimator would raise on a partially NaN step).
    result = feature_permutation_importance(
        clf, X_test, y_test, n_repeats=2, random_state=0, scoring="accuracy"
    )
    lengths = (~np.isnan(X_test).all(axis=2)).sum(axis=1)
    _, counts = np.unique(lengths, return_counts=True)
    assert result.n_singletons == (counts == 1).sum()
    assert result.importances_mean.shape == (12,)
    assert result.importances_mean.max() > 0.05


@pytest.mark.parametrize("n_repeats", [0, -1, 1.5, True])
def test_n_repeats_must_be_a_positive_integer(n_repeats):
    """Issue 23: 0 and -1 gave NaN importances, 1.5 Python's message about
    floats that cannot be interpreted as integers."""
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(16, 5, 2)), np.arange(16) % 2
    clf = RNNClassifier((2,), max_iter=2, random_state=0).fit(X, y)
    with pytest.raises(ValueError, match=f"n_repeats must be a positive integer, got {n_repeats}"):
        feature_permutation_importance(clf, X, y, n_repeats=n_repeats)
