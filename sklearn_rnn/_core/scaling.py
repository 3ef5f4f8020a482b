"""Standardisation: weighted moments that stay finite, and their folding into
the weights of the first and the output layer.

The estimators train on standardised inputs (and the regressor on
standardised targets), ``(x - mean) / scale``. Folded into the weights,
the same network reads raw inputs and writes outputs in the user's units:
``x_std W^T = x (W / scale)^T - (mean / scale) W^T`` for the first layer,
``z = z_std * scale + mean`` for the output layer. The linear path on the
last input steps (``highway.py``) reads standardised inputs too: its
weights are divided by the inputs' scales, and what their means contribute
goes into the output bias (exact, since each of its places holds a present
step).
"""

# SPDX-License-Identifier: BSD-3-Clause

from dataclasses import dataclass

import numpy as np

# A spread this small against the mean is rounding.
_RELATIVE_EPS = 10 * np.finfo(np.float64).eps


def weighted_moments(values, weights=None):
    """Weighted mean and standard deviation of each column.

    Parameters
    ----------
    values : ndarray of shape (n_rows, n_columns), finite
    weights : ndarray of shape (n_rows,), non-negative, not all zero, or None

    Returns
    -------
    mean, std : ndarray of shape (n_columns,), float64
        Finite for any finite input: the sums run over values divided by
        a power of two near each column's largest magnitude.
    """
    values = np.asarray(values, dtype=np.float64)
    weights = np.ones(len(values)) if weights is None else np.asarray(weights, np.float64)
    weights = weights / weights.max()
    total = weights.sum()
    # Dividing by a power of two is exact: the moments are those of the
    # plain formulas wherever these do not overflow.
    power = power_of_two_above(np.abs(values).max(axis=0))
    unit = values / power
    mean = (weights @ unit) / total
    std = np.sqrt((weights @ (unit - mean) ** 2) / total)
    return mean * power, std * power


def power_of_two_above(peak):
    """A power of two at most twice ``peak`` and above half of it (0.5 for
    0), finite for any finite ``peak``."""
    return np.ldexp(1.0, np.frexp(peak)[1] - 1)


def scale_of(mean, std):
    """The scale to divide by: the standard deviation, or 1 where it is zero
    or rounding against the mean, so that a constant column is centred, not
    blown up. Columns of tiny values are scaled like any other."""
    scale = np.array(std, dtype=np.float64)
    scale[scale <= _RELATIVE_EPS * np.abs(mean)] = 1.0
    return scale


def fold(named, layout, input_mean=None, input_scale=None, output_mean=None,
         output_scale=None):
    """The named parameters of a network that reads raw inputs and writes
    outputs in the user's units, from those of one trained on standardised
    ones; a new dictionary, of the dtype of ``named``.
    """
    as64 = {name: np.asarray(W, dtype=np.float64) for name, W in named.items()}
    folded = dict(as64)
    highway = next((b.name for b in layout.blocks if b.role == "highway_weight"), None)
    if input_mean is not None:
        if highway is not None:
            W = as64[highway]
            n_steps = W.shape[1] // len(input_scale)
            bias = layout.find("linear_bias").name
            folded[highway] = W / np.tile(input_scale, n_steps)
            folded[bias] = as64[bias] - W @ np.tile(input_mean / input_scale, n_steps)
        for block in layout.blocks:
            if block.layer == 0 and block.role == "weight_ih":
                bias = layout.find("bias_ih", 0, block.reverse).name
                W = as64[block.name]
                folded[block.name] = W / input_scale
                folded[bias] = as64[bias] - W @ (input_mean / input_scale)
    if output_mean is not None:
        weight, bias = layout.find("linear_weight").name, layout.find("linear_bias").name
        folded[weight] = as64[weight] * output_scale[:, None]
        folded[bias] = folded[bias] * output_scale + output_mean
        if highway is not None:
            folded[highway] = folded[highway] * output_scale[:, None]
    return {name: W.astype(named[name].dtype) for name, W in folded.items()}



def unfold(named, layout, input_mean=None, input_scale=None, output_mean=None,
           output_scale=None):
    """The inverse of :func:`fold`: the named parameters of the network that
    reads standardised inputs and writes standardised outputs, from folded
    ones; a new dictionary, in float64."""
    folded = {name: np.asarray(W, dtype=np.float64) for name, W in named.items()}
    plain = dict(folded)
    highway = next((b.name for b in layout.blocks if b.role == "highway_weight"), None)
    bias = layout.find("linear_bias").name
    if output_mean is not None:
        weight = layout.find("linear_weight").name
        plain[weight] = folded[weight] / output_scale[:, None]
        plain[bias] = (folded[bias] - output_mean) / output_scale
        if highway is not None:
            plain[highway] = folded[highway] / output_scale[:, None]
    if input_mean is not None:
        if highway is not None:
            W = plain[highway]
            n_steps = W.shape[1] // len(input_scale)
            plain[bias] = plain[bias] + W @ np.tile(input_mean, n_steps)
            plain[highway] = W * np.tile(input_scale, n_steps)
        for block in layout.blocks:
            if block.layer == 0 and block.role == "weight_ih":
                bias_ih = layout.find("bias_ih", 0, block.reverse).name
                W = folded[block.name]
                plain[block.name] = W * input_scale
                plain[bias_ih] = folded[bias_ih] + W @ input_mean
    return plain


@dataclass
class Standardization:
    """The means and scales a network was trained under (None: not
    standardised)."""

    input_mean: np.ndarray = None
    input_scale: np.ndarray = None
    target_mean: np.ndarray = None
    target_scale: np.ndarray = None

    def standardize_targets(self, Y):
        if self.target_mean is None:
            return Y
        return ((Y - self.target_mean) / self.target_scale).astype(Y.dtype)

    def outputs(self, Z):
        """Raw outputs ``Z`` of the network in the units of the targets."""
        if self.target_mean is None:
            return Z
        return (Z * self.target_scale + self.target_mean).astype(Z.dtype)

    def fold(self, named, layout):
        """:func:`fold` of ``named`` with these means and scales."""
        return fold(named, layout, self.input_mean, self.input_scale,
                    self.target_mean, self.target_scale)
