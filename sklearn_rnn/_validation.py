"""Validation at the boundary of every estimator and transformer, through
scikit-learn's public API."""

# SPDX-License-Identifier: BSD-3-Clause

import functools

import numpy as np
from sklearn.utils.validation import assert_all_finite, check_array, validate_data

from ._core.scaling import power_of_two_above
from ._diagnosis import (
    channels_first_hint,
    check_frame,
    non_numeric_frame_error,
    warn_if_channels_first,
    warn_if_long_columns,
)
from ._sequences import check_steps, warn_if_empty


def check_classes_finite(labels):
    """Refuse NaN and infinite class labels with scikit-learn's message,
    before its target checks cast them to integers (with a RuntimeWarning
    about the cast ahead of the error)."""
    labels = np.asarray(labels)
    if labels.dtype.kind == "f":
        assert_all_finite(labels, input_name="y")


def validate_sequences(estimator, X, *, reset, warn_empty=True):
    """Validate a 2-D or 3-D NaN-padded ``X`` for ``estimator``.

    A 2-D ``X`` holds univariate sequences of a fixed length, which is then
    its number of features in scikit-learn's sense: ``n_features_in_`` is the
    number of columns, and later calls need the same. For 3-D input
    ``n_features_in_`` is the number of features per step, and sequences may
    have any length. When ``reset``, sets ``n_features_in_``,
    ``feature_names_in_`` (DataFrames) and ``_input_ndim``; otherwise checks
    them. Warns about sequences without a present step if ``warn_empty``,
    saying what ``estimator`` does with them (its ``_empty_sequences``).

    Returns
    -------
    X : ndarray of shape (n_samples, n_timesteps, n_features)
        float32 if the input was, float64 otherwise; a view of the input
        where possible, never to be written.

    present : ndarray of bool of shape (n_samples, n_timesteps)
        Whether each step is present (not all NaN).
    """
    _refuse_ragged(X)
    # Other libraries' layouts: refused, or warned about at fit, naming the
    # function of sklearn_rnn.layouts that converts them.
    check_frame(X, warn=reset)
    original = X
    X = validate_data(estimator, X, reset=reset, skip_check_array=True, ensure_2d=False)
    try:
        X = check_array(
            X,
            allow_nd=True,
            dtype=(np.float64, np.float32),
            ensure_all_finite=False,
            input_name="X",
            estimator=estimator,
        )
    except (TypeError, ValueError) as error:
        better = non_numeric_frame_error(original, error)
        if better is None:
            raise
        raise better from error
    if X.ndim > 3:
        raise ValueError(
            "Expected 2-D or 3-D input X of shape (n_samples, n_timesteps) or "
            f"(n_samples, n_timesteps, n_features), got shape {X.shape}."
        )
    if 0 in X.shape:
        raise ValueError(
            f"Found array with 0 time steps or features (shape={X.shape}) "
            "while a minimum of 1 is required."
        )
    name = type(estimator).__name__
    n_features = X.shape[1] if X.ndim == 2 else X.shape[2]
    if reset:
        estimator.n_features_in_ = n_features
        estimator._input_ndim = X.ndim
    else:
        if X.ndim != estimator._input_ndim:
            raise ValueError(
                f"X has {X.ndim} dimensions, but {name} was fitted on "
                f"{estimator._input_ndim}-D input."
            )
        if n_features != estimator.n_features_in_:
            raise ValueError(
                f"X has {n_features} features, but {name} is expecting "
                f"{estimator.n_features_in_} features as input."
            )
    ndim = X.ndim
    if reset and ndim == 2 and hasattr(original, "columns"):
        warn_if_long_columns(X, list(original.columns))
    if ndim == 2:
        X = X[:, :, None]
    present = check_steps(X)
    if warn_empty:
        warn_if_empty(present, getattr(estimator, "_empty_sequences", ""))
    if reset and ndim == 3:
        warn_if_channels_first(X, present)
    return X, present


def _refuse_ragged(X):
    """A list of sequences of different lengths needs padding first: say so
    instead of numpy's message about inhomogeneous shapes."""
    if not isinstance(X, (list, tuple)) or not len(X):
        return
    first = np.shape(X[0])
    for i, x in enumerate(X):
        try:
            shape = np.shape(x)
        except ValueError:  # a ragged sequence itself
            shape = None
        if shape != first:
            hint = channels_first_hint(X)
            raise ValueError(
                f"X is a list of sequences of different shapes: sequence 0 is of "
                f"shape {first}, sequence {i} of shape {shape}."
                + (hint or " Pad them into one NaN-padded array with "
                   "sklearn_rnn.pad_sequences, or begin the pipeline with "
                   "sklearn_rnn.preprocessing.SequencePadder.")
            )


def validate_sample_weight(sample_weight, n_samples, dtype, n_timesteps=None):
    """Sample weights as an array of ``dtype``: ones for None; checked to be
    of shape (n_samples,) (or, given ``n_timesteps``, a weight per step,
    (n_samples, n_timesteps)), not negative and not all zero, and scaled by a
    power of two to below 2, so that no sum of them overflows (the loss, a
    weighted mean, is the same, and exactly so: a power of two scales
    without rounding); equal weights become ones."""
    if sample_weight is None:
        return np.ones(n_samples, dtype=dtype)
    sample_weight = check_array(
        sample_weight,
        ensure_2d=False,
        dtype=dtype,
        input_name="sample_weight",
    )
    shapes = [(n_samples,)] + ([] if n_timesteps is None else [(n_samples, n_timesteps)])
    if sample_weight.shape not in shapes:
        raise ValueError(
            f"sample_weight.shape == {sample_weight.shape}, expected "
            f"{' or '.join(map(str, shapes))}."
        )
    if (sample_weight < 0).any():
        raise ValueError("sample_weight has negative values.")
    if not sample_weight.any():
        raise ValueError("Sample weights are all zero: nothing to train on.")
    if sample_weight.ndim == 1 and (sample_weight == sample_weight[0]).all():
        # Equal weights are no weights: exactly, whatever their value.
        return np.ones(n_samples, dtype=dtype)
    return sample_weight / power_of_two_above(sample_weight.max())


def all_or_nothing(fit=None, *, keep=()):
    """Decorate a fit method: if it raises, the estimator is left as it was,
    fitted or not, instead of with what validation set on the way (a new
    ``n_features_in_`` that the old model does not have, or attributes that
    make an unfitted estimator look fitted); but for the attributes named
    in ``keep``, left as the failed fit left them."""
    if fit is None:
        return functools.partial(all_or_nothing, keep=keep)

    @functools.wraps(fit)
    def guarded(self, *args, **kwargs):
        before = dict(self.__dict__)
        try:
            return fit(self, *args, **kwargs)
        except BaseException:
            kept = {name: self.__dict__[name] for name in keep if name in self.__dict__}
            self.__dict__.clear()
            self.__dict__.update(before, **kept)
            raise

    return guarded
