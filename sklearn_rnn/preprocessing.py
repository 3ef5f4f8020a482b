"""Sequence-aware transformers for pipelines over NaN-padded 3-D arrays.

scikit-learn's own transformers take 2-D tables and reject the 3-D arrays
``(n_samples, n_timesteps, n_features)`` the recurrent estimators read. The
transformers here take those arrays, respect the NaN convention of the
package (a time step whose features are all NaN is absent) and follow
scikit-learn's transformer conventions, so they fit in a
:class:`~sklearn.pipeline.Pipeline` before an :class:`~sklearn_rnn.RNNClassifier`
or, for :class:`SequenceSummarizer`, before any tabular estimator.

A 2-D array is, as for the estimators, a batch of univariate sequences of
shape ``(n_samples, n_timesteps)``; then ``n_features_in_`` is the number of
columns, as scikit-learn has it, and the output is 2-D as well.
"""

# SPDX-License-Identifier: BSD-3-Clause

from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.utils.validation import check_array, check_is_fitted

from ._callbacks import CallbackSupportMixin, fit_task
from ._compat import (
    Interval,
    StrOptions,
    _check_feature_names_in,
    _fit_context,
    _wrap_data_with_container,
)
from ._core.scaling import power_of_two_above, scale_of, weighted_moments
from ._doc_link import DocLinkMixin
from ._sequences import as_sequence_list, check_steps, pad_sequences, present_bounds
from ._validation import all_or_nothing, validate_sequences

__all__ = ["SequencePadder", "SequenceScaler", "SequenceSummarizer"]


def _validate_sequences(estimator, X, *, reset):
    """:func:`validate_sequences`, with the input's number of dimensions."""
    X, present = validate_sequences(estimator, X, reset=reset)
    return X, present, estimator._input_ndim


class _SequenceOutputMixin(TransformerMixin, auto_wrap_output_keys=None):
    """``set_output`` for a transformer whose output is 3-D for 3-D input.

    A DataFrame holds the 2-D output (univariate sequences) when
    ``set_output`` or the global ``transform_output`` asks for one; 3-D
    output stays an array whatever they ask, so that a pipeline of 3-D
    sequences works under any configuration. scikit-learn would wrap every
    output of ``transform`` and ``fit_transform``, so these wrap their own.
    """

    def fit_transform(self, X, y=None, **fit_params):
        return self.fit(X, y, **fit_params).transform(X)

    def _output(self, out, X):
        return out if out.ndim == 3 else _wrap_data_with_container("transform", out, X, self)


def _offers_set_output(cls):
    """Class decorator: scikit-learn offers ``set_output`` only to
    transformers whose ``transform`` it wraps; these wrap it themselves."""
    cls._sklearn_auto_wrap_output_keys = {"transform"}
    return cls


@_offers_set_output
class SequenceScaler(
    DocLinkMixin, OneToOneFeatureMixin, _SequenceOutputMixin, CallbackSupportMixin,
    BaseEstimator, auto_wrap_output_keys=None,
):
    """Standardise each feature over the present time steps of sequences.

    The mean and the standard deviation of each feature are computed over
    all present (not all-NaN) time steps of all training sequences: padding
    and missing steps do not enter the statistics, and they stay NaN in the
    output. Every step of every sequence is then scaled as
    ``z = (x - mean_) / scale_``, the same way at every time step, which is
    what a recurrent network that shares its weights over time needs.
    (:class:`~sklearn.preprocessing.StandardScaler` rejects 3-D input, and on
    a 2-D ``(n_samples, n_timesteps)`` array it would scale each time step
    separately.)

    Parameters
    ----------
    with_mean : bool, default=True
        Whether to centre the data before scaling.

    with_std : bool, default=True
        Whether to scale the data to unit variance.

    Attributes
    ----------
    mean_ : ndarray of shape (n_sequence_features,) or None
        Mean of each feature over the present training steps; None when
        both ``with_mean`` and ``with_std`` are False. ``n_sequence_features``
        is the size of the last axis of 3-D input and 1 for 2-D input.

    var_ : ndarray of shape (n_sequence_features,) or None
        Variance of each feature over the present training steps (infinite
        for features beyond about 1e154 in magnitude, whose variance
        float64 cannot hold); None when ``with_std`` is False.

    scale_ : ndarray of shape (n_sequence_features,) or None
        Scaling factor of each feature, the standard deviation, with 1
        where it is zero up to rounding; None when ``with_std`` is False.

    n_samples_seen_ : int
        Number of present time steps the statistics were computed from.

    n_features_in_ : int
        Number of features per time step for 3-D input; for 2-D input the
        number of columns, i.e. time steps, as in scikit-learn.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Column names of a DataFrame ``X``, when it had string names.

    See Also
    --------
    SequenceSummarizer : Fixed-length summaries of sequences for tabular models.
    sklearn.preprocessing.StandardScaler : Its tabular counterpart.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rnn.preprocessing import SequenceScaler
    >>> X = np.array([[[0.0, 10.0], [2.0, 30.0]],
    ...               [[4.0, 20.0], [np.nan, np.nan]]])
    >>> scaler = SequenceScaler().fit(X)
    >>> scaler.mean_
    array([ 2., 20.])
    >>> scaler.transform(X)[1]
    array([[1.22474487, 0.        ],
           [       nan,        nan]])
    """

    _empty_sequences = "They stay all NaN."
    _parameter_constraints: dict = {
        "with_mean": ["boolean"],
        "with_std": ["boolean"],
    }

    def __init__(self, *, with_mean=True, with_std=True):
        self.with_mean = with_mean
        self.with_std = with_std

    @_fit_context(prefer_skip_nested_validation=True)
    @fit_task
    @all_or_nothing
    def fit(self, X, y=None):
        """Compute the mean and standard deviation of each feature.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_samples, n_timesteps)
            NaN-padded sequences; a time step whose features are all NaN is
            absent and ignored.

        y : None
            Ignored.

        Returns
        -------
        self : object
            The fitted scaler.
        """
        X, present, _ = _validate_sequences(self, X, reset=True)
        steps = X[present]
        if len(steps) == 0:
            raise ValueError(
                "SequenceScaler needs at least one present time step to fit; "
                "all time steps of X are NaN."
            )
        self.n_samples_seen_ = len(steps)
        self.mean_ = self.var_ = self.scale_ = None
        if self.with_mean or self.with_std:
            mean, std = weighted_moments(steps)
            self.mean_ = mean
        if self.with_std:
            with np.errstate(over="ignore"):
                self.var_ = std**2
            self.scale_ = scale_of(mean, std)
        return self

    def _apply(self, X, inverse):
        check_is_fitted(self)
        X, _, ndim = _validate_sequences(self, X, reset=False)
        out = np.array(X, dtype=X.dtype, copy=True)
        mean = None if not self.with_mean else self.mean_.astype(X.dtype)
        scale = None if self.scale_ is None else self.scale_.astype(X.dtype)
        if inverse:
            if scale is not None:
                out *= scale
            if mean is not None:
                out += mean
        else:
            if mean is not None:
                out -= mean
            if scale is not None:
                out /= scale
        return out[:, :, 0] if ndim == 2 else out

    def transform(self, X):
        """Standardise sequences; absent steps stay NaN.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_samples, n_timesteps)
            NaN-padded sequences, of any number of time steps for 3-D input.

        Returns
        -------
        X_scaled : ndarray of the shape of X
            The scaled sequences (a DataFrame for 2-D input, if
            ``set_output`` or the global ``transform_output`` asks for one).
        """
        return self._output(self._apply(X, inverse=False), X)

    def inverse_transform(self, X):
        """Undo the scaling; absent steps stay NaN.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_samples, n_timesteps)
            Scaled NaN-padded sequences.

        Returns
        -------
        X_original : ndarray of the shape of X
            The sequences in the original units.
        """
        return self._apply(X, inverse=True)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.input_tags.allow_nan = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


def _is_sequence_list(X):
    """Whether ``X`` is a list of (possibly ragged) sequences rather than a
    padded array."""
    return isinstance(X, (list, tuple)) or (
        isinstance(X, np.ndarray) and X.dtype == object and X.ndim == 1
    )


@_offers_set_output
class SequencePadder(
    DocLinkMixin, _SequenceOutputMixin, CallbackSupportMixin, BaseEstimator,
    auto_wrap_output_keys=None,
):
    """Pad variable-length sequences into a NaN-padded array.

    A list of ``(length_i, n_features)`` arrays (or of 1-D arrays, for
    univariate sequences) becomes one array of shape
    ``(n_samples, maxlen, n_features)`` in which the missing steps are all
    NaN, the input the recurrent estimators and the other transformers here
    read. This is :func:`~sklearn_rnn.pad_sequences` as a transformer, so
    that a pipeline can start from the raw list.

    An array that is already padded (3-D, or 2-D for univariate sequences)
    is re-padded: each sequence, from its first to its last present step,
    is truncated or padded to ``maxlen`` at the chosen end, and the output
    has as many dimensions as the input.

    Parameters
    ----------
    maxlen : int, default=None
        Number of time steps of the output. None pads to the longest
        sequence of the data being transformed, so no step is ever dropped
        (for 2-D input: keeps the number of columns).

    padding : {"post", "pre"}, default="post"
        Whether to pad at the end (the estimators' convention) or at the
        start of each sequence.

    truncating : {"post", "pre"}, default="post"
        Whether a sequence longer than ``maxlen`` loses its last ("post")
        or its first ("pre") steps.

    dtype : {"float64", "float32"} or None, default=None
        Output dtype; None keeps float32 input as float32 and makes
        anything else float64.

    Attributes
    ----------
    n_features_in_ : int
        Number of features per time step; for 2-D array input the number of
        columns, i.e. time steps, as in scikit-learn.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Column names of a DataFrame ``X``, when it had string names.

    See Also
    --------
    sklearn_rnn.pad_sequences : The function this transformer applies.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rnn.preprocessing import SequencePadder
    >>> sequences = [np.ones((3, 2)), np.zeros((1, 2))]
    >>> X = SequencePadder(padding="pre").fit_transform(sequences)
    >>> X.shape
    (2, 3, 2)
    >>> X[1]
    array([[nan, nan],
           [nan, nan],
           [ 0.,  0.]])
    """

    _empty_sequences = "They stay all NaN."
    _parameter_constraints: dict = {
        "maxlen": [Interval(Integral, 1, None, closed="left"), None],
        "padding": [StrOptions({"post", "pre"})],
        "truncating": [StrOptions({"post", "pre"})],
        "dtype": [StrOptions({"float64", "float32"}), None],
    }

    def __init__(self, *, maxlen=None, padding="post", truncating="post", dtype=None):
        self.maxlen = maxlen
        self.padding = padding
        self.truncating = truncating
        self.dtype = dtype

    def _validate(self, X, reset):
        """Return the list of sequences (each 2-D, from first to last
        present step for padded input) and the number of output dimensions."""
        if _is_sequence_list(X):
            sequences = as_sequence_list(
                [
                    check_array(
                        s,
                        ensure_2d=False,
                        allow_nd=True,
                        dtype=(np.float64, np.float32),
                        ensure_all_finite=False,
                        ensure_min_samples=0,
                        input_name=f"sequence {i}",
                    )
                    for i, s in enumerate(X)
                ]
            )
            n_features = sequences[0].shape[1]
            for i, s in enumerate(sequences):
                check_steps(s[None], first_sample=i)
            if reset:
                # A list has no column names to remember.
                if hasattr(self, "feature_names_in_"):
                    del self.feature_names_in_
                self.n_features_in_ = n_features
                self._input_ndim = 3
            elif self._input_ndim != 3:
                raise ValueError(
                    "SequencePadder was fitted on a 2-D array of univariate "
                    "sequences; transform takes the same kind of input."
                )
            elif n_features != self.n_features_in_:
                raise ValueError(
                    f"X has {n_features} features, but SequencePadder is "
                    f"expecting {self.n_features_in_} features as input."
                )
            return sequences, 3, None
        X, present, ndim = _validate_sequences(self, X, reset=reset)
        first, stop = present_bounds(present)
        sequences = [x[a:b] for x, a, b in zip(X, first, stop)]
        return sequences, ndim, X.shape[1]

    @_fit_context(prefer_skip_nested_validation=True)
    @fit_task
    @all_or_nothing
    def fit(self, X, y=None):
        """Check the sequences and remember their number of features.

        Parameters
        ----------
        X : list of array-like of shape (length_i, n_features) or (length_i,), \
                or array-like of shape (n_samples, n_timesteps, n_features) \
                or (n_samples, n_timesteps)
            Variable-length sequences, or NaN-padded ones.

        y : None
            Ignored.

        Returns
        -------
        self : object
            The fitted padder.
        """
        self._validate(X, reset=True)
        return self

    def transform(self, X):
        """Pad (and truncate) the sequences to one array.

        Parameters
        ----------
        X : list of array-like of shape (length_i, n_features) or (length_i,), \
                or array-like of shape (n_samples, n_timesteps, n_features) \
                or (n_samples, n_timesteps)
            Variable-length sequences, or NaN-padded ones.

        Returns
        -------
        X_padded : ndarray of shape (n_samples, maxlen, n_features), or \
                (n_samples, maxlen) for 2-D input
            The sequences, padded with all-NaN time steps.
        """
        check_is_fitted(self)
        sequences, ndim, n_columns = self._validate(X, reset=False)
        maxlen = self.maxlen
        if maxlen is None:
            longest = max(len(s) for s in sequences)
            maxlen = n_columns if ndim == 2 else max(longest, 1)
        out = pad_sequences(
            sequences,
            maxlen=maxlen,
            dtype=self.dtype,
            padding=self.padding,
            truncating=self.truncating,
        )
        return self._output(out[:, :, 0] if ndim == 2 else out, X)

    def get_feature_names_out(self, input_features=None):
        """Get output feature names for transformation.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            Input features, of length `n_features_in_`; None uses
            `feature_names_in_` or generates ``x0, x1, ...``.

        Returns
        -------
        feature_names_out : ndarray of str objects
            For 3-D output, the features of each time step (the input
            features); for 2-D output, the time steps ``t0, t1, ...``
            (``maxlen`` of them, or `n_features_in_`).
        """
        check_is_fitted(self, "n_features_in_")
        names = _check_feature_names_in(self, input_features)
        if self._input_ndim == 3:
            return names
        n_out = self.n_features_in_ if self.maxlen is None else self.maxlen
        return np.asarray([f"t{t}" for t in range(n_out)], dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.input_tags.allow_nan = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


_STATISTICS = ("mean", "std", "min", "max", "first", "last", "length")


class SequenceSummarizer(DocLinkMixin, TransformerMixin, CallbackSupportMixin, BaseEstimator):
    """Summarise each sequence by fixed-length statistics of its features.

    Turns NaN-padded sequences into a 2-D table a tabular model reads: for
    each feature its mean, standard deviation, minimum, maximum, first or
    last value over the present (not all-NaN) time steps, and optionally
    the number of present steps. With it, a pipeline of a tabular model
    such as :class:`~sklearn.ensemble.HistGradientBoostingClassifier` is a
    baseline for an :class:`~sklearn_rnn.RNNClassifier` on the same
    sequences, in the same grid search.

    Parameters
    ----------
    statistics : tuple of str, default=("mean", "std", "min", "max", "last")
        Which statistics to compute, in output order, among "mean", "std"
        (population standard deviation), "min", "max", "first", "last"
        (the values at the first and last present steps) and "length"
        (the number of present steps, one column rather than one per
        feature).

    Attributes
    ----------
    n_features_in_ : int
        Number of features per time step for 3-D input; for 2-D input the
        number of columns, i.e. time steps, as in scikit-learn.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Column names of a DataFrame ``X``, when it had string names.

    See Also
    --------
    SequenceScaler : Standardise features over the present time steps.

    Notes
    -----
    A sequence with no present step gets NaN statistics (and length 0),
    which :class:`~sklearn.ensemble.HistGradientBoostingClassifier` accepts
    and most other tabular models do not.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rnn.preprocessing import SequenceSummarizer
    >>> X = np.array([[[1.0], [3.0], [np.nan]],
    ...               [[2.0], [np.nan], [np.nan]]])
    >>> summarizer = SequenceSummarizer(statistics=("mean", "last", "length"))
    >>> summarizer.fit_transform(X)
    array([[2., 3., 2.],
           [2., 2., 1.]])
    >>> summarizer.get_feature_names_out()
    array(['x0_mean', 'x0_last', 'length'], dtype=object)
    """

    _empty_sequences = "Their statistics are NaN, and their length 0."
    _parameter_constraints: dict = {
        "statistics": [tuple, list],
    }

    def __init__(self, *, statistics=("mean", "std", "min", "max", "last")):
        self.statistics = statistics

    def _check_statistics(self):
        statistics = list(self.statistics)
        unknown = [s for s in statistics if s not in _STATISTICS]
        if unknown or not statistics:
            raise ValueError(
                f"statistics must be a non-empty sequence of {_STATISTICS}, got "
                f"{self.statistics!r}."
            )
        if len(set(statistics)) != len(statistics):
            raise ValueError(f"statistics has duplicates: {self.statistics!r}.")
        return statistics

    @_fit_context(prefer_skip_nested_validation=True)
    @fit_task
    @all_or_nothing
    def fit(self, X, y=None):
        """Check the sequences and remember their number of features.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_samples, n_timesteps)
            NaN-padded sequences.

        y : None
            Ignored.

        Returns
        -------
        self : object
            The fitted summarizer.
        """
        self._check_statistics()
        _validate_sequences(self, X, reset=True)
        return self

    def transform(self, X):
        """Compute the statistics of each sequence.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_samples, n_timesteps)
            NaN-padded sequences, of any number of time steps for 3-D input.

        Returns
        -------
        X_summary : ndarray of shape (n_samples, n_outputs)
            One column per statistic and feature, grouped by statistic in
            the order of ``statistics``; "length" is one column.
        """
        check_is_fitted(self)
        statistics = self._check_statistics()
        X, present, _ = _validate_sequences(self, X, reset=False)
        n_samples = len(X)
        counts = present.sum(axis=1)
        empty = counts == 0
        mask = present[:, :, None]
        rows = np.arange(n_samples)
        first, stop = present_bounds(present)
        columns = []
        with np.errstate(invalid="ignore", divide="ignore"):
            # In float64, over values divided by a power of two near each
            # sequence's largest magnitude: finite input, finite statistics.
            values = np.where(mask, X, 0).astype(np.float64)
            peak = power_of_two_above(np.abs(values).max(axis=1, keepdims=True))
            unit = values / peak
            mean_unit = unit.sum(axis=1, keepdims=True) / counts[:, None, None]
            mean = (mean_unit * peak)[:, 0]
            for stat in statistics:
                if stat == "mean":
                    columns.append(mean)
                elif stat == "std":
                    dev = np.where(mask, unit - mean_unit, 0)
                    std = np.sqrt((dev**2).sum(axis=1) / counts[:, None])
                    columns.append(std * peak[:, 0])
                elif stat in ("min", "max"):
                    fill = np.inf if stat == "min" else -np.inf
                    reduce = np.min if stat == "min" else np.max
                    value = reduce(np.where(mask, X, fill), axis=1)
                    value[empty] = np.nan
                    columns.append(value)
                elif stat in ("first", "last"):
                    index = first if stat == "first" else np.maximum(stop - 1, 0)
                    value = X[rows, index].copy()
                    value[empty] = np.nan
                    columns.append(value)
                else:  # length
                    columns.append(counts[:, None])
        return np.hstack([c.astype(X.dtype, copy=False) for c in columns])

    def get_feature_names_out(self, input_features=None):
        """Get output feature names for transformation.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            Input features, of length `n_features_in_`; None uses
            `feature_names_in_` or generates ``x0, x1, ...``.

        Returns
        -------
        feature_names_out : ndarray of str objects
            ``"{feature}_{statistic}"`` for 3-D input, ``"{statistic}"``
            for 2-D (univariate) input, and ``"length"``.
        """
        check_is_fitted(self, "n_features_in_")
        features = _check_feature_names_in(self, input_features)
        if self._input_ndim == 2:
            features = None
        names = []
        for stat in self._check_statistics():
            if stat == "length" or features is None:
                names.append(stat)
            else:
                names.extend(f"{feature}_{stat}" for feature in features)
        return np.asarray(names, dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.input_tags.allow_nan = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
