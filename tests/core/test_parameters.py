"""The flat parameter vector: PyTorch's names and shapes, views, roles, and
the initialisation."""

import numpy as np
import pytest

from sklearn_rnn._core.parameters import ParameterLayout, initialize


def test_names_and_shapes_are_pytorchs():
    layout = ParameterLayout(3, (4, 4), n_gates=4, n_directions=2, n_outputs=1)
    shapes = dict(layout.shapes())
    assert shapes["rnn.weight_ih_l0"] == (16, 3)
    assert shapes["rnn.weight_ih_l0_reverse"] == (16, 3)
    assert shapes["rnn.weight_ih_l1"] == (16, 8)
    assert shapes["rnn.weight_hh_l1_reverse"] == (16, 4)
    assert shapes["rnn.bias_hh_l1_reverse"] == (16,)
    assert shapes["linear.weight"] == (1, 8)
    assert len(shapes) == 2 * 2 * 4 + 2
    # In the order of PyTorch's state_dict.
    assert list(shapes)[:5] == [
        "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
        "rnn.weight_ih_l0_reverse",
    ]


def test_views_share_the_flat_vector_and_carry_their_roles():
    layout = ParameterLayout(3, (5, 2), n_gates=3, n_directions=2, n_outputs=2)
    flat = np.arange(layout.n_params, dtype=np.float32)
    params = layout.views(flat)
    named = layout.named(flat)
    assert all(np.shares_memory(v, flat) for v in named.values())
    assert params.layers[1][1].weight_hh is not None
    np.testing.assert_array_equal(params.layers[1][1].weight_hh, named["rnn.weight_hh_l1_reverse"])
    np.testing.assert_array_equal(params.layers[0][0].bias_ih, named["rnn.bias_ih_l0"])
    np.testing.assert_array_equal(params.linear_weight, named["linear.weight"])
    # The penalty takes the weights, not the biases, in the order of the vector.
    penalised = [name for name in named if "weight" in name]
    assert len(params.penalised) == len(penalised)
    for W, name in zip(params.penalised, penalised):
        np.testing.assert_array_equal(W, named[name])
    np.testing.assert_array_equal(layout.pack(named, np.float32), flat)
    assert layout.pack(named, np.float64).dtype == np.float64


def test_initialization_depends_only_on_shapes_and_seed():
    layout = ParameterLayout(3, (5, 4), n_gates=1, n_directions=1, n_outputs=2)
    a = initialize(layout, np.random.RandomState(7), np.float64)
    b = initialize(layout, np.random.RandomState(7), np.float64)
    np.testing.assert_array_equal(a, b)
    named = layout.named(a)
    W_hh = named["rnn.weight_hh_l0"]
    np.testing.assert_allclose(W_hh @ W_hh.T, np.eye(5), atol=1e-12)
    assert not named["rnn.bias_ih_l0"].any() and not named["linear.bias"].any()
    bound = np.sqrt(6 / (5 + 3))
    assert np.abs(named["rnn.weight_ih_l0"]).max() <= bound


@pytest.mark.parametrize("n_gates, keep", [(3, (0.0, 4.0)), (4, (1.0, 1.0))])
def test_the_keep_gates_bias_runs_over_the_units(n_gates, keep):
    layout = ParameterLayout(2, (5,), n_gates=n_gates, n_directions=2, n_outputs=1)
    flat = initialize(layout, np.random.RandomState(0), np.float64, keep)
    for suffix in ("", "_reverse"):
        gates = layout.named(flat)[f"rnn.bias_ih_l0{suffix}"].reshape(n_gates, 5)
        np.testing.assert_allclose(gates[1], np.linspace(*keep, 5))
        assert not np.delete(gates, 1, axis=0).any()
        assert not layout.named(flat)[f"rnn.bias_hh_l0{suffix}"].any()
    # Each gate's recurrent block is orthogonal on its own.
    for gate in layout.named(flat)["rnn.weight_hh_l0"].reshape(n_gates, 5, 5):
        np.testing.assert_allclose(gate @ gate.T, np.eye(5), atol=1e-12)
