"""Losses of the output layer.

Each loss takes the raw outputs ``Z`` (n_samples, n_outputs) and targets
``Y`` of the same shape, and returns the per-sample losses and their gradient
with respect to ``Z``. Working on raw outputs keeps the classification
losses exact where probabilities round to 0 or 1.
"""

# SPDX-License-Identifier: BSD-3-Clause

import numpy as np
from scipy.special import expit, log_expit, log_softmax, softmax, xlogy


def binary_log_loss(Z, Y):
    """Logistic loss of independent output units (one for two classes, one
    per label for multilabel targets), summed over them; ``Y`` holds 0 or 1."""
    loss = (-log_expit(Z) + (1 - Y) * Z).sum(axis=1)
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


def constant_loss(name, Y, weight):
    """Weighted mean loss ``name`` of the best constant output: the entropy
    of the class frequencies, the summed binary entropies of independent
    outputs, half the variance averaged over regression outputs. What a
    network that has learned nothing from its inputs achieves."""
    mean = weight @ Y / weight.sum()
    if name == "squared_error":
        return float(0.5 * (weight @ (Y - mean) ** 2 / weight.sum()).mean())
    frequencies = mean[None] if name == "log_loss" else np.stack([mean, 1 - mean])
    return float(-xlogy(frequencies, frequencies).sum())
