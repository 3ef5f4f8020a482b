"""Full-batch L-BFGS on a bare network."""

import math

import numpy as np
import pytest

from sklearn_rnn._core.batch import Batch
from sklearn_rnn._core.network import RecurrentNetwork
from sklearn_rnn._engine.data import TrainingData
from sklearn_rnn._engine.history import Stop
from sklearn_rnn._engine.lbfgs import train_lbfgs
from sklearn_rnn._engine.settings import TrainingSettings


def _task(scale=1.0, n_samples=60, dtype=np.float64):
    rng = np.random.RandomState(0)
    X = (scale * rng.normal(size=(8, n_samples, 3))).astype(dtype)
    Y = (scale * rng.normal(size=(n_samples, 1))).astype(dtype)
    return Batch(X, np.ones((8, n_samples), bool), Y, np.ones(n_samples, dtype))


def _train(network, flat, data, on_epoch=None, **settings):
    settings = TrainingSettings(loss="squared_error", alpha=1e-4, solver="lbfgs", **settings)
    return train_lbfgs(network, flat, TrainingData(data, np.ones(len(data), int), None),
                       settings, on_epoch)


def _network(activation="tanh", dtype=np.float64):
    network = RecurrentNetwork(3, (6,), 1, activation)
    return network, network.initialize(np.random.RandomState(0), dtype)


def test_iterates_down_and_reports_the_budget_running_out():
    network, flat = _network()
    result = _train(network, flat, _task(), max_iter=15, tol=1e-12)
    history = result.history
    assert result.stop is Stop.FAILED and result.status == 1
    assert "ITERATIONS" in result.message.upper()
    assert history.n_iter == len(history.loss_curve) == 15
    assert history.loss_curve[-1] < history.loss_curve[0]
    value, _ = network.loss_value(flat, _task(), "squared_error", 1e-4)
    assert history.loss == value == history.loss_curve[-1]


def test_converges_on_a_loose_tolerance():
    network, flat = _network()
    result = _train(network, flat, _task(), max_iter=500, tol=1e-2)
    assert result.stop is Stop.CONVERGED and result.status == 0


def test_the_line_search_backs_off_from_overflow():
    network, flat = _network("relu", np.float32)
    data = _task(scale=100.0, dtype=np.float32)
    data.Y *= 10
    with np.errstate(all="raise"):
        history = _train(network, flat, data, max_iter=20, tol=1e-4).history
    assert np.isfinite(flat).all() and math.isfinite(history.loss)
    assert history.loss < history.loss_curve[0]
    assert flat.dtype == np.float32


def test_the_iteration_hook_can_stop_and_an_interrupt_keeps_the_last_iteration():
    network, flat0 = _network()
    flat = flat0.copy()
    result = _train(network, flat, _task(), max_iter=50, tol=1e-12,
                    on_epoch=lambda report, model: report.epoch == 3)
    assert result.stop is Stop.CALLBACK and result.history.n_iter == 3
    three = flat0.copy()
    _train(network, three, _task(), max_iter=3, tol=1e-12)
    np.testing.assert_array_equal(flat, three)

    def interrupt(report, model):
        if report.epoch == 4:
            raise KeyboardInterrupt

    flat = flat0.copy()
    result = _train(network, flat, _task(), max_iter=50, tol=1e-12, on_epoch=interrupt)
    assert result.stop is Stop.INTERRUPTED and len(result.history.loss_curve) == 4
    # The weights of the 4th iteration, whose hook was interrupted.
    value, _ = network.loss_value(flat, _task(), "squared_error", 1e-4)
    assert result.history.loss == pytest.approx(value) == result.history.loss_curve[-1]
