"""What the output layer reads of the top layer: the last state, and the mean
and the maximum of the states over each sequence's present steps; or the
state at every step, for an output at every step.

The last state (the state after each sequence's last present step, and for
a backward direction after its first) sums up a sequence as a recurrent
network does; the mean and the maximum of the states over the present steps
let the output layer see every step directly, which long sequences of few
samples need. The output layer reads the parts side by side, in the order
of ``kinds``, each with the directions side by side: ``[last | mean | max]``
with ``last = [forward | backward]`` and so on, as PyTorch's
``torch.cat([h_last, out.mean(1), out.max(1)], dim=1)`` over a bidirectional
layer's output.
"""

# SPDX-License-Identifier: BSD-3-Clause

from dataclasses import dataclass

import numpy as np

KINDS = ("last", "mean", "max")
# An output at every step reads each step's state, and nothing else.
EVERY_STEP = "steps"


@dataclass
class ReadoutCache:
    """What :meth:`Readout.forward` keeps for the backward pass: the number
    of present steps of each sequence, (batch, 1), and for "max" the step of
    each maximum, one (batch, hidden) array per direction."""

    counts: np.ndarray
    argmax: list


class Readout:
    """The features the output layer reads, and their gradient.

    Parameters
    ----------
    kinds : tuple of {"last", "mean", "max"}, or ("steps",)
        The parts, in order; each appears at most once. ``("steps",)``
        reads the states after every step, the directions side by side:
        an output at every step.
    """

    def __init__(self, kinds=("last",)):
        self.kinds = tuple(kinds)
        self.per_step = self.kinds == (EVERY_STEP,)

    def forward(self, traces, steps):
        """Features of shape (batch, len(kinds) * n_directions * hidden).

        ``traces`` are the :class:`~.network.DirectionTrace` of the top
        layer, ``steps`` the batch's :class:`~.cells.StepMasks` in time order.
        A sequence with no present step has mean and maximum 0. For an
        output at every step, the features are of shape (n_steps, batch,
        n_directions * hidden).
        """
        if self.per_step:
            outputs = [trace.outputs() for trace in traces]
            features = outputs[0] if len(outputs) == 1 else np.concatenate(outputs, axis=2)
            return features, None
        present = ~steps.absent
        counts = present.sum(axis=0)
        # Without absent steps the states are read as they are, not copied.
        full = all(steps.full)
        parts, argmax = [], []
        for kind in self.kinds:
            for trace in traces:
                if kind == "last":
                    parts.append(trace.final())
                elif kind == "mean":
                    states = trace.outputs() if full else np.where(present, trace.outputs(), 0)
                    total = states.sum(axis=0)
                    parts.append(total / np.maximum(counts, 1).astype(total.dtype))
                else:
                    masked = trace.outputs()
                    if not full:
                        masked = np.where(present, masked, -np.inf)
                    index = masked.argmax(axis=0)
                    peak = np.take_along_axis(masked, index[None], axis=0)[0]
                    parts.append(np.where(counts > 0, peak, 0).astype(masked.dtype))
                    argmax.append(index)
        features = parts[0] if len(parts) == 1 else np.concatenate(parts, axis=1)
        return features, ReadoutCache(counts, argmax)

    def backward(self, d_features, traces, steps, cache):
        """Split the gradient of the features over the top layer's states.

        Returns, per direction, the gradient of its final state (None if
        "last" is not read) and that of its state after every step in time
        order (None if only "last" is read).
        """
        n_directions, n_hidden = len(traces), traces[0].S.shape[2]
        if self.per_step:
            return [None] * n_directions, [
                d_features[:, :, d * n_hidden : (d + 1) * n_hidden] for d in range(n_directions)
            ]
        present = ~steps.absent
        d_final = [None] * n_directions
        d_steps = [None] * n_directions
        width = n_directions * n_hidden
        argmax = iter(cache.argmax)
        for k, kind in enumerate(self.kinds):
            for d, trace in enumerate(traces):
                start = k * width + d * n_hidden
                grad = d_features[:, start : start + n_hidden]
                if kind == "last":
                    d_final[d] = grad
                    continue
                if d_steps[d] is None:
                    d_steps[d] = np.zeros(trace.outputs().shape, dtype=d_features.dtype)
                if kind == "mean":
                    share = grad / np.maximum(cache.counts, 1).astype(grad.dtype)
                    d_steps[d] += np.where(present, share, 0)
                else:
                    grad = np.where(cache.counts > 0, grad, 0)
                    index = next(argmax)[None]
                    gathered = np.take_along_axis(d_steps[d], index, axis=0)
                    np.put_along_axis(d_steps[d], index, gathered + grad[None], axis=0)
        return d_final, d_steps
