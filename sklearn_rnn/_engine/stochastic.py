"""Minibatch training: epochs of Adam or SGD steps over shuffled batches."""

# SPDX-License-Identifier: BSD-3-Clause

import math
from dataclasses import dataclass

import numpy as np

from .._core.network import Batch
from .._core.workspace import Workspace
from .progress import Progress
from .threads import blas_threads


# Samples of its last minibatch on which an increment checks its weights:
# a divergence shows on any of them, and a few cost little.
_INCREMENT_CHECK = 8


@dataclass(frozen=True)
class StochasticSettings:
    """How to train: the loss and penalty, the batches, and when to stop.

    Training stops after ``max_iter`` epochs, or once the training loss
    (with validation data, the validation loss) has not improved by ``tol``
    for more than ``n_iter_no_change`` epochs, unless the optimizer lowers
    its step size instead. Epochs are counted only once that loss has
    fallen below ``plateau_loss`` (None: from the first epoch): a network
    can sit for hundreds of epochs near the loss of a constant output
    before it starts to learn. A minibatch gradient whose norm exceeds
    ``max_grad_norm`` is scaled down to it (None: no clipping). An epoch's
    samples are split into the fewest minibatches of at most
    ``batch_size`` samples, of equal size within one sample. Gaussian
    noise of standard deviation ``input_noise`` is added to the present
    steps of each minibatch's inputs (0: none). Without validation data,
    ``averaging`` (None: off) is the decay of an exponential moving
    average of the weights after each epoch, kept in ``history.averaged``:
    under input noise the last weights wander from epoch to epoch, and
    their average generalises better. Under input noise and without
    validation data, the unpenalised loss of the model (the average, if
    any) on the training data without noise is taken after each epoch,
    and training stops once it is below ``fitted_loss`` (None: never): the
    noisy epoch losses cannot tell when the data are fit, and the stall
    rule on them runs three times the epochs a fit needs.
    """

    loss: str
    alpha: float
    batch_size: int
    max_iter: int
    tol: float
    n_iter_no_change: float
    shuffle: bool
    max_grad_norm: float = None
    plateau_loss: float = None
    input_noise: float = 0.0
    averaging: float = None
    fitted_loss: float = None
    verbose: int = 0


def train_stochastic(
    network,
    flat,
    train,
    optimizer,
    rng,
    history,
    settings,
    *,
    samples_per_epoch,
    incremental=False,
    validation=None,
    score=None,
):
    """Train ``flat`` in place on the :class:`~.._core.network.Batch` ``train``.

    ``optimizer`` updates ``flat``; ``rng`` shuffles the samples;
    ``history`` (a :class:`~.history.TrainingHistory`) is appended to and
    returned. ``samples_per_epoch`` is what an epoch adds to
    ``history.samples_seen``, the number of training samples it stands for.
    ``incremental`` runs one epoch and leaves the stopping rule alone (for
    ``partial_fit``). With ``validation``, a Batch, the validation loss
    decides when to stop and the weights of the best epoch are kept;
    ``score(Z)`` scores its raw outputs.

    A last update that makes the loss infinite or NaN is rolled back like
    any other. After a run of several epochs the weights left are checked on
    all of ``train``, and ``history.loss`` is their loss; an increment (one
    epoch, where a check on all the data would cost a third of the epoch)
    checks them on a few samples of its last minibatch, and its
    ``history.loss`` is the mean loss of its batches, unless it had to roll
    back.
    """
    # Overflow is detected and reported as divergence, not by numpy.
    with blas_threads(settings.batch_size, network.hidden_layer_sizes), np.errstate(
        over="ignore", invalid="ignore"
    ):
        start = flat.copy()
        best_flat, last_finite, last_rows = _epochs(
            network, flat, train, optimizer, rng, history, settings,
            samples_per_epoch, incremental, validation, score,
        )
        if incremental:
            history.n_iter += 1
        else:
            history.n_iter = len(history.loss_curve) + bool(history.diverged)
        if best_flat is not None:
            np.copyto(flat, best_flat)
        if incremental and not history.diverged and last_rows is not None:
            rows = last_rows[:_INCREMENT_CHECK]
            checked = Batch(*(a[:, rows] for a in (train.X, train.present)),
                            train.Y[rows], train.sample_weight[rows])
            history.loss = history.loss_curve[-1]
        else:
            checked = train
        check = evaluate(network, flat, checked, settings)[0]
        if checked is train:
            history.loss = check
        # The last update is checked like every other one.
        for earlier in (last_finite, start):
            if math.isfinite(check) and np.isfinite(flat).all():
                break
            if not history.diverged:
                history.diverged, history.stop = "loss", "diverged"
                history.diverged_epoch = len(history.loss_curve)
            np.copyto(flat, earlier)
            check = history.loss = evaluate(network, flat, train, settings)[0]
        if history.averaged is not None:
            averaged_loss = evaluate(network, history.averaged, checked, settings)[0]
            # An epoch whose last update broke the weights breaks their average.
            if not (math.isfinite(averaged_loss) and np.isfinite(history.averaged).all()):
                history.averaged = None
            elif checked is train:
                history.loss = averaged_loss
    return history


def _add_noise(batch, scale, rng):
    """Gaussian noise on the present steps of ``batch``, drawn sample by
    sample in time order: a sequence's noise does not depend on how much
    padding there is around it."""
    present = batch.present.T
    X = batch.X.swapaxes(0, 1)
    X[present] += scale * rng.standard_normal((np.count_nonzero(present), X.shape[2]))


def _average(history, flat, decay):
    # Not in place: a model loaded memory-mapped holds a read-only average.
    previous = flat if history.averaged is None else history.averaged
    history.averaged = decay * previous + (1 - decay) * flat


def _fitted(network, flat, train, history, settings, validation, workspace):
    """Whether the model fits the training data without noise to within
    ``settings.fitted_loss``."""
    if not settings.input_noise or settings.fitted_loss is None or validation is not None:
        return False
    model = flat if history.averaged is None else history.averaged
    loss = evaluate(network, model, train, settings, workspace, penalised=False)[0]
    return loss < settings.fitted_loss


def evaluate(network, flat, data, settings, workspace=None, penalised=True):
    """Loss of ``flat`` on all of ``data`` (with the penalty unless not
    ``penalised``) and its raw outputs, in minibatches of the training's
    size (forward passes only)."""
    workspace = Workspace() if workspace is None else workspace
    n_samples = len(data.Y)
    size = min(settings.batch_size, n_samples)
    Z, total = None, 0.0
    for begin in range(0, n_samples, size):
        rows = np.arange(begin, min(begin + size, n_samples))
        value, Z_rows = network.loss_value(
            flat, _minibatch(data, rows, workspace), settings.loss, 0.0, workspace
        )
        if Z is None:
            Z = np.empty((n_samples,) + Z_rows.shape[1:], dtype=Z_rows.dtype)
        Z[rows] = Z_rows
        total += value * len(rows)
    penalty = 0.5 * settings.alpha * network.penalty(flat) if penalised else 0.0
    return total / n_samples + penalty, Z


def _minibatch(data, rows, workspace):
    """The rows of ``data``, contiguous (``np.take``, unlike ``X[:, rows]``)."""
    X, present = data.X, data.present
    shape = (X.shape[0], len(rows))
    return Batch(
        np.take(X, rows, axis=1, out=workspace.empty("X", shape + X.shape[2:], X.dtype)),
        np.take(present, rows, axis=1, out=workspace.empty("present", shape, present.dtype)),
        data.Y[rows],
        data.sample_weight[rows],
    )


def _epochs(
    network, flat, train, optimizer, rng, history, settings,
    samples_per_epoch, incremental, validation, score,
):
    """The epochs; returns a copy of the best weights under early stopping
    (else None), the weights before the last update and the rows of the
    last minibatch."""
    s = settings
    n_samples = len(train.Y)
    # Batches of equal size (within one sample), at most batch_size: a small
    # remainder batch would take as large an Adam step as a full one, on a
    # far noisier gradient (36 samples in batches of 32 and 4 stayed near
    # chance for hundreds of epochs, where 18 and 18 fit them).
    n_batches = -(-n_samples // s.batch_size)
    grad = np.empty_like(flat)
    workspace = Workspace()
    last_finite = flat.copy()
    best_flat = rows = None
    order = np.arange(n_samples)
    progress = Progress(s.verbose, "Epoch")
    history.diverged = stop_message = None
    history.stop = "epoch" if incremental else "max_iter"
    if validation is None and history.best_loss is None:
        # partial_fit after a fit with early stopping
        history.best_loss = math.inf
    for _ in range(1 if incremental else s.max_iter):
        # A fresh permutation each epoch, not a reshuffle of the last one,
        # so that epochs of partial_fit draw the orders an uninterrupted
        # fit would.
        if s.shuffle:
            order = rng.permutation(n_samples)
        total = 0.0
        for rows in np.array_split(order, n_batches):
            batch = _minibatch(train, rows, workspace)
            if s.input_noise:
                _add_noise(batch, s.input_noise, rng)
            loss = network.loss_gradient(flat, grad, batch, s.loss, s.alpha, workspace)
            norm = np.sqrt(np.vdot(grad, grad))
            if not (np.isfinite(loss) and np.isfinite(norm)):
                history.diverged = "loss" if not np.isfinite(loss) else "gradient"
                history.diverged_epoch = len(history.loss_curve) + 1
                break
            np.copyto(last_finite, flat)
            if s.max_grad_norm is not None and norm > s.max_grad_norm:
                grad *= s.max_grad_norm / norm
            optimizer.update(grad)
            total += loss * len(rows)
        if validation is not None and not history.diverged:
            val_loss, Z = evaluate(network, flat, validation, s, workspace)
            # The epoch's last update can break the weights.
            if not (math.isfinite(val_loss) and np.isfinite(Z).all()):
                history.diverged = "loss"
                history.diverged_epoch = len(history.loss_curve) + 1
        if history.diverged:
            np.copyto(flat, last_finite)
            history.stop = "diverged"
            break

        history.samples_seen += samples_per_epoch
        history.loss_curve.append(total / n_samples)
        if s.averaging is not None and validation is None:
            _average(history, flat, s.averaging)
        optimizer.iteration_ends(history.samples_seen)
        if validation is not None:
            # The loss, not the score, decides: accuracy on a small
            # validation set is coarse and saturates early.
            val_score = score(Z)
            history.validation_loss_curve.append(val_loss)
            history.validation_scores.append(val_score)
            improved = val_loss <= history.best_validation_loss - s.tol
            if val_loss < history.best_validation_loss:
                history.best_validation_loss = val_loss
                history.best_validation_score = val_score
                best_flat = flat.copy()
        else:
            improved = history.loss_curve[-1] <= history.best_loss - s.tol
            history.best_loss = min(history.best_loss, history.loss_curve[-1])
        progress.report(
            len(history.loss_curve),
            history.loss_curve[-1],
            None if validation is None else history.validation_scores[-1],
        )
        if incremental:
            break
        if _fitted(network, flat, train, history, s, validation, workspace):
            stop_message = (
                f"Training loss without input noise below {s.fitted_loss:g}. Stopping."
            )
            history.stop = "fitted"
            break
        history.no_improvement_count = 0 if improved else history.no_improvement_count + 1
        best = history.best_loss if validation is None else history.best_validation_loss
        if s.plateau_loss is not None and best > s.plateau_loss:
            history.no_improvement_count = 0
        if history.no_improvement_count > s.n_iter_no_change:
            stalled = (
                f"{'Training' if validation is None else 'Validation'} loss did not "
                f"improve more than tol={s.tol} for {s.n_iter_no_change} consecutive "
                "epochs."
            )
            if optimizer.trigger_stopping():
                stop_message = stalled + " Stopping."
                history.stop = "stalled"
                break
            history.no_improvement_count = 0
            progress.message(f"{stalled} Learning rate lowered to {optimizer.learning_rate:g}.")
    progress.close(stop_message)
    return best_flat, last_finite, None if rows is None else rows.copy()
