"""How many BLAS threads a size of work gets."""

# SPDX-License-Identifier: BSD-3-Clause

from contextlib import nullcontext

from threadpoolctl import ThreadpoolController

# Per-step products of the smallest networks are call-overhead bound: one
# BLAS thread below this many multiply-adds per step (batch * hidden * hidden).
# Above it OpenBLAS sizes its threads to each product itself (benchmarks/).
MIN_WORK_PER_STEP_FOR_THREADS = 256 * 32 * 32

_controller = None


def blas_threads(batch, hidden_layer_sizes):
    """Context that sets the number of BLAS threads for this work size."""
    global _controller
    if batch * max(hidden_layer_sizes) ** 2 >= MIN_WORK_PER_STEP_FOR_THREADS:
        return nullcontext()
    # Finding the thread pools takes milliseconds: once, and only if needed.
    if _controller is None:
        _controller = ThreadpoolController()
    return _controller.limit(limits=1, user_api="blas")
