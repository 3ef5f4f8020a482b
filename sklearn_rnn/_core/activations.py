"""Activations of the vanilla cell, in place, and their derivatives.

The time loop applies an activation to a buffer it owns; the backward pass
needs only the activation's outputs to get its derivative, which it computes
for all steps at once.
"""

# SPDX-License-Identifier: BSD-3-Clause

import numpy as np


def inplace_tanh(Z):
    np.tanh(Z, out=Z)


def inplace_relu(Z):
    np.maximum(Z, 0, out=Z)


def tanh_derivative(Z, out):
    """Write the derivative of tanh into ``out``, given ``Z = tanh(.)``."""
    np.multiply(Z, Z, out=out)
    np.subtract(1, out, out=out)


def relu_derivative(Z, out):
    """Write the derivative of relu into ``out``, given ``Z = relu(.)``."""
    np.greater(Z, 0, out=out)


ACTIVATIONS = {"tanh": inplace_tanh, "relu": inplace_relu}
DERIVATIVES = {"tanh": tanh_derivative, "relu": relu_derivative}
