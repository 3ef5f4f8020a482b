"""Chunked prediction: the chunks change nothing, and bound the memory."""

import tracemalloc

import numpy as np
import pytest

from sklearn_rnn._core.network import RecurrentNetwork
from sklearn_rnn._engine import prediction
from sklearn_rnn._engine.prediction import predict_outputs
from sklearn_rnn._sequences import present_steps


def _fitted_network(cell, n_features=2, hidden=(5,), seed=0, dtype=np.float64):
    network = RecurrentNetwork(n_features, hidden, 2, cell=cell)
    flat = network.initialize(np.random.RandomState(seed), dtype)
    flat += np.random.RandomState(seed + 1).normal(scale=0.3, size=flat.shape).astype(dtype)
    return network, network.layout.views(flat)


@pytest.mark.parametrize("cell", ["rnn", "lstm"])
def test_predictions_do_not_depend_on_the_chunks(cell, monkeypatch):
    """Chunks of 64 sequences (the smallest), the last one shorter, reusing
    one workspace, give the outputs of one sequence at a time."""
    network, params = _fitted_network(cell)
    rng = np.random.RandomState(0)
    X = rng.normal(size=(150, 7, 2))
    X[::3, 5:] = np.nan  # post-padded
    X[1::3, :2] = np.nan  # pre-padded
    present = present_steps(X)
    monkeypatch.setattr(prediction, "PREDICT_BYTES", 1)
    chunked = predict_outputs(network, params, X, present, np.float64)
    one_by_one = np.concatenate([
        predict_outputs(network, params, X[i : i + 1], present[i : i + 1], np.float64)
        for i in range(len(X))
    ])
    np.testing.assert_allclose(chunked, one_by_one, rtol=1e-12, atol=1e-12)


def test_predict_memory_is_bounded_by_chunks():
    network, params = _fitted_network("rnn", hidden=(16,), dtype=np.float32)
    rng = np.random.RandomState(0)
    peaks = []
    for n_samples in (8192, 16384):
        X = rng.normal(size=(n_samples, 10, 2)).astype(np.float32)
        present = np.ones((n_samples, 10), dtype=bool)
        tracemalloc.start()
        predict_outputs(network, params, X, present, np.float32)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    # Twice the samples: the outputs double, the states of a chunk do not.
    states_of_all = 16384 * 11 * 16 * 4
    assert peaks[1] - peaks[0] < states_of_all / 2


def test_long_sequences_keep_the_gates_of_a_block_only():
    """The gates of every step, which only training's backward pass needs,
    are not kept: 16 sequences of 2000 steps through an LSTM of 16 units
    stored 28 MB of gates and cell states, and need about 5."""
    network, params = _fitted_network("lstm", hidden=(16,))
    X = np.random.RandomState(0).normal(size=(16, 2000, 2))
    tracemalloc.start()
    Z = predict_outputs(network, params, X, np.ones((16, 2000), dtype=bool), np.float64)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert np.isfinite(Z).all()
    assert peak < 10 * 2**20


def test_per_step_outputs_in_chunks_equal_those_of_one_sequence_at_a_time(monkeypatch):
    network = RecurrentNetwork(2, (5,), 3, cell="lstm", bidirectional=True, readout=("steps",))
    params = network.layout.views(network.initialize(np.random.RandomState(0), np.float64))
    X = np.random.RandomState(1).normal(size=(70, 6, 2))
    X[::4, 4:] = np.nan
    present = present_steps(X)
    monkeypatch.setattr(prediction, "PREDICT_BYTES", 1)
    chunked = predict_outputs(network, params, X, present, np.float64)
    assert chunked.shape == (70, 6, 3)
    one_by_one = np.concatenate([
        predict_outputs(network, params, X[i : i + 1], present[i : i + 1], np.float64)
        for i in range(len(X))
    ])
    np.testing.assert_allclose(chunked, one_by_one, rtol=1e-12, atol=1e-12)
