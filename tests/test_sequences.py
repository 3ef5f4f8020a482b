import numpy as np
import pytest

from sklearn_rnn import pad_sequences, pad_targets, sliding_windows
from sklearn_rnn._sequences import check_steps, present_bounds, present_steps


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
    np.testing.assert_array_equal(present_steps(X).sum(axis=1), [3, 1])


def test_pad_sequences_of_empty_sequences_to_a_given_length():
    X = pad_sequences([np.ones((0, 2)), np.ones((1, 2))], maxlen=3)
    assert X.shape == (2, 3, 2) and np.isnan(X[0]).all() and not np.isnan(X[1, 0]).any()


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
        ({"maxlen": 2.5}, [np.ones(2)], ValueError, "maxlen must be a positive integer"),
        ({}, [np.ones(3) + 1j], ValueError, "Complex data not supported"),
        ({}, [np.array(["a", "b"])], TypeError, "must be numeric"),
        ({"dtype": np.float16}, [np.full(3, 1e5)], ValueError, "beyond the range of dtype=float16"),
        ({}, [np.ones((0, 2))] * 2, ValueError, "All 2 sequences are empty"),
        ({}, np.ones((2, 3, 1)), TypeError, "already padded"),
    ],
)
def test_pad_sequences_errors(kwargs, sequences, error, match):
    with pytest.raises(error, match=match):
        pad_sequences(sequences, **kwargs)


@pytest.mark.parametrize("dtype", [None, np.float32])
def test_pad_sequences_keeps_infinity_as_it_is(dtype):
    """Issue 23: infinity was taken for a value beyond the dtype's range,
    with the advice to choose a wider dtype. It is kept, as NaN is: the
    estimators refuse it naming the sample and the step."""
    X = pad_sequences([np.array([1.0, np.inf]), np.array([-np.inf])], dtype=dtype)
    np.testing.assert_array_equal(X[:, :, 0], [[1.0, np.inf], [-np.inf, np.nan]])
    with pytest.raises(ValueError, match="infinity at sample 0, time step 1"):
        present_steps(X)
    # A finite value beyond the range is still refused.
    with pytest.raises(ValueError, match="beyond the range of dtype=float32"):
        pad_sequences([np.array([np.inf, 1e300])], dtype=np.float32)


def test_present_steps_and_their_span():
    X = np.arange(30.0).reshape(2, 5, 3)
    X[0, [0, 4]] = np.nan
    X[1, 1] = np.nan
    present = present_steps(X)
    np.testing.assert_array_equal(present, [[0, 1, 1, 1, 0], [1, 0, 1, 1, 1]])
    first, stop = present_bounds(np.vstack([present, np.zeros((1, 5), bool)]))
    np.testing.assert_array_equal(first, [1, 0, 0])
    np.testing.assert_array_equal(stop, [4, 5, 0])
    np.testing.assert_array_equal(present_steps(X).sum(axis=1), [3, 4])


def test_check_steps_counts_samples_from_an_offset():
    X = np.ones((1, 3, 2))
    X[0, 2, 1] = np.nan
    with pytest.raises(ValueError, match="sample 7 at time step 2"):
        check_steps(X, first_sample=7)


def test_present_steps_warns_of_empty_sequences():
    X = np.ones((3, 2, 1))
    X[1] = np.nan
    with pytest.warns(UserWarning, match=r"1 sequence.*no present time step.*sample 1\.$"):
        present = present_steps(X)
    np.testing.assert_array_equal(present.any(axis=1), [True, False, True])


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


def test_sliding_windows_of_a_series_with_missing_observations():
    series = np.arange(10.0)
    series[[3, 7]] = np.nan
    X, y, index = sliding_windows(series, 3, return_index=True)
    # The next value after each window; those at 3 and 7 are missing.
    np.testing.assert_array_equal(index, [4, 5, 6, 8, 9])
    np.testing.assert_array_equal(y, series[index])
    assert X.shape == (5, 3, 1) and X.flags.c_contiguous
    np.testing.assert_array_equal(X[3, :, 0], [5.0, 6.0, np.nan])
    np.testing.assert_array_equal(present_steps(X)[0], [True, True, False])
    # Windows starting every other step, targets at 4, 6 and 8.
    X2, y2 = sliding_windows(np.stack([series, -series], axis=1), 4, step=2)
    assert X2.shape == (3, 4, 2) and y2.shape == (3, 2)
    np.testing.assert_array_equal(y2[:, 1], -y2[:, 0])
    for kwargs, match in [({"window": 0}, "window"), ({"window": 2, "horizon": 1.5}, "horizon"),
                          ({"window": 20}, "no window of 20 steps")]:
        with pytest.raises(ValueError, match=match):
            sliding_windows(series, **kwargs)
    with pytest.raises(ValueError, match="real 1-D"):
        sliding_windows(np.ones((2, 2, 2)), 1)


def test_sliding_windows_with_a_horizon_give_the_next_values_as_outputs():
    series = np.arange(10.0)
    series[7] = np.nan
    X, y, index = sliding_windows(series, 3, horizon=2, return_index=True)
    # Windows with a missing value among their two targets are left out.
    np.testing.assert_array_equal(index, [3, 4, 5, 8])
    np.testing.assert_array_equal(y, [[3, 4], [4, 5], [5, 6], [8, 9]])
    np.testing.assert_array_equal(X[:, 0, 0], index - 3)
    # Several features: those of the next step, then of the one after.
    table = np.stack([np.arange(6.0), -np.arange(6.0)], axis=1)
    X2, y2 = sliding_windows(table, 2, horizon=3)
    assert X2.shape == (2, 2, 2) and y2.shape == (2, 6)
    np.testing.assert_array_equal(y2[0], [2, -2, 3, -3, 4, -4])
    with pytest.raises(ValueError, match="followed by 4 target"):
        sliding_windows(np.arange(5.0), 2, horizon=4)


def test_pad_targets_pads_each_sequence_after_its_end():
    y = pad_targets([[1, 2, 3], [4], []], fill_value=-1)
    np.testing.assert_array_equal(y, [[1, 2, 3], [4, -1, -1], [-1, -1, -1]])
    assert y.dtype.kind == "i"
    np.testing.assert_array_equal(pad_targets([[1, 2, 3]], maxlen=2), [[1, 2]])
    strings = pad_targets([["a", "bb"], ["c"]], fill_value="")
    assert strings.tolist() == [["a", "bb"], ["c", ""]]
    floats = pad_targets([[0.5], [1.0, 2.0]], fill_value=np.nan)
    assert np.isnan(floats[0, 1]) and floats.dtype == np.float64
    with pytest.raises(ValueError, match="element 1 has shape"):
        pad_targets([[1], [[1, 2]]])
    with pytest.raises(ValueError, match="maxlen must be a positive integer"):
        pad_targets([[1]], maxlen=0)
    with pytest.raises(ValueError, match="empty"):
        pad_targets([])


def test_present_steps_takes_2d_3d_and_integer_arrays():
    X = np.array([[[1.0, 2.0], [np.nan, np.nan]], [[3.0, 4.0], [5.0, 6.0]]])
    np.testing.assert_array_equal(present_steps(X), [[True, False], [True, True]])
    np.testing.assert_array_equal(present_steps(X[:, :, 0]), [[True, False], [True, True]])
    assert present_steps(np.ones((2, 3), dtype=int)).all()
    with pytest.raises(ValueError, match="some but not all features"):
        present_steps(np.array([[[1.0, np.nan]]]))
    with pytest.raises(ValueError, match="must be of shape"):
        present_steps(np.ones(3))


def test_present_steps_refuses_complex_and_text():
    """Issue 23: the imaginary part was dropped, with only numpy's
    ComplexWarning."""
    with pytest.raises(ValueError, match="Complex data not supported: X is complex128"):
        present_steps(np.array([[1 + 1j, np.nan]]))
    with pytest.raises(TypeError, match="X is of dtype <U1; sequences must be numeric"):
        present_steps(np.array([["a", "b"]]))


def test_pad_targets_refuses_a_fill_value_of_another_kind():
    """Issue 23: the default -1 among string labels became the string '-1',
    a class for the step classifier; '' among numbers made strings of all."""
    with pytest.raises(TypeError, match=r"fill_value=-1 is a number, but the targets are "
                                        r"strings.*such as fill_value=''"):
        pad_targets([["up", "down"], ["up"]])
    with pytest.raises(TypeError, match="fill_value='' is a string, but the targets are "
                                        "numbers.*such as fill_value=-1"):
        pad_targets([[1, 2], [1]], fill_value="")
    with pytest.raises(TypeError, match="fill_value=nan is a number, but the targets are strings"):
        pad_targets([["a"]], fill_value=np.nan)
    for fill in (None, [1, 2]):
        with pytest.raises(TypeError, match="fill_value must be a number or a string"):
            pad_targets([[1, 2], [1]], fill_value=fill)
    with pytest.raises(ValueError, match=r"mix strings \(sequence 1\) and numbers \(sequence 0\)"):
        pad_targets([[1], ["up"]], fill_value="")
    with pytest.raises(ValueError, match="Sequence 0 mixes strings and numbers.*'up' and 1"):
        pad_targets([np.array(["up", 1], dtype=object)], fill_value="")
    with pytest.raises(TypeError, match="Sequence 0 holds None"):
        pad_targets([np.array(["up", None], dtype=object)], fill_value="")
    # An empty sequence has no kind; numpy and Python numbers are numbers alike.
    assert pad_targets([[], ["a"]], fill_value="").tolist() == [[""], ["a"]]
    assert pad_targets([[]], fill_value="", maxlen=2).tolist() == [["", ""]]
    assert pad_targets([np.array([np.int8(1), 2.5], dtype=object)]).tolist() == [[1, 2.5]]


def test_pad_targets_reads_a_list_of_labels_as_the_objects_it_holds():
    """Found by the property test: numpy made strings of [0, "a"], so the
    mix passed as the labels '0' and 'a'."""
    with pytest.raises(ValueError, match="Sequence 0 mixes strings and numbers.*'a' and 0"):
        pad_targets([[0, "a"]], fill_value="")
    assert pad_targets(iter([[1], [2, 3]])).tolist() == [[1, -1], [2, 3]]


def test_sliding_windows_refuse_series_without_values():
    """Issue 23: an (n, 0) series gave empty windows, and dates became
    nanoseconds since 1970."""
    with pytest.raises(ValueError, match="with a feature, got shape \\(10, 0\\)"):
        sliding_windows(np.empty((10, 0)), 3)
    dates = np.arange("2020-01-01", "2020-01-11", dtype="datetime64[D]")
    with pytest.raises(TypeError, match="dates or times"):
        sliding_windows(dates, 3)
    with pytest.raises(TypeError, match="dates or times"):
        sliding_windows(np.diff(dates), 3)
