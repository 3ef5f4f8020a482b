"""Steering training: early stopping, schedules, partial_fit, class weights,
progress, divergence, reproducibility."""

import re
import time
import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import recall_score
from sklearn.model_selection import GridSearchCV

from sklearn_rnn import RNNClassifier, RNNRegressor
from sklearn_rnn._optimizers import SGDOptimizer


def _weights(est):
    return np.concatenate([w.ravel() for w in est.weights_.values()])


@pytest.fixture
def noisy_task():
    """Few noisy samples, so that a large network overfits quickly."""
    rng = np.random.RandomState(0)
    X = rng.normal(size=(120, 6, 3))
    y = (X[:, :, 0].mean(axis=1) + rng.normal(scale=0.5, size=120) > 0).astype(int)
    return X, y


def test_early_stopping_keeps_the_best_epoch(noisy_task):
    X, y = noisy_task
    params = dict(hidden_layer_sizes=(64,), early_stopping=True,
                  validation_fraction=0.25, n_iter_no_change=10, random_state=0)
    clf = RNNClassifier(**params, max_iter=500).fit(X, y)
    best = int(np.argmin(clf.validation_loss_curve_))
    # Stopped n_iter_no_change epochs after the best one, long before max_iter.
    assert clf.n_iter_ == best + clf.n_iter_no_change + 2
    assert clf.n_iter_ < 100
    assert len(clf.validation_scores_) == len(clf.loss_curve_) == clf.n_iter_
    assert clf.best_validation_loss_ == clf.validation_loss_curve_[best]
    assert clf.best_validation_score_ == clf.validation_scores_[best]
    assert clf.best_loss_ is None

    # Training again for exactly the best number of epochs retraces the same
    # path: the weights kept are those of the best epoch.
    with pytest.warns(ConvergenceWarning):
        again = RNNClassifier(**params, max_iter=best + 1).fit(X, y)
    np.testing.assert_array_equal(_weights(again), _weights(clf))
    assert again.validation_scores_[-1] == clf.best_validation_score_
    assert again.validation_loss_curve_[-1] == clf.best_validation_loss_


def test_without_early_stopping_best_loss_is_the_lowest_training_loss(noisy_task):
    X, y = noisy_task
    clf = RNNClassifier(hidden_layer_sizes=(8,), max_iter=30, random_state=0)
    with pytest.warns(ConvergenceWarning, match="maximum iterations"):
        clf.fit(X, y)
    assert clf.best_loss_ == min(clf.loss_curve_)
    assert not hasattr(clf, "validation_scores_")


def test_early_stopping_regressor_scores_r2():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(200, 5, 2))
    y = X[:, :, 0].sum(axis=1) / 2
    reg = RNNRegressor(early_stopping=True, random_state=0).fit(X, y)
    assert max(reg.validation_scores_) > 0.9
    assert reg.best_validation_score_ > 0.9


def test_invscaling_schedule():
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(50, 4, 2)), rng.normal(size=50)
    reg = RNNRegressor(solver="sgd", learning_rate="invscaling", power_t=0.3,
                       learning_rate_init=0.05, max_iter=7, random_state=0)
    with pytest.warns(ConvergenceWarning):
        reg.fit(X, y)
    assert reg.t_ == 7 * 50
    assert reg._optimizer.learning_rate == pytest.approx(0.05 / (7 * 50 + 1) ** 0.3)


def test_constant_schedule_keeps_the_rate():
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(50, 4, 2)), rng.normal(size=50)
    reg = RNNRegressor(solver="sgd", learning_rate_init=0.05, max_iter=5)
    with pytest.warns(ConvergenceWarning):
        reg.fit(X, y)
    assert reg._optimizer.learning_rate == 0.05


def test_adaptive_schedule_divides_by_five_until_tiny():
    optimizer = SGDOptimizer(np.zeros(3), 0.1, 0.9, True, "adaptive")
    rates = []
    while not optimizer.trigger_stopping():
        rates.append(optimizer.learning_rate)
    np.testing.assert_allclose(rates, 0.1 / 5 ** np.arange(1, len(rates) + 1))
    assert rates[-1] <= 1e-6 < rates[-2]
    assert SGDOptimizer(np.zeros(3), 0.1, 0.9, True, "constant").trigger_stopping()


def test_adaptive_schedule_lowers_the_rate_when_training_stalls(capsys):
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(40, 4, 2)), rng.normal(size=40)
    reg = RNNRegressor(solver="sgd", learning_rate="adaptive", tol=10.0,
                       n_iter_no_change=2, max_iter=500, verbose=True, random_state=0)
    reg.fit(X, y)
    out = capsys.readouterr().out
    lowered = re.findall(r"Learning rate lowered to (\S+)\.", out)
    np.testing.assert_allclose([float(r) for r in lowered[:3]], [2e-3, 4e-4, 8e-5])
    assert reg._optimizer.learning_rate <= 1e-6
    assert "Stopping." in out.splitlines()[-1]
    # The first epoch improves on nothing; then each stall takes
    # n_iter_no_change + 1 epochs.
    assert reg.n_iter_ == 1 + 3 * (len(lowered) + 1)


def test_partial_fit_in_chunks_matches_fit(ordered_sequences):
    X, y = ordered_sequences(500, 6, seed=0)
    X_train, y_train, X_test, y_test = X[:400], y[:400], X[400:], y[400:]
    params = dict(hidden_layer_sizes=(16,), random_state=0)
    fitted = RNNClassifier(**params).fit(X_train, y_train)

    clf = RNNClassifier(**params)
    for _ in range(30):
        for chunk in np.array_split(np.arange(400), 4):
            clf.partial_fit(X_train[chunk], y_train[chunk], classes=[0, 1])
    assert clf.n_iter_ == 120
    assert len(clf.loss_curve_) == 120
    assert clf.t_ == 30 * 400
    assert clf.score(X_test, y_test) >= fitted.score(X_test, y_test) - 0.02
    assert clf.score(X_test, y_test) > 0.95


def test_partial_fit_continues_a_fit(ordered_sequences):
    X, y = ordered_sequences(200, 6, seed=1)
    clf = RNNClassifier(hidden_layer_sizes=(8,), max_iter=20, random_state=0)
    with pytest.warns(ConvergenceWarning):
        clf.fit(X, y)
    before = _weights(clf)
    n_iter, loss_curve = clf.n_iter_, list(clf.loss_curve_)
    clf.partial_fit(X, y)
    assert clf.n_iter_ == n_iter + 1
    assert clf.loss_curve_[:-1] == loss_curve
    assert clf.loss_curve_[-1] < loss_curve[0]
    assert 0 < np.abs(_weights(clf) - before).max() < 0.5


def test_partial_fit_misuse_raises_clear_errors():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(20, 4, 2))
    y = np.arange(20) % 3
    assert not hasattr(RNNClassifier(solver="lbfgs"), "partial_fit")
    with pytest.raises(AttributeError, match="has no attribute 'partial_fit'") as exc:
        RNNRegressor(solver="lbfgs").partial_fit(X, y)
    assert "only available for the stochastic solvers" in str(exc.value.__cause__)
    with pytest.raises(ValueError, match="classes must be passed on the first call"):
        RNNClassifier().partial_fit(X, y)
    with pytest.raises(ValueError, match="two classes"):
        RNNClassifier().partial_fit(X, y, classes=[0])
    clf = RNNClassifier().partial_fit(X, y, classes=[0, 1, 2, 3])
    assert list(clf.classes_) == [0, 1, 2, 3]
    with pytest.raises(ValueError, match=r"y contains classes not given .*\[7\]"):
        clf.partial_fit(X, np.full(20, 7))
    with pytest.raises(ValueError, match="not the same as on the first call"):
        clf.partial_fit(X, y, classes=[0, 1, 2])
    with pytest.raises(ValueError, match="X has 3 features, but RNNClassifier is "
                       "expecting 2 features"):
        clf.partial_fit(rng.normal(size=(20, 4, 3)), y)
    with pytest.raises(ValueError, match="balanced.*not available in partial_fit"):
        RNNClassifier(class_weight="balanced").partial_fit(X, y, classes=[0, 1, 2])
    # A chunk that holds one class only is fine once the classes are known.
    clf.partial_fit(X[y == 1], y[y == 1])


def test_class_weight_balanced_raises_minority_recall():
    rng = np.random.RandomState(0)
    n = 1000
    X = rng.normal(size=(n, 6, 2))
    score = X[:, :, 0].sum(axis=1) + rng.normal(scale=1.0, size=n)
    y = (score > 3.5).astype(int)  # about 9 % positives
    X_test, y_test = X[500:], y[500:]
    recalls = {}
    for class_weight in (None, "balanced"):
        clf = RNNClassifier(hidden_layer_sizes=(8,), class_weight=class_weight,
                            random_state=0).fit(X[:500], y[:500])
        recalls[class_weight] = recall_score(y_test, clf.predict(X_test))
    assert y.mean() < 0.1
    assert recalls["balanced"] > recalls[None] + 0.1


def test_class_weight_multiplies_sample_weight():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(30, 4, 2))
    y = np.array(["a", "b", "c"])[np.arange(30) % 3]
    sw = rng.uniform(0.5, 2, size=30)
    class_weight = {"a": 1.0, "b": 3.0, "c": 0.5}
    params = dict(hidden_layer_sizes=(4,), max_iter=5, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        by_class = RNNClassifier(**params, class_weight=class_weight).fit(
            X, y, sample_weight=sw
        )
        by_sample = RNNClassifier(**params).fit(
            X, y, sample_weight=sw * np.vectorize(class_weight.get)(y)
        )
        balanced = RNNClassifier(**params, class_weight="balanced").fit(
            X, y, sample_weight=sw
        )
    np.testing.assert_array_equal(_weights(by_class), _weights(by_sample))
    assert not np.array_equal(_weights(by_class), _weights(balanced))


def test_verbose_prints_a_line_per_epoch_at_most_about_once_a_second(
    capsys, monkeypatch
):
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(40, 4, 2)), np.arange(40) % 2
    # A clock that advances 0.3 s at every reading: a line every 4 epochs.
    clock = iter(np.arange(10_000) * 0.3)
    monkeypatch.setattr(time, "perf_counter", lambda: float(next(clock)))
    clf = RNNClassifier(hidden_layer_sizes=(4,), max_iter=21, verbose=1,
                        early_stopping=True, n_iter_no_change=100)
    with pytest.warns(ConvergenceWarning):
        clf.fit(X, y)
    lines = capsys.readouterr().out.splitlines()
    epochs = [int(re.match(r"Epoch (\d+): loss \d+\.\d+, validation score "
                           r"\d\.\d+, \d+\.\d+ s$", line).group(1)) for line in lines]
    assert epochs == [1, 5, 9, 13, 17, 21]


def test_verbose_rate_in_real_time_and_silence(capsys):
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(20, 3, 1)), rng.normal(size=20)
    for solver, unit in [("adam", "Epoch"), ("lbfgs", "Iteration")]:
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            reg = RNNRegressor(hidden_layer_sizes=(2,), solver=solver, max_iter=2000,
                               tol=0, verbose=True, random_state=0).fit(X, y)
        elapsed = time.perf_counter() - start
        out = capsys.readouterr().out.splitlines()
        lines = [line for line in out if line.startswith(unit)]
        assert reg.n_iter_ > 100
        assert 2 <= len(lines) <= elapsed + 2
        assert lines[-1].startswith(f"{unit} {reg.n_iter_}:")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        RNNRegressor(max_iter=50).fit(X, y)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_divergence_keeps_finite_weights_and_warns(solver):
    rng = np.random.RandomState(0)
    X = (100 * rng.normal(size=(60, 30, 3))).astype(np.float32)
    y = 1000 * rng.normal(size=60)
    reg = RNNRegressor(hidden_layer_sizes=(16,), activation="relu", solver=solver,
                       learning_rate_init=10.0, momentum=0.99, max_grad_norm=None,
                       max_iter=100, random_state=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        reg.fit(X, y)
    # One warning that names the cause and the cure, and no numpy noise.
    assert [w.category for w in caught] == [ConvergenceWarning]
    assert re.search("diverged in epoch 1: the loss became infinite or NaN.*"
                     "Lower learning_rate_init.*max_grad_norm", str(caught[0].message))
    assert reg.n_iter_ == 1
    assert np.isfinite(_weights(reg)).all()
    assert np.isfinite(reg.loss_)
    assert np.isfinite(reg.predict(X)).all()


def test_lbfgs_line_search_backs_off_from_overflow():
    rng = np.random.RandomState(0)
    X = (100 * rng.normal(size=(60, 30, 3))).astype(np.float32)
    y = 1000 * rng.normal(size=60)
    reg = RNNRegressor(hidden_layer_sizes=(16,), activation="relu", solver="lbfgs",
                       max_iter=20, random_state=0)
    with pytest.warns(ConvergenceWarning, match="L-BFGS stopped after 20"):
        reg.fit(X, y)
    assert np.isfinite(_weights(reg)).all() and np.isfinite(reg.loss_)
    assert reg.loss_ < reg.loss_curve_[0]
    assert np.isfinite(reg.predict(X)).all()


@pytest.mark.parametrize(
    "params",
    [
        dict(solver="adam", early_stopping=True),
        dict(solver="sgd", learning_rate="invscaling", shuffle=True),
        dict(solver="sgd", learning_rate="adaptive", early_stopping=True),
        dict(solver="lbfgs"),
    ],
)
def test_every_option_is_reproducible_to_the_bit(params, noisy_task):
    X, y = noisy_task
    fits = []
    for _ in range(2):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            fits.append(RNNClassifier(hidden_layer_sizes=(6,), max_iter=15,
                                      random_state=42, **params).fit(X, y))
    np.testing.assert_array_equal(_weights(fits[0]), _weights(fits[1]))
    assert fits[0].loss_curve_ == fits[1].loss_curve_


def test_grid_search_with_early_stopping_is_the_same_on_two_jobs(noisy_task):
    X, y = noisy_task
    grid = {"hidden_layer_sizes": [(4,), (8,)], "alpha": [1e-4, 1e-2]}
    est = RNNClassifier(early_stopping=True, max_iter=30, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        results = [GridSearchCV(est, grid, cv=3, n_jobs=n_jobs).fit(X, y).cv_results_
                   for n_jobs in (1, 2)]
    np.testing.assert_array_equal(results[0]["mean_test_score"],
                                  results[1]["mean_test_score"])
