"""What a training run leaves behind: the record of the epochs, and the
result of one call to the engine."""

# SPDX-License-Identifier: BSD-3-Clause

import math
from dataclasses import dataclass, field
from enum import Enum

import numpy as np


@dataclass
class TrainingHistory:
    """The record of training, which ``partial_fit`` goes on appending to.

    ``loss_curve``: the training loss after every epoch (L-BFGS: iteration);
    ``best_loss``: its minimum (None under early stopping, which decides on
    the validation loss instead); ``validation_loss_curve`` and
    ``validation_scores``: one entry per epoch under early stopping, else
    None; ``best_validation_loss`` and ``best_validation_score``: those of
    the weights kept; ``n_iter``: epochs (iterations) run; ``samples_seen``:
    training samples seen, duplicates counted; ``no_improvement_count``:
    epochs since the stopping rule's loss last improved; ``loss``: the
    training loss of the weights kept; ``clean_loss_curve``: under input
    noise without validation data, the model's unpenalised loss on the
    training data without noise (the loss the stop reads) after every few
    epochs, NaN after the others, else None.
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
    clean_loss_curve: list = None

    @classmethod
    def for_validation(cls):
        """A fresh history that records validation scores."""
        return cls(best_loss=None, validation_loss_curve=[], validation_scores=[])

    def snapshot(self):
        """What :meth:`restore` brings the history back to: its fields, the
        curves by their lengths (epochs only append to them), so that a
        snapshot per epoch does not copy the curves of all the earlier ones."""
        return {name: len(v) if isinstance(v, list) else v for name, v in vars(self).items()}

    def restore(self, snapshot):
        for name, value in snapshot.items():
            current = getattr(self, name)
            if isinstance(current, list) and isinstance(value, int):
                del current[value:]
            else:
                setattr(self, name, value)


class Stop(Enum):
    """Why a run of the engine ended."""

    MAX_ITER = "the iteration budget ran out"
    STALLED = "the stopping rule's loss stopped improving"
    FITTED = "under input noise, the loss without noise fell below the bound"
    DIVERGED = "the loss or a gradient became infinite or NaN"
    EPOCH = "the one epoch of an increment"
    CALLBACK = "the epoch hook asked to stop"
    INTERRUPTED = "interrupted (KeyboardInterrupt): the last complete epoch is kept"
    CONVERGED = "L-BFGS converged"
    FAILED = "L-BFGS stopped before converging"


@dataclass
class TrainingResult:
    """What one call to the engine returns.

    ``history``: the :class:`TrainingHistory`, continued by the next
    increment; ``averaged``: the moving average of the weights over the
    epochs, the weights the model predicts with while training goes on from
    the last ones (None: not averaged); ``stop``: a :class:`Stop`;
    ``optimizer``: the stochastic optimizer, whose state an increment goes
    on with (None for L-BFGS). On divergence, ``diverged`` says what ("loss"
    or "gradient") and ``diverged_epoch`` when; L-BFGS leaves scipy's
    ``status`` and ``message``.
    """

    history: TrainingHistory
    stop: Stop = None
    averaged: np.ndarray = None
    optimizer: object = None
    diverged: str = None
    diverged_epoch: int = None
    status: int = None
    message: str = None


@dataclass(frozen=True)
class EpochReport:
    """What an epoch (an L-BFGS iteration) leaves to see: its number, of
    ``max_epochs`` in this run; the mean training loss of its batches
    (with input noise, if any); the loss without noise the stop reads, if
    any; the validation loss and score under early stopping; the seconds
    since the run began and an estimate of those left (None: unknown)."""

    epoch: int
    max_epochs: int
    loss: float
    clean_loss: float = None
    validation_loss: float = None
    validation_score: float = None
    elapsed: float = 0.0
    remaining: float = None
