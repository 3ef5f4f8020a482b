"""Recurrent cells: the time loop of one layer in one direction.

A cell runs over the input projections ``G`` of shape (n_steps, n_gates,
batch, hidden), which the network computes for all steps before the loop, and
writes the hidden states into ``S`` of shape (n_steps + 1, batch, hidden),
whose row 0 is the zero initial state.  ``G`` is a view of gate-major storage:
each gate of each step is a contiguous (batch, hidden) block, and so is each
gate over all steps, so that the elementwise work runs over whole blocks, not
over hidden-wide slices of rows (several times slower per element at small
hidden sizes).  Both arrive in the order of processing: the network hands the
backward direction reversed views, so cells know nothing of directions.  Per
step there is one batched recurrent product for all gates, ``h @ W_hh_T`` with
``W_hh_T`` of shape (n_gates, hidden, hidden), a contiguous copy of each
gate's ``W_hh.T``.

The gated cells take ``sigmoid(x) = 0.5 * tanh(0.5 * x) + 0.5`` (numpy's
tanh is several times faster than scipy's expit, 7 times in float32).  The
network multiplies each gate's weights and biases by the cell's
``gate_scale`` (0.5 for the sigmoid gates: exact, a power of two) before the
products, so that ``G`` and ``W_hh_T`` hold the halved pre-activations and
the cells apply tanh and the affine map per step.

The gated cells overwrite ``G`` with their activated gates, which the
backward pass reads along with what ``forward`` returns; the vanilla cell
reads its derivative off the states.

An absent step (``absent[t]`` true, shape (batch, 1)) leaves every state
unchanged: the cell copies the previous state into the absent rows, and in the
backward pass their gate gradients are zero and the state gradients pass
straight through.  ``full[t]`` says that no sequence is absent at step ``t``,
which skips the masking there.

The gates of ``G`` and of ``W_hh_T`` come in the cell's ``gate_order``:
PyTorch's order, except that the LSTM puts o before g, so that its three
sigmoid gates are one block for the affine map of every step.

``backward`` writes the gradients of the gates' pre-activations, shaped like
``G`` but in PyTorch's order, that of the weights: ``dGi`` for the input part
``x W_ih^T + b_ih``, ``dGh`` for the recurrent part ``h W_hh^T + b_hh``.  They
are one and the same array except for the GRU, whose reset gate multiplies the
recurrent part of its candidate (``separate_hidden_gradient``).  It gets
``W_hh`` as (n_gates, hidden, hidden) blocks.

Both passes take their arrays from ``ws``, a workspace of their layer and
direction (``_workspace.py``).

Besides ``forward`` and ``backward``, a cell tells the network its number of
gates, their order in ``G`` and their scales (in PyTorch's order), the bias
it adds to the input projection (``input_bias``) and the initial biases of
the gate that keeps the state (``keep_gate_bias``).
"""

# SPDX-License-Identifier: BSD-3-Clause

import numpy as np

from ._base import ACTIVATIONS, DERIVATIVES


class RNNCell:
    """``h' = f(x W_ih^T + b_ih + h W_hh^T + b_hh)``, as ``torch.nn.RNN``."""

    n_gates = 1
    gate_order = (0,)
    gate_scale = (1.0,)
    separate_hidden_gradient = False
    keep_gate_bias = None

    def __init__(self, activation):
        self.activation = activation

    def input_bias(self, b_ih, b_hh):
        """Bias added to the input projection before the time loop."""
        return b_ih + b_hh

    def forward(self, G, W_hh_T, b_hh, S, full, absent, ws):
        activation = ACTIVATIONS[self.activation]
        for t in range(len(G)):
            h = S[t + 1]
            if t:
                np.matmul(S[t], W_hh_T[0], out=h)
                h += G[t, 0]
            else:
                h[:] = G[t, 0]
            activation(h)
            if not full[t]:
                np.copyto(h, S[t], where=absent[t])
        # The pre-activations are not needed: the derivative is read off h.
        return None

    def backward(self, W_hh, G, S, cache, dh, d_out, full, absent, dGi, dGh, ws):
        # The derivative of every step at once, so that the loop multiplies by it.
        DERIVATIVES[self.activation](S[1:], dGi[:, 0])
        for t in reversed(range(len(G))):
            if d_out is not None:
                dh += d_out[t]
            d = dGi[t, 0]
            d *= dh
            if full[t]:
                if t:
                    np.matmul(d, W_hh[0], out=dh)
            else:
                d *= ~absent[t]
                if t:
                    dh *= absent[t]
                    dh += d @ W_hh[0]


class GRUCell:
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

    def __init__(self, activation=None):
        pass

    def input_bias(self, b_ih, b_hh):
        # b_hr and b_hz simply add up; b_hn is scaled by r, so it stays
        # inside the time loop.
        bias = b_ih.copy()
        n_hidden = len(b_ih) // 3
        bias[: 2 * n_hidden] += b_hh[: 2 * n_hidden]
        return bias

    def forward(self, G, W_hh_T, b_hh, S, full, absent, ws):
        n_steps, _, batch, H = G.shape
        # Tiled over the batch: the add per step then runs over one block.
        b_hn = np.repeat(b_hh[None, 2 * H :], batch, axis=0)
        recurrent = ws.empty("recurrent", (3, batch, H), G.dtype)
        # h W_hn^T + b_hn of every step, which the reset gate's gradient needs.
        hn = ws.empty("hn", (n_steps, batch, H), G.dtype)
        for t in range(n_steps):
            g = G[t]
            np.matmul(S[t], W_hh_T, out=recurrent)
            rz, n = g[:2], g[2]
            rz += recurrent[:2]
            np.tanh(rz, out=rz)
            rz *= 0.5
            rz += 0.5
            np.add(recurrent[2], b_hn, out=hn[t])
            # The product is written into the spent recurrent r block.
            np.multiply(g[0], hn[t], out=recurrent[0])
            n += recurrent[0]
            np.tanh(n, out=n)
            h = S[t + 1]
            np.subtract(S[t], n, out=h)
            h *= g[1]
            h += n
            if not full[t]:
                np.copyto(h, S[t], where=absent[t])
        return hn

    def backward(self, W_hh, G, S, hn, dh, d_out, full, absent, dGi, dGh, ws):
        r, z, n = G[:, 0], G[:, 1], G[:, 2]
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
        d_r *= hn
        products = ws.empty("products", dGi.shape[1:], dGi.dtype)
        for t in reversed(range(len(G))):
            if d_out is not None:
                dh += d_out[t]
            di, dr_h = dGi[t], dGh[t]
            di[1:] *= dh
            di[0] *= di[2]
            if not full[t]:
                di *= ~absent[t]
            dr_h[:2] = di[:2]
            np.multiply(di[2], r[t], out=dr_h[2])
            if t:
                # An absent step hands its gradient straight to the state before.
                dh *= z[t] if full[t] else np.where(absent[t], 1, z[t])
                np.matmul(dr_h, W_hh, out=products)
                for product in products:
                    dh += product


class LSTMCell:
    """``torch.nn.LSTM``'s cell, gates (i, f, g, o)::

        i, f, o = sigmoid(x W_i*^T + b_i* + h W_h*^T + b_h*)
        g = tanh(x W_ig^T + b_ig + h W_hg^T + b_hg)
        c' = f * c + i * g
        h' = o * tanh(c')
    """

    n_gates = 4
    # G holds (i, f, o, g): the sigmoid gates side by side.
    gate_order = (0, 1, 3, 2)
    gate_scale = (0.5, 0.5, 1.0, 0.5)
    separate_hidden_gradient = False
    # Initial bias of f, as recommended by Jozefowicz et al. (2015).
    keep_gate_bias = (1.0, 1.0)
    # Below this batch * hidden, a step works on its gates in one contiguous
    # block, stored back into G for the backward pass: G's four blocks lie
    # far apart, which costs every call on them more than the two copies
    # (0.9 times the loss_gradient at B=32, H=32); larger steps lose by the
    # copies (1.06-1.09 times at B=256).
    max_block_size = 4096

    def __init__(self, activation=None):
        pass

    def input_bias(self, b_ih, b_hh):
        return b_ih + b_hh

    def forward(self, G, W_hh_T, b_hh, S, full, absent, ws):
        n_steps, _, batch, H = G.shape
        recurrent = ws.empty("recurrent", (4, batch, H), G.dtype)
        C = ws.empty("C", (n_steps + 1, batch, H), G.dtype)
        C[0] = 0
        tanh_C = ws.empty("tanh_C", (n_steps, batch, H), G.dtype)
        scratch = ws.empty("scratch", (batch, H), G.dtype)
        in_block = batch * H < self.max_block_size
        for t in range(n_steps):
            g = recurrent if in_block else G[t]
            if t:
                np.matmul(S[t], W_hh_T, out=recurrent)
                np.add(recurrent, G[t], out=g)
            elif in_block:
                np.copyto(g, G[t])
            np.tanh(g, out=g)
            # sigmoid(x) = 0.5 * tanh(x / 2) + 0.5 for i, f and o.
            sigmoids = g[:3]
            sigmoids *= 0.5
            sigmoids += 0.5
            c = C[t + 1]
            np.multiply(g[1], C[t], out=c)
            np.multiply(g[0], g[3], out=scratch)
            c += scratch
            np.tanh(c, out=tanh_C[t])
            np.multiply(g[2], tanh_C[t], out=S[t + 1])
            if in_block:
                np.copyto(G[t], g)
            if not full[t]:
                np.copyto(S[t + 1], S[t], where=absent[t])
                np.copyto(c, C[t], where=absent[t])
        return C, tanh_C

    def backward(self, W_hh, G, S, cache, dh, d_out, full, absent, dGi, dGh, ws):
        C, tanh_C = cache
        i, f, o, g = (G[:, k] for k in range(4))
        d_i, d_f, d_g, d_o = (dGi[:, k] for k in range(4))
        # Everything that does not depend on the incoming gradients is
        # computed for all steps at once, so that the loop multiplies by it.
        # h' = o * tanh(c'), c' = f * c + i * g; the sigmoid's derivative
        # s * (1 - s) for i, f and o.
        np.subtract(1, G[:, :2], out=dGi[:, :2])
        dGi[:, :2] *= G[:, :2]
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
        products = ws.empty("products", dGi.shape[1:], dGi.dtype)
        for t in reversed(range(len(G))):
            if d_out is not None:
                dh += d_out[t]
            d = dGi[t]
            d[3] *= dh
            np.multiply(dh, dc_dh[t], out=scratch)
            if not full[t]:
                # An absent step's c' is a copy of c, untouched by h'.
                scratch *= ~absent[t]
            dc += scratch
            d[:3] *= dc
            if not full[t]:
                d *= ~absent[t]
            if t:
                np.matmul(d, W_hh, out=products)
                if full[t]:
                    dc *= f[t]
                    # The ufunc's own reduce: np.sum's wrapper doubles the
                    # cost at small sizes.
                    np.add.reduce(products, axis=0, out=dh)
                else:
                    dc *= np.where(absent[t], 1, f[t])
                    dh *= absent[t]
                    dh += np.add.reduce(products, axis=0)


CELLS = {"rnn": RNNCell, "gru": GRUCell, "lstm": LSTMCell}
