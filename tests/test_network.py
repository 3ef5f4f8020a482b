"""The numpy core: gradients against finite differences, and the masking."""

import numpy as np
import pytest

from sklearn_rnn._network import RecurrentNetwork


CELL_DIRECTIONS = [
    ("rnn", True), ("gru", False), ("gru", True), ("lstm", False), ("lstm", True)
]


def _problem(activation, hidden, loss, n_outputs, seed=0, cell="rnn", bidirectional=False):
    rng = np.random.RandomState(seed)
    n_steps, batch, n_features = 7, 6, 3
    network = RecurrentNetwork(
        n_features, hidden, n_outputs, activation, cell, bidirectional
    )
    flat = network.initialize(rng, np.float64)
    # Nonzero biases, and relu units away from their kink.
    flat += rng.normal(scale=0.3, size=flat.shape)
    X = rng.normal(size=(n_steps, batch, n_features))
    present = np.ones((n_steps, batch), dtype=bool)
    present[5:, 0] = False  # padded at the end
    present[:2, 1] = False  # padded at the start
    present[[2, 4], 2] = False  # missing steps inside
    present[3:, 3] = False
    present[[0, 1, 3], 3] = False  # one present step only
    X[~present] = 0
    if loss == "log_loss":
        Y = np.eye(n_outputs)[rng.randint(n_outputs, size=batch)]
    elif loss == "binary_log_loss":
        Y = rng.randint(2, size=(batch, 1)).astype(float)
    else:
        Y = rng.normal(size=(batch, n_outputs))
    sample_weight = rng.uniform(0.2, 2, size=batch)
    return network, flat, (X, present, Y, sample_weight, loss)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("hidden", [(5,), (4, 3)])
@pytest.mark.parametrize(
    "loss, n_outputs",
    [("binary_log_loss", 1), ("log_loss", 3), ("squared_error", 1), ("squared_error", 2)],
)
@pytest.mark.parametrize("alpha", [0.0, 0.3])
def test_gradient_matches_finite_differences(activation, hidden, loss, n_outputs, alpha):
    network, flat, args = _problem(activation, hidden, loss, n_outputs)
    assert _relative_gradient_error(network, flat, args, alpha) < 1e-6


@pytest.mark.parametrize("cell, bidirectional", CELL_DIRECTIONS)
@pytest.mark.parametrize("hidden", [(5,), (4, 3)])
@pytest.mark.parametrize("loss, n_outputs", [("log_loss", 3), ("squared_error", 2)])
def test_cell_gradient_matches_finite_differences(
    cell, bidirectional, hidden, loss, n_outputs
):
    """Gated cells and bidirectional layers, with padding and missing steps."""
    network, flat, args = _problem(
        "tanh", hidden, loss, n_outputs, cell=cell, bidirectional=bidirectional
    )
    assert _relative_gradient_error(network, flat, args, 0.1) < 1e-6


def _relative_gradient_error(network, flat, args, alpha):
    grad = np.empty_like(flat)
    network.loss_gradient(flat, grad, *args, alpha)

    eps = 1e-6
    numeric = np.empty_like(flat)
    scratch = np.empty_like(flat)
    for i in range(flat.size):
        step = np.zeros_like(flat)
        step[i] = eps
        up = network.loss_gradient(flat + step, scratch, *args, alpha)
        down = network.loss_gradient(flat - step, scratch, *args, alpha)
        numeric[i] = (up - down) / (2 * eps)
    # Every named parameter gets a gradient, and all of them match.
    for name, g in network.unpack(grad).items():
        assert np.any(g != 0), name
    return np.linalg.norm(grad - numeric) / np.linalg.norm(numeric)


def test_loss_is_weighted_mean_plus_penalty():
    network, flat, (X, present, Y, sw, loss) = _problem("tanh", (4,), "squared_error", 1)
    grad = np.empty_like(flat)
    Z, _ = network.forward(network.unpack(flat), X, present)
    expected = (sw * 0.5 * ((Z - Y) ** 2).mean(axis=1)).sum() / len(Y)
    assert network.loss_gradient(flat, grad, X, present, Y, sw, loss, 0.0) == (
        pytest.approx(expected, rel=1e-12)
    )
    weights = sum(
        (W**2).sum() for name, W in network.unpack(flat).items() if "weight" in name
    )
    penalised = network.loss_gradient(flat, grad, X, present, Y, sw, loss, 0.5)
    assert penalised == pytest.approx(expected + 0.25 * weights, rel=1e-12)


@pytest.mark.parametrize("cell, bidirectional", [("rnn", False)] + CELL_DIRECTIONS)
def test_absent_steps_leave_the_state_unchanged(cell, bidirectional):
    network, flat, (X, present, *_) = _problem(
        "tanh", (4, 3), "binary_log_loss", 1, cell=cell, bidirectional=bidirectional
    )
    params = network.unpack(flat)
    _, (_, _, _, _, layers) = network.forward(params, X, present)
    for directions in layers:
        for d, (S, _, cache) in enumerate(directions):
            # The forward direction's state after step t is S[t + 1], the
            # backward direction's S[t]; absent steps copy the one before.
            # The LSTM's cell states, which the cell keeps in its own order.
            states = [S] + ([cache[0][::-1] if d else cache[0]] if cell == "lstm" else [])
            for S in states:
                after, before = (S[:-1], S[1:]) if d else (S[1:], S[:-1])
                np.testing.assert_array_equal(after[~present], before[~present])
                assert not np.array_equal(after[present], before[present])


@pytest.mark.parametrize("cell, bidirectional", [("rnn", False)] + CELL_DIRECTIONS)
def test_output_reads_the_last_present_step(cell, bidirectional):
    """Dropping the absent steps of one sequence changes none of its outputs."""
    activation = "relu" if cell == "rnn" else "tanh"
    network, flat, (X, present, *_) = _problem(
        activation, (4, 3), "log_loss", 3, cell=cell, bidirectional=bidirectional
    )
    params = network.unpack(flat)
    Z, _ = network.forward(params, X, present)
    for i in range(X.shape[1]):
        steps = np.flatnonzero(present[:, i])
        Xi = X[steps, i : i + 1]
        Zi, _ = network.forward(params, Xi, np.ones((len(steps), 1), dtype=bool))
        np.testing.assert_allclose(Zi[0], Z[i], rtol=1e-12, atol=1e-14)


def test_initialization_depends_only_on_shapes_and_seed():
    network = RecurrentNetwork(3, (5, 4), 2, "tanh")
    a = network.initialize(np.random.RandomState(7), np.float64)
    b = RecurrentNetwork(3, (5, 4), 2, "relu").initialize(
        np.random.RandomState(7), np.float64
    )
    np.testing.assert_array_equal(a, b)
    W_hh = network.unpack(a)["rnn.weight_hh_l0"]
    np.testing.assert_allclose(W_hh @ W_hh.T, np.eye(5), atol=1e-12)


def test_parameters_are_views_of_the_flat_vector():
    network = RecurrentNetwork(3, (5,), 2, "tanh")
    flat = network.initialize(np.random.RandomState(0), np.float32)
    params = network.unpack(flat)
    assert [(k, v.shape) for k, v in params.items()] == network.layout
    assert all(np.shares_memory(v, flat) for v in params.values())
    assert all(v.dtype == np.float32 for v in params.values())
    np.testing.assert_array_equal(network.pack(params, np.float32), flat)


@pytest.mark.parametrize("cell, bidirectional", [("rnn", False)] + CELL_DIRECTIONS)
def test_batch_without_present_steps(cell, bidirectional):
    """A batch of empty sequences gets the output of the zero state."""
    network = RecurrentNetwork(3, (4, 4), 2, "tanh", cell, bidirectional)
    flat = network.initialize(np.random.RandomState(0), np.float32)
    grad = np.empty_like(flat)
    X, present = np.zeros((5, 3, 3), np.float32), np.zeros((5, 3), bool)
    Y = np.eye(2, dtype=np.float32)[[0, 1, 0]]
    loss = network.loss_gradient(flat, grad, X, present, Y, np.ones(3, np.float32), "log_loss", 0.0)
    assert loss == pytest.approx(np.log(2))
    grads = network.unpack(grad)
    assert np.any(grads.pop("linear.bias") != 0)
    assert all(not g.any() for g in grads.values())


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
@pytest.mark.parametrize("n_hidden", [1, 3])
def test_forward_leaves_the_parameters_unchanged(cell, n_hidden):
    network = RecurrentNetwork(2, (n_hidden,), 1, cell=cell, bidirectional=True)
    flat = network.initialize(np.random.RandomState(0), np.float64)
    before = flat.copy()
    network.forward(network.unpack(flat), np.ones((3, 4, 2)), np.ones((3, 4), bool))
    np.testing.assert_array_equal(flat, before)
