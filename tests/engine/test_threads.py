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


def test_threads_entering_and_leaving_the_limit_together_restore_it():
    """The limit is state of the whole process: four threads entering and
    leaving it in every interleaving leave the process as it was."""
    import threading

    np.ones(1) @ np.ones(1)
    before = _blas_threads()
    barrier = threading.Barrier(4)

    def work():
        barrier.wait()
        for _ in range(1000):
            with blas_threads(32, (32,)):
                np.ones((64, 64)) @ np.ones((64, 64))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert _blas_threads() == before
