"""The gated cells and bidirectional layers through the estimators."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning

from sklearn_rnn import RNNClassifier, RNNRegressor

CELLS = ["rnn", "gru", "lstm"]


def _first_steps_task(n_samples, n_steps, seed):
    """The class is the sign of the first three steps, flagged by a second
    feature; every later step is unit noise, which the state must ignore.
    """
    rng = np.random.RandomState(seed)
    X = np.zeros((n_samples, n_steps, 2))
    X[:, :, 0] = rng.normal(size=(n_samples, n_steps))
    y = rng.randint(2, size=n_samples)
    X[:, :3, 0] = np.where(y[:, None] == 1, 1.0, -1.0)
    X[:, :3, 1] = 1
    return X, y


def test_gated_cells_solve_a_long_range_task_that_the_vanilla_cell_fails():
    X, y = _first_steps_task(512, 100, seed=0)
    X_test, y_test = _first_steps_task(500, 100, seed=1)
    scores = {}
    for cell in CELLS:
        clf = RNNClassifier((8,), cell=cell, max_iter=20, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            scores[cell] = clf.fit(X, y).score(X_test, y_test)
    assert scores["gru"] > 0.95, scores
    assert scores["lstm"] > 0.95, scores
    assert scores["rnn"] < 0.6, scores


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("bidirectional", [False, True])
def test_every_cell_and_direction_learns_and_ignores_padding(
    cell, bidirectional, variable_length_data
):
    X, y, lengths = variable_length_data
    clf = RNNClassifier(
        (8, 8), cell=cell, bidirectional=bidirectional, random_state=0, max_iter=30
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X[:300], y[:300])
    assert clf.score(X[300:], y[300:]) > 0.8
    # Padding before half of the sequences changes no prediction.
    padded = np.full((100, X.shape[1] + 2, 3), np.nan)
    padded[::2, 2:] = X[300::2]
    padded[1::2, :-2] = X[301::2]
    np.testing.assert_allclose(
        clf.predict_proba(padded), clf.predict_proba(X[300:]), rtol=1e-12
    )


def test_weights_are_named_and_shaped_as_in_pytorch():
    X = np.random.RandomState(0).normal(size=(20, 5, 3))
    y = X[:, :, 0].sum(axis=1)
    reg = RNNRegressor((4, 4), cell="lstm", bidirectional=True, max_iter=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        reg.fit(X, y)
    shapes = {k: v.shape for k, v in reg.weights_.items()}
    assert shapes["rnn.weight_ih_l0"] == (16, 3)
    assert shapes["rnn.weight_ih_l0_reverse"] == (16, 3)
    assert shapes["rnn.weight_ih_l1"] == (16, 8)
    assert shapes["rnn.weight_hh_l1_reverse"] == (16, 4)
    assert shapes["rnn.bias_hh_l1_reverse"] == (16,)
    assert shapes["linear.weight"] == (1, 8)
    assert len(shapes) == 2 * 2 * 4 + 2


def test_cell_parameters_are_validated():
    X = np.random.RandomState(0).normal(size=(10, 3, 2))
    y = np.arange(10) % 2
    with pytest.raises(ValueError, match="cell"):
        RNNClassifier(cell="transformer").fit(X, y)
    with pytest.raises(ValueError, match="bidirectional"):
        RNNClassifier(bidirectional="yes").fit(X, y)
    with pytest.raises(ValueError, match="activation='relu' applies to cell='rnn'"):
        RNNClassifier(cell="gru", activation="relu").fit(X, y)


def test_warm_start_refuses_another_cell_or_direction():
    X = np.random.RandomState(0).normal(size=(10, 3, 2))
    y = np.arange(10) % 2
    clf = RNNClassifier((4,), cell="gru", warm_start=True, max_iter=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
        clf.fit(X, y)  # the same architecture continues
        for changes in [{"cell": "lstm"}, {"bidirectional": True}, {"cell": "rnn"}]:
            with pytest.raises(ValueError, match="architecture of the previous fit"):
                clf.set_params(**changes).fit(X, y)
            clf.set_params(cell="gru", bidirectional=False)
