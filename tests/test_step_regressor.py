"""RNNStepRegressor: a value at every step, and the many-to-one model of
RNNRegressor for a value per sequence."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import mean_squared_error, r2_score
from sklearn.model_selection import GroupKFold, cross_val_score, learning_curve

from sklearn_rnn import RNNRegressor, RNNStepRegressor
from sklearn_rnn.metrics import make_step_scorer

pytestmark = pytest.mark.filterwarnings("ignore", category=ConvergenceWarning)


def _running_sum(n_samples, n_steps=10, seed=0):
    """A value per step, the running sum of the inputs (in the hundreds, to
    need the target standardisation), on sequences of 3 to ``n_steps``
    steps; NaN targets after the end and at a few missing labels."""
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n_samples, n_steps, 2))
    lengths = rng.randint(3, n_steps + 1, size=n_samples)
    absent = np.arange(n_steps) >= lengths[:, None]
    X[absent] = np.nan
    y = 300 + 50 * np.cumsum(np.where(absent, 0, X[:, :, 0]), axis=1)
    y[absent] = np.nan
    y[rng.uniform(size=y.shape) < 0.1] = np.nan
    return X, y


def _weights(est):
    return np.concatenate([w.ravel() for w in est.weights_.values()])


def test_learns_a_value_at_every_step():
    X, y = _running_sum(300)
    reg = RNNStepRegressor((16,), random_state=0).fit(X[:200], y[:200])
    predicted = reg.predict(X[200:])
    assert predicted.shape == y[200:].shape and np.isfinite(predicted).all()
    assert reg.score(X[200:], y[200:]) > 0.95
    # Standardised over the steps with a target, present ones only.
    kept = ~np.isnan(y[:200]) & ~np.isnan(X[:200, :, 0])
    np.testing.assert_allclose(reg.target_mean_, [y[:200][kept].mean()], rtol=1e-12)
    np.testing.assert_allclose(reg.target_scale_, [y[:200][kept].std()], rtol=1e-12)
    assert reg.early_stopping and len(reg.validation_scores_) == reg.n_iter_


def test_nan_targets_and_targets_at_absent_steps_are_ignored():
    X, y = _running_sum(60)
    params = dict(hidden_layer_sizes=(5,), max_iter=10, early_stopping=False, random_state=0)
    fitted = RNNStepRegressor(**params).fit(X, y)
    filled = np.where(np.isnan(X[:, :, 0]), 1e3, y)  # targets at absent steps
    np.testing.assert_array_equal(_weights(RNNStepRegressor(**params).fit(X, filled)),
                                  _weights(fitted))
    with pytest.raises(ValueError, match="infinity"):
        RNNStepRegressor(**params).fit(X, np.where(np.isnan(y), np.inf, y))


def test_a_value_per_sequence_is_the_rnn_regressor():
    X, _ = _running_sum(80)
    y = np.nansum(X[:, :, 0], axis=1)
    params = dict(hidden_layer_sizes=(6,), max_iter=15, random_state=0)
    step = RNNStepRegressor(**params).fit(X, y)
    # The step regressor has the regressor's defaults of before the levels
    # and the linear path.
    plain = RNNRegressor(**params, linear_steps=0, normalize_sequences=False,
                         learning_rate_init=1e-2, n_iter_no_change=50).fit(X, y)
    np.testing.assert_array_equal(_weights(step), _weights(plain))
    np.testing.assert_array_equal(step.predict(X), plain.predict(X))
    assert step.score(X, y) == plain.score(X, y)


def test_step_scorer_pools_the_steps_with_a_target():
    X, y = _running_sum(90)
    reg = RNNStepRegressor((6,), max_iter=20, random_state=0).fit(X, y)
    kept = ~np.isnan(y) & ~np.isnan(X[:, :, 0])
    predicted = reg.predict(X)
    assert make_step_scorer(r2_score)(reg, X, y) == pytest.approx(
        r2_score(y[kept], predicted[kept]), rel=1e-12
    )
    assert reg.score(X, y) == pytest.approx(r2_score(y[kept], predicted[kept]), rel=1e-12)
    mse = make_step_scorer(mean_squared_error, greater_is_better=False)
    assert mse(reg, X, y) == pytest.approx(-mean_squared_error(y[kept], predicted[kept]))
    # Per-step weights weigh the pooled steps.
    weight = np.random.RandomState(1).uniform(size=y.shape)
    assert make_step_scorer(r2_score)(reg, X, y, sample_weight=weight) == pytest.approx(
        r2_score(y[kept], predicted[kept], sample_weight=weight[kept]), rel=1e-12
    )


def test_the_r2_string_scorer_is_a_trap_and_the_step_scorer_is_not():
    X, y = _running_sum(90)
    reg = RNNStepRegressor((6,), max_iter=20, random_state=0)
    with pytest.warns(UserWarning):
        trap = cross_val_score(reg, X, y, cv=3, scoring="r2")
    assert np.isnan(trap).all()  # the NaN of the steps without a target
    steps = cross_val_score(reg, X, y, cv=3, scoring=make_step_scorer(r2_score))
    np.testing.assert_allclose(steps, cross_val_score(reg, X, y, cv=3))
    # Every step labelled: the string scorer averages over the step columns.
    full = np.where(np.isnan(y), 0.0, y)
    reg.fit(X[:60], full[:60])
    predicted = reg.predict(X[60:])
    columns = r2_score(full[60:], predicted)
    pooled = make_step_scorer(r2_score)(reg, X[60:], full[60:])
    assert columns != pytest.approx(pooled)


def test_group_folds_and_learning_curves_work_on_targets_per_step():
    X, y = _running_sum(90)
    reg = RNNStepRegressor((6,), max_iter=30, random_state=0)
    groups = np.arange(90) % 5
    scores = cross_val_score(reg, X, y, groups=groups, cv=GroupKFold(3))
    assert np.isfinite(scores).all() and scores.min() > 0.5
    sizes, train, test = learning_curve(reg, X, y, cv=3, train_sizes=[0.5, 1.0])
    assert np.isfinite(test).all()
    np.testing.assert_array_equal(_weights(clone(reg).fit(X, y)), _weights(reg.fit(X, y)))
