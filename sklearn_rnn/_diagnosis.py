"""Input in another library's layout, recognised: the sniffers and hints
behind the errors and warnings that name the converter of
:mod:`sklearn_rnn.layouts` to use.

The estimators and transformers apply them to their input
(``_validation.py``), and ``pad_sequences`` to its sequences; the
converters use the frame tests. Detections and false alarms were measured
(``docs/ecosystem.rst``).
"""

# SPDX-License-Identifier: BSD-3-Clause

import warnings

import numpy as np


def is_frame(X):
    """Whether ``X`` is a pandas DataFrame (without importing pandas)."""
    return all(hasattr(X, name) for name in ("columns", "dtypes", "iloc", "index"))


def is_nested_frame(X):
    """Whether ``X`` is a DataFrame whose cells hold sequences (sktime's
    ``nested_univ``), judged by the first row of its object columns."""
    if not is_frame(X) or not len(X):
        return False
    return any(
        # A dtype's equality (numpy's or pandas'), not a comparison of types.
        dtype == object and np.ndim(X.iloc[0, j]) > 0  # noqa: E721
        for j, dtype in enumerate(X.dtypes)
    )


def channels_first_hint(arrays):
    """A sentence naming ``from_channels_first`` when ``arrays`` are all 2-D
    with equal first and different second dimensions, as aeon's unequal-length
    ``(n_channels, n_timesteps_i)`` sequences are; else an empty string."""
    try:
        shapes = [np.shape(a) for a in arrays]
    except ValueError:  # a ragged sequence
        return ""
    if not (
        all(len(s) == 2 and s[0] == shapes[0][0] for s in shapes)
        and len({s[1] for s in shapes}) > 1
    ):
        return ""
    return (
        f" Every sequence has {shapes[0][0]} rows and their lengths differ in the "
        "columns: they look like (n_channels, n_timesteps_i) arrays, as aeon holds "
        "them, while sequences here are (n_timesteps_i, n_features). Convert them "
        "with sklearn_rnn.layouts.from_channels_first."
    )


def channels_first_padding_hint(x):
    """A sentence naming ``from_channels_first`` when every step of the
    sequence ``x`` (n_timesteps, n_features) has NaN in the same last
    features and nowhere else, as a (n_channels, n_timesteps) sequence padded
    at the end has; else an empty string."""
    nan = np.isnan(x)
    n_padded = nan[0].sum()
    if len(x) < 2 or not 0 < n_padded < x.shape[1] or not nan[:, -n_padded:].all():
        return ""
    if nan[:, :-n_padded].any():
        return ""
    return (
        f" Every step of this sequence has NaN in its last {n_padded} features and "
        "nowhere else, as a sequence of shape (n_channels, n_timesteps) padded at "
        "the end has: if X is (n_samples, n_channels, n_timesteps), convert it "
        "with sklearn_rnn.layouts.from_channels_first(X)."
    )



_CHANNELS_FIRST_SAMPLE = 256


def _von_neumann_ratio(X):
    """Median over the rows ``X[:, r, :]`` of the mean squared difference of
    neighbouring values along the last axis, relative to their variance:
    about 2 for independent values, near 0 for a smooth series."""
    with np.errstate(all="ignore"):
        scale = np.abs(X).max(axis=(0, 2), keepdims=True)
        X = X / np.where(scale > 0, scale, 1)
        num = (np.diff(X, axis=2) ** 2).mean(axis=(0, 2))
        var = X.var(axis=(0, 2))
    ok = np.isfinite(num) & (var > 0)
    return np.median(num[ok] / var[ok]) if ok.any() else np.nan


def warn_if_channels_first(X, present):
    """Warn when a 3-D ``X`` read as (n_samples, n_timesteps, n_features)
    looks like aeon's (n_samples, n_channels, n_timesteps): every step
    present, fewer steps than features, and values that vary along the
    feature axis as a series does along time (von Neumann ratio below 0.5
    for one step; below 3/4 of that along the step axis for more)."""
    n_steps, n_features = X.shape[1], X.shape[2]
    if n_steps >= n_features or n_features < 3 or not present.all():
        return
    sample = np.asarray(X[:_CHANNELS_FIRST_SAMPLE], dtype=np.float64)
    along_features = _von_neumann_ratio(sample)
    if n_steps == 1:
        suspect = along_features < 0.5
    else:
        suspect = along_features < 0.75 * _von_neumann_ratio(sample.transpose(0, 2, 1))
    if suspect:
        warnings.warn(
            f"X of shape {X.shape} has fewer time steps ({n_steps}) than features "
            f"({n_features}), no padding, and values that vary from feature to "
            "feature as a series does in time: it may be in the (n_samples, "
            "n_channels, n_timesteps) layout of aeon and sktime, while sklearn-rnn "
            "reads (n_samples, n_timesteps, n_features). Convert it with "
            "sklearn_rnn.layouts.from_channels_first(X) (or X.transpose(0, 2, 1)); "
            "if X is in the right layout, ignore this warning.",
            UserWarning,
        )


def check_frame(X, warn):
    """Refuse a nested DataFrame, naming :func:`~sklearn_rnn.layouts.from_nested_frame`; if
    ``warn``, warn about one whose index looks like (sequence, time)."""
    if not is_frame(X):
        return
    if is_nested_frame(X):
        raise ValueError(
            "X is a DataFrame whose cells are series (sktime's nested layout, "
            "'nested_univ'); convert it with sklearn_rnn.layouts.from_nested_frame(X) "
            "into the NaN-padded 3-D array the estimators read."
        )
    if warn and X.index.nlevels >= 2 and len(X):
        index = X.index
        ids = [index.get_level_values(k).to_numpy() for k in range(index.nlevels - 1)]
        times = index.get_level_values(index.nlevels - 1).to_numpy()
        n_ids = len(index.droplevel(-1).unique())
        if _looks_long(ids, times, n_ids, X.shape[1]):
            warnings.warn(
                f"X has a {index.nlevels}-level index whose last level increases "
                "within each value of the others, and at least as many rows per value as "
                "columns: it looks like a frame in long format, a row per time "
                "step (the 'pd-multiindex' of sktime and aeon), but it is read as "
                f"{len(X)} univariate sequences (one per row) of {X.shape[1]} "
                "steps. Convert a long frame with "
                "sklearn_rnn.layouts.from_long_frame(X); if each row is one "
                "sequence, ignore this warning (or pass X.reset_index(drop=True)).",
                UserWarning,
            )


def _looks_long(ids, times, n_ids, n_features):
    """Whether rows keyed by ``ids`` (a list of arrays) and ``times`` look
    like a long frame: each id's rows contiguous, at least two ids, on
    average at least two rows per id and as many as ``n_features``, and
    ``times`` increasing within each id."""
    n = len(times)
    if n_ids < 2 or n < n_ids * max(n_features, 2):
        return False
    same = np.ones(n - 1, dtype=bool)
    for level in ids:
        same &= level[1:] == level[:-1]
    if n - same.sum() != n_ids:  # an id's rows are not contiguous
        return False
    try:
        increasing = times[1:] > times[:-1]
    except TypeError:
        return False
    return bool((increasing | ~same).all())


def warn_if_long_columns(X, columns):
    """Warn when the columns of a numeric 2-D ``X`` (from a DataFrame, with
    ``columns`` its names) look like a long frame's id and time: an
    integer-valued column whose equal values are contiguous, taking at
    least two values, with on average at least two rows per value and as
    many as the other columns but one, and another column increasing
    within each run."""
    n, n_columns = X.shape
    if n < 4 or n_columns < 3:
        return
    with np.errstate(invalid="ignore"):
        same = X[1:] == X[:-1]
        increasing = X[1:] > X[:-1]
    for j in range(n_columns):
        n_runs = n - same[:, j].sum()
        column = X[:, j]
        if n_runs < 2 or n < n_runs * max(n_columns - 2, 2):
            continue
        if not (np.isfinite(column).all() and (column == np.round(column)).all()):
            continue
        if len(np.unique(column)) != n_runs:
            continue
        within = (increasing | ~same[:, [j]]).all(axis=0)
        within[j] = False
        if within.any():
            t = int(np.argmax(within))
            id_name, time_name = columns[j], columns[t]
            warnings.warn(
                f"Column {id_name!r} of X is constant over runs of rows and column "
                f"{time_name!r} increases within each: X looks like a frame in "
                f"long format, a row per time step, but it is read as {n} "
                f"univariate sequences (one per row) of {n_columns} steps. "
                "Convert a long frame with sklearn_rnn.layouts.from_long_frame("
                f"X, id={id_name!r}, time={time_name!r}); if each row is one "
                "sequence, ignore this warning.",
                UserWarning,
            )
            return


def non_numeric_frame_error(X, error):
    """For a DataFrame ``X`` with columns that are not numbers, which
    ``check_array`` failed on with ``error``, an error naming them and
    :func:`~sklearn_rnn.layouts.from_long_frame`; None for anything else."""
    if not is_frame(X):
        return None
    bad = [c for c, d in zip(X.columns, X.dtypes) if getattr(d, "kind", "O") not in "biuf"]
    if not bad:
        return None
    kinds = sorted({str(d) for c, d in zip(X.columns, X.dtypes) if c in bad})
    message = (
        f"X has columns that are not numbers, {bad[:5]}{' ...' if len(bad) > 5 else ''} "
        f"({', '.join(kinds)}), which the estimators cannot read. If X is in long "
        "format, a row per time step with columns naming the sequence and its time, "
        "convert it with sklearn_rnn.layouts.from_long_frame(X, id=..., time=...); otherwise drop "
        "these columns or encode them as numbers."
    )
    return (TypeError if isinstance(error, TypeError) else ValueError)(message)
