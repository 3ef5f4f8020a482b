"""Cross-checks against PyTorch with identical weights (skipped without torch)."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning

from sklearn_rnn import RNNClassifier, RNNRegressor
from sklearn_rnn._core.batch import Batch
from sklearn_rnn._core.network import RecurrentNetwork

torch = pytest.importorskip("torch")

TORCH_CELLS = {"rnn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}


class TorchNet(torch.nn.Module):
    """The PyTorch module whose state_dict matches ``weights_``."""

    def __init__(
        self, n_features, hidden, num_layers, n_outputs, activation, cell, bidirectional,
        readout=("last",), highway=0,
    ):
        super().__init__()
        self.readout = readout
        options = {"nonlinearity": activation} if cell == "rnn" else {}
        self.rnn = TORCH_CELLS[cell](
            n_features, hidden, num_layers, batch_first=True,
            bidirectional=bidirectional, dtype=torch.float64, **options,
        )
        n_directions = 2 if bidirectional else 1
        self.linear = torch.nn.Linear(
            len(readout) * n_directions * hidden, n_outputs, dtype=torch.float64
        )
        self.highway_steps = highway
        if highway:
            self.highway = torch.nn.Linear(
                highway * n_features, n_outputs, bias=False, dtype=torch.float64
            )

    def last_steps(self, X, lengths):
        """The last ``highway_steps`` steps of each sequence (padded at the
        end), newest first, the first step repeated where there are fewer."""
        places = torch.arange(self.highway_steps)
        index = (lengths[:, None] - 1 - places[None]).clamp(min=0)
        gathered = X[torch.arange(len(X))[:, None], index]
        return gathered.reshape(len(X), -1)

    def forward(self, X, lengths):
        packed = torch.nn.utils.rnn.pack_padded_sequence(
            X, lengths, batch_first=True, enforce_sorted=False
        )
        out, h_n = self.rnn(packed)
        if isinstance(h_n, tuple):  # the LSTM's (h_n, c_n)
            h_n = h_n[0]
        out, _ = torch.nn.utils.rnn.pad_packed_sequence(
            out, batch_first=True, total_length=X.shape[1]
        )
        present = (torch.arange(X.shape[1])[None] < lengths[:, None])[:, :, None]
        if self.readout == ("steps",):  # an output at every step
            return self.linear(out)
        # The top layer's final states: forward, then backward if any; the
        # mean and maximum of its states over each sequence's steps.
        top = h_n[-2:] if self.rnn.bidirectional else h_n[-1:]
        parts = {
            "last": torch.cat(list(top), dim=1),
            "mean": (out * present).sum(dim=1) / lengths[:, None],
            "max": out.masked_fill(~present, -torch.inf).max(dim=1).values,
        }
        Z = self.linear(torch.cat([parts[kind] for kind in self.readout], dim=1))
        if self.highway_steps:
            Z = Z + self.highway(self.last_steps(X, lengths))
        return Z


@pytest.mark.parametrize(
    "cell, activation",
    [("rnn", "tanh"), ("rnn", "relu"), ("gru", "tanh"), ("lstm", "tanh")],
)
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("num_layers", [1, 2])
@pytest.mark.parametrize("readout", [("last",), ("mean", "last", "max")])
@pytest.mark.parametrize("highway", [0, 3])
# One feature takes its own path to the input projection (network._project).
@pytest.mark.parametrize("n_features", [1, 4])
def test_outputs_and_gradients_match_torch(
    cell, activation, bidirectional, num_layers, readout, highway, n_features
):
    rng = np.random.RandomState(0)
    batch, n_steps, hidden, n_outputs = 7, 9, 6, 3
    lengths = rng.randint(1, n_steps + 1, size=batch)
    lengths[0] = n_steps
    X = rng.normal(size=(batch, n_steps, n_features))
    present = np.arange(n_steps) < lengths[:, None]
    X[~present] = 0
    Y = np.eye(n_outputs)[rng.randint(n_outputs, size=batch)]

    network = RecurrentNetwork(
        n_features, (hidden,) * num_layers, n_outputs, activation, cell, bidirectional,
        readout, highway,
    )
    flat = network.initialize(rng, np.float64)
    flat += rng.normal(scale=0.2, size=flat.shape)
    grad = np.empty_like(flat)
    weights = np.ones(batch)
    X_tm, present_tm = np.ascontiguousarray(X.transpose(1, 0, 2)), present.T.copy()
    batch = Batch(X_tm, present_tm, Y, weights)
    loss = network.loss_gradient(flat, grad, batch, "log_loss", 0.0)
    Z, _ = network.forward(network.layout.views(flat), X_tm, present_tm)

    net = TorchNet(
        n_features, hidden, num_layers, n_outputs, activation, cell, bidirectional, readout,
        highway,
    )
    state = {k: torch.from_numpy(v.copy()) for k, v in network.layout.named(flat).items()}
    net.load_state_dict(state)  # strict: the same names and shapes
    Z_torch = net(torch.from_numpy(X), torch.from_numpy(lengths))
    loss_torch = torch.nn.functional.cross_entropy(Z_torch, torch.from_numpy(Y.argmax(1)))
    loss_torch.backward()

    np.testing.assert_allclose(Z, Z_torch.detach().numpy(), rtol=1e-10, atol=1e-12)
    assert loss == pytest.approx(loss_torch.item(), rel=1e-10)
    torch_grads = {name: p.grad.numpy() for name, p in net.named_parameters()}
    assert list(torch_grads) == [name for name, _ in network.layout.shapes()]
    for name, g in network.layout.named(grad).items():
        np.testing.assert_allclose(g, torch_grads[name], rtol=1e-10, atol=1e-12, err_msg=name)


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
@pytest.mark.parametrize(
    "Estimator, options",
    [(RNNClassifier, {}), (RNNRegressor, {"linear_steps": 0}),
     (RNNRegressor, {"linear_steps": 4})],
)
def test_fitted_weights_load_into_torch(Estimator, options, cell, variable_length_data):
    """``weights_`` of a fitted estimator is the module's state_dict, the
    standardisation of inputs (and targets) folded in: on raw inputs PyTorch
    gives the estimator's outputs in the units of ``y``."""
    X, y, lengths = variable_length_data
    X = X * [3.0, 0.01, 20.0] + [-5.0, 2.0, 300.0]
    y = y if Estimator is RNNClassifier else np.stack([100 + 50 * y, -3 * y], axis=1)
    if Estimator is RNNRegressor:
        # The level of each sequence is not a weight: outside the module.
        options = {**options, "normalize_sequences": False}
    est = Estimator((5, 5), cell=cell, bidirectional=True, max_iter=2, random_state=0, **options)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est.fit(X[:100], y[:100])
    # The classifier's default readout is (last, mean, max), the regressor's last.
    net = TorchNet(3, 5, 2, est.n_outputs_, "tanh", cell, bidirectional=True,
                   readout=est.readout, highway=options.get("linear_steps", 0))
    net.load_state_dict({k: torch.from_numpy(v) for k, v in est.weights_.items()})
    padded = torch.from_numpy(np.nan_to_num(X[100:]))
    with torch.no_grad():
        Z_torch = net(padded, torch.from_numpy(lengths[100:])).numpy()
    outputs = est.decision_function if Estimator is RNNClassifier else est.predict
    np.testing.assert_allclose(outputs(X[100:]), Z_torch, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("num_layers", [1, 2])
def test_per_step_outputs_and_gradients_match_torch(cell, bidirectional, num_layers):
    """A Linear at every step of a packed sequence; the loss, cross-entropy
    at every present step, summed and divided by the number of sequences."""
    rng = np.random.RandomState(1)
    batch, n_steps, n_features, hidden, n_outputs = 6, 8, 3, 5, 4
    lengths = rng.randint(1, n_steps + 1, size=batch)
    lengths[0] = n_steps
    X = rng.normal(size=(batch, n_steps, n_features))
    present = np.arange(n_steps) < lengths[:, None]
    X[~present] = 0
    labels = rng.randint(n_outputs, size=(batch, n_steps))
    network = RecurrentNetwork(
        n_features, (hidden,) * num_layers, n_outputs, "tanh", cell, bidirectional, ("steps",)
    )
    flat = network.initialize(rng, np.float64)
    flat += rng.normal(scale=0.2, size=flat.shape)
    grad = np.empty_like(flat)
    X_tm, present_tm = np.ascontiguousarray(X.transpose(1, 0, 2)), present.T.copy()
    batch_ = Batch(X_tm, present_tm, np.eye(n_outputs)[labels], present.astype(float))
    loss = network.loss_gradient(flat, grad, batch_, "log_loss", 0.0)
    Z, _ = network.forward(network.layout.views(flat), X_tm, present_tm)

    net = TorchNet(n_features, hidden, num_layers, n_outputs, "tanh", cell, bidirectional,
                   ("steps",))
    named = network.layout.named(flat)
    net.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in named.items()})
    Z_torch = net(torch.from_numpy(X), torch.from_numpy(lengths))
    per_step = torch.nn.functional.cross_entropy(
        Z_torch.reshape(-1, n_outputs), torch.from_numpy(labels.reshape(-1)), reduction="none"
    )
    loss_torch = (per_step * torch.from_numpy(present.reshape(-1).astype(float))).sum() / batch
    loss_torch.backward()
    Z_torch_present = Z_torch.detach().numpy()[present]
    np.testing.assert_allclose(Z[present], Z_torch_present, rtol=1e-10, atol=1e-12)
    assert loss == pytest.approx(loss_torch.item(), rel=1e-10)
    for name, g in network.layout.named(grad).items():
        torch_grad = dict(net.named_parameters())[name].grad.numpy()
        np.testing.assert_allclose(g, torch_grad, rtol=1e-10, atol=1e-12, err_msg=name)
