"""The numpy core: stacked recurrent layers read by a linear output layer.

Arrays are time-major: inputs ``X`` of shape (n_timesteps, batch, n_features)
and presence flags ``present`` of shape (n_timesteps, batch).  At an absent
step every recurrent state is carried over unchanged, so the state after the
last step is the state at each sequence's last present step: the output layer
reads that one (many-to-one).  A bidirectional layer also runs backwards from
each sequence's last present step; its final state is the one at the first
present step, and the output layer reads both, as PyTorch does with packed
sequences.

All parameters live in one flat vector; the weight matrices are views into
it, named and shaped as in ``torch.nn.RNN/GRU/LSTM`` (``weight_ih_l0`` of shape
(n_gates * hidden, input), ..., ``_reverse`` for the backward direction)
followed by a ``torch.nn.Linear`` (``linear.weight``, ``linear.bias``).
Optimizers update the flat vector in place.  The cells (``_cells.py``) run
the time loops; this module does the products over all steps, the stacking,
the directions and the output layer.
"""
# SPDX-License-Identifier: BSD-3-Clause

import numpy as np

from ._base import LOSS_FUNCTIONS
from ._cells import CELLS
from ._workspace import Workspace


class RecurrentNetwork:
    """Shapes and arithmetic of a stacked recurrent network with a linear output.

    Parameters
    ----------
    n_features : int
        Number of input features per time step.

    hidden_layer_sizes : tuple of int
        Size of each recurrent layer (per direction), bottom first.

    n_outputs : int
        Number of output units.

    activation : {"tanh", "relu"}, default="tanh"
        Nonlinearity of the vanilla cell; the gated cells have their own.

    cell : {"rnn", "gru", "lstm"}, default="rnn"
        Recurrent cell of every layer.

    bidirectional : bool, default=False
        Whether every layer also runs backwards in time.
    """

    def __init__(
        self,
        n_features,
        hidden_layer_sizes,
        n_outputs,
        activation="tanh",
        cell="rnn",
        bidirectional=False,
    ):
        self.hidden_layer_sizes = tuple(hidden_layer_sizes)
        self.activation = activation
        self.cell_name = cell
        self.cell = CELLS[cell](activation)
        self.bidirectional = bool(bidirectional)
        self.suffixes = ("", "_reverse") if self.bidirectional else ("",)
        n_gates = self.cell.n_gates
        layout = []
        n_in = n_features
        for k, n_hidden in enumerate(self.hidden_layer_sizes):
            for suffix in self.suffixes:
                layout += [
                    (f"rnn.weight_ih_l{k}{suffix}", (n_gates * n_hidden, n_in)),
                    (f"rnn.weight_hh_l{k}{suffix}", (n_gates * n_hidden, n_hidden)),
                    (f"rnn.bias_ih_l{k}{suffix}", (n_gates * n_hidden,)),
                    (f"rnn.bias_hh_l{k}{suffix}", (n_gates * n_hidden,)),
                ]
            n_in = n_hidden * len(self.suffixes)
        layout += [("linear.weight", (n_outputs, n_in)), ("linear.bias", (n_outputs,))]
        self.layout = layout
        self.n_params = sum(int(np.prod(shape)) for _, shape in layout)
        # Gates and states that one step of one sequence keeps over all layers.
        self.units_per_step = (n_gates + 1) * len(self.suffixes) * sum(
            self.hidden_layer_sizes
        )

    def unpack(self, flat):
        """Dictionary of named views into the flat parameter vector."""
        views, start = {}, 0
        for name, shape in self.layout:
            stop = start + int(np.prod(shape))
            views[name] = flat[start:stop].reshape(shape)
            start = stop
        return views

    def pack(self, params, dtype):
        """Flat vector holding a copy of the named parameters."""
        return np.concatenate(
            [np.asarray(params[name], dtype=dtype).ravel() for name, _ in self.layout]
        )

    def initialize(self, rng, dtype):
        """Flat parameter vector, drawn from ``rng`` given only the shapes.

        Input and output weights are Glorot-uniform, each gate's recurrent
        weights are orthogonal (they neither grow nor shrink the state at the
        start, which keeps early gradients through time from exploding or
        vanishing), and biases are zero, except that ``bias_ih`` of a gated
        cell's second gate, the one that keeps the state (LSTM's f, GRU's z),
        runs linearly over the units through the range
        ``cell.keep_gate_bias``, so that the cell starts out remembering.
        """
        flat = np.zeros(self.n_params, dtype=dtype)
        keep = self.cell.keep_gate_bias
        for name, W in self.unpack(flat).items():
            if "bias" in name:
                if keep is not None and "bias_ih" in name:
                    n_hidden = len(W) // self.cell.n_gates
                    W[n_hidden : 2 * n_hidden] = np.linspace(*keep, n_hidden)
                continue
            if "weight_hh" in name:
                n_hidden = W.shape[1]
                for block in W.reshape(-1, n_hidden, n_hidden):
                    Q, R = np.linalg.qr(rng.standard_normal(block.shape))
                    block[:] = Q * np.sign(np.diag(R))
            else:
                bound = np.sqrt(6.0 / (W.shape[0] + W.shape[1]))
                W[:] = rng.uniform(-bound, bound, W.shape)
        return flat

    def forward(self, params, X, present, workspace=None):
        """Run the network over a batch.

        Returns the raw outputs of shape (batch, n_outputs) and what the
        backward pass needs: the trimmed inputs and presence, the input of
        every layer, and for every layer and direction its states ``S`` of
        shape (n_steps + 1, batch, n_hidden) in time order, its activated
        gates ``G`` and what its cell keeps.  The forward direction's initial
        zero state is ``S[0]`` and its state after step t is ``S[t + 1]``;
        the backward direction's initial state is ``S[-1]`` and its state
        after step t is ``S[t]``.  They are views into ``workspace``
        (default: a new one), valid until it serves the next batch.
        """
        if workspace is None:
            workspace = Workspace()
        # Steps absent from every sequence of the batch change no state.
        any_present = present.any(axis=1)
        steps = np.flatnonzero(any_present)
        span = slice(steps[0], steps[-1] + 1) if steps.size else slice(0, 0)
        X, present = X[span], present[span]
        full = present.all(axis=1).tolist()
        absent = ~present[:, :, None]

        inputs, layers, inp = [], [], X
        for k in range(len(self.hidden_layer_sizes)):
            inputs.append(inp)
            directions = [
                self._direction_forward(
                    params, f"l{k}{suffix}", inp, full, absent,
                    workspace.scope(f"l{k}{suffix}"),
                )
                for suffix in self.suffixes
            ]
            layers.append(directions)
            outputs = [self._outputs(d, S) for d, (S, _, _) in enumerate(directions)]
            if len(outputs) == 1:
                inp = outputs[0]
            else:
                n_steps, batch, n_hidden = outputs[0].shape
                inp = np.concatenate(
                    outputs,
                    axis=2,
                    out=workspace.empty(
                        ("outputs", k), (n_steps, batch, 2 * n_hidden), X.dtype
                    ),
                )
        top = self._top_state(layers[-1])
        Z = top @ params["linear.weight"].T
        Z += params["linear.bias"]
        return Z, (X, full, absent, inputs, layers)

    @staticmethod
    def _outputs(direction, S):
        """States after each step, in time order."""
        return S[:-1] if direction else S[1:]

    @staticmethod
    def _top_state(directions):
        """Final states of the directions of the top layer, side by side."""
        finals = [S[0] if d else S[-1] for d, (S, _, _) in enumerate(directions)]
        return finals[0] if len(finals) == 1 else np.concatenate(finals, axis=1)

    @staticmethod
    def _in_processing_order(reverse, *arrays):
        """The backward direction's cells see time-reversed views."""
        if not reverse:
            return arrays
        return [None if a is None else a[::-1] for a in arrays]

    def _direction_forward(self, params, key, inp, full, absent, ws):
        W_ih, W_hh = params[f"rnn.weight_ih_{key}"], params[f"rnn.weight_hh_{key}"]
        b_hh = params[f"rnn.bias_hh_{key}"]
        n_steps, batch, n_in = inp.shape
        n_gates, n_hidden = self.cell.n_gates, W_hh.shape[1]
        # The cell's gate scales go into the weights, not into the gates of
        # every step, and so does its order of the gates.
        order = list(self.cell.gate_order)
        scale = np.array(self.cell.gate_scale, dtype=inp.dtype)[order]
        scale = scale.reshape(n_gates, 1, 1)
        # Gate-major: the input projection of each gate over all steps is
        # one product into a contiguous block; the cells see (step, gate) views.
        G = ws.empty("G", (n_gates, n_steps, batch, n_hidden), inp.dtype)
        np.matmul(
            inp.reshape(n_steps * batch, n_in),
            (W_ih.reshape(n_gates, n_hidden, n_in)[order] * scale).transpose(0, 2, 1),
            out=G.reshape(n_gates, n_steps * batch, n_hidden),
        )
        # The bias, tiled over a batch, is added in rows of batch * hidden:
        # hidden-wide inner loops are slow at small hidden sizes.
        bias = self.cell.input_bias(params[f"rnn.bias_ih_{key}"], b_hh)
        tiled = np.repeat(
            bias.reshape(n_gates, 1, n_hidden)[order] * scale, batch, axis=1
        )
        rows = G.reshape(n_gates, n_steps, batch * n_hidden)
        rows += tiled.reshape(n_gates, 1, batch * n_hidden)
        G = G.transpose(1, 0, 2, 3)
        S = ws.empty("S", (n_steps + 1, batch, n_hidden), inp.dtype)
        reverse = key.endswith("_reverse")
        S[-1 if reverse else 0] = 0
        W_hh_T = np.multiply(
            W_hh.reshape(n_gates, n_hidden, n_hidden)[order].transpose(0, 2, 1),
            scale,
            out=ws.empty("W_hh_T", (n_gates, n_hidden, n_hidden), W_hh.dtype),
        )
        cache = self.cell.forward(
            *self._in_processing_order(reverse, G), W_hh_T, b_hh,
            *self._in_processing_order(reverse, S, full, absent), ws,
        )
        return S, G, cache

    def backward(self, params, grads, cache, dZ, workspace=None):
        """Backpropagate ``dZ`` through time into ``grads`` (named views).

        ``grads`` of the weights is overwritten, not accumulated.  ``cache``
        is what :meth:`forward` returned, and ``workspace`` the one it used.
        """
        if workspace is None:
            workspace = Workspace()
        X, full, absent, inputs, layers = cache
        np.matmul(dZ.T, self._top_state(layers[-1]), out=grads["linear.weight"])
        grads["linear.bias"][:] = dZ.sum(axis=0)
        d_top = dZ @ params["linear.weight"]
        d_outputs = None
        for k in reversed(range(len(self.hidden_layer_sizes))):
            inp = inputs[k]
            d_inp = None
            for d, (suffix, (S, G, cell_cache)) in enumerate(
                zip(self.suffixes, layers[k])
            ):
                n_hidden = S.shape[2]
                cols = slice(d * n_hidden, (d + 1) * n_hidden)
                key = f"l{k}{suffix}"
                ws = workspace.scope(key)
                # The top layer's final states feed the output layer; the
                # states of a lower layer feed the layer above at every step.
                dh = ws.empty("dh", (inp.shape[1], n_hidden), inp.dtype)
                if d_outputs is None:
                    np.copyto(dh, d_top[:, cols])
                    d_out = None
                else:
                    dh.fill(0)
                    d_out = d_outputs[:, :, cols]
                dGi = self._direction_backward(
                    params, grads, key, inp, S, G, cell_cache, dh, d_out, full,
                    absent, ws,
                )
                if k:
                    # The gradient to the layer below, summed over gates and
                    # directions.
                    n_gates, n_rows, _ = dGi.shape
                    W_ih = params[f"rnn.weight_ih_{key}"]
                    per_gate = np.matmul(
                        dGi,
                        W_ih.reshape(n_gates, n_hidden, inp.shape[2]),
                        out=ws.empty(
                            "d_input_gates", (n_gates, n_rows, inp.shape[2]), inp.dtype
                        ),
                    )
                    d = np.sum(
                        per_gate,
                        axis=0,
                        out=ws.empty("d_input", (n_rows, inp.shape[2]), inp.dtype),
                    ).reshape(inp.shape)
                    if d_inp is None:
                        d_inp = d
                    else:
                        d_inp += d
            d_outputs = d_inp

    def _direction_backward(
        self, params, grads, key, inp, S, G, cell_cache, dh, d_out, full, absent, ws
    ):
        """Gradients of one direction of a layer; returns those of its input
        projections, gate-major, of shape (n_gates, n_steps * batch, hidden)."""
        n_steps, batch, n_in = inp.shape
        n_gates, n_hidden = self.cell.n_gates, S.shape[2]
        shape = (n_gates, n_steps, batch, n_hidden)
        dGi = ws.empty("dGi", shape, G.dtype)
        dGh = dGi
        if self.cell.separate_hidden_gradient:
            dGh = ws.empty("dGh", shape, G.dtype)
        reverse = key.endswith("_reverse")
        self.cell.backward(
            params[f"rnn.weight_hh_{key}"].reshape(n_gates, n_hidden, n_hidden),
            *self._in_processing_order(reverse, G, S),
            cell_cache,
            dh,
            *self._in_processing_order(
                reverse, d_out, full, absent,
                dGi.transpose(1, 0, 2, 3), dGh.transpose(1, 0, 2, 3),
            ),
            ws,
        )
        # Weight gradients are products over all steps, one per gate.
        n_rows = n_steps * batch
        dGi = dGi.reshape(n_gates, n_rows, n_hidden)
        dGh = dGh.reshape(n_gates, n_rows, n_hidden)
        previous = S[1:] if reverse else S[:-1]
        np.matmul(
            dGi.transpose(0, 2, 1),
            inp.reshape(n_rows, n_in),
            out=grads[f"rnn.weight_ih_{key}"].reshape(n_gates, n_hidden, n_in),
        )
        np.matmul(
            dGh.transpose(0, 2, 1),
            previous.reshape(n_rows, n_hidden),
            out=grads[f"rnn.weight_hh_{key}"].reshape(n_gates, n_hidden, n_hidden),
        )
        # Bias gradients as products with ones: summing over the rows of
        # hidden-wide blocks is 6 times slower at hidden size 32.
        ones = np.ones(n_rows, dtype=dGi.dtype)
        d_bias_ih = grads[f"rnn.bias_ih_{key}"].reshape(n_gates, n_hidden)
        d_bias_hh = grads[f"rnn.bias_hh_{key}"].reshape(n_gates, n_hidden)
        np.matmul(ones, dGi, out=d_bias_ih)
        if dGh is dGi:
            d_bias_hh[:] = d_bias_ih
        else:
            np.matmul(ones, dGh, out=d_bias_hh)
        return dGi

    def loss_gradient(
        self, flat, grad, X, present, Y, sample_weight, loss, alpha, workspace=None
    ):
        """Penalised loss of a batch; its gradient is written into ``grad``.

        Parameters
        ----------
        flat, grad : ndarray of shape (n_params,)
            Parameters, and the buffer that receives their gradient.

        X : ndarray of shape (n_timesteps, batch, n_features)

        present : ndarray of bool of shape (n_timesteps, batch)

        Y : ndarray of shape (batch, n_outputs)
            Targets; one-hot (or 0/1 for one logistic output) for classifiers.

        sample_weight : ndarray of shape (batch,)
            Weights, scaled to mean one over the whole training set, so that
            the loss is the weighted mean over the samples.

        loss : str
            Key of ``LOSS_FUNCTIONS``.

        alpha : float
            Strength of the L2 penalty ``alpha / 2 * ||W||^2`` on the
            weights (not the biases); it does not scale with the batch size.

        workspace : Workspace, default=None
            Buffers to reuse from batch to batch; by default, new ones.
        """
        if workspace is None:
            workspace = Workspace()
        params, grads = self.unpack(flat), self.unpack(grad)
        Z, cache = self.forward(params, X, present, workspace)
        losses, dZ = LOSS_FUNCTIONS[loss](Z, Y)
        dZ *= (sample_weight / len(Y))[:, None]
        self.backward(params, grads, cache, dZ, workspace)
        for name, W in params.items():
            if "weight" in name:
                grads[name] += alpha * W
        return self._penalised_mean(params, losses, sample_weight, alpha)

    def loss_value(
        self, flat, X, present, Y, sample_weight, loss, alpha, workspace=None
    ):
        """The value of :meth:`loss_gradient`, without the gradient, and the
        raw outputs it was computed from."""
        params = self.unpack(flat)
        Z = self.forward(params, X, present, workspace)[0]
        losses, _ = LOSS_FUNCTIONS[loss](Z, Y)
        return self._penalised_mean(params, losses, sample_weight, alpha), Z

    @staticmethod
    def _penalised_mean(params, losses, sample_weight, alpha):
        penalty = sum(
            float(np.vdot(W, W)) for name, W in params.items() if "weight" in name
        )
        return float(sample_weight @ losses) / len(losses) + 0.5 * alpha * penalty
