"""Recurrent cells: the time loop of one layer in one direction.

The contract every cell keeps is stated once, in :class:`Cell`; the network
(``network.py``) does everything around it: the input projections of all
steps before the loop, the weight gradients over all steps after it, the
stacking and the directions. The loop itself stays in the cell, next to its
math, because a step is call-overhead bound at small sizes: each numpy call
on a (batch, hidden) block costs about a microsecond whatever the work.
So the loops walk over views made before them (indexing an array makes a
new view each time, about 0.1 microseconds), take ``out`` positionally or
as an in-place operator (the keyword costs another 0.08 microseconds), and
scale by 0-d arrays of the data's dtype (a Python float costs 0.28 more):
a GRU step of Arrow Head's batches took 0.76 of its time before
(``benchmarks/README.md``).

The gated cells take ``sigmoid(x) = 0.5 * tanh(0.5 * x) + 0.5`` (numpy's
tanh is several times faster than scipy's expit). The network multiplies
each gate's weights and biases by the cell's ``gate_scale`` (0.5 for the
sigmoid gates: exact, a power of two) before the products, so that the
gates hold halved pre-activations and the cells apply tanh and an affine map.
"""

# SPDX-License-Identifier: BSD-3-Clause

from abc import ABC, abstractmethod
from dataclasses import dataclass
from itertools import repeat

import numpy as np

from .activations import ACTIVATIONS, DERIVATIVES


@dataclass
class StepMasks:
    """Which steps of a batch are present, in the order of processing.

    ``absent[t]`` (shape (batch, 1)) is true for the sequences absent at
    step ``t``; ``full[t]`` says that none is, which skips the masking.
    """

    full: list
    absent: np.ndarray

    def reversed(self):
        return StepMasks(self.full[::-1], self.absent[::-1])


@dataclass
class RecurrentWeights:
    """The recurrent weights of one direction, as the two passes need them.

    ``forward`` holds each gate's ``W_hh.T``, scaled, in the cell's
    ``gate_order``, contiguous, shape (n_gates, hidden, hidden): one batched
    product ``h @ forward`` a step. ``backward`` holds ``W_hh`` unscaled in
    PyTorch's order as (n_gates, hidden, hidden) blocks, the order of the
    gate gradients. ``b_hh`` is the recurrent bias in PyTorch's order.
    """

    forward: np.ndarray
    backward: np.ndarray
    b_hh: np.ndarray


@dataclass
class GateGradients:
    """Gradients of the gates' pre-activations, shape (n_steps, n_gates,
    batch, hidden), in PyTorch's gate order: ``input`` of the input part
    ``x W_ih^T + b_ih``, ``recurrent`` of the recurrent part
    ``h W_hh^T + b_hh``. One and the same array, except for a cell whose
    ``separate_hidden_gradient`` is set."""

    input: np.ndarray
    recurrent: np.ndarray

    def reversed(self):
        return GateGradients(self.input[::-1], self.recurrent[::-1])


@dataclass
class GRUCache:
    """``hn[t] = h_{t-1} W_hn^T + b_hn``, which the reset gate multiplies."""

    hn: np.ndarray


@dataclass
class LSTMCache:
    """The cell states ``C`` (n_steps + 1, batch, hidden), ``C[0] = 0``, and
    ``tanh_C[t] = tanh(C[t + 1])``."""

    C: np.ndarray
    tanh_C: np.ndarray


def last_first(d_out, *arrays):
    """The steps of a backward loop, last first: each step's index, its
    view of ``d_out`` (None without), and its view of each of ``arrays``."""
    n_steps = len(arrays[0])
    back = slice(None, None, -1)
    d_above = [None] * n_steps if d_out is None else d_out[back]
    return zip(range(n_steps - 1, -1, -1), d_above, *(a[back] for a in arrays))


class Cell(ABC):
    """The contract of a recurrent cell.

    A cell runs one layer in one direction over a batch, in the order of
    processing: the network hands the backward direction time-reversed
    views of every array, so cells know nothing of directions.

    ``forward(G, S, weights, steps, ws, initial=None)`` reads ``G`` of shape
    (n_steps, n_gates, batch, hidden), the input projections ``x W_ih^T +
    b`` of the steps (scaled, in ``gate_order``; the bias is ``input_bias``),
    and overwrites it with the activated gates. ``G`` is a view of gate-major
    storage: each gate of each step is a contiguous (batch, hidden) block,
    and so is each gate over all steps, so that elementwise work runs over
    whole blocks. It writes the states into ``S`` of shape (n_steps + 1,
    batch, hidden), whose ``S[0]`` is the state to start from (zero, or
    that of the steps before, when a sequence runs in blocks of steps), and
    returns what else its backward pass needs (a cache object in the order
    of processing, or None). A cell with more state than ``h`` (the LSTM's
    ``c``) starts from ``initial``, the cache of the steps before, or from
    zero.
    ``weights`` is a :class:`RecurrentWeights`, ``steps`` a :class:`StepMasks`
    and ``ws`` a workspace of the layer and direction (``workspace.py``).

    An absent step leaves every state unchanged: the cell copies the
    previous state into the absent rows, and in the backward pass their
    gate gradients are zero and the state gradients pass straight through.

    ``backward(G, S, cache, weights, steps, dh, d_out, grads, ws)`` gets the
    arrays ``forward`` left, ``dh`` (batch, hidden), the gradient of the
    final state, and ``d_out`` (n_steps, batch, hidden), that of the state
    after every step (the layer above reads them), or None. It writes the
    gate gradients into ``grads``, a :class:`GateGradients`, and may
    overwrite ``G``, ``dh`` and the cache.

    Besides, a cell tells the network its number of gates, their order in
    ``G`` (``gate_order``, into PyTorch's), their scales (``gate_scale``, in
    PyTorch's order), whether the recurrent part has its own gradient
    (``separate_hidden_gradient``), the initial biases of the gate that
    keeps the state (``keep_gate_bias``), and the bias it adds to the input
    projection (``input_bias``).
    """

    n_gates = 1
    gate_order = (0,)
    gate_scale = (1.0,)
    separate_hidden_gradient = False
    keep_gate_bias = None

    def input_bias(self, b_ih, b_hh):
        """Bias added to the input projection before the time loop."""
        return b_ih + b_hh

    @abstractmethod
    def forward(self, G, S, weights, steps, ws, initial=None):
        """The forward loop (see the class docstring)."""

    @abstractmethod
    def backward(self, G, S, cache, weights, steps, dh, d_out, grads, ws):
        """The backward loop (see the class docstring)."""


class RNNCell(Cell):
    """``h' = f(x W_ih^T + b_ih + h W_hh^T + b_hh)``, as ``torch.nn.RNN``."""

    def __init__(self, activation):
        self.activation = activation

    def forward(self, G, S, weights, steps, ws, initial=None):
        activation = ACTIVATIONS[self.activation]
        W_hh_T = weights.forward[0]
        for g, h_before, h, full, absent in zip(G[:, 0], S[:-1], S[1:], steps.full,
                                                steps.absent):
            np.matmul(h_before, W_hh_T, h)
            h += g
            activation(h)
            if not full:
                np.copyto(h, h_before, where=absent)
        # The pre-activations are not needed: the derivative is read off h.
        return None

    def backward(self, G, S, cache, weights, steps, dh, d_out, grads, ws):
        W_hh = weights.backward[0]
        dG = grads.input
        # The derivative of every step at once, so that the loop multiplies by it.
        DERIVATIVES[self.activation](S[1:], dG[:, 0])
        for t, d_above, d, full, absent in last_first(d_out, dG[:, 0], steps.full,
                                                      steps.absent):
            if d_above is not None:
                dh += d_above
            d *= dh
            if full:
                if t:
                    np.matmul(d, W_hh, dh)
            else:
                d *= ~absent
                if t:
                    dh *= absent
                    dh += d @ W_hh


class GRUCell(Cell):
    """``torch.nn.GRU``'s cell, gates (r, z, n)::

        r = sigmoid(x W_ir^T + b_ir + h W_hr^T + b_hr)
        z = sigmoid(x W_iz^T + b_iz + h W_hz^T + b_hz)
        n = tanh(x W_in^T + b_in + r * (h W_hn^T + b_hn))
        h' = (1 - z) * n + z * h
    """

    n_gates = 3
    gate_order = (0, 1, 2)
    # The candidate n scales the unscaled h W_hn^T + b_hn by r.
    gate_scale = (0.5, 0.5, 1.0)
    separate_hidden_gradient = True
    # Initial biases of z, spread over the units from 0 to 4: memories from
    # 1/(1 - sigmoid(0)) = 2 to 1/(1 - sigmoid(4)) = 56 steps.  The slow
    # units let gradients reach early steps from the first epoch (with all
    # biases 0, z = 0.5 halves the memory every step); the fast ones keep
    # the cell quick to fit short dependencies.
    keep_gate_bias = (0.0, 4.0)

    def input_bias(self, b_ih, b_hh):
        # b_hr and b_hz simply add up; b_hn is scaled by r, so it stays
        # inside the time loop.
        bias = b_ih.copy()
        n_hidden = len(b_ih) // 3
        bias[: 2 * n_hidden] += b_hh[: 2 * n_hidden]
        return bias

    def forward(self, G, S, weights, steps, ws, initial=None):
        n_steps, _, batch, H = G.shape
        # Tiled over the batch: the add per step then runs over one block.
        b_hn = np.repeat(weights.b_hh[None, 2 * H :], batch, axis=0)
        recurrent = ws.empty("recurrent", (3, batch, H), G.dtype)
        rec_rz, rec_n, rec_r = recurrent[:2], recurrent[2], recurrent[0]
        hn = ws.empty("hn", (n_steps, batch, H), G.dtype)
        half = np.array(0.5, dtype=G.dtype)
        W = weights.forward
        steps_views = zip(G[:, :2], G[:, 0], G[:, 1], G[:, 2], S[:-1], S[1:], hn,
                          steps.full, steps.absent)
        for rz, r, z, n, h_before, h, hn_t, full, absent in steps_views:
            np.matmul(h_before, W, recurrent)
            rz += rec_rz
            np.tanh(rz, rz)
            rz *= half
            rz += half
            np.add(rec_n, b_hn, hn_t)
            # The product is written into the spent recurrent r block.
            np.multiply(r, hn_t, rec_r)
            n += rec_r
            np.tanh(n, n)
            np.subtract(h_before, n, h)
            h *= z
            h += n
            if not full:
                np.copyto(h, h_before, where=absent)
        return GRUCache(hn)

    def backward(self, G, S, cache, weights, steps, dh, d_out, grads, ws):
        r, z, n = G[:, 0], G[:, 1], G[:, 2]
        dGi, dGh = grads.input, grads.recurrent
        # Everything that does not depend on the incoming gradient is
        # computed for all steps at once, so that the loop multiplies by it.
        # h' = n + z * (h - n): dn = dh * (1 - z) * (1 - n^2),
        # dz = dh * (h - n) * z * (1 - z), dr = dn * hn * r * (1 - r).
        d_r, d_z, d_n = dGi[:, 0], dGi[:, 1], dGi[:, 2]
        np.subtract(1, z, out=d_r)  # 1 - z, until d_r is computed
        np.multiply(n, n, out=d_n)
        np.subtract(1, d_n, out=d_n)
        d_n *= d_r
        np.subtract(S[:-1], n, out=d_z)
        d_z *= z
        d_z *= d_r
        np.subtract(1, r, out=d_r)
        d_r *= r
        d_r *= cache.hn
        products = ws.empty("products", dGi.shape[1:], dGi.dtype)
        gate_products, W = list(products), weights.backward
        steps_views = last_first(
            d_out, dGi, dGi[:, :2], dGi[:, 1:], d_r, d_n,
            dGh, dGh[:, :2], dGh[:, 2], r, z, steps.full, steps.absent,
        )
        for (t, d_above, di, di_rz, di_zn, di_r, di_n, dr_h, dr_h_rz, dr_h_n, r_t, z_t,
             full, absent) in steps_views:
            if d_above is not None:
                dh += d_above
            di_zn *= dh
            di_r *= di_n
            if not full:
                di *= ~absent
            np.copyto(dr_h_rz, di_rz)
            np.multiply(di_n, r_t, dr_h_n)
            if t:
                # An absent step hands its gradient straight to the state before.
                dh *= z_t if full else np.where(absent, 1, z_t)
                np.matmul(dr_h, W, products)
                for product in gate_products:
                    dh += product


class LSTMCell(Cell):
    """``torch.nn.LSTM``'s cell, gates (i, f, g, o)::

        i, f, o = sigmoid(x W_i*^T + b_i* + h W_h*^T + b_h*)
        g = tanh(x W_ig^T + b_ig + h W_hg^T + b_hg)
        c' = f * c + i * g
        h' = o * tanh(c')
    """

    n_gates = 4
    # G holds (i, f, o, g): the three sigmoid gates are one block for the
    # affine map of every step.
    gate_order = (0, 1, 3, 2)
    gate_scale = (0.5, 0.5, 1.0, 0.5)
    # Initial bias of f, as recommended by Jozefowicz et al. (2015).
    keep_gate_bias = (1.0, 1.0)
    # Below this batch * hidden, a step works on its gates in one contiguous
    # block, stored back into G for the backward pass: G's four blocks lie
    # far apart, which costs every call on them more than the two copies;
    # larger steps lose by the copies (benchmarks/README.md).
    max_block_size = 4096

    def forward(self, G, S, weights, steps, ws, initial=None):
        n_steps, _, batch, H = G.shape
        recurrent = ws.empty("recurrent", (4, batch, H), G.dtype)
        C = ws.empty("C", (n_steps + 1, batch, H), G.dtype)
        C[0] = 0 if initial is None else initial.C[-1]
        tanh_C = ws.empty("tanh_C", (n_steps, batch, H), G.dtype)
        scratch = ws.empty("scratch", (batch, H), G.dtype)
        in_block = batch * H < self.max_block_size
        half = np.array(0.5, dtype=G.dtype)
        W = weights.forward
        # Each step's gates as a whole, its sigmoid gates, then i, f, o, g.
        views = (recurrent, recurrent[:3], *recurrent)
        gates = repeat(views) if in_block else zip(G, G[:, :3], *G.transpose(1, 0, 2, 3))
        steps_views = zip(G, gates, C[:-1], C[1:], tanh_C, S[:-1], S[1:], steps.full,
                          steps.absent)
        for (g_t, (g, sigmoids, i, f, o, g_g), c_before, c, tanh_c, h_before, h, full,
             absent) in steps_views:
            np.matmul(h_before, W, recurrent)
            np.add(recurrent, g_t, g)
            np.tanh(g, g)
            # sigmoid(x) = 0.5 * tanh(x / 2) + 0.5 for i, f and o.
            sigmoids *= half
            sigmoids += half
            np.multiply(f, c_before, c)
            np.multiply(i, g_g, scratch)
            c += scratch
            np.tanh(c, tanh_c)
            np.multiply(o, tanh_c, h)
            if in_block:
                np.copyto(g_t, g)
            if not full:
                np.copyto(h, h_before, where=absent)
                np.copyto(c, c_before, where=absent)
        return LSTMCache(C, tanh_C)

    def backward(self, G, S, cache, weights, steps, dh, d_out, grads, ws):
        C, tanh_C = cache.C, cache.tanh_C
        dG = grads.input
        i, f, o, g = (G[:, k] for k in range(4))
        d_i, d_f, d_g, d_o = (dG[:, k] for k in range(4))
        # Everything that does not depend on the incoming gradients is
        # computed for all steps at once, so that the loop multiplies by it.
        # h' = o * tanh(c'), c' = f * c + i * g; the sigmoid's derivative
        # s * (1 - s) for i, f and o.
        np.subtract(1, G[:, :2], out=dG[:, :2])
        dG[:, :2] *= G[:, :2]
        np.subtract(1, o, out=d_o)
        d_o *= o
        np.multiply(g, g, out=d_g)
        np.subtract(1, d_g, out=d_g)
        d_i *= g
        d_f *= C[:-1]
        d_g *= i
        d_o *= tanh_C
        dc_dh = ws.empty("dc_dh", tanh_C.shape, G.dtype)
        np.multiply(tanh_C, tanh_C, out=dc_dh)
        np.subtract(1, dc_dh, out=dc_dh)
        dc_dh *= o
        dc = ws.zeros("dc", dh.shape, dh.dtype)
        scratch = ws.empty("scratch", dh.shape, dh.dtype)
        products = ws.empty("products", dG.shape[1:], dG.dtype)
        W = weights.backward
        # dG in PyTorch's order: i, f and g take dc, o takes dh.
        steps_views = last_first(d_out, dG, dG[:, :3], d_o, dc_dh, f, steps.full,
                                 steps.absent)
        for t, d_above, d, d_ifg, d_o_t, dc_dh_t, f_t, full, absent in steps_views:
            if d_above is not None:
                dh += d_above
            d_o_t *= dh
            np.multiply(dh, dc_dh_t, scratch)
            if not full:
                # An absent step's c' is a copy of c, untouched by h'.
                scratch *= ~absent
            dc += scratch
            d_ifg *= dc
            if not full:
                d *= ~absent
            if t:
                np.matmul(d, W, products)
                if full:
                    dc *= f_t
                    # The ufunc's own reduce: np.sum's wrapper doubles the
                    # cost at small sizes.
                    np.add.reduce(products, axis=0, out=dh)
                else:
                    dc *= np.where(absent, 1, f_t)
                    dh *= absent
                    dh += np.add.reduce(products, axis=0)


CELLS = {"rnn": RNNCell, "gru": GRUCell, "lstm": LSTMCell}


def make_cell(cell, activation="tanh"):
    """The cell named ``cell``; ``activation`` is the vanilla cell's."""
    return RNNCell(activation) if cell == "rnn" else CELLS[cell]()
