import numpy as np
import pytest

from sklearn_rnn._core.activations import ACTIVATIONS, DERIVATIVES


@pytest.mark.parametrize("name", ["tanh", "relu"])
def test_derivative_from_the_outputs_matches_finite_differences(name):
    x = np.linspace(-3, 3, 61)
    x = x[np.abs(x) > 1e-3]  # away from relu's kink
    out = x.copy()
    ACTIVATIONS[name](out)
    derivative = np.empty_like(x)
    DERIVATIVES[name](out, derivative)
    eps = 1e-6
    up, down = x + eps, x - eps
    ACTIVATIONS[name](up)
    ACTIVATIONS[name](down)
    np.testing.assert_allclose(derivative, (up - down) / (2 * eps), rtol=1e-6, atol=1e-9)
