"""What the core reads: time-major batches of sequences and their targets.

Estimators and transformers take sequences batch-major, ``(n_samples,
n_timesteps, n_features)``, with absent steps all NaN. The core works
time-major, ``(n_timesteps, batch, n_features)``, so that each time step of a
batch is one contiguous block, with absent steps zero and flagged by a
presence mask of shape ``(n_timesteps, batch)``.
"""

# SPDX-License-Identifier: BSD-3-Clause

from dataclasses import dataclass

import numpy as np

# Gathered and transposed this many bytes at a time, in cache.
_BLOCK_BYTES = 1 << 21


@dataclass
class Batch:
    """Time-major sequences and their targets.

    ``X`` (n_timesteps, batch, n_features) with absent steps zero,
    ``present`` (n_timesteps, batch), ``Y`` (batch, n_outputs): one-hot (or
    0/1 for logistic outputs) for classifiers; ``sample_weight`` (batch,),
    scaled to mean one over the whole training set, so that the loss of
    every batch is a weighted mean over its samples. For an output at every
    step, ``Y`` is (batch, n_timesteps, n_outputs) and ``sample_weight``
    (batch, n_timesteps), zero at the steps without a target and summing to
    the number of sequences over the training set: the loss is then the
    weighted mean over the steps with a target.
    """

    X: np.ndarray
    present: np.ndarray
    Y: np.ndarray = None
    sample_weight: np.ndarray = None

    def __len__(self):
        return self.X.shape[1]

    def take(self, rows, workspace=None):
        """The sequences ``rows`` of this batch, contiguous (``np.take``,
        unlike ``X[:, rows]``); into the buffers of ``workspace`` if given,
        which the next call overwrites."""
        X, present = self.X, self.present
        shape = (X.shape[0], len(rows))
        out_X = out_present = None
        if workspace is not None:
            out_X = workspace.empty("X", shape + X.shape[2:], X.dtype)
            out_present = workspace.empty("present", shape, present.dtype)
        return Batch(
            np.take(X, rows, axis=1, out=out_X),
            np.take(present, rows, axis=1, out=out_present),
            self.Y[rows],
            self.sample_weight[rows],
        )

    def weighted_per_sequence(self):
        """This batch with its weights scaled to sum to its number of
        sequences: a mean of one per sample, or per sequence of per-step
        weights."""
        weight = self.sample_weight
        return Batch(self.X, self.present, self.Y, weight / (weight.sum() / len(weight)))


def time_major(X, present, dtype=None, samples=None, mean=None, scale=None):
    """Time-major copy of ``X`` with absent steps set to zero.

    Returns ``X[samples]`` (default: all samples) as a new C-contiguous array
    of shape (n_timesteps, n_samples, n_features) and ``dtype`` (default: that
    of ``X``), standardised as ``(x - mean) / scale`` if ``mean`` is given,
    and ``present[samples]`` transposed to match.
    """
    if samples is None:
        samples = np.arange(len(X))
    # Block by block, in cache: faster than transposing a copy of X[samples]
    # or X whole (benchmarks/README.md).
    X_tm = np.empty(
        (X.shape[1], len(samples), X.shape[2]),
        dtype=X.dtype if dtype is None else dtype,
    )
    block = max(1, _BLOCK_BYTES // max(1, X.itemsize * X.shape[1] * X.shape[2]))
    for begin in range(0, len(samples), block):
        rows = samples[begin : begin + block]
        X_tm[:, begin : begin + block] = X[rows].transpose(1, 0, 2)
    if mean is not None:
        # Halved first, so that x - mean cannot overflow for finite values
        # near the float maximum; halving commutes with rounding, so this is
        # (x - mean) / scale to the bit wherever that is finite (and not
        # subnormal).
        X_tm *= 0.5
        X_tm -= 0.5 * mean.astype(X_tm.dtype)
        X_tm /= scale.astype(X_tm.dtype)
        X_tm *= 2
    present = present[samples]
    present_tm = np.ascontiguousarray(present.T)
    X_tm[~present_tm] = 0
    return X_tm, present_tm
