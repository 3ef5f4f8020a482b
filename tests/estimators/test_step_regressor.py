"""RNNStepRegressor: a value at every step, and the many-to-one model of
RNNRegressor for a value per sequence."""

import re

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.metrics import mean_squared_error, r2_score
from sklearn.model_selection import GroupKFold, cross_val_score, learning_curve

from sklearn_rnn import RNNRegressor, RNNStepRegressor
from sklearn_rnn.metrics import make_step_scorer


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


def test_nan_targets_and_targets_at_absent_steps_are_ignored(flat_weights):
    X, y = _running_sum(60)
    params = dict(hidden_layer_sizes=(5,), max_iter=10, early_stopping=False, random_state=0)
    fitted = RNNStepRegressor(**params).fit(X, y)
    filled = np.where(np.isnan(X[:, :, 0]), 1e3, y)  # targets at absent steps
    np.testing.assert_array_equal(flat_weights(RNNStepRegressor(**params).fit(X, filled)),
                                  flat_weights(fitted))
    with pytest.raises(ValueError, match="infinity"):
        RNNStepRegressor(**params).fit(X, np.where(np.isnan(y), np.inf, y))


def test_a_value_per_sequence_is_the_rnn_regressor(flat_weights):
    X, _ = _running_sum(80)
    y = np.nansum(X[:, :, 0], axis=1)
    params = dict(hidden_layer_sizes=(6,), max_iter=15, random_state=0)
    step = RNNStepRegressor(**params).fit(X, y)
    # The step regressor has the regressor's defaults of before the levels
    # and the linear path.
    plain = RNNRegressor(**params, linear_steps=0, normalize_sequences=False,
                         learning_rate_init=1e-2, n_iter_no_change=50).fit(X, y)
    np.testing.assert_array_equal(flat_weights(step), flat_weights(plain))
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


def test_group_folds_and_learning_curves_work_on_targets_per_step(flat_weights):
    X, y = _running_sum(90)
    reg = RNNStepRegressor((6,), max_iter=30, random_state=0)
    groups = np.arange(90) % 5
    scores = cross_val_score(reg, X, y, groups=groups, cv=GroupKFold(3))
    assert np.isfinite(scores).all() and scores.min() > 0.5
    sizes, train, test = learning_curve(reg, X, y, cv=3, train_sizes=[0.5, 1.0])
    assert np.isfinite(test).all()
    np.testing.assert_array_equal(flat_weights(clone(reg).fit(X, y)), flat_weights(reg.fit(X, y)))


def test_readout_is_validated_whatever_y_is():
    """Issue 23: a fit on a target per step, which reads every step, let any
    readout through."""
    X, y = _running_sum(20)
    for targets in (y, X[:, 0, 0]):
        with pytest.raises(ValueError, match=r"readout must be one of.*\('foo',\)"):
            RNNStepRegressor((3,), readout=("foo",), max_iter=2,
                             early_stopping=False).fit(X, targets)


def test_a_list_of_the_targets_of_each_sequence_is_told_to_pad():
    """Issue 23: numpy's message about an inhomogeneous shape, where a
    ragged X names pad_sequences."""
    X, y = _running_sum(20)
    ragged = [row[~np.isnan(row)] for row in y]
    reg = RNNStepRegressor((3,), max_iter=2, early_stopping=False)
    with pytest.raises(ValueError, match=r"y is a list of the targets of each sequence.*"
                                         r"pad_targets\(y, fill_value=np.nan\)"):
        reg.fit(X, ragged)


def test_score_checks_the_shapes_of_y_and_sample_weight():
    """Issue 23: numpy's broadcast errors."""
    X, y = _running_sum(20)
    reg = RNNStepRegressor((3,), max_iter=2, early_stopping=False).fit(X, y)
    for bad in (y[:, :-1], y[:, 0]):
        expected = (r"RNNStepRegressor, fitted on a target per step, scores y of shape "
                    r"\(n_samples, n_timesteps\) = \(20, 10\).*got y of shape "
                    + re.escape(str(bad.shape)))
        with pytest.raises(ValueError, match=expected):
            reg.score(X, bad)
    for weight in (np.ones(3), np.ones((20, 3))):
        with pytest.raises(ValueError, match=r"sample_weight.shape == .*, expected \(20,\) "
                                             r"\(a weight per sequence\) or \(20, 10\)"):
            reg.score(X, y, sample_weight=weight)
    with pytest.raises(ValueError, match=r"pad_targets\(y, fill_value=np.nan\)"):
        reg.score(X, [row[~np.isnan(row)] for row in y])


def test_steps_of_y_beyond_those_of_x_without_a_target_are_dropped(flat_weights):
    """As pad_targets(..., fill_value=np.nan) pads y to the longest
    sequence of all, and SequencePadder X to the longest of each fold."""
    X, y = _running_sum(30)
    X, y = X[:, :6], y[:, :6]
    wider = np.hstack([y, np.full((30, 2), np.nan)])
    params = dict(hidden_layer_sizes=(3,), max_iter=3, early_stopping=False, random_state=0)
    fitted = RNNStepRegressor(**params).fit(X, y)
    np.testing.assert_array_equal(flat_weights(RNNStepRegressor(**params).fit(X, wider)),
                                  flat_weights(fitted))
    assert fitted.score(X, wider) == fitted.score(X, y)
    wider[0, 7] = 1.5
    with pytest.raises(ValueError, match=r"y has 8 steps and X 6.*only NaN.*sample 0 has the "
                                         r"target 1.5 at step 7"):
        fitted.score(X, wider)
