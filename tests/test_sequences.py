import numpy as np
import pytest

from sklearn_rnn import pad_sequences
from sklearn_rnn._sequences import present_steps, sequence_lengths, time_major


def test_pad_sequences_post_and_pre():
    seqs = [np.arange(6.0).reshape(3, 2), np.array([[7.0, 8.0]])]
    X = pad_sequences(seqs)
    assert X.shape == (2, 3, 2) and X.dtype == np.float64
    np.testing.assert_array_equal(X[0], seqs[0])
    np.testing.assert_array_equal(X[1, 0], [7.0, 8.0])
    assert np.isnan(X[1, 1:]).all()
    X = pad_sequences(seqs, padding="pre")
    np.testing.assert_array_equal(X[1, 2], [7.0, 8.0])
    assert np.isnan(X[1, :2]).all()
    np.testing.assert_array_equal(sequence_lengths(X), [3, 1])


def test_pad_sequences_truncates_and_keeps_float32():
    seqs = [np.arange(5, dtype=np.float32), np.arange(2, dtype=np.float32)]
    X = pad_sequences(seqs, maxlen=3)
    assert X.shape == (2, 3, 1) and X.dtype == np.float32
    np.testing.assert_array_equal(X[0, :, 0], [0, 1, 2])
    X = pad_sequences(seqs, maxlen=3, truncating="pre")
    np.testing.assert_array_equal(X[0, :, 0], [2, 3, 4])


@pytest.mark.parametrize(
    "kwargs, sequences, error, match",
    [
        ({}, [], ValueError, "at least one"),
        ({}, [np.ones((2, 2)), np.ones((2, 3))], ValueError, "Sequence 1 has 3 features"),
        ({}, [np.ones((2, 2, 2))], ValueError, "Sequence 0 has 3 dimensions"),
        ({"dtype": int}, [np.ones(2)], ValueError, "floating dtype"),
        ({"padding": "middle"}, [np.ones(2)], ValueError, "padding"),
        ({"truncating": "x"}, [np.ones(2)], ValueError, "truncating"),
        ({"maxlen": 0}, [np.ones(2)], ValueError, "maxlen"),
        ({}, np.ones((2, 3, 1)), TypeError, "already padded"),
    ],
)
def test_pad_sequences_errors(kwargs, sequences, error, match):
    with pytest.raises(error, match=match):
        pad_sequences(sequences, **kwargs)


def test_present_steps_and_time_major():
    X = np.arange(24.0).reshape(2, 4, 3)
    X[0, 3] = np.nan
    X[1, 1] = np.nan
    present = present_steps(X)
    np.testing.assert_array_equal(present, [[1, 1, 1, 0], [1, 0, 1, 1]])
    X_tm, present_tm = time_major(X, present)
    assert X_tm.shape == (4, 2, 3) and X_tm.flags.c_contiguous
    np.testing.assert_array_equal(present_tm, present.T)
    assert not np.isnan(X_tm).any()
    np.testing.assert_array_equal(X_tm[2, 1], X[1, 2])
    assert (X_tm[3, 0] == 0).all()
    assert np.isnan(X[0, 3]).all()  # the input is untouched


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_present_steps_looks_into_steps_whose_sum_is_not_finite(dtype):
    big = np.finfo(dtype).max
    X = np.zeros((3, 4, 3), dtype=dtype)
    X[0, 1] = [big, big, -1]  # overflows when summed, yet finite
    X[1, 2] = np.nan
    np.testing.assert_array_equal(present_steps(X), [[1] * 4, [1, 1, 0, 1], [1] * 4])
    X[0, 0, 2] = -np.inf
    X[2, 3, 1] = np.nan  # partial NaN is reported before infinity
    with pytest.raises(ValueError, match="sample 2 at time step 3"):
        present_steps(X)
    X[2, 3, 1] = 1
    with pytest.raises(ValueError, match="infinity at sample 0, time step 0"):
        present_steps(X)


def test_time_major_of_some_samples_by_blocks(monkeypatch):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(7, 4, 3)).astype(np.float32)
    X[rng.rand(7, 4) < 0.3] = np.nan
    present = present_steps(X)
    samples = np.array([5, 0, 6, 3, 3])
    # Blocks of two samples, the last one short.
    monkeypatch.setattr("sklearn_rnn._sequences._BLOCK_BYTES", 2 * X[0].nbytes)
    for dtype in (None, np.float64):
        X_tm, present_tm = time_major(X, present, dtype, samples=samples)
        expected, expected_present = time_major(X[samples], present[samples], dtype)
        assert X_tm.dtype == expected.dtype and X_tm.flags.c_contiguous
        np.testing.assert_array_equal(X_tm, expected)
        np.testing.assert_array_equal(present_tm, expected_present)
