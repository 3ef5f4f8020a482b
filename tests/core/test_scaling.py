"""Weighted moments that stay finite, and the folding of standardisation
into the weights."""

import numpy as np
import pytest

from sklearn_rnn._core.network import RecurrentNetwork
from sklearn_rnn._core.scaling import Standardization, fold, scale_of, unfold, weighted_moments


def test_moments_are_the_weighted_mean_and_standard_deviation():
    rng = np.random.RandomState(0)
    values = rng.normal(loc=[3.0, -200.0], scale=[0.5, 40.0], size=(50, 2))
    weights = rng.uniform(0, 3, size=50)
    mean, scale = weighted_moments(values, weights)
    expected = np.average(values, axis=0, weights=weights)
    np.testing.assert_allclose(mean, expected, rtol=1e-13)
    np.testing.assert_allclose(
        scale, np.sqrt(np.average((values - expected) ** 2, axis=0, weights=weights)),
        rtol=1e-12,
    )
    np.testing.assert_allclose(weighted_moments(values)[0], values.mean(axis=0), rtol=1e-13)


def test_moments_of_huge_values_and_weights_are_finite():
    values = np.array([[1e308, -1e308, 1e200], [-1e308, -1e308, 3e200]])
    mean, std = weighted_moments(values, np.array([1e308, 1e308]))
    np.testing.assert_allclose(mean, [0.0, -1e308, 2e200])
    np.testing.assert_allclose(std, [1e308, 0.0, 1e200])
    assert np.isfinite(mean).all() and np.isfinite(std).all()


def test_weights_equal_up_to_a_factor_give_the_same_moments():
    rng = np.random.RandomState(1)
    values, weights = rng.normal(size=(20, 3)), rng.uniform(size=20)
    for factor in (1e-300, 3.0, 1e300):
        a = weighted_moments(values, weights)
        b = weighted_moments(values, weights * factor)
        np.testing.assert_allclose(a, b, rtol=1e-15)


def test_moments_are_exact_where_the_plain_formulas_are():
    values = np.array([[1.0], [2.0], [3.0], [4.0], [5.0]])
    mean, std = weighted_moments(values)
    assert mean[0] == 3.0 and std[0] == np.sqrt(2.0)


def test_constant_columns_get_scale_one_and_tiny_ones_are_scaled():
    values = np.array([[5.0, 0.0, 1e-30, 1.0], [5.0, 0.0, 3e-30, 1.0 + 1e-16]])
    mean, std = weighted_moments(values)
    np.testing.assert_allclose(mean, [5.0, 0.0, 2e-30, 1.0])
    np.testing.assert_allclose(scale_of(mean, std), [1.0, 1.0, 1e-30, 1.0])


@pytest.mark.parametrize("bidirectional", [False, True])
def test_folded_weights_read_raw_inputs_and_write_raw_outputs(bidirectional):
    rng = np.random.RandomState(0)
    network = RecurrentNetwork(3, (4, 4), 2, cell="gru", bidirectional=bidirectional)
    flat = network.initialize(rng, np.float64)
    flat += rng.normal(scale=0.3, size=flat.shape)
    X = rng.normal(loc=[10.0, -3.0, 500.0], scale=[2.0, 0.1, 50.0], size=(6, 5, 3))
    present = np.ones((6, 5), dtype=bool)
    scaling = Standardization(
        input_mean=np.array([10.0, -3.0, 500.0]), input_scale=np.array([2.0, 0.1, 50.0]),
        target_mean=np.array([100.0, -1.0]), target_scale=np.array([30.0, 0.5]),
    )
    standardised = (X - scaling.input_mean) / scaling.input_scale
    Z = network.forward(network.layout.views(flat), standardised, present)[0]
    folded = scaling.fold(network.layout.named(flat), network.layout)
    Z_raw = network.forward(network.layout.parameters(folded), X, present)[0]
    np.testing.assert_allclose(Z_raw, scaling.outputs(Z), rtol=1e-11)
    # Nothing to fold: the same arrays' values.
    same = fold(network.layout.named(flat), network.layout)
    for name, W in network.layout.named(flat).items():
        np.testing.assert_array_equal(same[name], W)


@pytest.mark.parametrize("highway", [0, 2])
@pytest.mark.parametrize("targets", [False, True])
def test_unfold_inverts_fold(highway, targets):
    rng = np.random.RandomState(1)
    network = RecurrentNetwork(3, (4, 2), 2, cell="lstm", bidirectional=True, highway=highway)
    flat = network.initialize(rng, np.float64) + rng.normal(scale=0.3, size=network.n_params)
    moments = {"input_mean": np.array([10.0, -3.0, 500.0]),
               "input_scale": np.array([2.0, 0.1, 50.0])}
    if targets:
        moments.update(output_mean=np.array([100.0, -1.0]), output_scale=np.array([30.0, 0.5]))
    named = network.layout.named(flat)
    folded = fold(named, network.layout, **moments)
    assert any(not np.allclose(folded[name], W) for name, W in named.items())
    back = unfold(folded, network.layout, **moments)
    for name, W in named.items():
        np.testing.assert_allclose(back[name], W, rtol=1e-12, atol=1e-12, err_msg=name)
