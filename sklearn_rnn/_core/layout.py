"""The core's layout: time-major arrays with absent steps set to zero.

Estimators and transformers take sequences batch-major, ``(n_samples,
n_timesteps, n_features)``, with absent steps all NaN. The core works
time-major, ``(n_timesteps, batch, n_features)``, so that each time step of a
batch is one contiguous block, with absent steps zero and flagged by a
presence mask of shape ``(n_timesteps, batch)``.
"""

# SPDX-License-Identifier: BSD-3-Clause

import numpy as np

# Gathered and transposed this many bytes at a time, in cache.
_BLOCK_BYTES = 1 << 21


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
        X_tm -= mean.astype(X_tm.dtype)
        X_tm /= scale.astype(X_tm.dtype)
    present = present[samples]
    present_tm = np.ascontiguousarray(present.T)
    X_tm[~present_tm] = 0
    return X_tm, present_tm
