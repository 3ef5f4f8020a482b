"""The cells' time loops: absent steps, the LSTM's two paths, and what a
forward pass must not touch."""

import numpy as np
import pytest

from sklearn_rnn._core.cells import CELLS, LSTMCell, make_cell
from sklearn_rnn._core.network import RecurrentNetwork

CELL_DIRECTIONS = [
    ("rnn", False), ("rnn", True), ("gru", False), ("gru", True), ("lstm", False),
    ("lstm", True),
]


@pytest.mark.parametrize("cell, bidirectional", CELL_DIRECTIONS)
def test_absent_steps_leave_the_state_unchanged(network_problem, cell, bidirectional):
    network, flat, batch = network_problem(
        "tanh", (4, 3), "binary_log_loss", 1, cell=cell, bidirectional=bidirectional
    )
    present = batch.present
    _, cache = network.forward(network.layout.views(flat), batch.X, present)
    for traces in cache.layers:
        for trace in traces:
            # The forward direction's state after step t is S[t + 1], the
            # backward direction's S[t]; absent steps copy the one before.
            # The LSTM's cell states come in the cell's order of processing.
            states = [trace.S]
            if cell == "lstm":
                states.append(trace.in_processing_order(trace.cache.C))
            for S in states:
                after, before = (S[:-1], S[1:]) if trace.reverse else (S[1:], S[:-1])
                np.testing.assert_array_equal(after[~present], before[~present])
                assert not np.array_equal(after[present], before[present])


def test_lstm_steps_in_a_block_or_in_place_agree(network_problem, monkeypatch):
    """The LSTM's forward loop works on a step's gates in a contiguous block
    below a size and in place above it: the same arithmetic, bit for bit."""
    network, flat, batch = network_problem(hidden=(4, 3), cell="lstm", bidirectional=True)
    results = []
    for max_block_size in (0, 10**9):
        monkeypatch.setattr(LSTMCell, "max_block_size", max_block_size)
        grad = np.empty_like(flat)
        results.append((network.loss_gradient(flat, grad, batch, "log_loss", 1e-4), grad))
    (in_place, grad_in_place), (in_block, grad_in_block) = results
    assert in_place == in_block
    np.testing.assert_array_equal(grad_in_place, grad_in_block)


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
@pytest.mark.parametrize("n_hidden", [1, 3])
def test_forward_leaves_the_parameters_unchanged(cell, n_hidden):
    network = RecurrentNetwork(2, (n_hidden,), 1, cell=cell, bidirectional=True)
    flat = network.initialize(np.random.RandomState(0), np.float64)
    before = flat.copy()
    network.forward(network.layout.views(flat), np.ones((3, 4, 2)), np.ones((3, 4), bool))
    np.testing.assert_array_equal(flat, before)


def test_every_cell_states_its_gates_consistently():
    for name in CELLS:
        cell = make_cell(name)
        assert sorted(cell.gate_order) == list(range(cell.n_gates))
        assert len(cell.gate_scale) == cell.n_gates
        # The sigmoid halving is exact: a power of two, or none.
        assert set(cell.gate_scale) <= {0.5, 1.0}
    assert make_cell("rnn", "relu").activation == "relu"
