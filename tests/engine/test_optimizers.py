"""The optimizers' updates against their formulas, and their schedules."""

import numpy as np
import pytest

from sklearn_rnn._engine.optimizers import AdamOptimizer, SGDOptimizer


def _gradients(n_steps, size=5, seed=0):
    return np.random.RandomState(seed).normal(size=(n_steps, size))


@pytest.mark.parametrize("nesterov", [False, True])
def test_sgd_with_momentum(nesterov):
    params = np.ones(5)
    optimizer = SGDOptimizer(params, 0.1, 0.9, nesterov)
    expected, velocity = np.ones(5), np.zeros(5)
    for grad in _gradients(4):
        optimizer.update(grad)
        velocity = 0.9 * velocity - 0.1 * grad
        expected += 0.9 * velocity - 0.1 * grad if nesterov else velocity
    np.testing.assert_allclose(params, expected, rtol=1e-14)


def test_adam():
    params = np.ones(5)
    optimizer = AdamOptimizer(params, 0.01, 0.9, 0.999, 1e-8)
    expected, m, v = np.ones(5), np.zeros(5), np.zeros(5)
    for t, grad in enumerate(_gradients(4), start=1):
        optimizer.update(grad)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        lr = 0.01 * np.sqrt(1 - 0.999**t) / (1 - 0.9**t)
        expected -= lr * m / (np.sqrt(v) + 1e-8)
    np.testing.assert_allclose(params, expected, rtol=1e-14)
    assert optimizer.trigger_stopping()


def test_invscaling_and_constant_schedules():
    optimizer = SGDOptimizer(np.zeros(3), 0.05, 0.9, True, "invscaling", power_t=0.3)
    optimizer.iteration_ends(350)
    assert optimizer.learning_rate == pytest.approx(0.05 / 351**0.3)
    constant = SGDOptimizer(np.zeros(3), 0.05, 0.9, True, "constant")
    constant.iteration_ends(350)
    assert constant.learning_rate == 0.05


def test_adaptive_schedule_divides_by_five_until_tiny():
    optimizer = SGDOptimizer(np.zeros(3), 0.1, 0.9, True, "adaptive")
    rates = []
    while not optimizer.trigger_stopping():
        rates.append(optimizer.learning_rate)
    np.testing.assert_allclose(rates, 0.1 / 5 ** np.arange(1, len(rates) + 1))
    assert rates[-1] <= 1e-6 < rates[-2]
    assert SGDOptimizer(np.zeros(3), 0.1, 0.9, True, "constant").trigger_stopping()


def test_settings_tell_optimizers_apart():
    params = np.zeros(3)
    adam = AdamOptimizer(params, 0.01, 0.9, 0.999, 1e-8)
    assert adam.settings() == AdamOptimizer(params, 0.01, 0.9, 0.999, 1e-8).settings()
    assert adam.settings() != AdamOptimizer(params, 0.02, 0.9, 0.999, 1e-8).settings()
    sgd = SGDOptimizer(params, 0.01, 0.9, True)
    assert sgd.settings() != adam.settings()
    assert sgd.settings() != SGDOptimizer(params, 0.01, 0.9, True, "adaptive").settings()
