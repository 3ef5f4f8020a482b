"""Per-sequence levels: the last present value of each feature of each
sequence, removed from the inputs and the targets and restored on the
outputs (reversible instance normalisation, RevIN, Kim et al. 2022, with
the last observation as the level).

A network trained on sequences relative to their own level reads the
shape of the recent past, which the training data cover, instead of a
level that may lie outside them (a trending series); restoring the level
on the output makes its forecast of the target a change from the last
value.
"""

# SPDX-License-Identifier: BSD-3-Clause

import numpy as np

from .highway import last_present_steps


def last_levels(X, present):
    """The last present step of each sequence, (n_samples, n_features).

    ``X`` is batch-major, (n_samples, n_timesteps, n_features), absent
    steps NaN, and ``present`` (n_samples, n_timesteps) their mask; a
    sequence with no present step has level 0.
    """
    return last_present_steps(X.swapaxes(0, 1), present.T, 1)


def persistence_gain(levels, Y, weight):
    """How much better the level predicts each target than a constant: the
    weighted mean square of ``Y - levels`` over the weighted variance of
    ``Y``, per output (below 1: the level helps; inf for a constant
    target). ``levels`` and ``Y`` are (n_samples, n_outputs)."""
    weight = weight / weight.sum()
    mean = weight @ Y
    variance = weight @ (Y - mean) ** 2
    residual = weight @ (Y - levels) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(variance > 0, residual / np.where(variance > 0, variance, 1), np.inf)
