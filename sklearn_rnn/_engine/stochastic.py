"""Minibatch training: epochs of Adam or SGD steps over shuffled batches,
and the rule that decides when to stop."""

# SPDX-License-Identifier: BSD-3-Clause

import math
from dataclasses import dataclass, replace

import numpy as np

from .._core.losses import constant_loss
from .._core.workspace import Workspace
from .history import EpochReport, Stop, TrainingHistory, TrainingResult
from .optimizers import make_optimizer
from .progress import Progress
from .threads import blas_threads

# Samples of its last minibatch on which an increment checks its weights:
# a divergence shows on any of them, and a few cost little.
_INCREMENT_CHECK = 8
# Rows of one forward pass of an evaluation: a pass costs a few numpy calls
# per step whatever its rows, so fewer, larger ones are faster, and without
# the caches of a backward pass, 256 rows of any set here need a few MB.
_EVALUATION_ROWS = 256


@dataclass
class Evaluation:
    """The loss of some weights on some data, and their raw outputs."""

    loss: float
    outputs: np.ndarray


def train_stochastic(
    network, flat, data, settings, validation=None, *, rng, resume=None, incremental=False,
    on_epoch=None,
):
    """Train ``flat`` in place on :class:`~.data.TrainingData` ``data``
    with the :class:`~.settings.TrainingSettings` ``settings``; returns a
    :class:`~.history.TrainingResult`.

    ``rng`` shuffles the samples and draws the input noise. With
    ``validation`` (a :class:`~.data.Validation`), its rows are held out,
    their loss decides when to stop and the weights of the best epoch are
    kept. ``incremental`` runs one epoch and leaves the stopping rule alone
    (``partial_fit``); ``resume``, the result of the previous increment,
    gives the history, the average and (if its settings are unchanged) the
    optimizer to go on with. ``on_epoch(report, model)``, if given, is
    called after each epoch with its :class:`~.history.EpochReport` and the
    model's weights (the average, if any; not to be kept: they change), and
    training stops if it returns True.

    A KeyboardInterrupt ends training with the weights, optimizer state,
    history and average of the last complete epoch, as if it had stopped
    there; a second one, while the weights are checked, propagates.

    A last update that makes the loss infinite or NaN is rolled back like
    any other. After a run of several epochs the weights left are checked
    on all the training data, and ``history.loss`` is their loss; an
    increment (where a check on all the data would cost a third of the
    epoch) checks them on a few samples of its last minibatch, and its
    ``history.loss`` is the mean loss of its batches, unless it rolled back.
    """
    train, val, samples = _split(data, validation)
    settings = replace(settings, batch_size=min(settings.batch_size, len(data.batch)))
    result = _start(flat, settings, resume, validation is not None)
    run = _Epochs(network, flat, train, settings, result, rng, val, validation, samples)
    run.on_epoch = on_epoch
    # Overflow is detected and reported as divergence, not by numpy.
    with blas_threads(settings.batch_size, network.hidden_layer_sizes), np.errstate(
        over="ignore", invalid="ignore"
    ):
        start = flat.copy()
        run.run(incremental)
        _check_last_update(run, start, incremental)
    return result


def _split(data, validation):
    """The training batch and the held-out one (None), weights of mean one,
    and the number of given samples an epoch stands for."""
    batch, count = data.batch, data.count
    if validation is None:
        return batch.weighted_per_sequence(), None, int(count.sum())
    kept = np.ones(len(batch), dtype=bool)
    kept[validation.rows] = False
    kept = np.flatnonzero(kept)
    train, val = batch.take(kept), batch.take(validation.rows)
    return train.weighted_per_sequence(), val, int(count[kept].sum())


def _start(flat, settings, resume, validating):
    """The result to fill: an increment goes on with the history and the
    average of the last, and with its optimizer while its settings hold."""
    optimizer = make_optimizer(settings.solver, settings.optimizer, flat)
    if resume is None or resume.optimizer is None:
        history = TrainingHistory.for_validation() if validating else TrainingHistory()
        return TrainingResult(history, optimizer=optimizer)
    if resume.optimizer.settings() == optimizer.settings():
        optimizer = resume.optimizer
        optimizer.rebind(flat)
    averaged = resume.averaged if settings.averaging is not None else None
    return TrainingResult(resume.history, averaged=averaged, optimizer=optimizer)


def _check_last_update(run, start, incremental):
    """Check the weights left, as every update was; roll back to the last
    finite ones, or to the start, if they are broken."""
    history, result, flat, train = run.history, run.result, run.flat, run.train
    interrupted = result.stop is Stop.INTERRUPTED
    if incremental:
        history.n_iter += not interrupted
    else:
        history.n_iter = len(history.loss_curve) + bool(result.diverged)
    if run.best_flat is not None:
        np.copyto(flat, run.best_flat)
    checked = train
    if incremental and not (result.diverged or interrupted) and run.rows is not None:
        checked = train.take(run.rows[:_INCREMENT_CHECK])
        history.loss = history.loss_curve[-1]
    check = run.evaluate(flat, checked).loss
    if checked is train:
        history.loss = check
    for earlier in (run.last_finite, start):
        if math.isfinite(check) and np.isfinite(flat).all():
            break
        if not result.diverged:
            result.diverged, result.stop = "loss", Stop.DIVERGED
            result.diverged_epoch = len(history.loss_curve)
        np.copyto(flat, earlier)
        check = history.loss = run.evaluate(flat, train).loss
    if result.averaged is not None:
        averaged = run.evaluate(result.averaged, checked).loss
        # An epoch whose last update broke the weights breaks their average.
        if not (math.isfinite(averaged) and np.isfinite(result.averaged).all()):
            result.averaged = None
        elif checked is train:
            history.loss = averaged


def evaluate(network, flat, data, settings, workspace=None, penalised=True):
    """The :class:`Evaluation` of ``flat`` on all of the Batch ``data``
    (with the penalty unless not ``penalised``), in forward passes of at
    least the training's batch size."""
    workspace = Workspace() if workspace is None else workspace
    n_samples = len(data.Y)
    size = min(max(settings.batch_size, _EVALUATION_ROWS), n_samples)
    Z, total = None, 0.0
    for begin in range(0, n_samples, size):
        rows = np.arange(begin, min(begin + size, n_samples))
        value, Z_rows = network.loss_value(
            flat, data.take(rows, workspace), settings.loss, 0.0, workspace
        )
        if Z is None:
            Z = np.empty((n_samples,) + Z_rows.shape[1:], dtype=Z_rows.dtype)
        Z[rows] = Z_rows
        total += value * len(rows)
    penalty = 0.5 * settings.alpha * network.penalty(flat) if penalised else 0.0
    return Evaluation(total / n_samples + penalty, Z)


class _Epochs:
    """The epochs of one call, and the state they share."""

    def __init__(self, network, flat, train, settings, result, rng, val, validation,
                 samples_per_epoch):
        self.network, self.flat, self.train, self.settings = network, flat, train, settings
        self.result, self.history, self.rng = result, result.history, rng
        self.val, self.validation, self.samples_per_epoch = val, validation, samples_per_epoch
        # The loss is a weighted mean; the score gets the weights as given.
        self.val_weighted = None if val is None else val.weighted_per_sequence()
        # Batches of equal size (within one sample), at most batch_size: a
        # small remainder batch would take as large an Adam step as a full
        # one, on a far noisier gradient (36 samples in batches of 32 and 4
        # stayed near chance for hundreds of epochs, where 18 and 18 fit them).
        self.n_batches = -(-len(train) // settings.batch_size)
        self.grad = np.empty_like(flat)
        self.workspace = Workspace()
        self.last_finite = flat.copy()
        self.best_flat = self.rows = None
        # Epochs of this call up to the best validation loss.
        self.best_epochs = None
        self.progress = Progress(settings.verbose, "Epoch")
        self.stop_rule = _StopRule(settings, train, validation is not None)
        self.first_epoch = len(result.history.loss_curve)
        self.on_epoch = None

    def evaluate(self, flat, data, penalised=True):
        return evaluate(self.network, flat, data, self.settings, self.workspace, penalised)

    def run(self, incremental):
        history, result = self.history, self.result
        result.stop = Stop.EPOCH if incremental else Stop.MAX_ITER
        if self.val is None and history.best_loss is None:
            # partial_fit after a fit with early stopping
            history.best_loss = math.inf
        self.order, message = np.arange(len(self.train)), None
        for _ in range(1 if incremental else self.settings.max_iter):
            saved = self._save()
            try:
                stop, message = self._run_epoch(incremental)
            except KeyboardInterrupt:
                self._restore(saved)
                stop, message = Stop.INTERRUPTED, "Training interrupted by user."
            if stop is not None:
                result.stop = stop
                break
        self.progress.close(message)

    def _run_epoch(self, incremental):
        """One epoch and what follows it; the :class:`~.history.Stop` it
        decides (None: go on) and its message."""
        result = self.result
        # A fresh permutation each epoch, not a reshuffle of the last one,
        # so that epochs of partial_fit draw the orders an uninterrupted fit
        # would.
        if self.settings.shuffle:
            self.order = self.rng.permutation(len(self.train))
        total = self._epoch(self.order)
        validated = None if result.diverged else self._validate()
        if result.diverged:
            np.copyto(self.flat, self.last_finite)
            return Stop.DIVERGED, None
        improved = self._record(total, validated)
        clean_loss = None if incremental else self.stop_rule.clean_loss(self)
        if self._report(validated, clean_loss):
            return Stop.CALLBACK, "Stopped by a callback."
        if incremental:
            return Stop.EPOCH, None
        return self.stop_rule.decide(self, improved, clean_loss)

    def _save(self):
        """What an interrupted epoch goes back to."""
        result = self.result
        return (self.flat.copy(), result.optimizer.state(), self.history.snapshot(),
                result.averaged, self.best_flat)

    def _restore(self, saved):
        flat, optimizer, history, averaged, best_flat = saved
        np.copyto(self.flat, flat)
        np.copyto(self.last_finite, flat)
        self.result.optimizer.load_state(optimizer)
        self.history.restore(history)
        self.result.averaged, self.best_flat = averaged, best_flat
        self.result.diverged = self.result.diverged_epoch = None
        self.rows = None

    def _report(self, validated, clean_loss):
        """Show the epoch and hand it to ``on_epoch``; whether that asks to
        stop."""
        history, s = self.history, self.settings
        epoch = len(history.loss_curve)
        elapsed = self.progress.elapsed()
        done = epoch - self.first_epoch
        report = EpochReport(
            epoch=epoch,
            max_epochs=self.first_epoch + s.max_iter,
            loss=history.loss_curve[-1],
            clean_loss=clean_loss,
            validation_loss=None if validated is None else validated.loss,
            validation_score=None if validated is None else history.validation_scores[-1],
            elapsed=elapsed,
            remaining=elapsed / done * (s.max_iter - done) if done else None,
        )
        self.progress.report(report)
        if self.on_epoch is None:
            return False
        averaged = self.result.averaged
        return bool(self.on_epoch(report, self.flat if averaged is None else averaged))

    def _epoch(self, order):
        """One pass of minibatch steps; the sum of their losses. A loss or
        gradient that is not finite ends it, and is not applied."""
        s, flat, grad, result = self.settings, self.flat, self.grad, self.result
        total = 0.0
        for rows in np.array_split(order, self.n_batches):
            self.rows = rows
            batch = self.train.take(rows, self.workspace)
            if s.input_noise:
                _add_noise(batch, s.input_noise, self.rng)
            loss = self.network.loss_gradient(flat, grad, batch, s.loss, s.alpha, self.workspace)
            norm = np.sqrt(np.vdot(grad, grad))
            if not (np.isfinite(loss) and np.isfinite(norm)):
                result.diverged = "loss" if not np.isfinite(loss) else "gradient"
                result.diverged_epoch = len(self.history.loss_curve) + 1
                break
            np.copyto(self.last_finite, flat)
            if s.max_grad_norm is not None and norm > s.max_grad_norm:
                grad *= s.max_grad_norm / norm
            result.optimizer.update(grad)
            total += loss * len(rows)
        self.rows = None if self.rows is None else self.rows.copy()
        return total

    def _validate(self):
        """The :class:`Evaluation` of the weights on the validation data
        (None without); the epoch's last update can break the weights."""
        if self.val is None:
            return None
        evaluation = self.evaluate(self.flat, self.val_weighted)
        if not (math.isfinite(evaluation.loss) and np.isfinite(evaluation.outputs).all()):
            self.result.diverged = "loss"
            self.result.diverged_epoch = len(self.history.loss_curve) + 1
        return evaluation

    def _record(self, total, validated):
        """Append the epoch (and its validation :class:`Evaluation`) to the
        history; whether the stopping rule's loss improved."""
        history, result, s = self.history, self.result, self.settings
        history.samples_seen += self.samples_per_epoch
        history.loss_curve.append(total / len(self.train))
        if s.averaging is not None and self.val is None:
            # Not in place: a model loaded memory-mapped holds a read-only average.
            previous = self.flat if result.averaged is None else result.averaged
            result.averaged = s.averaging * previous + (1 - s.averaging) * self.flat
        result.optimizer.iteration_ends(history.samples_seen)
        if self.val is None:
            improved = history.loss_curve[-1] <= history.best_loss - s.tol
            history.best_loss = min(history.best_loss, history.loss_curve[-1])
            return improved
        # The loss, not the score, decides: accuracy on a small validation
        # set is coarse and saturates early.
        val_loss = validated.loss
        val_score = self.validation.score(validated.outputs, self.val.Y, self.val.sample_weight)
        history.validation_loss_curve.append(val_loss)
        history.validation_scores.append(val_score)
        improved = val_loss <= history.best_validation_loss - s.tol
        if val_loss < history.best_validation_loss:
            history.best_validation_loss = val_loss
            history.best_validation_score = val_score
            self.best_flat = self.flat.copy()
            self.best_epochs = len(history.loss_curve) - self.first_epoch
        return improved


class _StopRule:
    """When the epochs of a fit stop: the loss of the model without noise
    below a bound (under input noise), or no improvement for the patience
    once off the initial plateau; the bounds are fractions of the loss of a
    constant output on the training data."""

    def __init__(self, settings, train, validating):
        self.settings, self.validating = settings, validating
        self.plateau_loss = self.fitted_loss = None
        if not validating:
            constant = constant_loss(
                settings.loss, train.Y.reshape(-1, train.Y.shape[-1]),
                train.sample_weight.reshape(-1),
            )
            self.plateau_loss = settings.plateau_fraction * constant
            self.fitted_loss = settings.fitted_fraction * constant

    def clean_loss(self, epochs):
        """Under input noise without validation data, after every
        ``clean_loss_every``-th epoch, the model's unpenalised loss on the
        training data without noise, appended to the history (NaN after
        the others); else None."""
        if not self.settings.input_noise or self.validating:
            return None
        history = epochs.history
        if history.clean_loss_curve is None:
            history.clean_loss_curve = []
        if len(history.loss_curve) % self.settings.clean_loss_every:
            history.clean_loss_curve.append(math.nan)
            return None
        averaged = epochs.result.averaged
        model = epochs.flat if averaged is None else averaged
        loss = epochs.evaluate(model, epochs.train, penalised=False).loss
        history.clean_loss_curve.append(loss)
        return loss

    def patience(self, epochs):
        """How many epochs without improvement the stall rule lets pass:
        ``n_iter_no_change``, or less while the best validation loss came
        early (``patience_fraction``)."""
        s, full = self.settings, self.settings.n_iter_no_change
        if not (self.validating and s.patience_fraction) or math.isinf(full):
            return full
        grown = math.floor(s.patience_fraction * epochs.best_epochs)
        return min(full, max(math.ceil(full / 2), grown))

    def decide(self, epochs, improved, clean_loss):
        """A :class:`~.history.Stop` and its message, or (None, None) to go on."""
        s, history = self.settings, epochs.history
        if clean_loss is not None and clean_loss < self.fitted_loss:
            return Stop.FITTED, (
                f"Training loss without input noise below {self.fitted_loss:g}. Stopping."
            )
        history.no_improvement_count = 0 if improved else history.no_improvement_count + 1
        validating = self.validating
        best = history.best_validation_loss if validating else history.best_loss
        if self.plateau_loss is not None and best > self.plateau_loss:
            history.no_improvement_count = 0
        patience = self.patience(epochs)
        if history.no_improvement_count <= patience:
            return None, None
        stalled = (
            f"{'Validation' if validating else 'Training'} loss did not improve more "
            f"than tol={s.tol} for {patience} consecutive epochs."
        )
        optimizer = epochs.result.optimizer
        if optimizer.trigger_stopping():
            return Stop.STALLED, stalled + " Stopping."
        history.no_improvement_count = 0
        epochs.progress.message(f"{stalled} Learning rate lowered to {optimizer.learning_rate:g}.")
        return None, None


def _add_noise(batch, scale, rng):
    """Gaussian noise on the present steps of ``batch``, drawn sample by
    sample in time order: a sequence's noise does not depend on how much
    padding there is around it."""
    present = batch.present.T
    X = batch.X.swapaxes(0, 1)
    X[present] += scale * rng.standard_normal((np.count_nonzero(present), X.shape[2]))
