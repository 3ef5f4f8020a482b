"""The losses and their gradients, against their formulas and finite
differences, and exact where probabilities round to 0 or 1."""

import numpy as np
import pytest
from scipy.optimize import minimize

from sklearn_rnn._core.losses import LOSS_FUNCTIONS, constant_loss


def _targets(loss, rng, n_samples, n_outputs):
    if loss == "log_loss":
        return np.eye(n_outputs)[rng.randint(n_outputs, size=n_samples)]
    if loss == "binary_log_loss":
        return rng.randint(2, size=(n_samples, 1)).astype(float)
    return rng.normal(size=(n_samples, n_outputs))


@pytest.mark.parametrize(
    "loss, n_outputs", [("binary_log_loss", 1), ("log_loss", 4), ("squared_error", 3)]
)
def test_gradient_matches_finite_differences(loss, n_outputs):
    rng = np.random.RandomState(0)
    Z = rng.normal(size=(5, n_outputs))
    Y = _targets(loss, rng, 5, n_outputs)
    _, dZ = LOSS_FUNCTIONS[loss](Z, Y)
    eps = 1e-6
    for i in range(n_outputs):
        step = np.zeros_like(Z)
        step[:, i] = eps
        numeric = (LOSS_FUNCTIONS[loss](Z + step, Y)[0] - LOSS_FUNCTIONS[loss](Z - step, Y)[0])
        np.testing.assert_allclose(dZ[:, i], numeric / (2 * eps), rtol=1e-6, atol=1e-9)


def test_values_are_the_textbook_formulas():
    rng = np.random.RandomState(0)
    Z = rng.normal(size=(6, 3))
    Y = np.eye(3)[[0, 1, 2, 0, 1, 2]]
    p = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(LOSS_FUNCTIONS["log_loss"](Z, Y)[0], -np.log((p * Y).sum(1)))
    y = Y[:, :1]
    q = 1 / (1 + np.exp(-Z[:, :1]))
    np.testing.assert_allclose(
        LOSS_FUNCTIONS["binary_log_loss"](Z[:, :1], y)[0],
        -(y * np.log(q) + (1 - y) * np.log(1 - q))[:, 0],
    )
    np.testing.assert_allclose(
        LOSS_FUNCTIONS["squared_error"](Z, Y)[0], 0.5 * ((Z - Y) ** 2).mean(axis=1)
    )


def test_classification_losses_are_exact_where_probabilities_saturate():
    Z = np.array([[800.0], [-800.0]])
    loss, dZ = LOSS_FUNCTIONS["binary_log_loss"](Z, np.array([[0.0], [1.0]]))
    np.testing.assert_allclose(loss, [800.0, 800.0])
    np.testing.assert_allclose(dZ, [[1.0], [-1.0]])
    loss, _ = LOSS_FUNCTIONS["log_loss"](np.array([[0.0, 900.0]]), np.array([[1.0, 0.0]]))
    np.testing.assert_allclose(loss, [900.0])


@pytest.mark.parametrize(
    "loss, n_outputs", [("binary_log_loss", 3), ("log_loss", 4), ("squared_error", 2)]
)
def test_constant_loss_is_the_least_loss_of_a_constant_output(loss, n_outputs):
    rng = np.random.RandomState(1)
    Y = _targets(loss, rng, 40, n_outputs)
    if loss == "binary_log_loss":
        Y = rng.randint(2, size=(40, n_outputs)).astype(float)
    weight = rng.uniform(0.1, 3, size=40)

    def mean_loss(z):
        return weight @ LOSS_FUNCTIONS[loss](np.tile(z, (40, 1)), Y)[0] / weight.sum()

    best = minimize(mean_loss, np.zeros(n_outputs), method="BFGS", options={"gtol": 1e-10})
    assert constant_loss(loss, Y, weight) == pytest.approx(best.fun, rel=1e-9)
    # A class that never occurs costs nothing.
    if loss == "log_loss":
        Y[:, 0] = 0
        Y[Y.sum(axis=1) == 0, 1] = 1
        frequencies = weight @ Y / weight.sum()
        expected = -(frequencies[1:] * np.log(frequencies[1:])).sum()
        assert constant_loss(loss, Y, weight) == pytest.approx(expected)
