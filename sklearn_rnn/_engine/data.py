"""The data a training run reads, prepared once per fit: the distinct
samples, standardised and time-major, and the rows held out to validate."""

# SPDX-License-Identifier: BSD-3-Clause

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .._core.batch import Batch, time_major
from .._core.scaling import Standardization, scale_of, weighted_moments
from .duplicates import merge_duplicates

# Single precision trains only on data below this magnitude once
# standardised: squared errors and gradients of such values stay far inside
# float32's range (3.4e38), where float64 data beyond it would overflow.
SINGLE_PRECISION_LIMIT = 1e15


@dataclass
class TrainingData:
    """The distinct training samples as one time-major, standardised
    :class:`~.._core.batch.Batch`; ``count``, how many given samples each
    stands for; ``scaling``, the :class:`~.._core.scaling.Standardization`
    applied to them."""

    batch: Batch
    count: np.ndarray
    scaling: Standardization


@dataclass(frozen=True)
class Validation:
    """Rows of the training data held out to decide when to stop, and
    ``score(Z, Y, sample_weight)``, the estimator's score of raw outputs
    ``Z`` against their targets."""

    rows: np.ndarray
    score: Callable


def prepare_training_data(
    X, present, Y, sample_weight, *, scaling=None, standardize_inputs=False,
    standardize_targets=False, single_precision=False,
):
    """:class:`TrainingData` of batch-major sequences ``X`` (absent steps
    NaN, ``present`` their mask), targets ``Y`` (n_samples, n_outputs) or, at
    every step, (n_samples, n_timesteps, n_outputs), and weights of the
    samples (or of their steps).

    Identical samples are merged (``duplicates.merge_duplicates``). A fit
    that goes on passes the ``scaling`` it trained under; a new one
    standardises the inputs, and the targets, as asked, and needs some
    present step to learn from.

    With ``single_precision``, the batch is float32 (the stochastic solvers'
    arithmetic: about three quarters of float64's time per epoch at the
    same accuracy, ``benchmarks/results_accuracy.md``) unless the
    standardised values reach ``SINGLE_PRECISION_LIMIT``; else it has the
    dtype of ``X``.
    """
    merged = merge_duplicates(X, Y, sample_weight)
    if scaling is None and not present[merged.index].any():
        raise ValueError(
            "X has no present time step in any sample of non-zero weight (every "
            "step is all NaN): there is nothing to learn from."
        )
    if scaling is None:
        scaling = _standardization(
            X, present, Y, merged, standardize_inputs, standardize_targets
        )
    X_tm, present_tm = time_major(
        X, present, samples=merged.index,
        mean=scaling.input_mean, scale=scaling.input_scale,
    )
    Y = scaling.standardize_targets(Y[merged.index])
    dtype = X_tm.dtype
    if single_precision and _below(SINGLE_PRECISION_LIMIT, X_tm, Y):
        dtype = np.float32
    batch = Batch(
        X_tm.astype(dtype, copy=False), present_tm, Y.astype(dtype),
        merged.weight.astype(dtype),
    )
    return TrainingData(batch, merged.count, scaling)


def _below(limit, *arrays):
    """Whether no value of ``arrays`` reaches ``limit`` in magnitude (NaN,
    a step without a target, does not); reductions, without a copy."""
    return all(
        np.fmax.reduce(a, axis=None, initial=-limit) < limit
        and np.fmin.reduce(a, axis=None, initial=limit) > -limit
        for a in arrays
    )


def _standardization(X, present, Y, merged, inputs, targets):
    """Each feature's weighted mean and scale over the present steps of the
    distinct samples, and each target's over the samples (over the steps
    with a target, for targets at every step)."""
    scaling = Standardization()
    if inputs:
        rows = present[merged.index]
        # A sequence of weights per step weighs their mean.
        weight = merged.weight if merged.weight.ndim == 1 else merged.weight.mean(axis=1)
        mean, std = weighted_moments(
            X[merged.index][rows], np.repeat(weight, rows.sum(axis=1))
        )
        scaling.input_mean, scaling.input_scale = mean, scale_of(mean, std)
    if targets:
        n_outputs = Y.shape[-1]
        mean, std = weighted_moments(
            Y[merged.index].reshape(-1, n_outputs), merged.weight.reshape(-1)
        )
        scaling.target_mean, scaling.target_scale = mean, scale_of(mean, std)
    return scaling
