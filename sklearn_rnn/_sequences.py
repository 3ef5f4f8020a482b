"""Variable-length sequences as NaN-padded arrays.

A time step whose features are all NaN is absent: the recurrent state passes
through it unchanged.  Padding at the end or the start of a sequence and
missing observations inside it are therefore one and the same thing.
"""

# SPDX-License-Identifier: BSD-3-Clause

import warnings
from numbers import Integral

import numpy as np

from ._diagnosis import channels_first_hint, channels_first_padding_hint
from ._labels import check_fill_kind, check_fill_value, label_kind


def check_positive_integer(name, value):
    if not isinstance(value, Integral) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}.")


def pad_sequences(
    sequences, *, maxlen=None, dtype=None, padding="post", truncating="post"
):
    """Pad a list of variable-length sequences into one NaN-padded 3-D array.

    Parameters
    ----------
    sequences : list of array-like of shape (length_i, n_features) or (length_i,)
        The sequences.  1-D sequences are univariate.  All sequences must
        have the same number of features.

    maxlen : int, default=None
        Length of the output.  Defaults to the length of the longest
        sequence; longer sequences are truncated.

    dtype : dtype, default=None
        Output dtype, which must be floating so that it can hold NaN, and
        wide enough for the finite values (infinity is kept as it is, and
        refused by the estimators). Defaults to float32 if every sequence
        is float32, else float64.

    padding : {"post", "pre"}, default="post"
        Whether to pad at the end or at the start of each sequence.

    truncating : {"post", "pre"}, default="post"
        Whether to drop the last or the first steps of a sequence longer
        than ``maxlen``.

    Returns
    -------
    X : ndarray of shape (n_sequences, maxlen, n_features)
        The sequences, padded with all-NaN time steps.

    Examples
    --------
    >>> from sklearn_rnn import pad_sequences
    >>> X = pad_sequences([[[1.0], [2.0]], [[3.0]]])
    >>> X.shape
    (2, 2, 1)
    >>> X[1, :, 0]
    array([ 3., nan])
    """
    if padding not in ("post", "pre"):
        raise ValueError(f"padding must be 'post' or 'pre', got {padding!r}.")
    if truncating not in ("post", "pre"):
        raise ValueError(f"truncating must be 'post' or 'pre', got {truncating!r}.")
    if isinstance(sequences, np.ndarray) and sequences.dtype != object:
        raise TypeError(
            "pad_sequences takes a list of sequences; an array of shape "
            f"{sequences.shape} is already padded."
        )
    if hasattr(sequences, "columns") and hasattr(sequences, "iloc"):
        raise TypeError(
            "pad_sequences takes a list of sequences, not a DataFrame: convert "
            "sktime's nested DataFrame (cells of series) with "
            "sklearn_rnn.layouts.from_nested_frame, and one in long format (a row "
            "per time step) with sklearn_rnn.layouts.from_long_frame."
        )
    seqs = as_sequence_list([np.asarray(s) for s in sequences])
    for i, s in enumerate(seqs):
        if s.dtype.kind == "c":
            raise ValueError(f"Complex data not supported: sequence {i} is {s.dtype}.")
        if s.dtype.kind not in "biuf":
            raise TypeError(f"Sequence {i} is of dtype {s.dtype}; sequences must be numeric.")
    if dtype is None:
        dtype = (
            np.float32 if all(s.dtype == np.float32 for s in seqs) else np.float64
        )
    dtype = np.dtype(dtype)
    if dtype.kind != "f":
        raise ValueError(f"dtype must be a floating dtype to hold NaN, got {dtype}.")
    if maxlen is None:
        maxlen = max(len(s) for s in seqs)
        if maxlen == 0:
            raise ValueError(
                f"All {len(seqs)} sequences are empty: there is nothing to pad. "
                "Pass maxlen to get all-NaN sequences of that length."
            )
    check_positive_integer("maxlen", maxlen)
    # Infinity (like NaN) is kept as it is, not taken for a finite value
    # beyond the dtype's range: the estimators refuse it, naming its step.
    peak = max((_finite_peak(s) for s in seqs), default=0)
    if peak > np.finfo(dtype).max:
        raise ValueError(
            f"The sequences hold values up to {peak:.3g} in magnitude, beyond the "
            f"range of dtype={dtype} (at most {np.finfo(dtype).max:.3g}); choose a "
            "wider dtype."
        )

    X = np.full((len(seqs), maxlen, seqs[0].shape[1]), np.nan, dtype=dtype)
    for i, s in enumerate(seqs):
        s = s[:maxlen] if truncating == "post" else s[len(s) - min(len(s), maxlen) :]
        if padding == "post":
            X[i, : len(s)] = s
        else:
            X[i, maxlen - len(s) :] = s
    return X


def _finite_peak(values):
    """The largest magnitude of the finite ``values`` (0 for none)."""
    magnitude = np.abs(values)
    return np.max(magnitude, where=np.isfinite(magnitude), initial=0)


def pad_targets(targets, *, fill_value=-1, maxlen=None):
    """Pad per-step targets of variable-length sequences into one 2-D array.

    The ``y`` of :class:`~sklearn_rnn.RNNStepClassifier` and
    :class:`~sklearn_rnn.RNNStepRegressor` beside the ``X`` of
    :func:`pad_sequences`: one target per time step, ``fill_value`` after
    each sequence's end.

    Parameters
    ----------
    targets : list of array-like of shape (length_i,)
        The targets of each sequence's steps, in order.

    fill_value : number or str, default=-1
        The value of the steps after each sequence's end: a label that no
        step has for classification (``-1``, or ``""`` for string labels;
        not None or NaN, which scikit-learn's cross-validation cannot
        handle in a label array), NaN for regression. It must match the
        estimator's ``fill_value``, and be of the targets' kind: the
        default -1 among string labels is refused (it would become the
        string ``'-1'``, a class), and so are targets that mix strings
        and numbers.

    maxlen : int, default=None
        Number of steps of the output; defaults to the longest sequence's
        length, and longer sequences are truncated at the end.

    Returns
    -------
    y : ndarray of shape (n_sequences, maxlen)
        The targets, of the dtype numpy gives the targets and
        ``fill_value`` together.

    Examples
    --------
    >>> from sklearn_rnn import pad_targets
    >>> pad_targets([["walk", "walk", "run"], ["sit"]], fill_value="")
    array([['walk', 'walk', 'run'],
           ['sit', '', '']], dtype='<U4')
    >>> pad_targets([[0.5, 1.5], [2.0]], fill_value=float("nan"))
    array([[0.5, 1.5],
           [2. , nan]])
    """
    targets = list(targets)
    rows = [np.asarray(t) for t in targets]
    for i, row in enumerate(rows):
        if row.ndim != 1:
            raise ValueError(
                f"Each element of targets must be 1-D, one target per step; "
                f"element {i} has shape {row.shape}."
            )
    if not rows:
        raise ValueError("targets is empty: no sequence to pad.")
    _check_target_kinds(targets, fill_value)
    if maxlen is None:
        maxlen = max(len(row) for row in rows)
    check_positive_integer("maxlen", maxlen)
    # An empty sequence (of numpy's default float64) does not set the dtype.
    dtype = np.result_type(*[row.dtype for row in rows if row.size], np.asarray(fill_value))
    y = np.full((len(rows), maxlen), fill_value, dtype=dtype)
    for i, row in enumerate(rows):
        y[i, : min(len(row), maxlen)] = row[:maxlen]
    return y


def _check_target_kinds(targets, fill_value):
    """Refuse targets that mix strings and numbers, and a ``fill_value``
    of another kind than theirs (numpy would make strings of them all)."""
    fill_kind = check_fill_value(fill_value, allow_nan=True)
    kinds = {}
    for i, row in enumerate(targets):
        if np.size(row):  # An empty sequence has no kind.
            kinds.setdefault(label_kind(row, name=f"Sequence {i}"), i)
    if len(kinds) > 1:
        raise ValueError(
            f"The targets mix strings (sequence {kinds['string']}) and numbers "
            f"(sequence {kinds['number']}); convert them to one kind."
        )
    check_fill_kind(fill_value, fill_kind, next(iter(kinds), None), "the targets are")


def sliding_windows(series, window, *, horizon=1, step=1, return_index=False):
    """Windows of the past of a series and the value that follows each.

    The usual way to forecast with a sequence regressor: each sample is
    ``window`` consecutive steps of the series, its targets the ``horizon``
    values after the window's last step (the next value by default), which
    :class:`~sklearn_rnn.RNNRegressor` fits as several outputs: a direct
    forecast of every step up to the horizon by one model.

    Parameters
    ----------
    series : array-like of shape (n_times,) or (n_times, n_features)
        Equally spaced observations, oldest first; NaN marks a missing
        observation (a whole row, for several features), which becomes an
        absent step of the windows it falls in.

    window : int
        Number of steps of each window.

    horizon : int, default=1
        How many values after a window's last step are its targets.

    step : int, default=1
        Steps between the starts of consecutive windows.

    return_index : bool, default=False
        Whether to return also the index in ``series`` of each target, for
        chronological splits and plots.

    Returns
    -------
    X : ndarray of shape (n_windows, window, n_features)
        The windows, oldest first. Windows with a target missing, or that
        hold no observation, are left out.

    y : ndarray of shape (n_windows,), (n_windows, horizon) or \
            (n_windows, horizon * n_features)
        The targets: for a 1-D series the next value (``horizon=1``) or
        the next ``horizon`` values; for a series of several features,
        the features of the next step, then those of the step after, and
        so on (target ``j`` is feature ``j % n_features``).

    index : ndarray of int of shape (n_windows,)
        The index in ``series`` of each window's first target, if
        ``return_index``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rnn import sliding_windows
    >>> X, y = sliding_windows(np.array([1.0, 2.0, np.nan, 4.0, 5.0]), 2)
    >>> X[:, :, 0]  # the window ending in 2 has no target
    array([[ 2., nan],
           [nan,  4.]])
    >>> y
    array([4., 5.])
    >>> X, y = sliding_windows(np.arange(6.0), 3, horizon=2)
    >>> y  # the two values after each window
    array([[3., 4.],
           [4., 5.]])
    """
    kind = np.asarray(series).dtype.kind
    if kind in "mM":
        # float() of a datetime is nanoseconds since 1970: no series value.
        raise TypeError(
            "series holds dates or times; sliding_windows takes the values "
            "observed at them (keep the times apart, e.g. for return_index)."
        )
    values = np.asarray(series, dtype=np.float64)
    if values.ndim not in (1, 2) or np.iscomplexobj(series) or 0 in values.shape[1:]:
        raise ValueError(
            "series must be a real 1-D array of shape (n_times,) or a 2-D array of "
            f"shape (n_times, n_features) with a feature, got shape {values.shape}."
        )
    for name, value in (("window", window), ("horizon", horizon), ("step", step)):
        check_positive_integer(name, value)
    table = values[:, None] if values.ndim == 1 else values
    n_windows = len(table) - window - horizon + 1
    if n_windows < 1:
        raise ValueError(
            f"A series of {len(table)} steps holds no window of {window} steps "
            f"followed by {horizon} target step(s)."
        )
    starts = np.arange(0, n_windows, step)
    X = np.lib.stride_tricks.sliding_window_view(table, window, axis=0)[starts]
    X = X.transpose(0, 2, 1)
    index = starts + window
    # (n_windows, horizon * n_features): the features of each step side by side.
    y = table[index[:, None] + np.arange(horizon)].reshape(len(index), -1)
    keep = ~np.isnan(y).any(axis=1) & ~np.isnan(X).all(axis=2).all(axis=1)
    X, y, index = np.ascontiguousarray(X[keep]), y[keep], index[keep]
    if values.ndim == 1 and horizon == 1:
        y = y[:, 0]
    return (X, y, index) if return_index else (X, y)


def as_sequence_list(arrays):
    """Each array as a 2-D ``(length, n_features)`` sequence (1-D ones are
    univariate), checked to have as many features as the first."""
    if not len(arrays):
        raise ValueError("Need at least one sequence, got none.")
    seqs = [a[:, None] if a.ndim == 1 else a for a in arrays]
    for i, s in enumerate(seqs):
        if s.ndim != 2:
            raise ValueError(
                f"Sequence {i} has {s.ndim} dimensions; each sequence must be "
                "of shape (length, n_features) or (length,)."
            )
        if s.shape[1] != seqs[0].shape[1]:
            raise ValueError(
                f"Sequence {i} has {s.shape[1]} features, but sequence 0 has "
                f"{seqs[0].shape[1]}." + channels_first_hint(arrays)
            )
    return seqs


def present_bounds(present):
    """Index of the first present step of each sequence and one past its
    last, from ``present`` of shape (n_samples, n_timesteps); (0, 0) for a
    sequence with no present step."""
    any_present = present.any(axis=1)
    first = np.where(any_present, present.argmax(axis=1), 0)
    stop = np.where(any_present, present.shape[1] - present[:, ::-1].argmax(axis=1), 0)
    return first, stop


def check_steps(X, first_sample=0):
    """The NaN convention: every time step of ``X`` (n_samples, n_timesteps,
    n_features) is complete or all NaN, and nothing is infinite.

    Returns the mask of present steps, of shape (n_samples, n_timesteps);
    raises a ValueError naming the first sample (counted from
    ``first_sample``) and time step that break the convention.
    """
    # A step with a NaN or an infinity has a sum that is not finite (as has
    # one whose sum overflows): only those are looked at feature by feature.
    with np.errstate(over="ignore", invalid="ignore"):
        suspect = ~np.isfinite(X @ np.ones(X.shape[2], dtype=X.dtype))
    i, t = np.nonzero(suspect)
    steps = X[i, t]
    absent = np.isnan(steps).all(axis=1)
    i, t, steps = i[~absent], t[~absent], steps[~absent]
    partial = np.isnan(steps).any(axis=1)
    if partial.any():
        i, t = i[partial][0], t[partial][0]
        raise ValueError(
            f"Input X has NaN in some but not all features of sample "
            f"{i + first_sample} at time step {t}. A time step must be either "
            "complete or all NaN (absent); impute partial observations first."
            + channels_first_padding_hint(X[i])
        )
    infinite = np.isinf(steps).any(axis=1)
    if infinite.any():
        i, t = i[infinite][0] + first_sample, t[infinite][0]
        raise ValueError(f"Input X contains infinity at sample {i}, time step {t}.")
    present = ~suspect
    present[suspect] = ~absent
    return present


def present_steps(X):
    """Which time steps of NaN-padded sequences are present.

    The mask of the steps an estimator reads, and of the steps whose
    per-step targets count (:class:`~sklearn_rnn.RNNStepClassifier`,
    :class:`~sklearn_rnn.RNNStepRegressor`).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_timesteps, n_features) or \
            (n_samples, n_timesteps)
        Sequences, NaN-padded; 2-D input is a batch of univariate sequences.

    Returns
    -------
    present : ndarray of bool of shape (n_samples, n_timesteps)
        False where all features of a step are NaN.

    Raises
    ------
    ValueError
        If a step has some features NaN and others not, or holds infinity,
        or ``X`` is complex.

    TypeError
        If ``X`` holds text.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rnn import present_steps
    >>> present_steps(np.array([[1.0, 2.0, np.nan], [3.0, np.nan, np.nan]]))
    array([[ True,  True, False],
           [ True, False, False]])
    """
    X = np.asarray(X)
    if X.ndim == 2:
        X = X[:, :, None]
    if X.ndim != 3:
        raise ValueError(
            "X must be of shape (n_samples, n_timesteps, n_features) or "
            f"(n_samples, n_timesteps), got shape {X.shape}."
        )
    if X.dtype.kind == "c":
        raise ValueError(f"Complex data not supported: X is {X.dtype}.")
    if X.dtype.kind in "USV":
        raise TypeError(f"X is of dtype {X.dtype}; sequences must be numeric.")
    if not np.issubdtype(X.dtype, np.floating):
        X = X.astype(np.float64)
    present = check_steps(X)
    warn_if_empty(present)
    return present


def warn_if_empty(present, consequence=""):
    """Warn about the sequences without a present step, given the mask of
    :func:`present_steps`, and say what becomes of them (``consequence``,
    a sentence, or none)."""
    empty = np.flatnonzero(~present.any(axis=1))
    if empty.size:
        warnings.warn(
            f"{empty.size} sequence(s) of X have no present time step (all NaN), "
            f"for example sample {empty[0]}." + (f" {consequence}" if consequence else ""),
            UserWarning,
        )
