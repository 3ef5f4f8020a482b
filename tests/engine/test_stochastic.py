"""Minibatch training on a bare network: stopping, early stopping,
divergence, clipping, increments, noise and averaging."""

import math
from dataclasses import replace

import numpy as np
import pytest

from sklearn_rnn._core.batch import Batch
from sklearn_rnn._core.losses import constant_loss
from sklearn_rnn._core.network import RecurrentNetwork
from sklearn_rnn._engine.data import TrainingData, Validation
from sklearn_rnn._engine.history import Stop
from sklearn_rnn._engine.optimizers import AdamOptimizer, OptimizerSettings, SGDOptimizer
from sklearn_rnn._engine.settings import TrainingSettings
from sklearn_rnn._engine.stochastic import _StopRule, evaluate, train_stochastic


def _task(n_samples=40, n_steps=5, seed=0, scale=1.0, dtype=np.float64):
    """A regression batch, time-major, weights of mean one."""
    rng = np.random.RandomState(seed)
    X = (scale * rng.normal(size=(n_steps, n_samples, 2))).astype(dtype)
    Y = X[:, :, :1].sum(axis=0) / 2
    return Batch(X, np.ones((n_steps, n_samples), bool), Y, np.ones(n_samples, dtype))


def _setup(hidden=(4,), activation="tanh", seed=0, dtype=np.float64):
    network = RecurrentNetwork(2, hidden, 1, activation)
    return network, network.initialize(np.random.RandomState(seed), dtype)


def _settings(solver="adam", lr=1e-2, **changes):
    settings = dict(loss="squared_error", alpha=1e-4, batch_size=8, max_iter=20,
                    tol=1e-4, n_iter_no_change=5, shuffle=True, max_grad_norm=5.0,
                    plateau_fraction=math.inf, fitted_fraction=0.0)
    optimizer = OptimizerSettings(learning_rate_init=lr, **changes.pop("optimizer", {}))
    return TrainingSettings(solver=solver, optimizer=optimizer, **{**settings, **changes})


def _train(network, flat, data, validation=None, seed=0, count=None, **kwargs):
    """Train on ``data`` (a Batch); the Batch ``validation`` is appended to
    it and held out."""
    settings = kwargs.pop("settings", _settings())
    held_out = None
    if validation is not None:
        n = len(data)
        data = Batch(*(np.concatenate([a, b], axis=axis) for a, b, axis in zip(
            (data.X, data.present, data.Y, data.sample_weight),
            (validation.X, validation.present, validation.Y, validation.sample_weight),
            (1, 1, 0, 0))))
        score = kwargs.pop("score", lambda Z, Y, w: 0.0)
        held_out = Validation(np.arange(n, len(data)), score)
    count = np.ones(len(data), dtype=int) if count is None else count
    rng = kwargs.pop("rng", np.random.RandomState(seed))
    return train_stochastic(network, flat, TrainingData(data, count, None), settings,
                            held_out, rng=rng, **kwargs)


def test_epochs_until_max_iter():
    network, flat = _setup()
    run = _train(network, flat, _task(), settings=_settings(n_iter_no_change=np.inf))
    history = run.history
    assert run.stop is Stop.MAX_ITER
    assert history.n_iter == len(history.loss_curve) == 20
    assert history.samples_seen == 20 * 40
    assert history.loss_curve[-1] < history.loss_curve[0] / 2
    assert history.best_loss == min(history.loss_curve)
    # The loss of the weights left, on all the data.
    value, _ = network.loss_value(flat, _task(), "squared_error", 1e-4)
    assert history.loss == pytest.approx(value, rel=1e-12)
    assert history.loss == pytest.approx(history.loss_curve[-1], rel=0.2)


def test_stops_when_the_training_loss_stalls():
    network, flat = _setup()
    run = _train(network, flat, _task(), settings=_settings(tol=10.0, n_iter_no_change=3))
    # The first epoch improves on infinity; then n_iter_no_change + 1 without.
    assert run.stop is Stop.STALLED and run.history.n_iter == 1 + 4


def test_stalled_epochs_count_only_below_the_plateau_loss():
    network, flat0 = _setup()
    data = _task()
    stalls = dict(tol=10.0, n_iter_no_change=3)
    run = _train(network, flat0.copy(), data, settings=_settings(plateau_fraction=0.0, **stalls))
    assert run.stop is Stop.MAX_ITER and run.history.n_iter == 20
    # The count starts with the epoch whose loss falls below the plateau
    # loss (the 7th), a fraction of the loss of a constant output.
    curve = run.history.loss_curve
    plateau = (curve[5] + curve[6]) / 2
    assert curve[5] > plateau > curve[6] and min(curve[:6]) > plateau
    fraction = plateau / constant_loss("squared_error", data.Y, data.sample_weight)
    run = _train(network, flat0.copy(), data,
                 settings=_settings(plateau_fraction=fraction, **stalls))
    assert run.stop is Stop.STALLED and run.history.n_iter == 7 + 3


def test_early_stopping_keeps_the_weights_of_the_best_epoch():
    network, flat0 = _setup(hidden=(16,))
    data = _task(n_samples=30, seed=0)
    validation = _task(n_samples=30, seed=1, scale=3.0)  # unlike the training data

    def run(max_iter):
        flat = flat0.copy()
        result = _train(
            network, flat, data, validation,
            settings=_settings(max_iter=max_iter, n_iter_no_change=4, tol=0.0),
            score=lambda Z, Y, w: -float(((Z - Y) ** 2).mean()),
        )
        return flat, result

    flat, result = run(200)
    history = result.history
    best = int(np.argmin(history.validation_loss_curve))
    assert result.stop is Stop.STALLED and history.n_iter == best + 4 + 2
    assert history.best_validation_loss == history.validation_loss_curve[best]
    assert history.best_validation_score == history.validation_scores[best]
    assert history.best_loss is None
    # The score is the validation data's.
    outputs = evaluate(network, flat, validation, _settings()).outputs
    assert history.best_validation_score == -float(((outputs - validation.Y) ** 2).mean())
    # Training for exactly the best number of epochs retraces the same path.
    again, _ = run(best + 1)
    np.testing.assert_array_equal(flat, again)
    value, _ = network.loss_value(flat, data, "squared_error", 1e-4)
    assert history.loss == pytest.approx(value, rel=1e-12)


def test_held_out_rows_count_neither_in_training_nor_in_samples_seen():
    network, flat = _setup()
    data, validation = _task(30, seed=0), _task(10, seed=1)
    run = _train(network, flat, data, validation, count=np.arange(1, 41),
                 settings=_settings(max_iter=2, n_iter_no_change=np.inf))
    assert run.history.samples_seen == 2 * sum(range(1, 31))


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_divergence_rolls_back_to_the_last_finite_weights(solver):
    network, flat = _setup(hidden=(16,), activation="relu", dtype=np.float32)
    data = _task(scale=100.0, dtype=np.float32)
    data.Y *= 1000
    settings = _settings(solver, lr=10.0, max_grad_norm=None, optimizer=dict(momentum=0.99))
    with np.errstate(all="raise"):  # the engine keeps numpy quiet itself
        run = _train(network, flat, data, settings=settings)
    assert run.stop is Stop.DIVERGED and run.diverged in ("loss", "gradient")
    assert run.history.n_iter == len(run.history.loss_curve) + 1
    assert np.isfinite(flat).all() and math.isfinite(run.history.loss)


@pytest.mark.parametrize("incremental", [False, True])
@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_a_last_update_that_diverges_is_rolled_back(solver, incremental):
    """The loss of every batch is finite, but the update after the last one
    is not: the weights before it are kept."""
    network, flat = _setup()
    start = flat.copy()
    data = _task(n_samples=20)
    settings = _settings(solver, lr=1.7e308, batch_size=20, max_iter=1, max_grad_norm=None,
                         optimizer=dict(momentum=0.0, nesterovs_momentum=False))
    run = _train(network, flat, data, incremental=incremental, settings=settings)
    assert run.stop is Stop.DIVERGED and run.diverged_epoch == 1
    np.testing.assert_array_equal(flat, start)
    assert math.isfinite(run.history.loss)
    assert run.history.loss == evaluate(network, flat, data, settings).loss


def test_clipping_bounds_one_plain_step():
    network, flat = _setup()
    data = _task(n_samples=20)
    data.Y *= 100  # a huge gradient
    start = flat.copy()
    for norm, check in [(0.5, np.isclose), (None, np.greater)]:
        flat = start.copy()
        _train(network, flat, data, settings=_settings(
            "sgd", lr=0.1, batch_size=20, max_iter=1, shuffle=False, max_grad_norm=norm,
            optimizer=dict(momentum=0.0, nesterovs_momentum=False)))
        assert check(np.linalg.norm(flat - start), 0.1 * 0.5)


def test_an_increment_is_one_epoch_that_continues_the_history():
    network, flat = _setup()
    data = _task()
    run = _train(network, flat, data, settings=_settings(max_iter=3))
    for k in range(1, 4):
        run = _train(network, flat, data, incremental=True, resume=run,
                     settings=_settings(tol=1e9, n_iter_no_change=0))
        # Never stopped, whatever the stopping rule says.
        assert run.stop is Stop.EPOCH and run.history.n_iter == 3 + k
    history = run.history
    assert len(history.loss_curve) == 6 and history.samples_seen == 6 * 40
    assert history.loss == history.loss_curve[-1]


def test_an_increment_keeps_the_optimizer_while_its_settings_hold():
    network, flat = _setup()
    data = _task()
    run = _train(network, flat, data, settings=_settings(max_iter=2))
    adam = run.optimizer
    assert isinstance(adam, AdamOptimizer) and adam.t == 2 * 5
    run = _train(network, flat, data, incremental=True, resume=run)
    assert run.optimizer is adam and adam.t == 3 * 5
    run = _train(network, flat, data, incremental=True, resume=run, settings=_settings(lr=1e-3))
    assert run.optimizer is not adam and run.optimizer.t == 5
    run = _train(network, flat, data, incremental=True, resume=run, settings=_settings("sgd"))
    assert isinstance(run.optimizer, SGDOptimizer) and run.history.n_iter == 5


def test_samples_seen_drive_the_invscaling_schedule():
    network, flat = _setup()
    data = _task(n_samples=10)
    # 10 distinct samples that stand for 25.
    count = np.array([1] * 5 + [4] * 5)
    run = _train(network, flat, data, count=count, settings=_settings(
        "sgd", lr=0.05, max_iter=7, n_iter_no_change=np.inf,
        optimizer=dict(learning_rate="invscaling", power_t=0.3)))
    assert run.history.samples_seen == 7 * 25
    assert run.optimizer.learning_rate == pytest.approx(0.05 / (7 * 25 + 1) ** 0.3)


def test_adaptive_rate_is_lowered_when_training_stalls(capsys):
    network, flat = _setup()
    run = _train(network, flat, _task(), settings=_settings(
        "sgd", lr=0.01, tol=10.0, n_iter_no_change=2, max_iter=500, verbose=1,
        optimizer=dict(learning_rate="adaptive")))
    out = capsys.readouterr().out
    assert "Learning rate lowered to 0.002." in out
    assert run.optimizer.learning_rate <= 1e-6
    assert run.stop is Stop.STALLED and "Stopping." in out.splitlines()[-1]


class _Recorder:
    """A network that records the minibatches it is given."""

    def __init__(self, network):
        self.network, self.batches = network, []

    def __getattr__(self, name):
        return getattr(self.network, name)

    def loss_gradient(self, flat, grad, batch, *args):
        self.batches.append(Batch(batch.X.copy(), batch.present.copy(), batch.Y, None))
        return self.network.loss_gradient(flat, grad, batch, *args)


@pytest.mark.parametrize("n_samples, batch_size, sizes", [
    (36, 32, [18, 18]), (40, 8, [8] * 5), (41, 8, [7] * 5 + [6]), (5, 32, [5]),
])
def test_an_epoch_splits_the_samples_into_batches_of_equal_size(n_samples, batch_size, sizes):
    network, flat = _setup()
    recorder = _Recorder(network)
    data = _task(n_samples)
    _train(recorder, flat, data, settings=_settings(batch_size=batch_size, max_iter=2))
    assert [len(b.present[0]) for b in recorder.batches] == sizes * 2
    # Every sample once an epoch.
    first_epoch = np.concatenate([b.X[0, :, 0] for b in recorder.batches[: len(sizes)]])
    np.testing.assert_array_equal(np.sort(first_epoch), np.sort(data.X[0, :, 0]))


def test_input_noise_is_drawn_afresh_on_the_present_steps_of_each_batch():
    network, flat = _setup()
    recorder = _Recorder(network)
    data = _task(400, n_steps=6)
    data.present[4:, ::2] = False  # half the samples end after 4 steps
    data.X[~data.present] = 0.0
    clean = data.X.copy()
    _train(recorder, flat, data, settings=_settings(batch_size=400, max_iter=2, shuffle=False,
                                                    input_noise=0.3))
    np.testing.assert_array_equal(data.X, clean)  # the training data is left alone
    first, second = (b.X - clean for b in recorder.batches)
    present = data.present
    assert np.all(first[~present] == 0.0)
    assert np.std(first[present]) == pytest.approx(0.3, rel=0.05)
    assert abs(np.mean(first[present])) < 0.02
    # A new draw each epoch, independent of the last.
    assert abs(np.corrcoef(first[present].ravel(), second[present].ravel())[0, 1]) < 0.05


def test_without_input_noise_the_batches_are_the_data():
    network, flat = _setup()
    recorder = _Recorder(network)
    data = _task(16)
    _train(recorder, flat, data, settings=_settings(batch_size=16, max_iter=1, shuffle=False))
    np.testing.assert_array_equal(recorder.batches[0].X, data.X)


def test_the_validation_data_see_no_noise():
    network, flat = _setup()
    data, validation = _task(30, seed=0), _task(30, seed=1)
    run = _train(network, flat, data, validation,
                 settings=_settings(max_iter=1, input_noise=1.0))
    clean = evaluate(network, flat, validation, _settings()).loss
    assert run.history.validation_loss_curve == [clean]


def test_the_weights_are_averaged_over_the_epochs_while_training_goes_on_from_the_last():
    network, flat = _setup()
    data = _task()
    settings = _settings(n_iter_no_change=np.inf, max_iter=1, averaging=0.75)
    rng, run, expected = np.random.RandomState(0), None, None
    for _ in range(4):  # increments, as partial_fit runs them
        run = _train(network, flat, data, rng=rng, resume=run, incremental=True,
                     settings=settings)
        expected = flat.copy() if expected is None else 0.75 * expected + 0.25 * flat
        np.testing.assert_allclose(run.averaged, expected, rtol=1e-12)
    # An uninterrupted run takes the same steps and averages the same weights.
    network, again = _setup()
    run = _train(network, again, data, settings=_settings(
        n_iter_no_change=np.inf, max_iter=4, averaging=0.75))
    np.testing.assert_array_equal(again, flat)
    np.testing.assert_allclose(run.averaged, expected, rtol=1e-12)
    assert not np.allclose(run.averaged, again)
    # The loss reported is that of the averaged weights, the model's.
    assert run.history.loss == pytest.approx(
        evaluate(network, run.averaged, data, _settings()).loss)


def test_no_averaging_under_early_stopping_or_without_a_momentum():
    network, flat = _setup()
    data = _task()
    assert _train(network, flat.copy(), data).averaged is None
    run = _train(network, flat.copy(), data, _task(seed=1), settings=_settings(averaging=0.9))
    assert run.averaged is None


def test_an_increment_without_a_momentum_drops_the_average():
    """Averaging turned off between increments: the model is the last
    weights again, not a stale average."""
    network, flat = _setup()
    data = _task()
    run = _train(network, flat, data, settings=_settings(max_iter=2, averaging=0.9))
    assert run.averaged is not None
    run = _train(network, flat, data, incremental=True, resume=run)
    assert run.averaged is None


@pytest.mark.parametrize("averaging", [None, 0.8])
def test_under_input_noise_training_stops_once_the_model_fits_the_clean_data(averaging):
    network, flat = _setup()
    data = _task()
    # alpha large enough that the penalty would move the stop.
    settings = _settings(n_iter_no_change=np.inf, max_iter=30, input_noise=0.3, alpha=0.1,
                         averaging=averaging)
    # The model's unpenalised loss on the data without noise after each
    # epoch, from increments, which take an uninterrupted run's steps.
    replay, rng, run, clean = flat.copy(), np.random.RandomState(0), None, []
    for _ in range(settings.max_iter):
        run = _train(network, replay, data, rng=rng, resume=run, incremental=True,
                     settings=settings)
        model = replay if averaging is None else run.averaged
        clean.append(evaluate(network, model, data, settings, penalised=False).loss)
    # The bound is a fraction of the loss of a constant output.
    constant = constant_loss("squared_error", data.Y, data.sample_weight)
    fraction = min(clean[:15]) * (1 - 1e-9) / constant
    bound = fraction * constant
    expected = next(e for e, loss in enumerate(clean, 1) if loss < bound)
    assert 15 < expected < settings.max_iter
    run = _train(network, flat, data, settings=_settings(
        n_iter_no_change=np.inf, max_iter=30, input_noise=0.3, alpha=0.1,
        averaging=averaging, fitted_fraction=fraction))
    assert run.stop is Stop.FITTED and run.history.n_iter == expected


def test_the_fitted_loss_is_unused_without_input_noise_or_with_validation_data():
    network, flat = _setup()
    data = _task()
    run = _train(network, flat.copy(), data, settings=_settings(
        n_iter_no_change=np.inf, fitted_fraction=np.inf))
    assert run.stop is Stop.MAX_ITER
    run = _train(network, flat.copy(), data, _task(seed=1), settings=_settings(
        n_iter_no_change=np.inf, fitted_fraction=np.inf, input_noise=0.3))
    assert run.stop is Stop.MAX_ITER


def test_the_epoch_hook_sees_every_epoch_and_can_stop_training():
    network, flat = _setup()
    data = _task()
    seen = []

    def on_epoch(report, model):
        seen.append((report.epoch, report.max_epochs, report.loss, model.copy()))
        return report.epoch == 3

    run = _train(network, flat, data, on_epoch=on_epoch,
                 settings=_settings(n_iter_no_change=np.inf))
    assert run.stop is Stop.CALLBACK and run.history.n_iter == 3
    assert [s[:2] for s in seen] == [(1, 20), (2, 20), (3, 20)]
    assert [s[2] for s in seen] == run.history.loss_curve
    np.testing.assert_array_equal(seen[-1][3], flat)


def test_the_hook_gets_the_average_and_the_loss_without_noise():
    network, flat = _setup()
    data = _task()
    reports, models = [], []
    run = _train(network, flat, data, settings=_settings(
        n_iter_no_change=np.inf, max_iter=4, input_noise=0.3, averaging=0.5),
        on_epoch=lambda report, model: reports.append(report) or models.append(model.copy()))
    np.testing.assert_array_equal(models[-1], run.averaged)
    # Read after every 4th epoch, NaN in the curve after the others.
    clean = [r.clean_loss for r in reports]
    assert clean[:3] == [None] * 3 and np.isnan(run.history.clean_loss_curve[:3]).all()
    exact = evaluate(network, run.averaged, data, _settings(), penalised=False).loss
    assert clean[3] == run.history.clean_loss_curve[3] == exact
    assert len(run.history.clean_loss_curve) == 4


@pytest.mark.parametrize("validation", [False, True])
def test_an_interrupt_keeps_the_last_complete_epoch(validation):
    """Ctrl-C in the 4th epoch leaves what 3 epochs leave, the optimizer's
    state and the average included."""
    network, flat0 = _setup()
    data, held_out = _task(), (_task(seed=1) if validation else None)
    settings = _settings(n_iter_no_change=np.inf, averaging=None if validation else 0.5)

    def interrupt(report, model):
        if report.epoch == 4:
            raise KeyboardInterrupt

    flat = flat0.copy()
    run = _train(network, flat, data, held_out, on_epoch=interrupt, settings=settings)
    assert run.stop is Stop.INTERRUPTED
    three = flat0.copy()
    expected = _train(network, three, data, held_out,
                      settings=replace(settings, max_iter=3))
    np.testing.assert_array_equal(flat, three)
    assert run.history == expected.history
    np.testing.assert_array_equal(run.optimizer.m, expected.optimizer.m)
    assert run.optimizer.t == expected.optimizer.t
    if not validation:
        np.testing.assert_array_equal(run.averaged, expected.averaged)


def test_an_interrupted_increment_changes_nothing():
    network, flat = _setup()
    data = _task()
    run = _train(network, flat, data, settings=_settings(max_iter=2))
    before, t, curve = flat.copy(), run.optimizer.t, list(run.history.loss_curve)

    def interrupt(report, model):
        raise KeyboardInterrupt

    run = _train(network, flat, data, incremental=True, resume=run, on_epoch=interrupt)
    assert run.stop is Stop.INTERRUPTED and run.history.n_iter == 2
    np.testing.assert_array_equal(flat, before)
    assert run.optimizer.t == t and run.history.loss_curve == curve


@pytest.mark.parametrize(
    "n_iter_no_change, fraction, best_epochs, expected",
    [(20, None, 3, 20), (20, 1 / 3, 3, 10), (20, 1 / 3, 47, 15), (20, 1 / 3, 90, 20),
     (1, 1 / 3, 1, 1), (math.inf, 1 / 3, 3, math.inf)],
)
def test_the_patience_grows_with_the_epochs_to_the_best(n_iter_no_change, fraction,
                                                         best_epochs, expected):
    """With validation data, a patience fraction shortens the patience to
    that fraction of the epochs to the best, within [ceil(n / 2), n]."""
    settings = TrainingSettings(loss="squared", alpha=0.0, max_iter=10,
                                tol=1e-4, n_iter_no_change=n_iter_no_change,
                                patience_fraction=fraction)
    rule = _StopRule(settings, train=None, validating=True)

    class Epochs:
        pass

    epochs = Epochs()
    epochs.best_epochs = best_epochs
    assert rule.patience(epochs) == expected
