"""The readout: what the output layer reads of the top layer's states."""

import numpy as np
import pytest

from sklearn_rnn._core.network import RecurrentNetwork


def _top_states(network, flat, X, present):
    """The output layer's features and each direction's states in time order."""
    _, cache = network.forward(network.layout.views(flat), X, present)
    return cache.features, [trace.outputs() for trace in cache.layers[-1]]


@pytest.mark.parametrize("bidirectional", [False, True])
def test_parts_are_the_last_state_and_the_mean_and_max_over_present_steps(bidirectional):
    rng = np.random.RandomState(0)
    network = RecurrentNetwork(2, (3,), 1, cell="gru", bidirectional=bidirectional,
                               readout=("max", "last", "mean"))
    flat = network.initialize(rng, np.float64)
    X = rng.normal(size=(6, 4, 2))
    present = np.ones((6, 4), bool)
    present[4:, 0] = False  # padded
    present[[1, 2], 1] = False  # missing steps inside
    present[:, 3] = False  # empty
    X[~present] = 0
    features, outputs = _top_states(network, flat, X, present)
    n = 3 * network.n_directions
    assert features.shape == (4, 3 * n)
    parts = {"max": features[:, :n], "last": features[:, n : 2 * n], "mean": features[:, 2 * n :]}
    for d, states in enumerate(outputs):
        cols = slice(3 * d, 3 * (d + 1))
        for i in range(3):
            steps = states[present[:, i], i]
            np.testing.assert_allclose(parts["mean"][i, cols], steps.mean(axis=0), rtol=1e-13)
            np.testing.assert_array_equal(parts["max"][i, cols], steps.max(axis=0))
            last = steps[-1] if d == 0 else steps[0]
            np.testing.assert_array_equal(parts["last"][i, cols], last)
        # A sequence with no present step reads zeros.
        assert not parts["mean"][3, cols].any() and not parts["max"][3, cols].any()


def test_the_linear_layer_reads_every_part():
    network = RecurrentNetwork(2, (3, 5), 4, bidirectional=True, readout=("last", "mean"))
    assert dict(network.layout.shapes())["linear.weight"] == (4, 2 * 2 * 5)
    assert network.architecture()["readout"] == ("last", "mean")
