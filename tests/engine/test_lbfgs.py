"""Full-batch L-BFGS on a bare network."""

import math

import numpy as np

from sklearn_rnn._core.network import Batch, RecurrentNetwork
from sklearn_rnn._engine.lbfgs import train_lbfgs


def _task(scale=1.0, n_samples=60, dtype=np.float64):
    rng = np.random.RandomState(0)
    X = (scale * rng.normal(size=(8, n_samples, 3))).astype(dtype)
    Y = (scale * rng.normal(size=(n_samples, 1))).astype(dtype)
    return Batch(X, np.ones((8, n_samples), bool), Y, np.ones(n_samples, dtype))


def _network(activation="tanh", dtype=np.float64):
    network = RecurrentNetwork(3, (6,), 1, activation)
    return network, network.initialize(np.random.RandomState(0), dtype)


def test_iterates_down_and_reports_the_budget_running_out():
    network, flat = _network()
    history = train_lbfgs(network, flat, _task(), loss="squared_error", alpha=1e-4,
                          max_iter=15, max_fun=15000, tol=1e-12)
    assert history.stop == "failed" and history.status == 1
    assert "ITERATIONS" in history.message.upper()
    assert history.n_iter == len(history.loss_curve) == 15
    assert history.loss_curve[-1] < history.loss_curve[0]
    value, _ = network.loss_value(flat, _task(), "squared_error", 1e-4)
    assert history.loss == value == history.loss_curve[-1]


def test_converges_on_a_loose_tolerance():
    network, flat = _network()
    history = train_lbfgs(network, flat, _task(), loss="squared_error", alpha=1e-4,
                          max_iter=500, max_fun=15000, tol=1e-2)
    assert history.stop == "converged" and history.status == 0


def test_the_line_search_backs_off_from_overflow():
    network, flat = _network("relu", np.float32)
    data = _task(scale=100.0, dtype=np.float32)
    data.Y *= 10
    with np.errstate(all="raise"):
        history = train_lbfgs(network, flat, data, loss="squared_error", alpha=1e-4,
                              max_iter=20, max_fun=15000, tol=1e-4)
    assert np.isfinite(flat).all() and math.isfinite(history.loss)
    assert history.loss < history.loss_curve[0]
    assert flat.dtype == np.float32
