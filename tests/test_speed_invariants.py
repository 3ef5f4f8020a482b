"""Properties the speed of the core rests on (no timings: see benchmarks/).

float32 stays float32 through the forward and backward passes (numpy float64
scalars or arrays would silently upcast every product), and ``predict``
works in chunks, so that its memory does not grow with the data.
"""

import tracemalloc

import numpy as np
import pytest

from sklearn_rnn import RNNClassifier, RNNRegressor
from sklearn_rnn._network import RecurrentNetwork
from sklearn_rnn._workspace import Workspace


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_float32_end_to_end(cell, bidirectional):
    rng = np.random.RandomState(0)
    n_steps, batch, n_features = 6, 5, 3
    network = RecurrentNetwork(n_features, (4, 3), 2, "tanh", cell, bidirectional)
    flat = network.initialize(rng, np.float32)
    X = rng.normal(size=(n_steps, batch, n_features)).astype(np.float32)
    present = np.ones((n_steps, batch), dtype=bool)
    present[4:, 0] = False
    Y = np.eye(2, dtype=np.float32)[rng.randint(2, size=batch)]
    weight = np.ones(batch, dtype=np.float32)
    Z, (_, _, _, inputs, layers) = network.forward(network.unpack(flat), X, present)
    assert Z.dtype == np.float32
    for inp in inputs:
        assert inp.dtype == np.float32
    for directions in layers:
        for S, G, cache in directions:
            assert S.dtype == G.dtype == np.float32
            for kept in cache if isinstance(cache, tuple) else [cache]:
                assert kept is None or kept.dtype == np.float32
    grad = np.empty_like(flat)
    network.loss_gradient(flat, grad, X, present, Y, weight, "log_loss", 1e-4)
    assert grad.dtype == np.float32
    assert np.isfinite(grad).all()


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_predict_memory_is_bounded_by_chunks():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(64, 10, 2)).astype(np.float32)
    y = rng.randint(2, size=64)
    clf = RNNClassifier(hidden_layer_sizes=(16,), max_iter=1).fit(X, y)
    peaks = []
    for n_samples in (8192, 16384):
        X_big = rng.normal(size=(n_samples, 10, 2)).astype(np.float32)
        tracemalloc.start()
        clf.predict(X_big)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    # Twice the samples: the input validation and the outputs double, the
    # states of a chunk do not.
    states_of_all = 16384 * 11 * 16 * 4
    assert peaks[1] - peaks[0] < states_of_all / 2


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
def test_a_reused_workspace_gives_the_results_of_fresh_arrays(cell):
    """Buffers reused across batches of other sizes leave no trace."""
    rng = np.random.RandomState(0)
    network = RecurrentNetwork(3, (4, 3), 2, "tanh", cell, bidirectional=True)
    flat = network.initialize(rng, np.float64)
    workspace = Workspace()
    # Larger, then smaller and shorter, then larger batches, with absent steps.
    for n_steps, batch in [(7, 6), (3, 2), (5, 4), (8, 9)]:
        X = rng.normal(size=(n_steps, batch, 3))
        present = rng.uniform(size=(n_steps, batch)) < 0.8
        X[~present] = 0
        Y = np.eye(2)[rng.randint(2, size=batch)]
        args = (X, present, Y, np.ones(batch), "log_loss", 1e-4)
        reused, fresh = np.empty_like(flat), np.empty_like(flat)
        loss = network.loss_gradient(flat, reused, *args, workspace)
        assert loss == network.loss_gradient(flat, fresh, *args)
        np.testing.assert_array_equal(reused, fresh)
        # Garbage left in the buffers must not matter either.
        for buffer in workspace._buffers.values():
            buffer.fill(np.nan)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("cell", ["rnn", "lstm"])
def test_predictions_do_not_depend_on_the_chunks(cell, monkeypatch):
    """Chunks of 64 sequences (the smallest), the last one shorter, reusing
    one workspace, give the predictions of one sequence at a time."""
    import sklearn_rnn._recurrent as recurrent

    rng = np.random.RandomState(0)
    X = rng.normal(size=(150, 7, 2))
    X[::3, 5:] = np.nan  # post-padded
    X[1::3, :2] = np.nan  # pre-padded
    y = rng.normal(size=150)
    reg = RNNRegressor(hidden_layer_sizes=(5,), cell=cell, max_iter=2, random_state=0)
    reg.fit(X, y)
    monkeypatch.setattr(recurrent, "_PREDICT_BYTES", 1)
    chunked = reg.predict(X)
    one_by_one = np.concatenate([reg.predict(X[i : i + 1]) for i in range(len(X))])
    np.testing.assert_allclose(chunked, one_by_one, rtol=1e-12, atol=1e-12)


def test_lstm_steps_in_a_block_or_in_place_agree(monkeypatch):
    """The LSTM's forward loop works on a step's gates in a contiguous block
    below a size and in place above it: the same arithmetic, bit for bit."""
    from sklearn_rnn._cells import LSTMCell

    rng = np.random.RandomState(0)
    network = RecurrentNetwork(3, (4, 3), 2, "tanh", "lstm", bidirectional=True)
    flat = network.initialize(rng, np.float64)
    X = rng.normal(size=(6, 5, 3))
    present = rng.uniform(size=(6, 5)) < 0.8
    X[~present] = 0
    args = (X, present, np.eye(2)[rng.randint(2, size=5)], np.ones(5), "log_loss", 1e-4)
    results = []
    for max_block_size in (0, 10**9):
        monkeypatch.setattr(LSTMCell, "max_block_size", max_block_size)
        grad = np.empty_like(flat)
        results.append((network.loss_gradient(flat, grad, *args), grad))
    (in_place, grad_in_place), (in_block, grad_in_block) = results
    assert in_place == in_block
    np.testing.assert_array_equal(grad_in_place, grad_in_block)
