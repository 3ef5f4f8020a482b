import numpy as np

from sklearn_rnn._core.batch import time_major
from sklearn_rnn._sequences import present_steps


def test_time_major_zeroes_absent_steps_and_copies():
    X = np.arange(24.0).reshape(2, 4, 3)
    X[0, 3] = np.nan
    X[1, 1] = np.nan
    present = present_steps(X)
    X_tm, present_tm = time_major(X, present)
    assert X_tm.shape == (4, 2, 3) and X_tm.flags.c_contiguous
    np.testing.assert_array_equal(present_tm, present.T)
    assert not np.isnan(X_tm).any()
    np.testing.assert_array_equal(X_tm[2, 1], X[1, 2])
    assert (X_tm[3, 0] == 0).all()
    assert np.isnan(X[0, 3]).all()  # the input is untouched


def test_time_major_of_some_samples_by_blocks(monkeypatch):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(7, 4, 3)).astype(np.float32)
    X[rng.rand(7, 4) < 0.3] = np.nan
    present = present_steps(X)
    samples = np.array([5, 0, 6, 3, 3])
    # Blocks of two samples, the last one short.
    monkeypatch.setattr("sklearn_rnn._core.batch._BLOCK_BYTES", 2 * X[0].nbytes)
    for dtype in (None, np.float64):
        X_tm, present_tm = time_major(X, present, dtype, samples=samples)
        expected, expected_present = time_major(X[samples], present[samples], dtype)
        assert X_tm.dtype == expected.dtype and X_tm.flags.c_contiguous
        np.testing.assert_array_equal(X_tm, expected)
        np.testing.assert_array_equal(present_tm, expected_present)


def test_standardisation_near_the_float_maximum_stays_finite_and_exact():
    """x - mean overflowed for finite values near the float maximum (issue
    23); halving first keeps (x - mean) / scale to the bit elsewhere."""
    rng = np.random.RandomState(0)
    X = rng.normal(size=(50, 4, 3)) * [1.0, 1e5, 1e-5]
    present = np.ones((50, 4), bool)
    mean, scale = np.array([0.3, -2e4, 1e-6]), np.array([1.1, 3e4, 2e-5])
    X_tm, _ = time_major(X, present, mean=mean, scale=scale)
    np.testing.assert_array_equal(X_tm, ((X - mean) / scale).transpose(1, 0, 2))
    huge = np.full((2, 1, 1), 1.7e308)
    huge[1] *= -1
    with np.errstate(over="raise"):
        X_tm, _ = time_major(huge, np.ones((2, 1), bool), mean=np.array([-1e308]),
                             scale=np.array([2.0]))
    np.testing.assert_allclose(X_tm.ravel(), [1.7e308 / 2 + 1e308 / 2, -1.7e308 / 2 + 1e308 / 2])
