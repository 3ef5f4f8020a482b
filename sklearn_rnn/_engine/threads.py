"""How many BLAS threads a size of work gets.

The number of BLAS threads is state of the whole process, and threads of a
program may fit and predict at the same time: the first of them to need the
limit sets it, the last to leave restores what was there before, under one
lock, so that no interleaving leaves the process limited.
"""

# SPDX-License-Identifier: BSD-3-Clause

import threading
from contextlib import contextmanager, nullcontext

from threadpoolctl import ThreadpoolController

# Per-step products of the smallest networks are call-overhead bound: one
# BLAS thread below this many multiply-adds per step (batch * hidden * hidden).
# Above it OpenBLAS sizes its threads to each product itself (benchmarks/).
MIN_WORK_PER_STEP_FOR_THREADS = 256 * 32 * 32

_lock = threading.Lock()
_controller = None
_users = 0
_limiter = None


def blas_threads(batch, hidden_layer_sizes):
    """Context that sets the number of BLAS threads for this work size."""
    if batch * max(hidden_layer_sizes) ** 2 >= MIN_WORK_PER_STEP_FOR_THREADS:
        return nullcontext()
    return _one_blas_thread()


@contextmanager
def _one_blas_thread():
    global _controller, _users, _limiter
    with _lock:
        if _users == 0:
            # Finding the thread pools takes milliseconds: once, and only if needed.
            if _controller is None:
                _controller = ThreadpoolController()
            _limiter = _controller.limit(limits=1, user_api="blas")
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0:
                _limiter.restore_original_limits()
                _limiter = None
