"""The ridge regression the linear path starts from."""

import numpy as np
import pytest
from sklearn.linear_model import Ridge

from sklearn_rnn._core.ridge import ALPHAS, ridge_gcv


def test_is_the_weighted_ridge_regression_of_the_penalty_chosen():
    rng = np.random.RandomState(0)
    H = rng.normal(size=(60, 7))
    Y = H @ rng.normal(size=(7, 2)) + rng.normal(size=(60, 2))
    weight = rng.uniform(0.5, 2.0, size=60)
    coef, intercept, alpha = ridge_gcv(H, Y, weight)
    assert alpha in ALPHAS
    # The penalty is that of weights of mean one.
    ridge = Ridge(alpha=alpha * weight.mean()).fit(H, Y, sample_weight=weight)
    np.testing.assert_allclose(coef, ridge.coef_, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(intercept, ridge.intercept_, rtol=1e-10, atol=1e-12)


def test_chooses_little_penalty_for_a_clean_fit_and_the_mean_for_noise():
    rng = np.random.RandomState(0)
    H = rng.normal(size=(200, 5))
    clean = H @ np.arange(1.0, 6.0)[:, None] + 1e-3 * rng.normal(size=(200, 1))
    coef, intercept, alpha = ridge_gcv(H, clean, np.ones(200))
    assert alpha <= 1e-2
    np.testing.assert_allclose(coef, [np.arange(1.0, 6.0)], atol=1e-3)
    # Targets unrelated to 10 inputs: a large penalty, near the mean.
    noise = rng.normal(size=(100, 1)) + 3.0
    coef, intercept, alpha = ridge_gcv(rng.normal(size=(100, 10)), noise, np.ones(100))
    assert alpha >= 100
    assert intercept == pytest.approx(noise.mean(), abs=0.1)


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_targets_of_any_finite_size_choose_the_same_penalty():
    rng = np.random.RandomState(0)
    H = rng.normal(size=(40, 6))
    Y = H @ rng.normal(size=(6, 1)) + rng.normal(size=(40, 1))
    coef, intercept, alpha = ridge_gcv(H, Y, np.ones(40))
    # Squared, targets of 1e200 overflow: the choice must not depend on that.
    for factor in (2.0**-40, 3.0, 1e200):
        coef_f, intercept_f, alpha_f = ridge_gcv(H, factor * Y, np.ones(40))
        assert alpha_f == alpha
        np.testing.assert_allclose(coef_f, factor * coef, rtol=1e-12)
        np.testing.assert_allclose(intercept_f, factor * intercept, rtol=1e-12)
