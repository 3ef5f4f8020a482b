"""The training data, prepared once per fit."""

import numpy as np
import pytest

from sklearn_rnn._core.scaling import Standardization
from sklearn_rnn._engine.data import SINGLE_PRECISION_LIMIT, prepare_training_data


def _data(seed=0):
    rng = np.random.RandomState(seed)
    X = rng.normal(loc=3.0, scale=2.0, size=(6, 4, 2))
    X[1, 3:] = np.nan  # a shorter sequence
    X[4] = X[2]  # a duplicate of sample 2, with its target
    Y = rng.normal(size=(6, 1))
    Y[4] = Y[2]
    present = ~np.isnan(X).all(axis=2)
    return X, present, Y, np.array([1.0, 2.0, 1.0, 0.0, 3.0, 1.0])


def test_duplicates_are_merged_and_zero_weights_left_out():
    X, present, Y, weight = _data()
    data = prepare_training_data(X, present, Y, weight)
    # Sample 3 weighs nothing; samples 2 and 4 are one of weight 4.
    assert len(data.batch) == 4 and data.count.sum() == 5
    merged = {round(float(w), 12): c for w, c in zip(data.batch.sample_weight, data.count)}
    assert merged[4.0] == 2
    assert data.batch.X.shape == (4, 4, 2)  # time-major
    assert not data.batch.present[3:, data.batch.sample_weight == 2.0].any()
    assert (data.batch.X[~data.batch.present] == 0).all()


def test_a_new_fit_standardises_over_the_present_steps_by_weight():
    X, present, Y, weight = _data()
    data = prepare_training_data(X, present, Y, weight, standardize_inputs=True,
                                 standardize_targets=True)
    steps = data.batch.X[data.batch.present]
    step_weight = np.broadcast_to(data.batch.sample_weight, data.batch.present.shape)
    step_weight = step_weight[data.batch.present]
    np.testing.assert_allclose(np.average(steps, axis=0, weights=step_weight), 0, atol=1e-12)
    np.testing.assert_allclose(
        np.average(steps**2, axis=0, weights=step_weight), 1, rtol=1e-12)
    np.testing.assert_allclose(
        np.average(data.batch.Y[:, 0], weights=data.batch.sample_weight), 0, atol=1e-12)
    plain = prepare_training_data(X, present, Y, weight)
    assert plain.scaling.input_mean is None and plain.scaling.target_mean is None


def test_a_fit_that_goes_on_keeps_its_standardisation():
    X, present, Y, weight = _data()
    scaling = Standardization(np.array([1.0, -1.0]), np.array([2.0, 4.0]))
    data = prepare_training_data(X, present, Y, weight, scaling=scaling,
                                 standardize_inputs=True)
    assert data.scaling is scaling
    # The present steps of the distinct samples of some weight (2 and 4
    # are one), standardised with the given means and scales.
    kept = [0, 1, 2, 5]
    expected = (X[kept][present[kept]] - [1.0, -1.0]) / [2.0, 4.0]
    got = data.batch.X.transpose(1, 0, 2)[data.batch.present.T]
    np.testing.assert_allclose(np.sort(got[:, 0]), np.sort(expected[:, 0]), rtol=1e-12)
    np.testing.assert_allclose(np.sort(got[:, 1]), np.sort(expected[:, 1]), rtol=1e-12)


def test_a_new_fit_needs_a_present_step_of_some_weight():
    X, present, Y, weight = _data()
    X[weight > 0] = np.nan
    present = ~np.isnan(X).all(axis=2)
    with pytest.raises(ValueError, match="no present time step in any sample of non-zero"):
        prepare_training_data(X, present, Y, weight, standardize_inputs=True)


def test_single_precision_below_its_limit_and_the_data_dtype_beyond():
    X, present, Y, weight = _data()
    assert prepare_training_data(X, present, Y, weight).batch.X.dtype == np.float64
    single = prepare_training_data(X, present, Y, weight, single_precision=True).batch
    assert {a.dtype for a in (single.X, single.Y, single.sample_weight)} == {np.dtype(np.float32)}
    np.testing.assert_allclose(
        single.X, prepare_training_data(X, present, Y, weight).batch.X, rtol=1e-7)
    # The limit is on the standardised values, of the inputs and the targets.
    big = X * SINGLE_PRECISION_LIMIT
    for inputs, targets in [(big, Y), (X, Y * SINGLE_PRECISION_LIMIT)]:
        data = prepare_training_data(inputs, present, targets, weight, single_precision=True)
        assert data.batch.X.dtype == data.batch.Y.dtype == np.float64
    data = prepare_training_data(big, present, Y, weight, single_precision=True,
                                 standardize_inputs=True)
    assert data.batch.X.dtype == np.float32
    # A step without a target (NaN) is no value beyond the limit.
    Y_steps = np.where(present[:, :, None], 1.0, np.nan)
    data = prepare_training_data(X, present, Y_steps, weight[:, None] * present,
                                 single_precision=True)
    assert data.batch.X.dtype == np.float32
