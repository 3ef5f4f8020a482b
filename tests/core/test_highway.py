"""The linear path on the last present input steps: what it reads, its
gradient against finite differences, and the folding of the
standardisation into its weights."""

import numpy as np
import pytest

from sklearn_rnn._core.highway import last_present_steps
from sklearn_rnn._core.network import RecurrentNetwork
from sklearn_rnn._core.scaling import fold


def test_reads_the_last_present_steps_newest_first():
    # Three sequences of two features: one with its last step absent and a
    # gap, one with a single present step, one empty.
    X = np.arange(1.0, 6.0)[:, None, None] * np.array([1.0, 10.0])
    X = np.repeat(X, 3, axis=1)
    present = np.ones((5, 3), dtype=bool)
    present[[2, 4], 0] = False
    present[1:, 1] = False
    present[:, 2] = False
    X[~present] = 0
    features = last_present_steps(X, present, 3)
    np.testing.assert_array_equal(features[0], [4, 40, 2, 20, 1, 10])
    # Fewer present steps than places: the earliest repeats.
    np.testing.assert_array_equal(features[1], [1, 10, 1, 10, 1, 10])
    np.testing.assert_array_equal(features[2], 0)
    # More places than steps.
    assert last_present_steps(X, present, 7).shape == (3, 14)


@pytest.mark.parametrize("cell, bidirectional", [("rnn", False), ("gru", True), ("lstm", False)])
@pytest.mark.parametrize("readout", [("last",), ("mean", "max")])
@pytest.mark.parametrize("highway", [1, 3, 9])
def test_gradient_matches_finite_differences(
    cell, bidirectional, readout, highway, gradient_error, ragged_batch
):
    rng = np.random.RandomState(0)
    network = RecurrentNetwork(3, (4,), 2, "tanh", cell, bidirectional, readout, highway)
    flat = network.initialize(rng, np.float64)
    # The linear path starts at zero; move it off.
    flat += rng.normal(scale=0.3, size=flat.shape)
    batch = ragged_batch(rng, 6, 7)
    assert "highway.weight" in network.layout.named(flat)
    error = gradient_error(network, flat, batch, "squared_error", 0.1, nonzero=["highway.weight"])
    assert error < 1e-6


def test_starts_at_zero_and_leaves_the_other_weights_as_without_it():
    with_path = RecurrentNetwork(2, (3,), 1, cell="gru", highway=4)
    without = RecurrentNetwork(2, (3,), 1, cell="gru")
    a = with_path.initialize(np.random.RandomState(0), np.float64)
    b = without.initialize(np.random.RandomState(0), np.float64)
    np.testing.assert_array_equal(a[: b.size], b)
    np.testing.assert_array_equal(with_path.layout.named(a)["highway.weight"], np.zeros((1, 8)))


def test_standardisation_folds_into_its_weights():
    """A network on standardised inputs and targets, and its folded weights
    on raw ones, give the same outputs in the targets' units."""
    rng = np.random.RandomState(0)
    network = RecurrentNetwork(2, (3,), 2, cell="gru", highway=3)
    flat = network.initialize(rng, np.float64) + rng.normal(scale=0.3, size=network.n_params)
    mean, scale = np.array([5.0, -2.0]), np.array([3.0, 0.1])
    out_mean, out_scale = np.array([100.0, 0.0]), np.array([10.0, 0.5])
    raw = rng.normal(size=(6, 4, 2)) * scale + mean
    present = np.ones((6, 4), dtype=bool)
    present[4:, 2] = False  # two sequences of fewer steps than the path reads
    raw[~present] = 0
    standardised = np.where(present[:, :, None], (raw - mean) / scale, 0)
    Z = network.forward(network.layout.views(flat), standardised, present)[0]
    folded = fold(network.layout.named(flat), network.layout, mean, scale, out_mean, out_scale)
    Z_raw = network.forward(network.layout.parameters(folded), raw, present)[0]
    np.testing.assert_allclose(Z_raw, Z * out_scale + out_mean, rtol=1e-12, atol=1e-10)


def test_its_length_is_part_of_the_architecture():
    assert RecurrentNetwork(2, (3,), 1, highway=4).architecture()["linear_steps"] == 4
    assert "linear_steps" not in RecurrentNetwork(2, (3,), 1).architecture()


def test_refused_with_an_output_at_every_step():
    with pytest.raises(ValueError, match="one output per sequence"):
        RecurrentNetwork(2, (3,), 1, readout=("steps",), highway=2)
