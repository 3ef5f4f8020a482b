"""The numpy core: stacked recurrent layers read by a linear output layer.

Arrays are time-major: inputs ``X`` of shape (n_timesteps, batch, n_features)
and presence flags ``present`` of shape (n_timesteps, batch).  At an absent
step the recurrent state is carried over unchanged, so the state after the
last step is the state at each sequence's last present step: the output layer
reads that one (many-to-one).

All parameters live in one flat vector; the weight matrices are views into
it, named and shaped as in ``torch.nn.RNN`` (``weight_ih_l0`` of shape
(hidden, input), ...) followed by a ``torch.nn.Linear`` (``linear.weight``,
``linear.bias``).  Optimizers update the flat vector in place.
"""

# SPDX-License-Identifier: BSD-3-Clause

import numpy as np

from ._base import ACTIVATIONS, DERIVATIVES, LOSS_FUNCTIONS


class RecurrentNetwork:
    """Shapes and arithmetic of a stacked vanilla RNN with a linear output.

    Parameters
    ----------
    n_features : int
        Number of input features per time step.

    hidden_layer_sizes : tuple of int
        Size of each recurrent layer, bottom first.

    n_outputs : int
        Number of output units.

    activation : {"tanh", "relu"}
        Nonlinearity of the recurrent layers.
    """

    def __init__(self, n_features, hidden_layer_sizes, n_outputs, activation):
        self.hidden_layer_sizes = tuple(hidden_layer_sizes)
        self.activation = activation
        layout = []
        n_in = n_features
        for k, n_hidden in enumerate(self.hidden_layer_sizes):
            layout += [
                (f"rnn.weight_ih_l{k}", (n_hidden, n_in)),
                (f"rnn.weight_hh_l{k}", (n_hidden, n_hidden)),
                (f"rnn.bias_ih_l{k}", (n_hidden,)),
                (f"rnn.bias_hh_l{k}", (n_hidden,)),
            ]
            n_in = n_hidden
        layout += [("linear.weight", (n_outputs, n_in)), ("linear.bias", (n_outputs,))]
        self.layout = layout
        self.n_params = sum(int(np.prod(shape)) for _, shape in layout)

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

        Input and output weights are Glorot-uniform, recurrent weights are
        orthogonal (they neither grow nor shrink the state at the start, which
        keeps early gradients through time from exploding or vanishing), and
        biases are zero.
        """
        flat = np.zeros(self.n_params, dtype=dtype)
        for name, W in self.unpack(flat).items():
            if "bias" in name:
                continue
            if "weight_hh" in name:
                Q, R = np.linalg.qr(rng.standard_normal(W.shape))
                W[:] = Q * np.sign(np.diag(R))
            else:
                bound = np.sqrt(6.0 / (W.shape[0] + W.shape[1]))
                W[:] = rng.uniform(-bound, bound, W.shape)
        return flat

    def forward(self, params, X, present):
        """Run the network over a batch.

        Returns the raw outputs of shape (batch, n_outputs) and what the
        backward pass needs: the trimmed inputs and presence, and each
        layer's states of shape (n_steps + 1, batch, n_hidden), whose first
        step is the initial zero state.
        """
        # Steps absent from every sequence of the batch change no state.
        any_present = present.any(axis=1)
        steps = np.flatnonzero(any_present)
        span = slice(steps[0], steps[-1] + 1) if steps.size else slice(0, 0)
        X, present = X[span], present[span]
        full = present.all(axis=1).tolist()
        absent = ~present[:, :, None]

        states, inp = [], X
        for k in range(len(self.hidden_layer_sizes)):
            inp = self._layer_forward(params, k, inp, full, absent)
            states.append(inp)
            inp = inp[1:]
        Z = states[-1][-1] @ params["linear.weight"].T
        Z += params["linear.bias"]
        return Z, (X, full, absent, states)

    def _layer_forward(self, params, k, inp, full, absent):
        W_hh_T = params[f"rnn.weight_hh_l{k}"].T
        n_steps, batch, _ = inp.shape
        n_hidden = W_hh_T.shape[0]
        states = np.empty((n_steps + 1, batch, n_hidden), dtype=inp.dtype)
        states[0] = 0
        # The input projection of all steps is one product, outside the loop.
        np.matmul(
            inp.reshape(n_steps * batch, -1),
            params[f"rnn.weight_ih_l{k}"].T,
            out=states[1:].reshape(n_steps * batch, n_hidden),
        )
        states[1:] += params[f"rnn.bias_ih_l{k}"] + params[f"rnn.bias_hh_l{k}"]
        activation = ACTIVATIONS[self.activation]
        recurrent = np.empty((batch, n_hidden), dtype=inp.dtype)
        for t in range(n_steps):
            h = states[t + 1]
            if t:
                np.matmul(states[t], W_hh_T, out=recurrent)
                h += recurrent
            activation(h)
            if not full[t]:
                np.copyto(h, states[t], where=absent[t])
        return states

    def backward(self, params, grads, cache, dZ):
        """Backpropagate ``dZ`` through time into ``grads`` (named views).

        ``grads`` of the weights is overwritten, not accumulated.
        """
        X, full, absent, states = cache
        top = states[-1][-1]
        np.matmul(dZ.T, top, out=grads["linear.weight"])
        grads["linear.bias"][:] = dZ.sum(axis=0)
        d_state = dZ @ params["linear.weight"]
        d_outputs = None
        for k in reversed(range(len(self.hidden_layer_sizes))):
            inp = states[k - 1][1:] if k else X
            d_pre = self._layer_backward(
                params, grads, k, inp, states[k], full, absent, d_state, d_outputs
            )
            if k:
                n_steps, batch, n_hidden = d_pre.shape
                d_outputs = (
                    d_pre.reshape(n_steps * batch, n_hidden)
                    @ params[f"rnn.weight_ih_l{k}"]
                ).reshape(n_steps, batch, -1)
                d_state = np.zeros_like(d_outputs[0])

    def _layer_backward(
        self, params, grads, k, inp, states, full, absent, d_state, d_outputs
    ):
        """Gradients of layer ``k``; returns those of its pre-activations.

        ``d_state`` is the gradient with respect to the last state and
        ``d_outputs`` (or None) those with respect to the states of every
        step, which the layer above sends down.
        """
        W_hh = params[f"rnn.weight_hh_l{k}"]
        n_steps, batch, n_hidden = states.shape[0] - 1, states.shape[1], W_hh.shape[0]
        derivative = DERIVATIVES[self.activation]
        d_pre = np.empty((n_steps, batch, n_hidden), dtype=states.dtype)
        dh = d_state.copy()
        for t in reversed(range(n_steps)):
            if d_outputs is not None:
                dh += d_outputs[t]
            d = d_pre[t]
            np.copyto(d, dh)
            derivative(states[t + 1], d)
            if full[t]:
                if t:
                    np.matmul(d, W_hh, out=dh)
            else:
                # An absent step hands its gradient straight to the state before.
                d *= ~absent[t]
                if t:
                    dh *= absent[t]
                    dh += d @ W_hh

        flat_pre = d_pre.reshape(n_steps * batch, n_hidden)
        np.matmul(
            flat_pre.T,
            inp.reshape(n_steps * batch, -1),
            out=grads[f"rnn.weight_ih_l{k}"],
        )
        if n_steps > 1:
            np.matmul(
                flat_pre[batch:].T,
                states[1:-1].reshape((n_steps - 1) * batch, n_hidden),
                out=grads[f"rnn.weight_hh_l{k}"],
            )
        else:
            grads[f"rnn.weight_hh_l{k}"][:] = 0
        grads[f"rnn.bias_ih_l{k}"][:] = flat_pre.sum(axis=0)
        grads[f"rnn.bias_hh_l{k}"][:] = grads[f"rnn.bias_ih_l{k}"]
        return d_pre

    def loss_gradient(self, flat, grad, X, present, Y, sample_weight, loss, alpha):
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
        """
        params, grads = self.unpack(flat), self.unpack(grad)
        Z, cache = self.forward(params, X, present)
        losses, dZ = LOSS_FUNCTIONS[loss](Z, Y)
        dZ *= (sample_weight / len(Y))[:, None]
        self.backward(params, grads, cache, dZ)
        for name, W in params.items():
            if "weight" in name:
                grads[name] += alpha * W
        return self._penalised_mean(params, losses, sample_weight, alpha)

    def loss_value(self, flat, X, present, Y, sample_weight, loss, alpha):
        """The value of :meth:`loss_gradient`, without the gradient."""
        params = self.unpack(flat)
        losses, _ = LOSS_FUNCTIONS[loss](self.forward(params, X, present)[0], Y)
        return self._penalised_mean(params, losses, sample_weight, alpha)

    @staticmethod
    def _penalised_mean(params, losses, sample_weight, alpha):
        penalty = sum(
            float(np.vdot(W, W)) for name, W in params.items() if "weight" in name
        )
        return float(sample_weight @ losses) / len(losses) + 0.5 * alpha * penalty
