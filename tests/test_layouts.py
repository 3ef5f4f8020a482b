"""Other libraries' layouts: the conversions of sklearn_rnn.layouts on small
hand-made inputs and, where installed, on the real packages' data, and the
errors and warnings that name them where such input meets the estimators,
pad_sequences and the transformers."""

import ast
import warnings
from pathlib import Path

import numpy as np
import pytest

from sklearn_rnn import RNNClassifier, RNNRegressor, layouts, pad_sequences, sliding_windows
from sklearn_rnn.datasets import (
    load_arrow_head,
    load_basic_motions,
    load_gun_point,
    load_japanese_vowels,
    load_trace,
)
from sklearn_rnn.layouts import from_channels_first, from_long_frame, from_nested_frame
from sklearn_rnn.preprocessing import SequencePadder, SequenceScaler, SequenceSummarizer

LOADERS = [load_japanese_vowels, load_basic_motions, load_gun_point, load_arrow_head, load_trace]


def _ragged(seed=0, n=5, n_features=3):
    """Sequences of 1 to 6 steps, with a missing (all-NaN) step inside one."""
    rng = np.random.RandomState(seed)
    sequences = [rng.normal(size=(rng.randint(1, 7), n_features)) for _ in range(n)]
    sequences[0] = rng.normal(size=(4, n_features))
    sequences[0][2] = np.nan
    return sequences


def _layout_warnings(record):
    return [str(w.message) for w in record if "sklearn_rnn.layouts" in str(w.message)]


def _fit_warnings(estimator, X, y=None):
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        estimator.fit(X, y) if y is not None else estimator.fit(X)
    return _layout_warnings(record)


# from_channels_first


def test_channels_first_array_is_transposed():
    X = np.arange(24.0).reshape(2, 3, 4)  # 2 sequences, 3 channels, 4 time points
    out = from_channels_first(X)
    assert out.shape == (2, 4, 3) and out.flags.c_contiguous
    np.testing.assert_array_equal(out[1, 2], X[1, :, 2])
    assert from_channels_first(X.astype(np.float32)).dtype == np.float32
    assert from_channels_first(X.astype(int)).dtype == np.float64
    # A time point whose channels are all NaN is an absent step.
    X[0, :, 1] = np.nan
    assert np.isnan(from_channels_first(X)[0, 1]).all()


def test_channels_first_list_of_unequal_lengths_is_padded_at_the_end():
    rng = np.random.RandomState(0)
    sequences = [rng.normal(size=(2, n)) for n in (3, 1, 5)]
    out = from_channels_first(sequences)
    assert out.shape == (3, 5, 2)
    np.testing.assert_array_equal(out, pad_sequences([s.T for s in sequences]))
    assert np.isnan(out[1, 1:]).all() and not np.isnan(out[1, 0]).any()
    # Univariate sequences may be 1-D; a tuple or an object array does as well.
    out = from_channels_first((np.ones(2), np.zeros(3)))
    assert out.shape == (2, 3, 1)
    ragged = np.empty(2, dtype=object)
    ragged[:] = sequences[:2]
    np.testing.assert_array_equal(from_channels_first(ragged), from_channels_first(sequences[:2]))


def test_channels_first_list_of_dataframes(pd):
    sequences = [np.arange(6.0).reshape(2, 3), np.arange(2.0).reshape(2, 1)]
    frames = [pd.DataFrame(s) for s in sequences]  # aeon's 'df-list'
    np.testing.assert_array_equal(from_channels_first(frames), from_channels_first(sequences))


@pytest.mark.parametrize(
    "X, error, match",
    [
        (np.ones((4, 5)), ValueError,
         r"shape \(4, 5\).*already in the estimators' layout.*X\[None\]"),
        (np.ones((2, 3, 4, 5)), ValueError, r"got an array of shape \(2, 3, 4, 5\)"),
        (np.array([[["a"]]]), TypeError, "must be numeric"),
        ([], ValueError, "at least one sequence"),
        ([np.ones((2, 3)), np.ones((3, 4))], ValueError,
         r"Sequence 1 has 3 channels, but sequence 0 has 2(?!.*pad_sequences)"),
        ([np.ones((2, 3)), np.ones((3, 3))], ValueError,
         "3 channels, but sequence 0 has 2.*second dimensions agree.*pad_sequences"),
        ([np.ones((2, 3, 1))], ValueError, "Sequence 0 has 3 dimensions"),
        # Issue 23: these gave "'NoneType' object is not iterable" and the like.
        (None, TypeError, r"takes an array of shape \(n_samples, n_channels.*got NoneType"),
        (5, TypeError, "or a list of .* arrays, got int"),
        (np.float64(1.0), TypeError, "got float64"),
        (np.array(1.0), TypeError, "got a 0-D array"),
        ("abc", TypeError, "got str"),
    ],
)
def test_channels_first_errors(X, error, match):
    with pytest.raises(error, match=match):
        from_channels_first(X)


def test_channels_first_refuses_dataframes_naming_the_right_function(pd):
    with pytest.raises(TypeError, match="from_long_frame"):
        from_channels_first(pd.DataFrame({"a": [1.0, 2.0]}))
    with pytest.raises(TypeError, match="from_nested_frame"):
        from_channels_first(pd.DataFrame({"a": [pd.Series([1.0, 2.0])]}))


# from_nested_frame


def _nested(sequences, columns=None):
    pd = pytest.importorskip("pandas")
    n_channels = sequences[0].shape[1]
    columns = columns or [f"dim_{c}" for c in range(n_channels)]
    return pd.DataFrame(
        {name: [pd.Series(s[:, c]) for s in sequences] for c, name in enumerate(columns)}
    )


def test_nested_frame_equal_and_unequal_lengths():
    sequences = _ragged()
    np.testing.assert_array_equal(from_nested_frame(_nested(sequences)), pad_sequences(sequences))
    equal = [s[:1] for s in sequences]
    np.testing.assert_array_equal(from_nested_frame(_nested(equal)), pad_sequences(equal))


def test_nested_frame_keeps_row_order_and_float32_and_takes_arrays(pd):
    frame = pd.DataFrame(
        {"a": [np.array([1, 2], dtype=np.float32), np.array([3], dtype=np.float32)]},
        index=[10, 5],
    )
    out = from_nested_frame(frame)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out[:, :, 0], [[1, 2], [3, np.nan]])


def test_nested_frame_keeps_infinity_as_it_is(pd):
    """Issue 23: infinity gave the advice to choose a wider dtype."""
    nested = pd.DataFrame({"a": [pd.Series([1.0, np.inf])]})
    np.testing.assert_array_equal(from_nested_frame(nested)[0, :, 0], [1.0, np.inf])


def test_nested_frame_errors(pd):
    with pytest.raises(TypeError, match="takes a pandas DataFrame"):
        from_nested_frame([np.ones((2, 3))])
    uneven = pd.DataFrame({"a": [pd.Series([1.0, 2.0])], "b": [pd.Series([1.0])]})
    expected = "channels of row 0 have different lengths.*'a': 2, 'b': 1"
    with pytest.raises(ValueError, match=expected):
        from_nested_frame(uneven)
    labelled = pd.DataFrame({"a": [pd.Series([1.0, 2.0])], "label": ["walk"]})
    with pytest.raises(ValueError, match="Row 0, column 'label' holds a scalar.*label"):
        from_nested_frame(labelled)
    with pytest.raises(ValueError, match="no rows"):
        from_nested_frame(pd.DataFrame({"a": []}))
    with pytest.raises(ValueError, match="no columns"):
        from_nested_frame(pd.DataFrame(index=[0, 1]))


# from_long_frame


def _long(sequences, ids=None, shuffle=None):
    """The sequences as a long frame: columns id, time, f0, f1, ...; the
    times are 10 * step, the rows in random order if ``shuffle`` is a seed."""
    pd = pytest.importorskip("pandas")
    ids = list(range(len(sequences))) if ids is None else ids
    rows = [
        (i, 10 * t, *step) for i, s in zip(ids, sequences) for t, step in enumerate(s)
    ]
    n_features = sequences[0].shape[1]
    frame = pd.DataFrame(rows, columns=["id", "time"] + [f"f{k}" for k in range(n_features)])
    if shuffle is not None:
        frame = frame.sample(frac=1, random_state=shuffle)
    return frame


def test_long_frame_round_trip_in_any_row_order():
    sequences = _ragged()
    expected = pad_sequences(sequences)
    for shuffle in (None, 0, 1):
        frame = _long(sequences, ids=[30, 10, 40, 20, 50], shuffle=shuffle)
        X, ids = from_long_frame(frame, id="id", time="time")
        order = [[30, 10, 40, 20, 50].index(i) for i in ids]
        np.testing.assert_array_equal(X, expected[order])
        # The ids in the order of their first row in the frame.
        np.testing.assert_array_equal(ids, frame["id"].unique())


def test_long_frame_ids_align_a_target_indexed_by_id(pd):
    frame = pd.DataFrame({
        "id": ["b", "a", "b", "a", "c"],
        "time": [1, 0, 0, 1, 0],
        "x": [2.0, 3.0, 1.0, 4.0, 5.0],
    })
    labels = pd.Series({"a": 0, "b": 1, "c": 0})
    X, ids = from_long_frame(frame, id="id", time="time")
    np.testing.assert_array_equal(ids, ["b", "a", "c"])
    np.testing.assert_array_equal(labels.loc[ids], [1, 0, 0])
    np.testing.assert_array_equal(X[:, :, 0], [[1, 2], [3, 4], [5, np.nan]])


def test_long_frame_missing_values_and_irregular_times(pd):
    frame = pd.DataFrame({
        "id": [0, 0, 0, 1, 1, 1],
        "time": [0.0, 1.0, 5.5, 0.0, 2.0, 3.0],  # irregular; id 0 has no time 2
        "x": [1.0, 2.0, 3.0, 4.0, np.nan, 6.0],
        "y": [1.0, 2.0, 3.0, 4.0, np.nan, np.nan],
    })
    X, ids = from_long_frame(frame, id="id", time="time")
    # The steps are the rows in time order, not points of a time grid.
    np.testing.assert_array_equal(X[0], [[1, 1], [2, 2], [3, 3]])
    # A row of all-NaN features is an absent step in its place; a partial
    # one stays as it is, for the estimators to refuse.
    np.testing.assert_array_equal(X[1], [[4, 4], [np.nan, np.nan], [6, np.nan]])
    with pytest.raises(ValueError, match="some but not all features of sample 1 at time step 2"):
        SequenceScaler().fit(X)


def test_long_frame_times_that_sort(pd):
    frame = pd.DataFrame({
        "id": [0, 0, 0],
        "time": pd.to_datetime(["2024-03-01", "2024-01-01", "2024-02-01"]),
        "x": [3.0, 1.0, 2.0],
    })

    def first_sequence():
        return from_long_frame(frame, id="id", time="time")[0][0, :, 0]

    np.testing.assert_array_equal(first_sequence(), [1, 2, 3])
    frame["time"] = ["c", "a", "b"]
    np.testing.assert_array_equal(first_sequence(), [1, 2, 3])


def test_long_frame_without_time_keeps_row_order(pd):
    frame = pd.DataFrame({"id": [1, 0, 1, 0], "x": [3.0, 1.0, 4.0, 2.0]})
    X, ids = from_long_frame(frame, id="id")
    np.testing.assert_array_equal(ids, [1, 0])
    np.testing.assert_array_equal(X[:, :, 0], [[3, 4], [1, 2]])


def test_long_frame_features(pd):
    frame = pd.DataFrame({
        "id": [0, 0, 1], "time": [0, 1, 0], "b": [1.0, 2.0, 3.0],
        "a": np.array([4, 5, 6], dtype=np.float32), "label": ["x", "x", "y"],
    })
    X, _ = from_long_frame(frame, id="id", time="time", features=["a", "b"])
    np.testing.assert_array_equal(X[0], [[4, 1], [5, 2]])
    assert X.dtype == np.float64
    X, _ = from_long_frame(frame, id="id", time="time", features="a")
    assert X.shape == (2, 2, 1) and X.dtype == np.float32
    with pytest.raises(TypeError, match=r"\['label'\] are not real numbers.*features="):
        from_long_frame(frame, id="id", time="time")
    # Nullable integer features, with a missing value.
    frame["n"] = pd.array([1, None, 3], dtype="Int64")
    X, _ = from_long_frame(frame, id="id", time="time", features=["n"])
    np.testing.assert_array_equal(X[:, :, 0], [[1, np.nan], [3, np.nan]])


def test_long_frame_two_level_index_as_sktime_and_aeon_have_it(pd):
    sequences = _ragged()
    frame = _long(sequences, shuffle=0)
    for names in (["case", "timepoint"], [None, None]):
        indexed = frame.set_index(["id", "time"]).rename_axis(names)
        X, ids = from_long_frame(indexed)
        order = np.asarray(ids)
        np.testing.assert_array_equal(X, pad_sequences(sequences)[order])
    # Index levels can be named as well, one of them or both.
    indexed = frame.set_index("id")
    X, ids = from_long_frame(indexed, id="id", time="time")
    np.testing.assert_array_equal(X, pad_sequences(sequences)[np.asarray(ids)])


@pytest.mark.parametrize(
    "change, kwargs, error, match",
    [
        (lambda f: f.assign(time=[0, 1, 1, 0]), {}, ValueError,
         "Sequence 0 has two rows at time 1 .row 2"),
        (lambda f: f.assign(time=[0, np.nan, 1, 0]), {}, ValueError,
         "time 'time' is missing in row 1"),
        (lambda f: f.assign(id=[0, None, 0, 1]), {}, ValueError, "id 'id' is missing in row 1"),
        (lambda f: f, {"id": "key"}, KeyError, "'key' is neither a column nor an index level"),
        (lambda f: f, {"features": ["x", "time"]}, ValueError, "features names the id or time"),
        (lambda f: f, {"features": ["z"]}, KeyError, "No feature columns"),
        (lambda f: f[["id", "time"]], {}, ValueError, "no feature column"),
        (lambda f: f.iloc[:0], {}, ValueError, "no rows"),
        (lambda f: f.assign(x=f["x"] + 1j), {}, TypeError, "not real numbers"),
        # Issue 23: these used to fail in a reshape, or to sort silently.
        (lambda f: f.assign(y=f["x"]).set_axis(["id", "time", "x", "x"], axis=1), {},
         ValueError, r"columns \['x'\] are named more than once"),
        (lambda f: f.assign(y=f["x"]), {"features": ["x", "y", "x"]}, ValueError,
         "named more than once"),
        (lambda f: f.assign(time=[0, "a", 1, 0]), {}, TypeError,
         r"mixes values of the kinds \['number', 'str'\]"),
    ],
)
def test_long_frame_errors(change, kwargs, error, match, pd):
    frame = change(pd.DataFrame({"id": [0, 0, 0, 1], "time": [0, 1, 2, 0], "x": [1.0, 2, 3, 4]}))
    with pytest.raises(error, match=match):
        from_long_frame(frame, **{"id": "id", "time": "time", **kwargs})


def test_long_frame_needs_an_id_or_a_two_level_index(pd):
    with pytest.raises(ValueError, match="Name the column of the sequence ids"):
        from_long_frame(pd.DataFrame({"id": [0], "x": [1.0]}))
    with pytest.raises(TypeError, match="takes a pandas DataFrame"):
        from_long_frame(np.ones((3, 3)), id=0)
    with pytest.raises(TypeError, match="from_nested_frame"):
        from_long_frame(pd.DataFrame({"a": [pd.Series([1.0])]}), id="a")


def test_the_module_imports_numpy_only():
    """pandas is imported inside the functions that take DataFrames (it is no
    dependency of the package), and none of aeon, sktime or tslearn at all."""
    tree = ast.parse(Path(layouts.__file__).read_text())
    top = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            top |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level:
            top.add(node.module.split(".")[0])
    assert top <= {"numpy", "numbers", "warnings"}
    everywhere = {
        alias.name.split(".")[0]
        for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    assert everywhere <= {"numpy", "warnings", "pandas"}


# At the boundaries: errors and warnings that name the conversion


def test_a_list_of_channels_first_sequences_is_told_to_convert():
    aeon_like = [np.ones((12, 20)), np.ones((12, 26))]
    for est in (RNNClassifier(), RNNRegressor()):
        with pytest.raises(ValueError, match=r"sequence 1 of shape \(12, 26\). Every sequence has "
                           r"12 rows.*\(n_channels, n_timesteps_i\).*from_channels_first"):
            est.fit(aeon_like, [0, 1])
    for pad in (pad_sequences, SequencePadder().fit_transform):
        with pytest.raises(ValueError, match="Sequence 1 has 26 features, but sequence 0 has 20. "
                           "Every sequence has 12 rows.*from_channels_first"):
            pad(aeon_like)
    # Sequences of different lengths in our layout are told to pad, as before.
    with pytest.raises(ValueError, match=r"(?!.*from_channels_first).*pad_sequences"):
        RNNClassifier().fit([np.ones((3, 2)), np.ones((5, 2))], [0, 1])
    with pytest.raises(ValueError, match=r"Sequence 1 has 3 features, but sequence 0 has 2.$"):
        pad_sequences([np.ones((3, 2)), np.ones((5, 3))])


def test_nested_frames_are_told_to_convert():
    nested = _nested(_ragged())
    for est in (RNNClassifier(), SequencePadder(), SequenceScaler(), SequenceSummarizer()):
        with pytest.raises(ValueError, match=r"cells are series.*from_nested_frame\(X\)"):
            est.fit(nested, np.arange(5) % 2)
    fitted = SequenceScaler().fit(from_nested_frame(nested))
    with pytest.raises(ValueError, match="from_nested_frame"):
        fitted.transform(nested)
    with pytest.raises(TypeError, match="not a DataFrame.*from_nested_frame.*from_long_frame"):
        pad_sequences(nested)


def test_long_frames_are_told_to_convert():
    rng = np.random.RandomState(0)
    frame = _long([rng.normal(size=(n, 3)) for n in (4, 6, 3, 5, 4, 6)])
    for est in (SequencePadder(), SequenceScaler(), SequenceSummarizer()):
        (message,) = _fit_warnings(est, frame)
        assert "looks like a frame in long format" in message
        assert "from_long_frame(X, id='id', time='time')" in message
    with pytest.warns(UserWarning, match="from_long_frame"):
        with pytest.raises(ValueError, match="28 rows and y has 6 targets.*from_long_frame"):
            RNNClassifier().fit(frame, np.arange(6) % 2)
    # Only fit warns: transform of the fitted padder does not.
    padder = SequencePadder()
    _fit_warnings(padder, frame)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        padder.transform(frame)
    # sktime's and aeon's 'pd-multiindex': (sequence, time) in the index.
    indexed = frame.set_index(["id", "time"])
    (message,) = _fit_warnings(SequencePadder(), indexed)
    assert "'pd-multiindex'" in message and "from_long_frame(X)" in message
    # Ids or times that are not numbers: refused, naming the function.
    expected = r"columns that are not numbers, \['id'\].*from_long_frame"
    with pytest.raises(ValueError, match=expected):
        SequencePadder().fit(frame.assign(id=frame["id"].astype(str) + "x"))
    with pytest.raises(TypeError, match=r"not numbers, \['time'\] \(datetime64.*from_long_frame"):
        dated = frame.assign(time=np.datetime64("2024-01-01"))
        RNNClassifier().fit(dated, np.arange(len(frame)) % 2)


def _wide_frames():
    """36 frames of a sequence per row, as docs/ecosystem.rst counts them."""
    pd = pytest.importorskip("pandas")
    datasets = pytest.importorskip("sklearn.datasets")
    from sklearn_rnn.datasets import load_co2, load_sunspots

    rng = np.random.RandomState(0)
    frames = {}
    for loader in (load_gun_point, load_arrow_head, load_trace):
        for split in ("train", "test"):
            X = loader(split=split, return_X_y=True)[0]
            frames[f"{loader.__name__} {split}"] = pd.DataFrame(X.reshape(len(X), -1))
    for loader in (load_sunspots, load_co2):
        for window in (4, 12, 52):
            X = sliding_windows(loader().series, window)[0][:, :, 0]
            frames[f"{loader.__name__} windows {window}"] = pd.DataFrame(X)
    tables = {
        name: getattr(datasets, name)().data
        for name in ("load_digits", "load_wine", "load_breast_cancer", "load_diabetes", "load_iris")
    }
    for lam in (0.3, 1, 5):
        counts = rng.poisson(lam, size=(500, 10))
        tables[f"poisson {lam}"] = counts
        tables[f"poisson {lam} cumulated"] = counts.cumsum(axis=1)
    for name, X in tables.items():
        frame = pd.DataFrame(X)
        if name.startswith("load_"):
            frames[name] = frame
            frame = pd.DataFrame(np.round(X))
            frames[f"{name} rounded, sorted"] = frame.sort_values(list(frame.columns))
        elif not name.endswith("cumulated"):
            frames[name] = frame
        frames[f"{name} sorted"] = frame.sort_values(list(frame.columns))
    return frames


def test_wide_frames_of_univariate_sequences_raise_no_alarm():
    """No warning on frames of a row per sequence, including integer ones
    sorted by their columns and ones with a (subject, trial) index."""
    pd = pytest.importorskip("pandas")
    rng = np.random.RandomState(0)
    frames = _wide_frames()
    assert len(frames) == 36
    frames.update({
        "normal": pd.DataFrame(rng.normal(size=(50, 6))),
        "steps": pd.DataFrame(np.tile(np.arange(10.0), (30, 1))),
        "ramps": pd.DataFrame(np.arange(60.0).reshape(20, 3)),
        "subject, trial": pd.DataFrame(
            rng.normal(size=(40, 50)),
            index=pd.MultiIndex.from_product([range(4), range(10)], names=["subject", "trial"]),
        ),
    })
    for name, frame in frames.items():
        for est in (SequencePadder(), SequenceScaler()):
            assert _fit_warnings(est, frame) == [], name


@pytest.mark.parametrize("loader", [load_japanese_vowels, load_basic_motions])
def test_long_frames_of_real_data_are_detected_when_grouped_with_a_time(loader, pd):
    X, _ = loader(return_X_y=True)
    sample, step = np.nonzero(~np.isnan(X).all(axis=2))
    frame = pd.DataFrame(X[sample, step], columns=[f"c{k}" for k in range(X.shape[2])])
    frame = frame.assign(id=sample, time=step)
    detected = {
        "last": frame,
        "first": frame[["id", "time"] + list(frame.columns[:-2])],
        "seconds": frame.assign(time=step * 0.1 + 3),
        "index": frame.set_index(["id", "time"]),
    }
    for name, variant in detected.items():
        assert len(_fit_warnings(SequencePadder(), variant)) == 1, name
    for variant in (frame.sample(frac=1, random_state=0), frame.drop(columns="time")):
        assert _fit_warnings(SequencePadder(), variant) == []


def test_the_warnings_are_silenced_by_their_message():
    X = load_basic_motions(return_X_y=True)[0].transpose(0, 2, 1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.filterwarnings("ignore", message=".*sklearn_rnn.layouts")
        SequenceScaler().fit(X)


def _one_step(X):
    return X[:, None, :]


def test_channels_first_arrays_get_a_warning_at_fit():
    for loader in LOADERS[1:]:  # Japanese Vowels is padded: see below
        X, y = loader(return_X_y=True)
        X = X[:, :, None] if X.ndim == 2 else X
        (message,) = _fit_warnings(SequenceScaler(), X.transpose(0, 2, 1))
        assert "(n_samples, n_channels, n_timesteps) layout of aeon" in message
        assert "from_channels_first(X)" in message
    clf = RNNClassifier(max_iter=1, random_state=0)
    X, y = load_basic_motions(return_X_y=True)
    assert len(_fit_warnings(clf, X.transpose(0, 2, 1), y)) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # predict does not warn again
        clf.predict(X.transpose(0, 2, 1))


def test_no_channels_first_alarm_on_the_estimators_layout():
    """The shipped data sets, windows of their sequences, tabular data as
    one-step sequences (the input format guide's X[:, None, :]) and noise:
    no warning, in any of them."""
    datasets = pytest.importorskip("sklearn.datasets")
    rng = np.random.RandomState(0)
    cases = {}
    for loader in LOADERS:
        for split in ("train", "test"):
            cases[f"{loader.__name__} {split}"] = loader(split=split, return_X_y=True)[0]
    motions = load_basic_motions(return_X_y=True)[0]
    vowels = load_japanese_vowels(return_X_y=True)[0]
    for window in (3, 5):
        cases[f"motion windows {window}"] = np.concatenate(
            [sliding_windows(x, window)[0] for x in motions]
        )
        cases[f"vowel windows {window}"] = np.concatenate(
            [sliding_windows(x[~np.isnan(x).all(axis=1)], window)[0] for x in vowels[:50]]
        )
    for name in ("load_digits", "load_wine", "load_breast_cancer", "load_diabetes", "load_iris"):
        cases[name] = _one_step(getattr(datasets, name)().data)
    cases["noise"] = rng.normal(size=(100, 5, 20))
    cases["random walks"] = rng.normal(size=(100, 5, 20)).cumsum(axis=1)
    for name, X in cases.items():
        assert _fit_warnings(SequenceScaler(), X) == [], name


def test_padded_channels_first_arrays_are_told_in_the_partial_step_error():
    X, _ = load_japanese_vowels(return_X_y=True)
    with pytest.raises(ValueError, match="some but not all features of sample 0 at time step 0.*"
                       "impute.*Every step of this sequence has NaN in its last 9 features.*"
                       "from_channels_first"):
        SequenceScaler().fit(X.transpose(0, 2, 1))
    # A partial step of another kind gets no such hint.
    X = np.ones((2, 3, 2))
    X[1, 1, 0] = np.nan
    with pytest.raises(ValueError, match=r"sample 1 at time step 1. .*first.$"):
        SequenceScaler().fit(X)


# The real packages, when installed


def _quiet_import(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pytest.importorskip(name)


@pytest.mark.parametrize("loader", [load_basic_motions, load_japanese_vowels])
def test_aeon_collections(loader):
    """aeon's bundled Basic Motions ('numpy3D') and Japanese Vowels
    ('np-list', unequal lengths) in each of aeon's multivariate layouts give
    the data sets sklearn-rnn ships, which were taken from them."""
    _quiet_import("aeon")
    from aeon import datasets
    from aeon.utils.conversion import convert_collection

    for split in ("train", "test"):
        ours, y_ours = loader(split=split, return_X_y=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            X, y = getattr(datasets, loader.__name__)(split=split)
        np.testing.assert_array_equal(y, y_ours)
        expected = ours[:, : max(np.shape(x)[1] for x in X)]  # ours are padded to both splits
        assert np.isnan(ours[:, expected.shape[1]:]).all()
        np.testing.assert_array_equal(from_channels_first(X), expected)
        frames = convert_collection(X, "df-list")
        np.testing.assert_array_equal(from_channels_first(frames), expected)
        long, ids = from_long_frame(convert_collection(X, "pd-multiindex"))
        np.testing.assert_array_equal(ids, np.arange(len(y)))
        np.testing.assert_array_equal(long, expected)


@pytest.mark.parametrize("name, warns", [
    ("load_gunpoint", True), ("load_arrow_head", True), ("load_italy_power_demand", True),
    ("load_osuleaf", True), ("load_basic_motions", True), ("load_unit_test", True),
    ("load_acsf1", False),  # power readings that jump like noise: missed
])
def test_aeon_channels_first_collections_get_the_warning(name, warns):
    _quiet_import("aeon")
    from aeon import datasets

    for split in ("train", "test"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            X, _ = getattr(datasets, name)(split=split)
        assert len(_fit_warnings(SequenceScaler(), X)) == warns
        assert _fit_warnings(SequenceScaler(), from_channels_first(X)) == []


def test_aeon_data_at_the_boundary():
    _quiet_import("aeon")
    from aeon.datasets import load_basic_motions as aeon_motions
    from aeon.datasets import load_japanese_vowels as aeon_vowels

    X, y = aeon_motions(split="train")
    clf = RNNClassifier(max_iter=1, random_state=0)
    assert len(_fit_warnings(clf, X, y)) == 1
    assert _fit_warnings(clf, from_channels_first(X), y) == []
    X, y = aeon_vowels(split="train")
    with pytest.raises(ValueError, match="from_channels_first"):
        clf.fit(X, y)
    with pytest.raises(ValueError, match="from_channels_first"):
        SequencePadder().fit(X)


@pytest.mark.parametrize("loader", [load_basic_motions, load_japanese_vowels])
def test_sktime_frames(loader):
    """sktime's nested DataFrames (equal and unequal lengths), its
    'pd-multiindex' and 'numpy3D' layouts give the shipped data sets."""
    _quiet_import("sktime")
    from sktime import datasets
    from sktime.datatypes import convert_to

    for split in ("train", "test"):
        ours, y_ours = loader(split=split, return_X_y=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nested, y = getattr(datasets, loader.__name__)(split=split, return_type="nested_univ")
            multiindex = convert_to(nested, to_type="pd-multiindex")
        np.testing.assert_array_equal(y, y_ours)
        expected = ours[:, : max(len(s) for s in nested.iloc[:, 0])]
        np.testing.assert_array_equal(from_nested_frame(nested), expected)
        np.testing.assert_array_equal(from_long_frame(multiindex)[0], expected)
        if loader is load_basic_motions:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                numpy3d = convert_to(nested, to_type="numpy3D")
            np.testing.assert_array_equal(from_channels_first(numpy3d), expected)
        with pytest.raises(ValueError, match="from_nested_frame"):
            RNNClassifier().fit(nested, y)


def test_tslearn_datasets_are_the_estimators_layout():
    """tslearn's to_time_series_dataset pads unequal lengths with NaN at the
    end: pad_sequences's output, with nothing to convert; its long (tsfresh)
    and nested (sktime) exports convert back to it."""
    _quiet_import("tslearn")
    from tslearn.utils import to_time_series_dataset, to_tsfresh_dataset

    sequences = _ragged()
    sequences[0][2] = 1.0  # tslearn's exports drop missing steps
    X = to_time_series_dataset(sequences)
    np.testing.assert_array_equal(X, pad_sequences(sequences))
    univariate = to_time_series_dataset([[1.0, 2.0, 3.0], [4.0]])
    np.testing.assert_array_equal(univariate, pad_sequences([[1.0, 2.0, 3.0], [4.0]]))
    assert univariate.shape == (2, 3, 1)
    long, ids = from_long_frame(to_tsfresh_dataset(X), id="id", time="time")
    np.testing.assert_array_equal(long, X)
    try:
        from tslearn.utils import to_sktime_dataset

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nested = to_sktime_dataset(X)
    except ImportError:  # tslearn needs sktime for this
        pass
    else:
        np.testing.assert_array_equal(from_nested_frame(nested), X)
    clf = RNNClassifier(max_iter=1, random_state=0)
    assert _fit_warnings(clf, X, np.arange(len(X)) % 2) == []

