import numpy as np

from sklearn_rnn._core.workspace import Workspace


def test_buffers_are_reused_grown_and_scoped():
    ws = Workspace()
    a = ws.empty("a", (3, 4), np.float64)
    assert a.shape == (3, 4) and a.flags.c_contiguous
    b = ws.empty("a", (2, 2), np.float64)
    assert np.shares_memory(a, b)  # a smaller request reuses the buffer
    c = ws.empty("a", (5, 5), np.float64)
    assert not np.shares_memory(a, c)  # a larger one grows it
    assert not np.shares_memory(ws.empty("a", (2,), np.float32), c)  # so does a dtype
    scoped = ws.scope(0, 1)
    d = scoped.empty("a", (2,), np.float64)
    assert not np.shares_memory(d, ws.empty("a", (2,), np.float64))
    assert np.shares_memory(d, ws.scope(0, 1).empty("a", (2,), np.float64))
    assert not ws.zeros("z", (3,), np.float64).any()
