"""Sequences in the layouts of other libraries, as NaN-padded 3-D arrays.

The estimators and transformers of sklearn-rnn read a batch of sequences as
``X`` of shape ``(n_samples, n_timesteps, n_features)``, padded with all-NaN
time steps. Other time-series libraries hold them otherwise:

- aeon and sktime (``numpy3D``) put the channels before the time points,
  ``(n_samples, n_channels, n_timesteps)``, and aeon holds sequences of
  unequal lengths as a list of ``(n_channels, n_timesteps_i)`` arrays (or
  DataFrames): :func:`from_channels_first`;
- sktime's ``nested_univ`` DataFrame has a row per sequence and a column per
  channel, each cell a ``pandas.Series``: :func:`from_nested_frame`;
- a long-format DataFrame has a row per time step, with a column naming the
  sequence (an id) and usually one with its time, as do the ``pd-multiindex``
  frames of sktime and aeon (the id and the time in a two-level index) and
  tsfresh's input: :func:`from_long_frame`;
- tslearn's ``tslearn.utils.to_time_series_dataset`` already gives the
  estimators' layout, NaN-padded at the end: nothing to convert.

The functions need numpy only, and pandas for the DataFrames; they import
none of these libraries.
"""

# SPDX-License-Identifier: BSD-3-Clause

from numbers import Real

import numpy as np

from ._diagnosis import is_frame, is_nested_frame
from ._sequences import pad_sequences

__all__ = ["from_channels_first", "from_long_frame", "from_nested_frame"]


def _show(value):
    """``repr`` of a value, numpy scalars as the Python value they hold."""
    return repr(value.item() if isinstance(value, np.generic) else value)


def from_channels_first(X):
    """Sequences of shape ``(n_channels, n_timesteps)``, as aeon and sktime
    hold them, as one NaN-padded ``(n_samples, n_timesteps, n_channels)``
    array.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_channels, n_timesteps), or list of \
            array-like of shape (n_channels, n_timesteps_i) or (n_timesteps_i,)
        A 3-D array (aeon's and sktime's ``numpy3D``), or a list of 2-D
        arrays or DataFrames of sequences of different lengths (aeon's
        ``np-list`` and ``df-list``); 1-D sequences are univariate. A time
        point whose channels are all NaN becomes an absent step.

    Returns
    -------
    X_out : ndarray of shape (n_samples, max_n_timesteps, n_channels)
        The sequences, time steps first, NaN-padded at the end to the
        longest; float32 if the input was, float64 otherwise.

    See Also
    --------
    sklearn_rnn.pad_sequences : The same for ``(n_timesteps_i, n_features)``
        sequences.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rnn.layouts import from_channels_first
    >>> X = np.arange(12.0).reshape(2, 2, 3)  # 2 sequences, 2 channels, 3 time points
    >>> from_channels_first(X)[0]
    array([[0., 3.],
           [1., 4.],
           [2., 5.]])
    >>> from_channels_first([np.ones((2, 3)), np.zeros((2, 1))])[1]
    array([[ 0.,  0.],
           [nan, nan],
           [nan, nan]])
    """
    if is_nested_frame(X):
        raise TypeError(
            "X is a DataFrame whose cells are series (sktime's nested layout); "
            "convert it with sklearn_rnn.layouts.from_nested_frame(X)."
        )
    if is_frame(X):
        raise TypeError(
            "from_channels_first takes a 3-D array or a list of 2-D arrays, not a "
            "DataFrame; a DataFrame in long format (a row per time step, such as "
            "the 'pd-multiindex' of aeon and sktime) is converted by "
            "sklearn_rnn.layouts.from_long_frame."
        )
    if isinstance(X, (str, bytes)) or not np.iterable(X):
        # (A 0-D array is not iterable either.)
        got = "a 0-D array" if isinstance(X, np.ndarray) else type(X).__name__
        raise TypeError(
            "from_channels_first takes an array of shape (n_samples, n_channels, "
            f"n_timesteps) or a list of (n_channels, n_timesteps_i) arrays, got {got}."
        )
    if isinstance(X, np.ndarray) and X.dtype != object:
        if X.ndim != 3:
            hint = (
                " A 2-D array (n_samples, n_timesteps) of univariate sequences is "
                "already in the estimators' layout; for one sequence of shape "
                "(n_channels, n_timesteps) pass X[None]."
                if X.ndim == 2
                else ""
            )
            raise ValueError(
                "from_channels_first takes an array of shape (n_samples, n_channels, "
                f"n_timesteps) or a list of (n_channels, n_timesteps_i) arrays, got "
                f"an array of shape {X.shape}.{hint}"
            )
        if X.dtype.kind not in "biuf":
            raise TypeError(f"X is of dtype {X.dtype}; sequences must be numeric.")
        dtype = np.float32 if X.dtype == np.float32 else np.float64
        return np.ascontiguousarray(X.transpose(0, 2, 1), dtype=dtype)
    sequences = [np.asarray(x) for x in X]
    if not sequences:
        raise ValueError("Need at least one sequence, got none.")
    sequences = [s[None] if s.ndim == 1 else s for s in sequences]
    for i, s in enumerate(sequences):
        if s.ndim != 2:
            raise ValueError(
                f"Sequence {i} has {s.ndim} dimensions; each must be of shape "
                "(n_channels, n_timesteps_i), or (n_timesteps_i,) for one channel."
            )
        if len(s) != len(sequences[0]):
            same_length = all(t.shape[1] == sequences[0].shape[1] for t in sequences)
            hint = (
                " Their second dimensions agree: if they are (n_timesteps_i, "
                "n_features) sequences, pad them with sklearn_rnn.pad_sequences."
                if same_length
                else ""
            )
            raise ValueError(
                f"Sequence {i} has {len(s)} channels, but sequence 0 has "
                f"{len(sequences[0])}: the sequences must share their channels "
                f"(the first dimension of each).{hint}"
            )
    return pad_sequences([s.T for s in sequences])


def from_nested_frame(X):
    """An sktime nested DataFrame (``nested_univ``) as one NaN-padded
    ``(n_samples, n_timesteps, n_channels)`` array.

    Parameters
    ----------
    X : pandas.DataFrame of shape (n_samples, n_channels)
        A row per sequence and a column per channel, each cell a
        ``pandas.Series`` (or a 1-D array) of the channel's values in
        time order. The channels of one sequence have the same length;
        sequences may have different lengths. The series' indices (their
        time points) are not read: the values are laid out in their order.

    Returns
    -------
    X_out : ndarray of shape (n_samples, max_n_timesteps, n_channels)
        The sequences in the order of the rows, NaN-padded at the end to
        the longest; float32 if every cell was, float64 otherwise.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn_rnn.layouts import from_nested_frame
    >>> nested = pd.DataFrame({
    ...     "dim_0": [pd.Series([1.0, 2.0, 3.0]), pd.Series([4.0])],
    ...     "dim_1": [pd.Series([10.0, 20.0, 30.0]), pd.Series([40.0])],
    ... })
    >>> from_nested_frame(nested)[1]
    array([[ 4., 40.],
           [nan, nan],
           [nan, nan]])
    """
    if not is_frame(X):
        raise TypeError(
            f"from_nested_frame takes a pandas DataFrame, got {type(X).__name__}."
        )
    if X.shape[1] == 0:
        raise ValueError("The DataFrame has no columns: there is no channel to read.")
    sequences = []
    for i, row in enumerate(X.to_numpy(dtype=object)):
        cells = [np.asarray(cell) for cell in row]
        for j, cell in enumerate(cells):
            if cell.ndim != 1:
                raise ValueError(
                    f"Row {i}, column {X.columns[j]!r} holds "
                    f"{'a scalar' if cell.ndim == 0 else f'a {cell.ndim}-D array'}, "
                    "not a series: in a nested DataFrame each cell is the series of "
                    "one channel. Drop the columns that are not channels (such as a "
                    "label)."
                )
        lengths = {len(cell) for cell in cells}
        if len(lengths) > 1:
            raise ValueError(
                f"The channels of row {i} have different lengths "
                f"({', '.join(f'{X.columns[j]!r}: {len(c)}' for j, c in enumerate(cells))}); "
                "the channels of one sequence must be observed at the same time "
                "points (NaN marks a missing value)."
            )
        sequences.append(np.column_stack(cells))
    if not sequences:
        raise ValueError("The DataFrame has no rows: there is no sequence to read.")
    return pad_sequences(sequences)


def from_long_frame(frame, id=None, time=None, features=None):  # noqa: A002
    """A DataFrame in long format, a row per time step, as one NaN-padded
    ``(n_samples, n_timesteps, n_features)`` array and the ids of its
    sequences.

    Parameters
    ----------
    frame : pandas.DataFrame
        A row per time step of a sequence: a column (or index level) naming
        the sequence, optionally one holding its time, and the features.
        sktime's and aeon's ``pd-multiindex`` frames (sequence and time in a
        two-level index) are read as they are.

    id : column label, default=None
        The column or index level that tells the sequences apart. None
        takes the first level of a frame with a two-level index.

    time : column label, default=None
        The column or index level of the time of each row; within each
        sequence the rows are put in its order (any values that sort:
        numbers, datetimes, strings). None keeps the order of the rows,
        except for a two-level index, whose second level is then the time.

    features : column label or list of column labels, default=None
        The columns of the features, in output order. None takes every
        other column, which must then be numeric: name the features if the
        frame holds anything else (a label, say).

    Returns
    -------
    X : ndarray of shape (n_ids, max_n_timesteps, n_features)
        Sequence ``i`` holds the rows of ``ids[i]`` in time order,
        NaN-padded at the end to the longest; float32 if every feature
        column was, float64 otherwise.

    ids : ndarray of shape (n_ids,)
        The id of each sequence, in the order of their first row in
        ``frame``; ``y.loc[ids]`` aligns targets held in a Series indexed
        by id.

    Notes
    -----
    The steps of a sequence are its rows in time order, not points on a
    time grid: a sequence observed at times 0, 1 and 5 gets three steps.
    A recurrent network passes through an absent (all-NaN) step unchanged,
    so a grid with absent steps at the missing times would give the same
    predictions, only in a larger array (much larger for irregular times).
    Where the spacing matters, give it as a feature, for example
    ``frame.groupby(id)[time].diff()``.

    A row whose features are all NaN becomes an absent step in its place.
    A row with some features NaN is kept as it is: the estimators refuse
    such partial steps, so impute them first.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn_rnn.layouts import from_long_frame
    >>> frame = pd.DataFrame({
    ...     "id": ["b", "a", "b", "a", "a"],
    ...     "time": [2, 1, 1, 3, 2],
    ...     "x": [20.0, 3.0, 10.0, 5.0, 4.0],
    ... })
    >>> X, ids = from_long_frame(frame, id="id", time="time")
    >>> ids
    array(['b', 'a'], dtype=object)
    >>> X[:, :, 0]
    array([[10., 20., nan],
           [ 3.,  4.,  5.]])
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"from_long_frame takes a pandas DataFrame, got {type(frame).__name__}.")
    if is_nested_frame(frame):
        raise TypeError(
            "The DataFrame's cells are series (sktime's nested layout); convert it "
            "with sklearn_rnn.layouts.from_nested_frame."
        )
    frame, id, time = _name_index_levels(frame, id, time)
    ids = _frame_column(frame, id, "id")
    times = None if time is None else _frame_column(frame, time, "time")
    table = _feature_table(frame, features, id, time)
    if not len(frame):
        raise ValueError("The frame has no rows: there is no sequence to read.")
    codes, uniques = pd.factorize(ids, sort=False)
    if (codes < 0).any():
        raise ValueError(f"The id {id!r} is missing in row {int(np.argmax(codes < 0))}.")
    order = _time_order(codes, uniques, times, time)
    dtype = np.float32 if all(d == np.float32 for d in table.dtypes) else np.float64
    values = table.to_numpy(dtype=dtype, na_value=np.nan)[order]
    codes = codes[order]
    lengths = np.bincount(codes, minlength=len(uniques))
    position = np.arange(len(codes)) - (np.cumsum(lengths) - lengths)[codes]
    X = np.full((len(uniques), lengths.max(), table.shape[1]), np.nan, dtype=dtype)
    X[codes, position] = values
    return X, np.asarray(uniques)


def _name_index_levels(frame, id, time):  # noqa: A002
    """Without ``id``, a frame of a two-level index (sequence, time), its
    levels named (unnamed ones get a name), and their names as the id and,
    unless given, the time."""
    import pandas as pd

    if id is not None:
        return frame, id, time
    if frame.index.nlevels != 2:
        raise ValueError(
            "Name the column of the sequence ids: from_long_frame(frame, id=..., "
            "time=...). Without id, the frame must have a two-level index "
            "(sequence, time), as the 'pd-multiindex' frames of sktime and aeon."
        )
    names = [f"__level_{k}__" if n is None else n for k, n in enumerate(frame.index.names)]
    frame = frame.set_axis(pd.MultiIndex.from_arrays(
        [frame.index.get_level_values(k) for k in range(2)], names=names
    ))
    return frame, names[0], (names[1] if time is None else time)


def _frame_column(frame, name, role):
    """The column, or index level, ``name`` of ``frame`` as a Series."""
    if name in frame.columns:
        return frame[name]
    if name in frame.index.names:
        return frame.index.get_level_values(name).to_series(index=frame.index)
    raise KeyError(f"The {role} {name!r} is neither a column nor an index level.")


def _feature_table(frame, features, id, time):  # noqa: A002
    """The feature columns of ``frame``, checked to be real numbers, each
    named once."""
    import pandas as pd

    if features is None:
        features = [c for c in frame.columns if c not in (id, time)]
    elif isinstance(features, str) or not np.iterable(features):
        features = [features]
    else:
        features = list(features)
    if not features:
        raise ValueError("The frame has no feature column besides the id and the time.")
    taken = [c for c in features if c in (id, time)]
    if taken:
        raise ValueError(f"features names the id or time column: {taken}.")
    missing = [c for c in features if c not in frame.columns]
    if missing:
        raise KeyError(f"No feature columns {missing} in the frame.")
    repeated = sorted({str(c) for c in features if list(frame.columns).count(c) > 1}
                      | {str(c) for c in features if features.count(c) > 1})
    if repeated:
        raise ValueError(
            f"The feature columns {repeated} are named more than once (in the frame "
            "or in features); give each feature column its own name."
        )
    table = frame[features]
    bad = [
        c
        for c, dtype in zip(features, table.dtypes)
        if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_complex_dtype(dtype)
    ]
    if bad:
        raise TypeError(
            f"Feature columns {bad} are not real numbers; pass features=[...] to "
            "name the feature columns (leaving out labels and other columns), and "
            "encode categorical features as numbers first."
        )
    return table


def _time_order(codes, uniques, times, time):
    """The order of the rows: by sequence, then by ``times`` (None: as they
    come); a sequence's times must be present, distinct and of one kind."""
    import pandas as pd

    if times is None:
        return np.argsort(codes, kind="stable")
    if times.isna().any():
        raise ValueError(
            f"The time {time!r} is missing in row {int(np.argmax(times.isna()))}: "
            "a row needs its time to have a place in its sequence."
        )
    kinds = set()
    if times.dtype == object:
        kinds = {"number" if isinstance(v, Real) else type(v).__name__ for v in times}
    if len(kinds) > 1:
        raise TypeError(
            f"The time {time!r} mixes values of the kinds {sorted(kinds)}, which have "
            "no common order; convert them to one kind (numbers, datetimes or strings)."
        )
    keys = pd.DataFrame({"id": codes, "time": times.to_numpy()})
    repeated = keys.duplicated()
    if repeated.any():
        row = int(np.argmax(repeated))
        raise ValueError(
            f"Sequence {_show(uniques[codes[row]])} has two rows at time "
            f"{_show(keys['time'].iloc[row])} (row {row} is the second): each time "
            "of a sequence must be one step; aggregate or drop duplicates first."
        )
    return keys.sort_values(["id", "time"], kind="stable").index.to_numpy()
