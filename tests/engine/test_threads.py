import numpy as np
from threadpoolctl import threadpool_info

from sklearn_rnn._engine.threads import MIN_WORK_PER_STEP_FOR_THREADS, blas_threads


def _blas_threads():
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def test_one_blas_thread_for_small_steps_and_no_limit_for_large_ones():
    np.ones(1) @ np.ones(1)  # numpy's BLAS is loaded
    before = _blas_threads()
    with blas_threads(32, (32,)):
        assert set(_blas_threads()) == {1}
    assert _blas_threads() == before
    with blas_threads(MIN_WORK_PER_STEP_FOR_THREADS // (64 * 64), (16, 64)):
        assert _blas_threads() == before
