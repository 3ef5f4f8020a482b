"""Activations and losses of the recurrent networks.

Activations work in place: the time loop applies them to buffers it owns,
and the backward pass needs only their outputs to get their derivatives,
which it computes for all steps at once.
"""

# SPDX-License-Identifier: BSD-3-Clause

import numpy as np
from scipy.special import expit, log_expit, log_softmax, softmax


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


# Each loss takes the raw outputs ``Z`` (n_samples, n_outputs) and targets
# ``Y`` of the same shape, and returns the per-sample losses and their
# gradient with respect to ``Z``.  Working on raw outputs keeps the
# classification losses exact where probabilities round to 0 or 1.


def binary_log_loss(Z, Y):
    """Logistic loss of one output unit; ``Y`` holds 0 or 1."""
    loss = (-log_expit(Z) + (1 - Y) * Z)[:, 0]
    return loss, expit(Z) - Y


def log_loss(Z, Y):
    """Softmax cross-entropy; ``Y`` is one-hot."""
    loss = -(log_softmax(Z, axis=1) * Y).sum(axis=1)
    return loss, softmax(Z, axis=1) - Y


def squared_loss(Z, Y):
    """Half the squared error, averaged over the outputs as in MLPRegressor."""
    diff = Z - Y
    return 0.5 * (diff * diff).mean(axis=1), diff / Z.shape[1]


LOSS_FUNCTIONS = {
    "binary_log_loss": binary_log_loss,
    "log_loss": log_loss,
    "squared_error": squared_loss,
}
