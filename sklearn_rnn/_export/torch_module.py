"""The PyTorch module of an exported model (``sklearn_rnn.export.to_torch``).

The module runs the recurrences step by step as the numpy network does
(``_core/network.py``): at an absent step every state carries over, so it
reads NaN-padded batches exactly as ``predict`` does, absent steps inside a
sequence included, and its layers may differ in size. Its parameters are
``weights_`` by the same names (standardisation folded in); the levels of
the regressor's sequences are computed from each batch, as ``predict``
does. Slower than ``torch.nn.GRU`` on long sequences, but exact, and it
trains: gradients flow to every parameter.

This file imports torch, an optional dependency: ``export.to_torch``
imports it when called, so the package imports without torch.
"""

# SPDX-License-Identifier: BSD-3-Clause

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F


def build_module(model, dtype=None):
    """The ``SequenceModule`` of an :class:`~.model.ExportedModel`, with
    parameters of ``dtype`` (a torch dtype; by default that of the weights)."""
    if dtype is None:
        dtype = torch.from_numpy(next(iter(model.weights.values()))[:0]).dtype
    if not (isinstance(dtype, torch.dtype) and dtype.is_floating_point):
        raise TypeError(f"dtype must be a floating-point torch.dtype, got {dtype!r}.")
    return SequenceModule(model, dtype)


class SequenceModule(nn.Module):
    """A fitted sklearn_rnn estimator as a PyTorch module.

    ``forward(X)`` takes the NaN-padded batch of shape (n_samples,
    n_timesteps, n_features) (or (n_samples, n_timesteps) after a fit on
    2-D X) and returns what the estimator's ``predict_proba`` (a
    classifier) or ``predict`` (a regressor) returns for it, as a tensor
    of the module's dtype. :meth:`decision_function` returns the output
    layer's values before the output activation, for training with a
    loss on logits. Its ``state_dict()`` holds the estimator's
    ``weights_``, by the same names.
    """

    def __init__(self, model, dtype):
        super().__init__()
        self.estimator_name = model.name
        self.cell = model.cell
        self.activation = model.activation
        self.n_features = model.n_features
        self.hidden_layer_sizes = model.hidden_layer_sizes
        self.n_directions = model.n_directions
        self.readout = model.readout
        self.highway_steps = model.highway
        self.n_outputs = model.n_outputs
        self.output = model.output
        self.per_step = model.per_step
        self.squeeze = model.squeeze
        self.levels = model.levels
        self.input_2d = model.input_2d
        self.classes_ = model.classes
        # Submodules and parameters in the order of weights_, so that
        # state_dict() lists them as weights_ does.
        for name, W in model.weights.items():
            owner, attribute = name.split(".")
            if not hasattr(self, owner):
                self.add_module(owner, nn.Module())
            parameter = nn.Parameter(torch.tensor(np.asarray(W), dtype=dtype))
            getattr(self, owner).register_parameter(attribute, parameter)

    @property
    def dtype(self):
        return self.linear.weight.dtype

    def extra_repr(self):
        sizes = ", ".join(map(str, self.hidden_layer_sizes))
        return (
            f"{self.estimator_name}: cell={self.cell!r}, hidden_layer_sizes=({sizes}), "
            f"bidirectional={self.n_directions == 2}, readout={self.readout}, "
            f"linear_steps={self.highway_steps}, levels={self.levels}, "
            f"output={self.output!r}"
        )

    # -- the public face -------------------------------------------------

    def forward(self, X):
        """``predict_proba`` (classifiers) or ``predict`` (regressors) of
        the NaN-padded batch ``X``."""
        Z = self.decision_function(X)
        if self.output == "identity":
            return Z[..., 0] if self.squeeze else Z
        if self.output == "logistic":
            return torch.cat([torch.sigmoid(-Z), torch.sigmoid(Z)], dim=-1)
        if self.output == "multilabel":
            return torch.sigmoid(Z)
        return torch.softmax(Z, dim=-1)

    def decision_function(self, X):
        """The output layer's values, (n_samples, n_outputs) or, for an
        output at every step, (n_samples, n_timesteps, n_outputs): the
        logits of a classifier, the predictions of a regressor (its
        levels added)."""
        X, present = self._validate(X)
        nan = torch.isnan(X)
        X = torch.where(nan, torch.zeros((), dtype=X.dtype), X)
        levels = None
        if self.levels:
            levels = self._last_steps(X, present, 1)[:, 0]
            X = X - levels[:, None, :]
        mask = present.T[:, :, None]
        outputs, finals = self._layers(X.transpose(0, 1), mask)
        Z = self._output_layer(X, present, mask, outputs, finals)
        if levels is not None:
            Z = Z + levels.repeat(1, self.n_outputs // levels.shape[1])
        return Z

    # -- the network ------------------------------------------------------

    def _validate(self, X):
        if not torch.is_tensor(X):
            X = torch.as_tensor(np.asarray(X, dtype=np.float64))
        if not X.is_floating_point():
            raise TypeError(f"X must be a floating-point tensor, got {X.dtype}.")
        X = X.to(self.dtype)
        ndim = 2 if self.input_2d else 3
        if X.ndim != ndim:
            shape = "(n_samples, n_timesteps)" if self.input_2d else (
                "(n_samples, n_timesteps, n_features)")
            raise ValueError(
                f"The {self.estimator_name} was fitted on {ndim}-D X: expected X of "
                f"shape {shape}, got shape {tuple(X.shape)}."
            )
        if self.input_2d:
            X = X[:, :, None]
        if X.shape[2] != self.n_features:
            raise ValueError(
                f"X has {X.shape[2]} features, but the {self.estimator_name} is "
                f"expecting {self.n_features} features as input."
            )
        if X.shape[1] == 0:
            raise ValueError("X has no time steps.")
        nan = torch.isnan(X)
        present = ~nan.all(dim=2)
        if (nan.any(dim=2) & present).any():
            raise ValueError(
                "X has steps with some features NaN and others not; a step is "
                "absent when all its features are NaN."
            )
        if torch.isinf(X).any():
            raise ValueError("X holds infinity.")
        return X, present

    def _layers(self, X, mask):
        """The top layer's states at every step, (n_timesteps, batch,
        n_directions * hidden), and the final state of each of its
        directions."""
        inp = X
        for k in range(len(self.hidden_layer_sizes)):
            outputs, finals = [], []
            for d in range(self.n_directions):
                suffix = f"_l{k}" + ("_reverse" if d else "")
                out, final = self._direction(inp, mask, suffix, reverse=bool(d))
                outputs.append(out)
                finals.append(final)
            inp = torch.cat(outputs, dim=2) if len(outputs) > 1 else outputs[0]
        return inp, finals

    def _direction(self, inp, mask, suffix, reverse):
        weight = lambda role: getattr(self.rnn, role + suffix)  # noqa: E731
        W_hh, b_hh = weight("weight_hh"), weight("bias_hh")
        projections = F.linear(inp, weight("weight_ih"), weight("bias_ih"))
        n_steps, batch = inp.shape[:2]
        h = torch.zeros((batch, W_hh.shape[1]), dtype=inp.dtype)
        c = h
        states = [None] * n_steps
        for t in (reversed(range(n_steps)) if reverse else range(n_steps)):
            h_new, c_new = self._step(projections[t], h, c, W_hh, b_hh)
            h = torch.where(mask[t], h_new, h)
            if self.cell == "lstm":
                c = torch.where(mask[t], c_new, c)
            states[t] = h
        return torch.stack(states), h

    def _step(self, projection, h, c, W_hh, b_hh):
        """One step of PyTorch's cell; the LSTM's cell state ``c``."""
        recurrent = F.linear(h, W_hh, b_hh)
        if self.cell == "rnn":
            total = projection + recurrent
            return (torch.tanh(total) if self.activation == "tanh" else torch.relu(total)), c
        if self.cell == "gru":
            i_r, i_z, i_n = projection.chunk(3, dim=1)
            h_r, h_z, h_n = recurrent.chunk(3, dim=1)
            r = torch.sigmoid(i_r + h_r)
            z = torch.sigmoid(i_z + h_z)
            n = torch.tanh(i_n + r * h_n)
            return (1 - z) * n + z * h, c
        i, f, g, o = (projection + recurrent).chunk(4, dim=1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        return torch.sigmoid(o) * torch.tanh(c), c

    def _output_layer(self, X, present, mask, outputs, finals):
        W, b = self.linear.weight, self.linear.bias
        if self.per_step:
            return F.linear(outputs, W, b).transpose(0, 1)
        counts = mask.sum(dim=0).to(outputs.dtype)
        parts = []
        for kind in self.readout:
            if kind == "last":
                parts.append(torch.cat(finals, dim=1) if len(finals) > 1 else finals[0])
            elif kind == "mean":
                total = torch.where(mask, outputs, 0).sum(dim=0)
                parts.append(total / counts.clamp(min=1))
            else:
                peak = torch.where(mask, outputs, -torch.inf).max(dim=0).values
                parts.append(torch.where(counts > 0, peak, 0))
        Z = F.linear(torch.cat(parts, dim=1) if len(parts) > 1 else parts[0], W, b)
        if self.highway_steps:
            features = self._last_steps(X, present, self.highway_steps)
            Z = Z + F.linear(features.reshape(len(X), -1), self.highway.weight)
        return Z

    @staticmethod
    def _last_steps(X, present, k):
        """The last ``k`` present steps of each sequence, newest first,
        (batch, k, n_features), as ``_core/highway.py``: the earliest
        present step repeated where there are fewer, zeros where none."""
        n_steps = X.shape[1]
        position = torch.where(present, torch.arange(n_steps), -1)
        newest_first = position.sort(dim=1, descending=True).values
        counts = present.sum(dim=1)
        places = torch.minimum(torch.arange(k)[None], (counts - 1).clamp(min=0)[:, None])
        index = newest_first.gather(1, places.clamp(max=n_steps - 1)).clamp(min=0)
        gathered = X[torch.arange(len(X))[:, None], index]
        return torch.where((counts > 0)[:, None, None], gathered, 0)
