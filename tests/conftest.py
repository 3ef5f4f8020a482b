import numpy as np
import pytest

from sklearn_rnn._core.batch import Batch
from sklearn_rnn._core.network import RecurrentNetwork


def _ordered_sequences(n_samples, n_steps, seed):
    """Sequences of the same kind of values, sorted up (class 0) or down (1).

    Only the order of the values tells the classes apart.
    """
    rng = np.random.RandomState(seed)
    values = np.sort(rng.uniform(-1, 1, size=(n_samples, n_steps)), axis=1)
    y = rng.randint(2, size=n_samples)
    values[y == 1] = values[y == 1, ::-1]
    return values[:, :, None], y


@pytest.fixture
def ordered_sequences():
    return _ordered_sequences


@pytest.fixture
def variable_length_data():
    """A 3-class task on sequences of 3 to 12 steps, NaN-padded at the end.

    The class is the feature with the largest value at the last present
    step: a model that ran through the padding would not see it.
    """
    rng = np.random.RandomState(0)
    n_samples, n_steps, n_features = 400, 12, 3
    X = rng.normal(size=(n_samples, n_steps, n_features))
    lengths = rng.randint(3, n_steps + 1, size=n_samples)
    X[np.arange(n_steps) >= lengths[:, None]] = np.nan
    y = X[np.arange(n_samples), lengths - 1].argmax(axis=1)
    return X, y, lengths


def _network_problem(
    activation="tanh", hidden=(4,), loss="log_loss", n_outputs=3, seed=0,
    cell="rnn", bidirectional=False, dtype=np.float64,
):
    """A small network with perturbed parameters and a time-major batch of 6
    sequences: padded at the end, at the start, with missing steps inside,
    with one present step only, and complete."""
    rng = np.random.RandomState(seed)
    n_steps, batch, n_features = 7, 6, 3
    network = RecurrentNetwork(n_features, hidden, n_outputs, activation, cell, bidirectional)
    flat = network.initialize(rng, dtype)
    # Nonzero biases, and relu units away from their kink.
    flat += rng.normal(scale=0.3, size=flat.shape).astype(dtype)
    X = rng.normal(size=(n_steps, batch, n_features)).astype(dtype)
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
    return network, flat, Batch(X, present, Y.astype(dtype), sample_weight.astype(dtype))


@pytest.fixture
def network_problem():
    return _network_problem


def _gradient_error(network, flat, batch, loss, alpha, nonzero=None, eps=1e-6):
    """The relative error of ``loss_gradient``'s gradient against central
    finite differences, once the named parameters ``nonzero`` (default:
    all) are checked to get a gradient."""
    grad = np.empty_like(flat)
    network.loss_gradient(flat, grad, batch, loss, alpha)
    numeric, scratch = np.empty_like(flat), np.empty_like(flat)
    for i in range(flat.size):
        step = np.zeros_like(flat)
        step[i] = eps
        up = network.loss_gradient(flat + step, scratch, batch, loss, alpha)
        down = network.loss_gradient(flat - step, scratch, batch, loss, alpha)
        numeric[i] = (up - down) / (2 * eps)
    named = network.layout.named(grad)
    for name in named if nonzero is None else nonzero:
        assert np.any(named[name] != 0), name
    return np.linalg.norm(grad - numeric) / np.linalg.norm(numeric)


@pytest.fixture
def gradient_error():
    return _gradient_error


def _ragged_batch(rng, n_steps, n_samples, n_features=3, n_outputs=2):
    """A time-major regression batch of random present steps, every
    sequence present at the first step but one, absent throughout."""
    X = rng.normal(size=(n_steps, n_samples, n_features))
    present = rng.uniform(size=(n_steps, n_samples)) < 0.7
    present[:, 0] = True
    present[:, 1] = False  # a sequence with no present step
    X[~present] = 0
    Y = rng.normal(size=(n_samples, n_outputs))
    return Batch(X, present, Y, rng.uniform(0.5, 2, size=n_samples))


@pytest.fixture
def ragged_batch():
    return _ragged_batch



@pytest.fixture
def flat_weights():
    """A fitted estimator's ``weights_`` as one vector, to compare fits."""
    return lambda est: np.concatenate([w.ravel() for w in est.weights_.values()])


@pytest.fixture
def pd():
    """pandas, or a skip where it is not installed."""
    return pytest.importorskip("pandas")
