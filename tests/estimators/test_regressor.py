"""RNNRegressor: what it learns, its outputs, and its errors."""

import numpy as np
import pytest
from sklearn.metrics import r2_score

from sklearn_rnn import RNNRegressor




@pytest.mark.parametrize("solver", ["adam", "sgd", "lbfgs"])
def test_regressor_learns_a_sum_over_time(solver):
    rng = np.random.RandomState(0)
    X = rng.uniform(-1, 1, size=(300, 6, 2))
    y = np.stack([X[:, :, 0].sum(1), X[:, :, 0].sum(1) - X[:, :, 1].sum(1)], 1) / 3
    reg = RNNRegressor(hidden_layer_sizes=(16,), solver=solver, random_state=0)
    reg.fit(X[:200], y[:200])
    assert reg.n_outputs_ == 2
    assert reg.predict(X[200:]).shape == (100, 2)
    assert r2_score(y[200:], reg.predict(X[200:])) > 0.9
    assert reg.fit(X[:200], y[:200, 0]).predict(X[200:]).shape == (100,)
    assert reg.fit(X[:200], y[:200, :1]).predict(X[200:]).shape == (100, 1)


def test_early_stopping_scores_r2():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(200, 5, 2))
    y = X[:, :, 0].sum(axis=1) / 2
    reg = RNNRegressor(early_stopping=True, random_state=0).fit(X, y)
    assert max(reg.validation_scores_) > 0.9
    assert reg.best_validation_score_ > 0.9


@pytest.mark.parametrize("method", ["partial_fit", "warm_start"])
def test_a_failed_continuation_changes_nothing(method):
    """Continuing with targets of another number of outputs is refused
    before anything fitted changes."""
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(20, 5, 2)), rng.normal(size=(20, 1))
    reg = RNNRegressor(hidden_layer_sizes=(3,), max_iter=2, random_state=0).fit(X, y)
    before = reg.predict(X)
    fitted = dict(vars(reg))
    y3 = rng.normal(size=(20, 3))
    with pytest.raises(ValueError, match="n_outputs from 1 to 3"):
        if method == "partial_fit":
            reg.partial_fit(X, y3)
        else:
            reg.set_params(warm_start=True).fit(X, y3)
    assert reg.n_outputs_ == 1
    np.testing.assert_array_equal(reg.predict(X), before)
    assert {k: v for k, v in vars(reg).items() if k != "warm_start"}.keys() == {
        k for k in fitted if k != "warm_start"
    }
    with pytest.raises(ValueError, match="y of the previous fit's shape: 2-D, got 1-D"):
        reg.partial_fit(X, y[:, 0])


def test_bad_targets():
    X = np.random.RandomState(0).normal(size=(10, 3, 2))
    with pytest.raises(ValueError, match="Input y contains NaN"):
        RNNRegressor().fit(X, np.full(10, np.nan))
    with pytest.raises(ValueError, match="Found array with dim 3"):
        RNNRegressor().fit(X, np.ones((10, 2, 2)))
    assert not hasattr(RNNRegressor(), "predict_proba")


def test_standardised_targets_reach_targets_far_from_unit_scale():
    rng = np.random.RandomState(0)
    X = rng.uniform(-1, 1, size=(300, 6, 2))
    y = np.stack([5000 + 800 * X[:, :, 0].sum(1), -0.003 * X[:, :, 1].sum(1)], 1)
    reg = RNNRegressor(hidden_layer_sizes=(16,), random_state=0).fit(X[:200], y[:200])
    assert r2_score(y[200:], reg.predict(X[200:])) > 0.9
    np.testing.assert_allclose(reg.target_mean_, y[:200].mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(reg.target_scale_, y[:200].std(axis=0), rtol=1e-12)
    # The loss is that of the standardised targets.
    residual = (reg.predict(X[:200]) - y[:200]) / reg.target_scale_
    assert reg.loss_ == pytest.approx(0.25 * (residual**2).sum(1).mean(), rel=0.05, abs=2e-3)
    raw = RNNRegressor(hidden_layer_sizes=(16,), random_state=0, standardize_targets=False)
    assert r2_score(y[200:], raw.fit(X[:200], y[:200]).predict(X[200:])) < 0.5
    assert raw.target_mean_ is None and raw.target_scale_ is None
