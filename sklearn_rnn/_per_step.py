"""What the estimators with an output at every step share: telling per-step
``y`` from one target per sequence, and pooling over the steps that count.

A ``y`` of shape (n_samples, n_timesteps), one target per step, trains an
output at every step; a ``y`` of shape (n_samples,) one target per sequence,
as :class:`~sklearn_rnn.RNNClassifier` and :class:`~sklearn_rnn.RNNRegressor`
do (scikit-learn's checks feed that). Outputs ``Z`` at every step are
(n_samples, n_timesteps, n_outputs); the helpers flatten them to
(n_samples * n_timesteps, n_outputs) rows, so that the sequence-level code
maps, weighs and scores them unchanged.
"""

# SPDX-License-Identifier: BSD-3-Clause

import warnings

import numpy as np
from sklearn.exceptions import DataConversionWarning

from ._labels import check_step_labels
from ._sequences import present_steps


def is_per_step(estimator, y, n_timesteps, continuing):
    """Whether ``y`` holds a target per step; a column vector (n_samples, 1)
    of a y for sequences of several steps is one target per sequence, with
    scikit-learn's warning. Refuses a mode other than the fit continued."""
    shape = y.shape
    if len(shape) == 2 and shape[1] == 1 and n_timesteps != 1:
        warnings.warn(
            "A column-vector y was passed when a 1d array was expected (one target "
            "per sequence) or one of shape (n_samples, n_timesteps) (one per "
            "step). Please change the shape of y to (n_samples,), for example "
            "using ravel().",
            DataConversionWarning,
            stacklevel=4,
        )
        per_step = False
    elif len(shape) == 1:
        per_step = False
    elif len(shape) >= 2 and shape[1] >= n_timesteps:
        # (More steps than X: see steps_of_X.)
        per_step = True
    else:
        raise ValueError(
            f"{type(estimator).__name__} takes y of shape (n_samples,), a target per "
            f"sequence, or (n_samples, n_timesteps) = (n_samples, {n_timesteps}), a "
            f"target per step of X; got y of shape {shape}."
        )
    if continuing and per_step != estimator._per_step:
        raise ValueError(
            "warm_start and partial_fit need y of the previous fit's kind: "
            f"{'a target per step' if estimator._per_step else 'a target per sequence'}."
        )
    return per_step


def refuse_ragged_targets(y, fill_value=None):
    """A list of the targets of each sequence, of different lengths, needs
    padding first: say so, naming :func:`~sklearn_rnn.pad_targets` and the
    ``fill_value`` to pad with (None: NaN), instead of numpy's message
    about inhomogeneous shapes."""
    if not isinstance(y, (list, tuple)) or not len(y):
        return
    first = np.shape(y[0])
    for i, targets in enumerate(y):
        try:
            shape = np.shape(targets)
        except ValueError:  # ragged itself
            shape = None
        if shape != first:
            fill = "np.nan" if fill_value is None else repr(fill_value)
            raise ValueError(
                f"y is a list of the targets of each sequence, of different shapes: "
                f"sequence 0 of shape {first}, sequence {i} of shape {shape}. Pad "
                "them into one array of shape (n_samples, n_timesteps) with "
                f"sklearn_rnn.pad_targets(y, fill_value={fill}), as pad_sequences "
                "pads X."
            )


def step_targets(y, shape, who, fill_value=None):
    """``y`` to score predictions of ``shape`` (n_samples, n_timesteps)
    with, as an array of that shape (see :func:`steps_of_X`); ``who``
    scores. ``fill_value`` is a classifier's, checked against the labels
    of ``y``, or None for a regressor's NaN (``y`` is then float64)."""
    refuse_ragged_targets(y, fill_value)
    given, y = y, np.asarray(y)
    if y.ndim != 2 or y.shape[0] != shape[0] or y.shape[1] < shape[1]:
        raise ValueError(
            f"{who} scores y of shape (n_samples, n_timesteps) = {shape}, a target per "
            f"step of X; got y of shape {y.shape}."
        )
    if fill_value is None:
        y = y.astype(np.float64)
    else:
        check_step_labels(y, fill_value, given)
    return steps_of_X(y, shape[1], fill_value)


def steps_of_X(y, n_timesteps, fill_value=None):
    """Per-step targets ``y`` (an array) cut to the ``n_timesteps`` of X.

    Steps after X's last are absent from every sequence: so it is when
    SequencePadder pads each fold of a ragged list to its own longest
    sequence, and pad_targets padded y to the longest of all. They are
    dropped if they hold no target (``fill_value``, None: NaN); a target
    there means that y does not go with X, and is refused.
    """
    if y.shape[1] <= n_timesteps:
        return y
    beyond = labelled_steps(y[:, n_timesteps:], fill_value)
    if beyond.any():
        i, t = np.argwhere(beyond)[0]
        value = y[i, n_timesteps + t]
        value = value.item() if isinstance(value, np.generic) else value
        mark = "NaN" if fill_value is None else f"fill_value={fill_value!r}"
        raise ValueError(
            f"y has {y.shape[1]} steps and X {n_timesteps}: the steps of y after X's "
            f"last may hold only {mark}, as after each sequence's end, but sample {i} "
            f"has the target {value!r} at step {n_timesteps + t}. Pass the y that "
            "goes with X."
        )
    return y[:, :n_timesteps]


def labelled_steps(y, fill_value=None):
    """The steps of per-step targets ``y`` that have one: those that differ
    from ``fill_value``, or with None those that are not NaN."""
    if fill_value is None:
        return ~np.isnan(y)
    return np.asarray(y != fill_value, dtype=bool)


def rows(Z):
    """Outputs of shape (n, T, k) as (n * T, k) rows."""
    return Z.reshape(-1, Z.shape[-1])


def scored_steps(X, labelled, sample_weight):
    """The mask of the steps a score pools over (present and labelled) and
    their weights; ``sample_weight`` of shape (n_samples,) or (n_samples,
    n_timesteps), or None."""
    with warnings.catch_warnings():
        # The prediction the score compares with has warned of them already.
        warnings.filterwarnings("ignore", ".*no present time step", UserWarning)
        mask = present_steps(X) & labelled
    if sample_weight is None:
        return mask, None
    weight = np.asarray(sample_weight, dtype=np.float64)
    if weight.shape not in (mask.shape[:1], mask.shape):
        raise ValueError(
            f"sample_weight.shape == {weight.shape}, expected {mask.shape[:1]} (a "
            f"weight per sequence) or {mask.shape} (a weight per step)."
        )
    weight = np.broadcast_to(weight[:, None] if weight.ndim == 1 else weight, mask.shape)
    return mask, weight[mask]
