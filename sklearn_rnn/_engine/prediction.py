"""Raw outputs of a network over many sequences, in chunks of bounded memory."""

# SPDX-License-Identifier: BSD-3-Clause

import numpy as np

from .._core.batch import time_major
from .._core.workspace import Workspace
from .threads import blas_threads

# Chunks whose arrays take about this much memory: enough sequences per
# step to amortise the per-step calls, few enough to bound the memory
# whatever the length of the sequences (benchmarks/README.md).
PREDICT_BYTES = 128 * 2**20
# Steps whose gates are computed at a time.
BLOCK_STEPS = 64


def predict_outputs(network, params, X, present, dtype, mean=None, scale=None):
    """Raw outputs of shape (n_samples, n_outputs) for sequences ``X`` (of
    shape (n_samples, n_timesteps, n_outputs) for an output at every step).

    ``X`` is batch-major, (n_samples, n_timesteps, n_features), with absent
    steps NaN and ``present`` their mask (``_sequences.present_steps``),
    standardised with ``mean`` and ``scale`` if given; ``params`` are the
    network's :class:`~.._core.parameters.Parameters` in ``dtype``.
    """
    n_samples = len(X)
    per_step = (X.shape[1],) if network.readout.per_step else ()
    Z = np.empty((n_samples,) + per_step + (network.n_outputs,), dtype=dtype)
    size = int(np.clip(PREDICT_BYTES // _bytes_per_sequence(network, X, dtype), 1, 4096))
    workspace = Workspace()
    with blas_threads(min(n_samples, size), network.hidden_layer_sizes):
        for begin in range(0, n_samples, size):
            chunk = slice(begin, begin + size)
            Xc, present_c = time_major(
                X[chunk], present[chunk], dtype, mean=mean, scale=scale
            )
            Z[chunk] = network.predict(params, Xc, present_c, workspace, BLOCK_STEPS)
    return Z


def _bytes_per_sequence(network, X, dtype):
    """What one sequence of ``X`` costs :meth:`RecurrentNetwork.predict`:
    its input twice (the batch-major input and its time-major copy), the
    states of two layers and their outputs side by side, over all steps;
    the gates and what the cells keep, over a block of steps."""
    n_steps, n_features = X.shape[1], X.shape[2]
    width = network.n_directions * max(network.hidden_layer_sizes)
    per_block = network.units_per_step * 2
    units = n_steps * (2 * n_features + 3 * width) + min(n_steps, BLOCK_STEPS) * per_block
    return units * np.dtype(dtype).itemsize
