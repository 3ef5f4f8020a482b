"""Raw outputs of a network over many sequences, in chunks of bounded memory."""

# SPDX-License-Identifier: BSD-3-Clause

import numpy as np

from .._core.layout import time_major
from .._core.workspace import Workspace
from .threads import blas_threads

# Chunks whose gates and states take about this much memory: enough
# sequences per step to amortise the per-step calls, few enough to bound the
# memory (benchmarks/README.md).
PREDICT_BYTES = 128 * 2**20


def predict_outputs(network, params, X, present, dtype, mean=None, scale=None):
    """Raw outputs of shape (n_samples, n_outputs) for sequences ``X``.

    ``X`` is batch-major, (n_samples, n_timesteps, n_features), with absent
    steps NaN and ``present`` their mask (``_sequences.present_steps``),
    standardised with ``mean`` and ``scale`` if given; ``params`` are the
    network's :class:`~.._core.parameters.Parameters` in ``dtype``.
    """
    n_samples = len(X)
    Z = np.empty((n_samples, network.n_outputs), dtype=dtype)
    per_sequence = X.shape[1] * network.units_per_step * np.dtype(dtype).itemsize
    size = int(np.clip(PREDICT_BYTES // per_sequence, 64, 4096))
    workspace = Workspace()
    with blas_threads(min(n_samples, size), network.hidden_layer_sizes):
        for begin in range(0, n_samples, size):
            chunk = slice(begin, begin + size)
            Xc, present_c = time_major(
                X[chunk], present[chunk], dtype, mean=mean, scale=scale
            )
            Z[chunk] = network.forward(params, Xc, present_c, workspace)[0]
    return Z
