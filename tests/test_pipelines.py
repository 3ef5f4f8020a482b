"""Pipelines, searches and cross-validation over 3-D sequence data.

Real data (Japanese Vowels, 270 training sequences of 7 to 29 steps of 12
features, NaN-padded) and small networks trained for few epochs; every fit
has a fixed seed.
"""

import warnings

import numpy as np
import pytest
import sklearn
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.model_selection import (
    GridSearchCV,
    StratifiedKFold,
    cross_val_predict,
    cross_val_score,
)
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_rnn import RNNClassifier
from sklearn_rnn.datasets import load_japanese_vowels
from sklearn_rnn.preprocessing import SequencePadder, SequenceScaler, SequenceSummarizer

# Few epochs on purpose: the search and CV machinery is under test here.
pytestmark = pytest.mark.slow

SMALL_RNN = dict(hidden_layer_sizes=(16,), max_iter=40, random_state=0)


@pytest.fixture(scope="module")
def vowels():
    X, y = load_japanese_vowels(split="train", return_X_y=True)
    X_test, y_test = load_japanese_vowels(split="test", return_X_y=True)
    return X, y, X_test, y_test


def _pipeline(**params):
    return make_pipeline(SequenceScaler(), RNNClassifier(**{**SMALL_RNN, **params}))


def test_scaler_undoes_bad_feature_scales(vowels):
    X, y, X_test, y_test = vowels
    rng = np.random.RandomState(0)
    a, b = 10.0 ** rng.uniform(-2, 3, size=12), rng.uniform(-100, 100, size=12)
    X_bad, X_test_bad = X * a + b, X_test * a + b
    assert _pipeline().fit(X_bad, y).score(X_test_bad, y_test) > 0.92
    # The estimator's own standardisation does the same; without either,
    # the vanilla cell's tanh units saturate (measured 0.55; the GRU, whose
    # gates soften it, 0.79).
    assert RNNClassifier(**SMALL_RNN).fit(X_bad, y).score(X_test_bad, y_test) > 0.92
    raw = RNNClassifier(**SMALL_RNN, cell="rnn", readout="last", standardize_inputs=False)
    assert raw.fit(X_bad, y).score(X_test_bad, y_test) < 0.7


def test_grid_search_over_pipeline_with_two_jobs(vowels):
    X, y, X_test, y_test = vowels
    grid = {
        "rnnclassifier__hidden_layer_sizes": [(4,), (16,)],
        "rnnclassifier__alpha": [1e-4, 1.0],
    }
    search = GridSearchCV(_pipeline(), grid, cv=3, n_jobs=2).fit(X, y)
    assert search.best_params_ == {
        "rnnclassifier__alpha": 1e-4,
        "rnnclassifier__hidden_layer_sizes": (16,),
    }
    scores = search.cv_results_["mean_test_score"]
    # A strong penalty leaves the network near chance (9 speakers, 1/9;
    # measured 0.111 and 0.148).
    assert np.all(scores[2:] < 0.2), scores
    assert search.best_score_ > 0.88
    assert search.score(X_test, y_test) > 0.92


def test_cross_val_score_with_two_jobs(vowels):
    X, y, _, _ = vowels
    scores = cross_val_score(_pipeline(), X, y, cv=3, n_jobs=2)
    assert scores.min() > 0.85


def test_search_over_cell(vowels):
    X, y, _, _ = vowels
    grid = {
        "rnnclassifier__cell": ["rnn", "gru", "lstm"],
        "rnnclassifier__hidden_layer_sizes": [(16,)],
        "rnnclassifier__alpha": [1e-4, 1.0],
    }
    search = GridSearchCV(_pipeline(), grid, cv=3, n_jobs=2).fit(X, y)
    results = search.cv_results_
    for cell in ("rnn", "gru", "lstm"):
        good = (results["param_rnnclassifier__cell"] == cell) & (
            results["param_rnnclassifier__alpha"] == 1e-4
        )
        assert results["mean_test_score"][good].item() > 0.75, cell
    assert search.best_params_["rnnclassifier__alpha"] == 1e-4


def test_cross_val_predict_matches_fold_by_fold_fits(vowels):
    X, y, _, _ = vowels
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    predicted = cross_val_predict(_pipeline(), X, y, cv=cv, n_jobs=2)
    assert (predicted == y).mean() > 0.88
    for train, test in cv.split(X, y):
        fold = _pipeline().fit(X[train], y[train])
        np.testing.assert_array_equal(predicted[test], fold.predict(X[test]))
    proba = cross_val_predict(_pipeline(), X, y, cv=cv, method="predict_proba")
    assert proba.shape == (len(y), 9)
    np.testing.assert_allclose(proba.sum(axis=1), 1)


@pytest.mark.skipif(
    tuple(int(v) for v in sklearn.__version__.split(".")[:2]) < (1, 8),
    reason="temperature scaling is new in scikit-learn 1.8",
)
def test_calibrated_classifier(vowels):
    X, y, X_test, y_test = vowels
    # Temperature scaling suits a softmax over 9 classes; the default one-vs-rest
    # sigmoid calibration doubles the test log-loss here (0.33 against 0.17).
    calibrated = CalibratedClassifierCV(_pipeline(), cv=3, method="temperature")
    proba = calibrated.fit(X, y).predict_proba(X_test)
    assert proba.shape == (len(y_test), 9)
    np.testing.assert_allclose(proba.sum(axis=1), 1)
    np.testing.assert_array_equal(calibrated.classes_, np.unique(y))
    assert calibrated.score(X_test, y_test) > 0.93
    assert log_loss(y_test, proba, labels=calibrated.classes_) < 0.2


def test_rnn_against_tabular_baselines_in_one_search(ordered_sequences):
    # Only the order of the values tells the classes apart, which order-blind
    # summaries (mean, std, min, max) cannot see and a recurrent network can.
    X, y = ordered_sequences(300, 8, seed=0)
    order_blind = SequenceSummarizer(statistics=("mean", "std", "min", "max"))
    pipe = Pipeline([("prep", SequenceScaler()), ("model", RNNClassifier())])
    grid = [
        {
            "prep": [SequenceScaler()],
            "model": [RNNClassifier(hidden_layer_sizes=(8,), max_iter=50, random_state=0)],
        },
        {
            "prep": [make_pipeline(order_blind, StandardScaler())],
            "model": [
                LogisticRegression(),
                HistGradientBoostingClassifier(max_iter=30, random_state=0),
            ],
        },
    ]
    search = GridSearchCV(pipe, grid, cv=3, n_jobs=2).fit(X, y)
    scores = search.cv_results_["mean_test_score"]
    assert isinstance(search.best_params_["model"], RNNClassifier)
    assert scores[0] > 0.95 and scores[1:].max() < 0.65
    # With the last value in the summary, the baselines see the order too.
    search.set_params(
        param_grid=[{**grid[1], "prep": [make_pipeline(SequenceSummarizer(), StandardScaler())]}]
    ).fit(X, y)
    assert search.cv_results_["mean_test_score"].min() > 0.95


def test_pipeline_from_a_list_of_ragged_arrays(vowels):
    X, y, _, _ = vowels
    lengths = (~np.isnan(X).all(axis=2)).sum(axis=1)
    ragged = [x[:n] for x, n in zip(X, lengths)]
    pipe = make_pipeline(SequencePadder(), SequenceScaler(), RNNClassifier(**SMALL_RNN))
    scores = cross_val_score(pipe, ragged, y, cv=3)
    # Identical to the pipeline on the padded array: padding is padding.
    np.testing.assert_allclose(scores, cross_val_score(_pipeline(), X, y, cv=3))
    baseline = make_pipeline(
        SequencePadder(), SequenceSummarizer(), StandardScaler(), LogisticRegression()
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no NaN or shape surprises on the way
        assert cross_val_score(baseline, ragged, y, cv=3).min() > 0.85
