"""The network: gradients against finite differences, the loss, the
output layer's reading of the last present step, dtypes and buffers."""

import numpy as np
import pytest

from sklearn_rnn._core.batch import Batch
from sklearn_rnn._core.network import RecurrentNetwork
from sklearn_rnn._core.workspace import Workspace

CELL_DIRECTIONS = [
    ("rnn", True), ("gru", False), ("gru", True), ("lstm", False), ("lstm", True)
]


@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("hidden", [(5,), (4, 3)])
@pytest.mark.parametrize(
    "loss, n_outputs",
    [("binary_log_loss", 1), ("log_loss", 3), ("squared_error", 1), ("squared_error", 2)],
)
@pytest.mark.parametrize("alpha", [0.0, 0.3])
def test_gradient_matches_finite_differences(
    network_problem, gradient_error, activation, hidden, loss, n_outputs, alpha
):
    network, flat, batch = network_problem(activation, hidden, loss, n_outputs)
    assert gradient_error(network, flat, batch, loss, alpha) < 1e-6


@pytest.mark.parametrize("cell, bidirectional", CELL_DIRECTIONS)
@pytest.mark.parametrize("hidden", [(5,), (4, 3)])
@pytest.mark.parametrize("loss, n_outputs", [("log_loss", 3), ("squared_error", 2)])
def test_cell_gradient_matches_finite_differences(
    network_problem, gradient_error, cell, bidirectional, hidden, loss, n_outputs
):
    """Gated cells and bidirectional layers, with padding and missing steps."""
    network, flat, batch = network_problem(
        "tanh", hidden, loss, n_outputs, cell=cell, bidirectional=bidirectional
    )
    assert gradient_error(network, flat, batch, loss, 0.1) < 1e-6


@pytest.mark.parametrize("readout", [("mean",), ("max",), ("last", "mean", "max"), ("max", "last")])
@pytest.mark.parametrize("cell, bidirectional", [("rnn", False), ("gru", True), ("lstm", True)])
def test_pooled_readout_gradient_matches_finite_differences(
    cell, bidirectional, readout, gradient_error, ragged_batch
):
    """The readout's gradient flows into the top layer at every present step
    (mean) or at each unit's maximum (max), beside the final state."""
    rng = np.random.RandomState(0)
    network = RecurrentNetwork(3, (4, 3), 2, "tanh", cell, bidirectional, readout)
    flat = network.initialize(rng, np.float64)
    flat += rng.normal(scale=0.3, size=flat.shape)
    batch = ragged_batch(rng, 7, 5)
    assert gradient_error(network, flat, batch, "squared_error", 0.1) < 1e-6


def test_loss_is_weighted_mean_plus_penalty(network_problem):
    network, flat, batch = network_problem("tanh", (4,), "squared_error", 1)
    grad = np.empty_like(flat)
    params = network.layout.views(flat)
    Z, _ = network.forward(params, batch.X, batch.present)
    sw, Y = batch.sample_weight, batch.Y
    expected = (sw * 0.5 * ((Z - Y) ** 2).mean(axis=1)).sum() / len(Y)
    assert network.loss_gradient(flat, grad, batch, "squared_error", 0.0) == (
        pytest.approx(expected, rel=1e-12)
    )
    weights = sum(
        (W**2).sum() for name, W in network.layout.named(flat).items() if "weight" in name
    )
    penalised = network.loss_gradient(flat, grad, batch, "squared_error", 0.5)
    assert penalised == pytest.approx(expected + 0.25 * weights, rel=1e-12)
    value, Z_value = network.loss_value(flat, batch, "squared_error", 0.5)
    assert value == penalised
    np.testing.assert_array_equal(Z_value, Z)


@pytest.mark.parametrize("cell, bidirectional", [("rnn", False)] + CELL_DIRECTIONS)
def test_output_reads_the_last_present_step(network_problem, cell, bidirectional):
    """Dropping the absent steps of one sequence changes none of its outputs."""
    activation = "relu" if cell == "rnn" else "tanh"
    network, flat, batch = network_problem(
        activation, (4, 3), "log_loss", 3, cell=cell, bidirectional=bidirectional
    )
    params = network.layout.views(flat)
    Z, _ = network.forward(params, batch.X, batch.present)
    for i in range(batch.X.shape[1]):
        steps = np.flatnonzero(batch.present[:, i])
        Xi = batch.X[steps, i : i + 1]
        Zi, _ = network.forward(params, Xi, np.ones((len(steps), 1), dtype=bool))
        np.testing.assert_allclose(Zi[0], Z[i], rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("readout", [("last",), ("mean",), ("max",), ("last", "mean", "max")])
@pytest.mark.parametrize("cell, bidirectional", [("rnn", False)] + CELL_DIRECTIONS)
def test_batch_without_present_steps(cell, bidirectional, readout):
    """A batch of empty sequences gets the output of the zero state, whose
    mean and maximum over no step are 0 (the pooled readouts crashed on it,
    issue 23)."""
    network = RecurrentNetwork(3, (4, 4), 2, "tanh", cell, bidirectional, readout)
    flat = network.initialize(np.random.RandomState(0), np.float32)
    grad = np.empty_like(flat)
    X, present = np.zeros((5, 3, 3), np.float32), np.zeros((5, 3), bool)
    Y = np.eye(2, dtype=np.float32)[[0, 1, 0]]
    batch = Batch(X, present, Y, np.ones(3, np.float32))
    assert network.loss_gradient(flat, grad, batch, "log_loss", 0.0) == pytest.approx(
        np.log(2)
    )
    grads = network.layout.named(grad)
    assert np.any(grads.pop("linear.bias") != 0)
    assert all(not g.any() for g in grads.values())
    params = network.layout.views(flat)
    Z = network.predict(params, X, present, Workspace(), 2)
    np.testing.assert_array_equal(Z, np.broadcast_to(params.linear_bias, Z.shape))


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_float32_end_to_end(network_problem, cell, bidirectional):
    """float32 stays float32 through both passes: a float64 scalar or array
    would silently upcast every product."""
    network, flat, batch = network_problem(
        hidden=(4, 3), cell=cell, bidirectional=bidirectional, dtype=np.float32
    )
    Z, cache = network.forward(network.layout.views(flat), batch.X, batch.present)
    assert Z.dtype == np.float32
    assert all(inp.dtype == np.float32 for inp in cache.inputs)
    for traces in cache.layers:
        for trace in traces:
            assert trace.S.dtype == trace.G.dtype == np.float32
            kept = [] if trace.cache is None else vars(trace.cache).values()
            assert all(array.dtype == np.float32 for array in kept)
    grad = np.empty_like(flat)
    network.loss_gradient(flat, grad, batch, "log_loss", 1e-4)
    assert grad.dtype == np.float32
    assert np.isfinite(grad).all()


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
def test_a_reused_workspace_gives_the_results_of_fresh_arrays(cell):
    """Buffers reused across batches of other sizes leave no trace."""
    rng = np.random.RandomState(0)
    network = RecurrentNetwork(3, (4, 3), 2, "tanh", cell, bidirectional=True)
    flat = network.initialize(rng, np.float64)
    workspace = Workspace()
    # Larger, then smaller and shorter, then larger batches, with absent steps.
    for n_steps, size in [(7, 6), (3, 2), (5, 4), (8, 9)]:
        X = rng.normal(size=(n_steps, size, 3))
        present = rng.uniform(size=(n_steps, size)) < 0.8
        X[~present] = 0
        batch = Batch(X, present, np.eye(2)[rng.randint(2, size=size)], np.ones(size))
        reused, fresh = np.empty_like(flat), np.empty_like(flat)
        loss = network.loss_gradient(flat, reused, batch, "log_loss", 1e-4, workspace)
        assert loss == network.loss_gradient(flat, fresh, batch, "log_loss", 1e-4)
        np.testing.assert_array_equal(reused, fresh)
        # Garbage left in the buffers must not matter either.
        for buffer in workspace._buffers.values():
            buffer.fill(np.nan)


def test_architecture_names_what_must_not_change():
    network = RecurrentNetwork(3, [5, 4], 2, "relu", "gru", True)
    assert network.architecture() == {
        "n_features": 3, "hidden_layer_sizes": (5, 4), "cell": "gru",
        "bidirectional": True, "readout": ("last",), "n_outputs": 2,
    }


@pytest.mark.parametrize("cell, bidirectional", [("rnn", False)] + CELL_DIRECTIONS)
@pytest.mark.parametrize("readout", [("last",), ("mean", "max", "last")])
@pytest.mark.parametrize("block_steps", [1, 3, 100])
def test_predict_gives_the_outputs_of_forward_in_blocks_of_steps(
    network_problem, cell, bidirectional, readout, block_steps
):
    network, flat, batch = network_problem(hidden=(4, 3), cell=cell,
                                           bidirectional=bidirectional)
    network = RecurrentNetwork(3, (4, 3), 3, "tanh", cell, bidirectional, readout)
    flat = network.initialize(np.random.RandomState(1), np.float64)
    flat += np.random.RandomState(2).normal(scale=0.3, size=flat.shape)
    params = network.layout.views(flat)
    Z, _ = network.forward(params, batch.X, batch.present)
    workspace = Workspace()
    for _ in range(2):  # a reused workspace too
        predicted = network.predict(params, batch.X, batch.present, workspace, block_steps)
        np.testing.assert_allclose(predicted, Z, rtol=1e-12, atol=1e-14)
        if block_steps >= len(batch.X):
            # All the steps in one block: the products of forward's shapes,
            # so the loss_value of training (a same-machine property).
            np.testing.assert_array_equal(predicted, Z)


@pytest.mark.parametrize("cell, bidirectional", [("rnn", False)] + CELL_DIRECTIONS)
@pytest.mark.parametrize("loss, n_outputs", [("log_loss", 3), ("binary_log_loss", 1),
                                             ("squared_error", 2)])
def test_per_step_gradient_matches_finite_differences(
    cell, bidirectional, loss, n_outputs, gradient_error
):
    """An output at every step: the loss of every weighted step flows back
    through time; steps before and after those present in the batch (where
    the state is zero, or carried on) count too when weighted."""
    rng = np.random.RandomState(0)
    network = RecurrentNetwork(3, (4, 3), n_outputs, "tanh", cell, bidirectional, ("steps",))
    flat = network.initialize(rng, np.float64)
    flat += rng.normal(scale=0.3, size=flat.shape)
    n_steps, size = 8, 5
    X = rng.normal(size=(n_steps, size, 3))
    present = rng.uniform(size=(n_steps, size)) < 0.7
    present[[0, -1]] = False  # steps absent from the whole batch, before and after
    present[3, :] = True
    X[~present] = 0
    if loss == "log_loss":
        Y = np.eye(n_outputs)[rng.randint(n_outputs, size=(size, n_steps))]
    elif loss == "binary_log_loss":
        Y = rng.randint(2, size=(size, n_steps, 1)).astype(float)
    else:
        Y = rng.normal(size=(size, n_steps, n_outputs))
    weight = rng.uniform(0.5, 2, size=(size, n_steps)) * (rng.uniform(size=(size, n_steps)) < 0.8)
    batch = Batch(X, present, Y, weight)
    assert gradient_error(network, flat, batch, loss, 0.1) < 1e-6


def test_per_step_outputs_carry_the_state_through_absent_steps():
    rng = np.random.RandomState(0)
    network = RecurrentNetwork(2, (3,), 2, cell="gru", readout=("steps",))
    flat = network.initialize(rng, np.float64) + 0.1
    params = network.layout.views(flat)
    X = rng.normal(size=(6, 2, 2))
    present = np.ones((6, 2), bool)
    present[[0, 3, 5], :] = False  # before, inside and after
    X[~present] = 0
    Z, _ = network.forward(params, X, present)
    assert Z.shape == (2, 6, 2)
    np.testing.assert_array_equal(Z[:, 0], np.broadcast_to(params.linear_bias, (2, 2)))
    np.testing.assert_array_equal(Z[:, 3], Z[:, 2])
    np.testing.assert_array_equal(Z[:, 5], Z[:, 4])
    np.testing.assert_allclose(network.predict(params, X, present, block_steps=2), Z, rtol=1e-12)
    # The last output is the sequence-level output of the last state.
    last = RecurrentNetwork(2, (3,), 2, cell="gru")
    Z_last, _ = last.forward(last.layout.views(flat), X, present)
    np.testing.assert_allclose(Z[:, -1], Z_last, rtol=1e-12)
