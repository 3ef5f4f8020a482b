"""What a training run leaves behind."""

# SPDX-License-Identifier: BSD-3-Clause

import math
from dataclasses import dataclass, field


@dataclass
class TrainingHistory:
    """The record of training, which ``partial_fit`` goes on appending to.

    ``loss_curve``: the training loss after every epoch (L-BFGS: iteration);
    ``best_loss``: its minimum (None under early stopping, which decides on
    the validation loss instead); ``validation_loss_curve`` and
    ``validation_scores``: one entry per epoch under early stopping, else
    None; ``best_validation_loss`` and ``best_validation_score``: those of
    the weights kept; ``n_iter``: epochs (iterations) run; ``samples_seen``:
    training samples seen, duplicates counted; ``loss``: the training loss
    of the weights kept.

    Why the last run ended, ``stop``: "max_iter" (the iteration budget ran
    out), "stalled" (no improvement for the patience), "fitted" (under
    input noise, the loss without noise fell below the settings'
    ``fitted_loss``), "diverged" (the loss
    or a gradient became infinite or NaN: ``diverged`` says which and
    ``diverged_epoch`` when, and the last finite weights were kept), "epoch"
    (the one epoch of a
    ``partial_fit``) or, for L-BFGS, "converged" or "failed", with scipy's
    ``status`` and ``message``. ``averaged``: the moving average of the
    weights over the epochs (None: not averaged), the weights the model
    predicts with, while training goes on from the last ones.
    """

    loss_curve: list = field(default_factory=list)
    best_loss: float = math.inf
    validation_loss_curve: list = None
    validation_scores: list = None
    best_validation_loss: float = math.inf
    best_validation_score: float = None
    n_iter: int = 0
    samples_seen: int = 0
    no_improvement_count: int = 0
    loss: float = None
    stop: str = None
    diverged: str = None
    diverged_epoch: int = None
    status: int = None
    message: str = None
    averaged: object = None

    @classmethod
    def for_validation(cls):
        """A fresh history that records validation scores."""
        return cls(best_loss=None, validation_loss_curve=[], validation_scores=[])
