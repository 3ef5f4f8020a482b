"""Stacked recurrent layers read by a linear output layer.

Arrays are time-major (``batch.py``): inputs ``X`` of shape (n_timesteps,
batch, n_features) and presence flags ``present`` of shape (n_timesteps,
batch). At an absent step every recurrent state is carried over unchanged,
so the state after the last step is the state at each sequence's last
present step: the output layer reads that one (many-to-one). A
bidirectional layer also runs backwards from each sequence's last present
step; its final state is the one at the first present step, and the output
layer reads both, as PyTorch does with packed sequences.

The cells (``cells.py``) run the time loops; this module does the input
projections of all steps before them and the weight gradients over all
steps after them (big matrix products), the stacking, the directions and
the output layer. Parameters are views into one flat vector
(``parameters.py``).
"""

# SPDX-License-Identifier: BSD-3-Clause

from dataclasses import dataclass

import numpy as np

from .cells import GateGradients, RecurrentWeights, StepMasks, make_cell
from .highway import last_present_steps
from .losses import LOSS_FUNCTIONS
from .parameters import ParameterLayout, initialize
from .readout import Readout
from .workspace import Workspace


@dataclass
class DirectionTrace:
    """What the forward pass of one direction of one layer leaves for the
    backward pass, in time order.

    ``S`` (n_steps + 1, batch, hidden): the forward direction's initial
    zero state is ``S[0]`` and its state after step t is ``S[t + 1]``; the
    backward direction's initial state is ``S[-1]`` and its state after
    step t is ``S[t]``. ``G``: the activated gates, (n_steps, n_gates,
    batch, hidden). ``cache``: what the cell keeps, in its order of
    processing. ``weights``: the recurrent weights as the cell reads them.
    """

    S: np.ndarray
    G: np.ndarray
    cache: object
    weights: RecurrentWeights
    reverse: bool

    def outputs(self):
        """States after each step, in time order."""
        return self.S[:-1] if self.reverse else self.S[1:]

    def final(self):
        """State after the last step of the direction's own order."""
        return self.S[0] if self.reverse else self.S[-1]

    def previous(self):
        """The state each step starts from, in time order."""
        return self.S[1:] if self.reverse else self.S[:-1]

    def in_processing_order(self, array):
        return array[::-1] if self.reverse else array


@dataclass
class ForwardCache:
    """What :meth:`RecurrentNetwork.forward` leaves for the backward pass.

    ``steps``: presence over the steps where some sequence is present, in
    time order. ``inputs[k]``: the input of layer ``k`` over those steps.
    ``layers[k][d]``: the :class:`DirectionTrace` of direction ``d`` of
    layer ``k``. ``features``: what the output layer read, and ``readout``
    what the readout keeps for its gradient; ``span``: the steps of the
    batch the others are. The arrays are views into the
    workspace of the forward pass, valid until it serves the next batch.
    """

    steps: StepMasks
    inputs: list
    layers: list
    features: np.ndarray
    readout: object
    span: slice
    highway: np.ndarray = None


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

    readout : tuple of {"last", "mean", "max"}, default=("last",)
        What the output layer reads of the top layer's states
        (``readout.py``).
    """

    def __init__(
        self,
        n_features,
        hidden_layer_sizes,
        n_outputs,
        activation="tanh",
        cell="rnn",
        bidirectional=False,
        readout=("last",),
        highway=0,
    ):
        self.n_features = n_features
        self.hidden_layer_sizes = tuple(hidden_layer_sizes)
        self.n_outputs = n_outputs
        self.activation = activation
        self.cell_name = cell
        self.cell = make_cell(cell, activation)
        self.bidirectional = bool(bidirectional)
        self.n_directions = 2 if self.bidirectional else 1
        self.readout = Readout(readout)
        if highway and self.readout.per_step:
            raise ValueError("The linear path needs one output per sequence.")
        self.highway = int(highway)
        self.layout = ParameterLayout(
            n_features, self.hidden_layer_sizes, self.cell.n_gates,
            self.n_directions, n_outputs, len(self.readout.kinds),
            self.highway * n_features,
        )
        self.n_params = self.layout.n_params
        # Gates and states that one step of one sequence keeps over all layers.
        self.units_per_step = (self.cell.n_gates + 1) * self.n_directions * sum(
            self.hidden_layer_sizes
        )

    def architecture(self):
        """What must not change between fits that continue each other."""
        architecture = {
            "n_features": self.n_features,
            "hidden_layer_sizes": self.hidden_layer_sizes,
            "cell": self.cell_name,
            "bidirectional": self.bidirectional,
            "readout": self.readout.kinds,
            "n_outputs": self.n_outputs,
        }
        if self.highway:
            architecture["linear_steps"] = self.highway
        return architecture

    def initialize(self, rng, dtype):
        """Flat parameter vector, drawn from ``rng`` given only the shapes."""
        return initialize(self.layout, rng, dtype, self.cell.keep_gate_bias)

    # -- forward -------------------------------------------------------------

    def forward(self, params, X, present, workspace=None):
        """Run the network over a batch.

        ``params`` is a :class:`~.parameters.Parameters`. Returns the raw
        outputs of shape (batch, n_outputs) and a :class:`ForwardCache`.
        """
        if workspace is None:
            workspace = Workspace()
        n_total = len(X)
        highway = self._highway_features(X, present)
        X, steps, span = self._present_span(X, present, self._trims)
        inputs, layers, inp = [], [], X
        for k, directions in enumerate(params.layers):
            inputs.append(inp)
            traces = [
                self._direction_forward(p, bool(d), inp, steps, workspace.scope(k, d))
                for d, p in enumerate(directions)
            ]
            layers.append(traces)
            outputs = [trace.outputs() for trace in traces]
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
        features, readout = self.readout.forward(layers[-1], steps)
        Z = self._outputs(params, features, span, n_total, highway)
        return Z, ForwardCache(steps, inputs, layers, features, readout, span, highway)

    def _highway_features(self, X, present):
        """What the linear path reads, (batch, highway * n_features), or None."""
        return last_present_steps(X, present, self.highway) if self.highway else None

    def _outputs(self, params, features, span, n_steps, highway=None):
        """The linear output layer: (batch, n_outputs), or for an output at
        every step (batch, n_steps, n_outputs) over all ``n_steps`` steps,
        those outside ``span`` (absent from every sequence) carrying the
        state on: the zero state before it, the last state after it. The
        linear path adds ``highway @ highway_weight.T``."""
        Z = features @ params.linear_weight.T
        Z += params.linear_bias
        if highway is not None:
            Z += highway @ params.highway_weight.T
        if not self.readout.per_step:
            return Z
        full = np.empty((Z.shape[1], n_steps, Z.shape[2]), dtype=Z.dtype)
        full[:, span] = Z.transpose(1, 0, 2)
        full[:, : span.start] = params.linear_bias
        after = full[:, span.stop - 1 : span.stop] if span.stop else params.linear_bias
        full[:, span.stop :] = after
        return full

    def _direction_forward(self, p, reverse, inp, steps, ws):
        projection = self._input_projection(p, inp.shape[1])
        G = self._project(projection, inp, ws)
        S = ws.empty("S", (len(inp) + 1, inp.shape[1], p.weight_hh.shape[1]), inp.dtype)
        S[-1 if reverse else 0] = 0
        weights = self._recurrent_weights(p, ws)
        trace = DirectionTrace(S, G, None, weights, reverse)
        trace.cache = self.cell.forward(
            trace.in_processing_order(G),
            trace.in_processing_order(S),
            weights,
            steps.reversed() if reverse else steps,
            ws,
        )
        return trace

    def _input_projection(self, p, batch):
        """The input weights and bias of one direction as the product of
        every step needs them: the cell's gate scales go into the weights,
        not into the gates of every step, and so does its order of the
        gates; the bias is tiled over a batch."""
        n_gates, n_hidden = self.cell.n_gates, p.weight_hh.shape[1]
        order = list(self.cell.gate_order)
        scale = np.array(self.cell.gate_scale, dtype=p.weight_ih.dtype)[order]
        scale = scale.reshape(n_gates, 1, 1)
        W = p.weight_ih.reshape(n_gates, n_hidden, -1)[order] * scale
        bias = self.cell.input_bias(p.bias_ih, p.bias_hh)
        tiled = np.repeat(bias.reshape(n_gates, 1, n_hidden)[order] * scale, batch, axis=1)
        return W.transpose(0, 2, 1), tiled.reshape(n_gates, 1, batch * n_hidden)

    @property
    def _trims(self):
        """Whether the steps absent from the whole batch are left out. Not
        for outputs at every step of both directions: there the output at
        an absent step reads the backward state, which is the initial one
        after a sequence's last present step and carries the state of its
        first one before it, whatever the other sequences of the batch."""
        return not (self.bidirectional and self.readout.per_step)

    @staticmethod
    def _present_span(X, present, trim=True):
        """``X`` over the steps from the first to the last one present in
        some sequence (the others change no state; all steps unless
        ``trim``), their StepMasks, and that span of steps. A batch with no
        present step keeps its first, absent step: the readout of no step is
        that of the initial state."""
        steps = np.flatnonzero(present.any(axis=1)) if trim else np.arange(len(present))
        span = slice(steps[0], steps[-1] + 1) if steps.size else slice(0, 1)
        X, present = X[span], present[span]
        return X, StepMasks(present.all(axis=1).tolist(), ~present[:, :, None]), span

    @staticmethod
    def _project(projection, inp, ws):
        """Input projections of every step of ``inp``, as (n_steps, n_gates,
        batch, hidden) views of gate-major storage: the projection of each
        gate over all steps is one product into a contiguous block."""
        W_T, tiled = projection
        n_steps, batch, n_in = inp.shape
        n_gates, n_hidden = W_T.shape[0], W_T.shape[2]
        G = ws.empty("G", (n_gates, n_steps, batch, n_hidden), inp.dtype)
        # One input feature: numpy's matmul over an inner dimension of 1 takes
        # 3 to 5 times as long as the broadcast product, which is the same
        # single rounded product per element.
        product = np.multiply if n_in == 1 else np.matmul
        product(
            inp.reshape(n_steps * batch, n_in), W_T,
            out=G.reshape(n_gates, n_steps * batch, n_hidden),
        )
        # The bias is added in rows of batch * hidden: hidden-wide inner
        # loops are slow at small hidden sizes.
        rows = G.reshape(n_gates, n_steps, batch * n_hidden)
        rows += tiled
        return G.transpose(1, 0, 2, 3)

    def _recurrent_weights(self, p, ws):
        n_gates, n_hidden = self.cell.n_gates, p.weight_hh.shape[1]
        order = list(self.cell.gate_order)
        scale = np.array(self.cell.gate_scale, dtype=p.weight_hh.dtype)[order]
        W_hh = p.weight_hh.reshape(n_gates, n_hidden, n_hidden)
        return RecurrentWeights(
            forward=np.multiply(
                W_hh[order].transpose(0, 2, 1),
                scale.reshape(n_gates, 1, 1),
                out=ws.empty("W_hh_T", (n_gates, n_hidden, n_hidden), W_hh.dtype),
            ),
            backward=W_hh,
            b_hh=p.bias_hh,
        )

    # -- prediction ----------------------------------------------------------

    def predict(self, params, X, present, workspace=None, block_steps=64):
        """Raw outputs of a batch, those of :meth:`forward`, computed keeping
        less: the gates and what the cells keep for ``block_steps`` steps at
        a time, and each layer's states only while the layer above reads
        them (what the backward pass needs, prediction does not)."""
        if workspace is None:
            workspace = Workspace()
        n_total = len(X)
        highway = self._highway_features(X, present)
        X, steps, span = self._present_span(X, present, self._trims)
        inp = X
        for k, directions in enumerate(params.layers):
            # Layers alternate between two sets of buffers: a layer's states
            # outlive only the layer above.
            traces = [
                self._direction_predict(
                    p, bool(d), inp, steps, workspace.scope(k % 2, d), block_steps
                )
                for d, p in enumerate(directions)
            ]
            outputs = [trace.outputs() for trace in traces]
            inp = outputs[0] if len(outputs) == 1 else np.concatenate(
                outputs, axis=2,
                out=workspace.empty(
                    ("outputs", k % 2), outputs[0].shape[:2] + (2 * outputs[0].shape[2],),
                    X.dtype,
                ),
            )
        features, _ = self.readout.forward(traces, steps)
        return self._outputs(params, features, span, n_total, highway)

    def _direction_predict(self, p, reverse, inp, steps, ws, block_steps):
        n_steps, batch, _ = inp.shape
        projection = self._input_projection(p, batch)
        weights = self._recurrent_weights(p, ws)
        S = ws.empty("S", (n_steps + 1, batch, p.weight_hh.shape[1]), inp.dtype)
        S[-1 if reverse else 0] = 0
        starts = range(0, n_steps, block_steps)
        carried = None
        for a in reversed(starts) if reverse else starts:
            b = min(a + block_steps, n_steps)
            # The block's states: the one it starts from and those after its
            # steps; the backward direction starts from S[b].
            block = DirectionTrace(S[a : b + 1], None, None, weights, reverse)
            block_steps_present = StepMasks(steps.full[a:b], steps.absent[a:b])
            cache = self.cell.forward(
                block.in_processing_order(self._project(projection, inp[a:b], ws)),
                block.in_processing_order(block.S),
                weights,
                block_steps_present.reversed() if reverse else block_steps_present,
                ws,
                initial=carried,
            )
            # What the cell keeps beyond h (the LSTM's c) goes on into the
            # next block: its last step, copied out of the reused buffers.
            carried = None if cache is None else type(cache)(
                *(array[-1:].copy() for array in vars(cache).values())
            )
        return DirectionTrace(S, None, None, weights, reverse)

    # -- backward ------------------------------------------------------------

    def backward(self, params, grads, cache, dZ, workspace=None):
        """Backpropagate ``dZ`` through time into ``grads``.

        ``params`` and ``grads`` are :class:`~.parameters.Parameters`; the
        gradients are overwritten, not accumulated. ``cache`` is what
        :meth:`forward` returned, and ``workspace`` the one it used.
        """
        if workspace is None:
            workspace = Workspace()
        if self.readout.per_step:
            dZ = self._span_gradient(dZ, cache.span, grads)
        else:
            grads.linear_bias[:] = dZ.sum(axis=0)
        if cache.highway is not None:
            np.matmul(dZ.T, cache.highway, out=grads.highway_weight)
        n_out = dZ.shape[-1]
        np.matmul(
            dZ.reshape(-1, n_out).T,
            cache.features.reshape(-1, cache.features.shape[-1]),
            out=grads.linear_weight,
        )
        # The top layer's states feed the output layer through the readout;
        # the states of a lower layer feed the layer above at every step.
        top = len(cache.layers) - 1
        d_finals, d_steps = self.readout.backward(
            dZ @ params.linear_weight, cache.layers[top], cache.steps, cache.readout
        )
        d_outputs = None
        for k in reversed(range(len(cache.layers))):
            inp = cache.inputs[k]
            d_inp = None
            for d, trace in enumerate(cache.layers[k]):
                n_hidden = trace.S.shape[2]
                ws = workspace.scope(k, d)
                dh = ws.empty("dh", (inp.shape[1], n_hidden), inp.dtype)
                if k == top:
                    d_final, d_out = d_finals[d], d_steps[d]
                else:
                    d_final = None
                    d_out = d_outputs[:, :, d * n_hidden : (d + 1) * n_hidden]
                if d_final is None:
                    dh.fill(0)
                else:
                    np.copyto(dh, d_final)
                dGi = self._direction_backward(
                    grads.layers[k][d], inp, trace, cache.steps, dh, d_out, ws
                )
                if k:
                    d_below = self._input_gradient(params.layers[k][d], dGi, inp, ws)
                    if d_inp is None:
                        d_inp = d_below
                    else:
                        d_inp += d_below
            d_outputs = d_inp

    @staticmethod
    def _span_gradient(dZ, span, grads):
        """The gradient of every step's output, (batch, n_steps, n_outputs),
        as that of the outputs over ``span``, time-major: an output after
        the span is the span's last one, and one before it the bias alone."""
        grads.linear_bias[:] = dZ.sum(axis=(0, 1))
        inside = np.ascontiguousarray(dZ[:, span].transpose(1, 0, 2))
        if span.stop and span.stop < dZ.shape[1]:
            inside[-1] += dZ[:, span.stop :].sum(axis=1)
        return inside

    def _input_gradient(self, p, dGi, inp, ws):
        """The gradient to the layer below, summed over the gates."""
        n_gates, n_rows, n_hidden = dGi.shape
        per_gate = np.matmul(
            dGi,
            p.weight_ih.reshape(n_gates, n_hidden, inp.shape[2]),
            out=ws.empty("d_input_gates", (n_gates, n_rows, inp.shape[2]), inp.dtype),
        )
        return np.sum(
            per_gate,
            axis=0,
            out=ws.empty("d_input", (n_rows, inp.shape[2]), inp.dtype),
        ).reshape(inp.shape)

    def _direction_backward(self, g, inp, trace, steps, dh, d_out, ws):
        """Gradients of one direction of a layer into ``g``; returns those of
        its input projections, gate-major, of shape (n_gates, n_steps *
        batch, hidden)."""
        n_steps, batch, n_in = inp.shape
        n_gates, n_hidden = self.cell.n_gates, trace.S.shape[2]
        shape = (n_gates, n_steps, batch, n_hidden)
        dGi = ws.empty("dGi", shape, trace.G.dtype)
        dGh = dGi
        if self.cell.separate_hidden_gradient:
            dGh = ws.empty("dGh", shape, trace.G.dtype)
        gradients = GateGradients(dGi.transpose(1, 0, 2, 3), dGh.transpose(1, 0, 2, 3))
        ordered = trace.in_processing_order
        self.cell.backward(
            ordered(trace.G),
            ordered(trace.S),
            trace.cache,
            trace.weights,
            steps.reversed() if trace.reverse else steps,
            dh,
            None if d_out is None else ordered(d_out),
            gradients.reversed() if trace.reverse else gradients,
            ws,
        )
        # Weight gradients are products over all steps, one per gate.
        n_rows = n_steps * batch
        dGi = dGi.reshape(n_gates, n_rows, n_hidden)
        dGh = dGh.reshape(n_gates, n_rows, n_hidden)
        np.matmul(
            dGi.transpose(0, 2, 1),
            inp.reshape(n_rows, n_in),
            out=g.weight_ih.reshape(n_gates, n_hidden, n_in),
        )
        np.matmul(
            dGh.transpose(0, 2, 1),
            trace.previous().reshape(n_rows, n_hidden),
            out=g.weight_hh.reshape(n_gates, n_hidden, n_hidden),
        )
        # Bias gradients as products with ones: summing over the rows of
        # hidden-wide blocks is several times slower at small hidden sizes.
        ones = np.ones(n_rows, dtype=dGi.dtype)
        d_bias_ih = g.bias_ih.reshape(n_gates, n_hidden)
        d_bias_hh = g.bias_hh.reshape(n_gates, n_hidden)
        np.matmul(ones, dGi, out=d_bias_ih)
        if dGh is dGi:
            d_bias_hh[:] = d_bias_ih
        else:
            np.matmul(ones, dGh, out=d_bias_hh)
        return dGi

    # -- loss ----------------------------------------------------------------

    def loss_gradient(self, flat, grad, batch, loss, alpha, workspace=None):
        """Penalised loss of a :class:`~.batch.Batch`; its gradient is written into
        ``grad``.

        Parameters
        ----------
        flat, grad : ndarray of shape (n_params,)
            Parameters, and the buffer that receives their gradient.

        batch : Batch
            Sequences, targets and weights.

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
        params, grads = self.layout.views(flat), self.layout.views(grad)
        Z, cache = self.forward(params, batch.X, batch.present, workspace)
        n_out = Z.shape[-1]
        losses, dZ = LOSS_FUNCTIONS[loss](Z.reshape(-1, n_out), batch.Y.reshape(-1, n_out))
        weight = batch.sample_weight.reshape(-1)
        dZ *= (weight / len(batch.Y))[:, None]
        self.backward(params, grads, cache, dZ.reshape(Z.shape), workspace)
        for W, dW in zip(params.penalised, grads.penalised):
            dW += alpha * W
        return self._penalised_mean(params, losses, weight, len(batch.Y), alpha)

    def loss_value(self, flat, batch, loss, alpha, workspace=None):
        """The value of :meth:`loss_gradient`, without the gradient, and the
        raw outputs it was computed from."""
        params = self.layout.views(flat)
        # The lean forward pass of predict, which keeps no caches for a
        # backward pass; over all the steps at once it computes what
        # forward does, to the bit.
        Z = self.predict(params, batch.X, batch.present, workspace, len(batch.X))
        n_out = Z.shape[-1]
        losses, _ = LOSS_FUNCTIONS[loss](Z.reshape(-1, n_out), batch.Y.reshape(-1, n_out))
        weight = batch.sample_weight.reshape(-1)
        return self._penalised_mean(params, losses, weight, len(batch.Y), alpha), Z

    def penalty(self, flat):
        """``||W||^2``, the sum of squares of the penalised weights."""
        return self._squares(self.layout.views(flat))

    @staticmethod
    def _squares(params):
        return sum(float(np.vdot(W, W)) for W in params.penalised)

    def _penalised_mean(self, params, losses, weight, n_samples, alpha):
        penalty = self._squares(params)
        return float(weight @ losses) / n_samples + 0.5 * alpha * penalty
