"""The flat parameter vector and the role of each block in it.

All parameters of a network live in one flat vector, which the optimizers
update in place (and scipy's L-BFGS reads and writes whole); the weight
matrices are views into it. Each block of the vector knows its role (which
weight or bias), its layer and its direction, so that the network, the
penalty and the initialisation ask for blocks by role, never by parsing a
name. The names are only for the outside world: they are the keys of the
``state_dict`` of ``torch.nn.RNN/GRU/LSTM`` followed by a ``torch.nn.Linear``
(``rnn.weight_ih_l0``, ..., ``rnn.bias_hh_l1_reverse``, ``linear.weight``,
``linear.bias``), and, with a linear path on the last input steps
(``highway.py``), a ``torch.nn.Linear`` without bias (``highway.weight``),
so that PyTorch loads the weights as they are.
"""

# SPDX-License-Identifier: BSD-3-Clause

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

# The roles of the blocks of one direction of a recurrent layer, in
# PyTorch's order, and whether the L2 penalty applies to them.
RECURRENT_ROLES = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
_PENALISED = {"weight_ih", "weight_hh", "linear_weight", "highway_weight"}


@dataclass(frozen=True)
class Block:
    """One array of the flat vector: its role, place and shape.

    ``layer`` is None for the output layer, whose roles are
    ``"linear_weight"``, ``"linear_bias"`` and ``"highway_weight"``.
    """

    role: str
    shape: tuple
    start: int
    layer: int | None = None
    reverse: bool = False

    @property
    def size(self):
        return math.prod(self.shape)

    @property
    def stop(self):
        return self.start + self.size

    @property
    def penalised(self):
        return self.role in _PENALISED

    @property
    def name(self):
        """The key of this block in PyTorch's ``state_dict``."""
        if self.layer is None:
            return self.role.replace("_", ".", 1)
        return f"rnn.{self.role}_l{self.layer}" + ("_reverse" if self.reverse else "")


class DirectionParameters(NamedTuple):
    """The arrays of one direction of one recurrent layer, in PyTorch's
    shapes: ``(n_gates * hidden, n_inputs)``, ``(n_gates * hidden, hidden)``
    and ``(n_gates * hidden,)`` twice."""

    weight_ih: np.ndarray
    weight_hh: np.ndarray
    bias_ih: np.ndarray
    bias_hh: np.ndarray


@dataclass
class Parameters:
    """Views of a flat vector, by role.

    ``layers[k][d]`` holds direction ``d`` (0 forward, 1 backward) of layer
    ``k``; ``penalised`` the arrays under the L2 penalty, in the order of
    the flat vector; ``highway_weight`` the weights of the linear path on
    the last input steps, (n_outputs, k * n_features), or None.
    """

    layers: list
    linear_weight: np.ndarray
    linear_bias: np.ndarray
    penalised: list
    highway_weight: np.ndarray = None


class ParameterLayout:
    """The blocks of the flat parameter vector of a network.

    Parameters
    ----------
    n_features : int
        Number of input features per time step.

    hidden_layer_sizes : tuple of int
        Size of each recurrent layer (per direction), bottom first.

    n_gates : int
        Gates per cell: 1 (vanilla), 3 (GRU) or 4 (LSTM).

    n_directions : int
        1, or 2 for bidirectional layers.

    n_outputs : int
        Number of output units.

    n_readouts : int, default=1
        How many parts of the top layer's states the output layer reads
        side by side (``readout.py``).

    n_highway : int, default=0
        How many inputs the linear path reads (``k * n_features`` for the
        last ``k`` steps, ``highway.py``); 0: no linear path.
    """

    def __init__(
        self, n_features, hidden_layer_sizes, n_gates, n_directions, n_outputs, n_readouts=1,
        n_highway=0,
    ):
        blocks, start, n_in = [], 0, n_features
        for k, n_hidden in enumerate(hidden_layer_sizes):
            for d in range(n_directions):
                shapes = [
                    (n_gates * n_hidden, n_in),
                    (n_gates * n_hidden, n_hidden),
                    (n_gates * n_hidden,),
                    (n_gates * n_hidden,),
                ]
                for role, shape in zip(RECURRENT_ROLES, shapes):
                    blocks.append(Block(role, shape, start, k, bool(d)))
                    start = blocks[-1].stop
            n_in = n_hidden * n_directions
        n_in *= n_readouts
        output = [("linear_weight", (n_outputs, n_in)), ("linear_bias", (n_outputs,))]
        if n_highway:
            output.append(("highway_weight", (n_outputs, n_highway)))
        for role, shape in output:
            blocks.append(Block(role, shape, start))
            start = blocks[-1].stop
        self.blocks = tuple(blocks)
        # Named once: views of the flat vector are taken for every batch.
        self._slices = tuple((b.name, b.start, b.stop, b.shape) for b in blocks)
        self.n_params = start
        self.n_layers = len(hidden_layer_sizes)
        self.n_gates = n_gates
        self.n_directions = n_directions

    def find(self, role, layer=None, reverse=False):
        """The block of ``role`` in direction ``reverse`` of ``layer`` (None:
        the output layer)."""
        return next(
            block for block in self.blocks
            if (block.role, block.layer, block.reverse) == (role, layer, reverse)
        )

    def shapes(self):
        """``(name, shape)`` of every block, in the order of the vector."""
        return [(block.name, block.shape) for block in self.blocks]

    def view(self, flat, block):
        """The view of ``block`` in ``flat``."""
        return flat[block.start : block.stop].reshape(block.shape)

    def views(self, flat):
        """:class:`Parameters` of views into ``flat``."""
        return self.parameters(self.named(flat))

    def parameters(self, named):
        """:class:`Parameters` of the arrays of a dictionary of PyTorch's
        names, such as :meth:`named` returns (no copies)."""
        arrays = [named[name] for name, *_ in self._slices]
        n_roles, n_directions = len(RECURRENT_ROLES), self.n_directions
        directions = [
            DirectionParameters(*arrays[start : start + n_roles])
            for start in range(0, n_roles * n_directions * self.n_layers, n_roles)
        ]
        layers = [
            directions[k * n_directions : (k + 1) * n_directions]
            for k in range(self.n_layers)
        ]
        penalised = [a for a, block in zip(arrays, self.blocks) if block.penalised]
        output = {
            block.role: array for array, block in zip(arrays, self.blocks) if block.layer is None
        }
        return Parameters(
            layers, output["linear_weight"], output["linear_bias"], penalised,
            output.get("highway_weight"),
        )

    def named(self, flat):
        """Dictionary of PyTorch's names to views into ``flat``."""
        return {name: flat[start:stop].reshape(shape) for name, start, stop, shape in self._slices}

    def pack(self, named, dtype):
        """Flat vector holding a copy of the named arrays (as :meth:`named`)."""
        return np.concatenate(
            [np.asarray(named[block.name], dtype=dtype).ravel() for block in self.blocks]
        )


def initialize(layout, rng, dtype, keep_gate_bias=None):
    """Flat parameter vector for ``layout``, drawn from ``rng`` given only
    the shapes.

    Input and output weights are Glorot-uniform, each gate's recurrent
    weights are orthogonal (they neither grow nor shrink the state at the
    start, which keeps early gradients through time from exploding or
    vanishing), and biases are zero, except that ``bias_ih`` of a gated
    cell's second gate, the one that keeps the state (LSTM's f, GRU's z),
    runs linearly over the units through the range ``keep_gate_bias``, so
    that the cell starts out remembering. The linear path starts at zero
    (it draws nothing from ``rng``: the other blocks are drawn as without it).
    """
    flat = np.zeros(layout.n_params, dtype=dtype)
    for block in layout.blocks:
        W = layout.view(flat, block)
        if block.role in ("bias_ih", "bias_hh", "linear_bias", "highway_weight"):
            if keep_gate_bias is not None and block.role == "bias_ih":
                n_hidden = len(W) // layout.n_gates
                W[n_hidden : 2 * n_hidden] = np.linspace(*keep_gate_bias, n_hidden)
        elif block.role == "weight_hh":
            n_hidden = W.shape[1]
            for gate in W.reshape(-1, n_hidden, n_hidden):
                Q, R = np.linalg.qr(rng.standard_normal(gate.shape))
                gate[:] = Q * np.sign(np.diag(R))
        else:
            bound = np.sqrt(6.0 / (W.shape[0] + W.shape[1]))
            W[:] = rng.uniform(-bound, bound, W.shape)
    return flat
