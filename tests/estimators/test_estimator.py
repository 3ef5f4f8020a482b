"""What both estimators promise: reproducibility, padding invariance, sample
weights, warm starts and partial fits, early stopping, the fitted
attributes of every solver, warnings, pickling."""

import pickle
import re
import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.metrics import log_loss
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from sklearn_rnn import RNNClassifier, RNNRegressor, RNNStepClassifier
from sklearn_rnn._engine import lbfgs, stochastic
from sklearn_rnn._engine.optimizers import AdamOptimizer, SGDOptimizer
from sklearn_rnn._engine.settings import CLEAN_LOSS_EVERY, FITTED_FRACTION

SOLVERS = ["adam", "sgd", "lbfgs"]
CELLS = ["rnn", "gru", "lstm"]


@pytest.mark.parametrize("Estimator", [RNNClassifier, RNNRegressor])
def test_input_noise_regularises_training_only(Estimator, variable_length_data, flat_weights):
    X, y, _ = variable_length_data
    X, y = X[:60], (y[:60] if Estimator is RNNClassifier else y[:60].astype(float))
    params = dict(hidden_layer_sizes=(4,), max_iter=3, random_state=0, early_stopping=False)
    noisy = Estimator(input_noise=0.5, **params).fit(X, y)
    clean = Estimator(input_noise=0.0, **params).fit(X, y)
    assert not np.array_equal(flat_weights(noisy), flat_weights(clean))
    # What is left is a function of the weights alone: no noise at prediction.
    np.testing.assert_array_equal(noisy.predict(X), noisy.predict(X))
    # L-BFGS follows the exact gradient of the clean loss.
    lbfgs_fits = [Estimator(solver="lbfgs", input_noise=noise, **params).fit(X, y)
                  for noise in (0.0, 0.5)]
    np.testing.assert_array_equal(*map(flat_weights, lbfgs_fits))


def test_input_noise_does_not_depend_on_the_padding(variable_length_data, flat_weights):
    # As a list of ragged arrays, each fold of a cross-validation is padded
    # to its own longest sequence.
    X, y, _ = variable_length_data
    X, y = X[:60], y[:60]
    params = dict(hidden_layer_sizes=(4,), max_iter=3, random_state=0, input_noise=0.5)
    more_padding = np.concatenate([X, np.full((len(X), 5, X.shape[2]), np.nan)], 1)
    fits = [RNNClassifier(**params).fit(data, y) for data in (X, more_padding)]
    np.testing.assert_allclose(*map(flat_weights, fits), rtol=1e-9, atol=1e-12)


def test_the_model_is_the_moving_average_of_the_weights(variable_length_data, flat_weights):
    X, y, _ = variable_length_data
    X, y = X[:80], y[:80]
    params = dict(hidden_layer_sizes=(4,), max_iter=5, random_state=0)
    last = RNNClassifier(ema_momentum=None, **params).fit(X, y)
    averaged = RNNClassifier(ema_momentum=0.5, **params).fit(X, y)
    # Averaging leaves training alone; the weights predicted with differ.
    np.testing.assert_array_equal(averaged._flat, last._flat)
    np.testing.assert_array_equal(flat_weights(last), flat_weights(RNNClassifier(
        ema_momentum=None, **params).fit(X, y)))
    assert not np.allclose(flat_weights(averaged), flat_weights(last))
    assert averaged.loss_ != last.loss_
    # Early stopping keeps its best epoch instead.
    early = [RNNClassifier(ema_momentum=m, early_stopping=True, **params).fit(X, y)
             for m in (None, 0.5)]
    np.testing.assert_array_equal(*map(flat_weights, early))


def test_under_input_noise_a_fit_stops_once_the_model_fits_the_training_data():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(60, 4, 2))
    y = (X[:, :, 0].sum(axis=1) > 0).astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        clf = RNNClassifier(hidden_layer_sizes=(8,), input_noise=0.05, ema_momentum=0.5,
                            n_iter_no_change=np.inf, max_iter=500, random_state=0).fit(X, y)
    assert clf.n_iter_ < clf.max_iter
    # The stop: the model's loss without noise, penalty aside, below
    # FITTED_FRACTION of that of the class frequencies; that loss is read
    # after every CLEAN_LOSS_EVERY-th epoch, and at the reading before, it
    # was not below.
    assert clf.n_iter_ % CLEAN_LOSS_EVERY == 0
    chance = log_loss(y, np.full(len(y), y.mean()))
    assert log_loss(y, clf.predict_proba(X)) < FITTED_FRACTION * chance
    earlier = RNNClassifier(
        **{**clf.get_params(), "max_iter": clf.n_iter_ - CLEAN_LOSS_EVERY}).fit(X, y)
    assert log_loss(y, earlier.predict_proba(X)) >= FITTED_FRACTION * chance


@pytest.fixture
def noisy_task():
    """Few noisy samples, so that a large network overfits quickly."""
    rng = np.random.RandomState(0)
    X = rng.normal(size=(120, 6, 3))
    y = (X[:, :, 0].mean(axis=1) + rng.normal(scale=0.5, size=120) > 0).astype(int)
    return X, y


@pytest.mark.parametrize(
    "params",
    [
        dict(solver="adam"),
        dict(solver="adam", early_stopping=True, cell="gru"),
        dict(solver="sgd", learning_rate="invscaling", cell="lstm", bidirectional=True),
        dict(solver="sgd", learning_rate="adaptive", early_stopping=True),
        dict(solver="lbfgs", cell="gru"),
    ],
)
def test_every_option_is_reproducible_to_the_bit(params, variable_length_data, flat_weights):
    X, y, _ = variable_length_data
    fits = [
        RNNClassifier(hidden_layer_sizes=(5,), max_iter=6, random_state=42, **params)
        .fit(X[:200], y[:200])
        for _ in range(2)
    ]
    np.testing.assert_array_equal(flat_weights(fits[0]), flat_weights(fits[1]))
    assert fits[0].loss_curve_ == fits[1].loss_curve_


def test_grid_search_with_early_stopping_is_the_same_on_two_jobs(noisy_task):
    X, y = noisy_task
    grid = {"hidden_layer_sizes": [(4,), (8,)], "alpha": [1e-4, 1e-2]}
    est = RNNClassifier(early_stopping=True, max_iter=30, random_state=0)
    results = [GridSearchCV(est, grid, cv=3, n_jobs=n_jobs).fit(X, y).cv_results_
               for n_jobs in (1, 2)]
    np.testing.assert_array_equal(results[0]["mean_test_score"],
                                  results[1]["mean_test_score"])


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("bidirectional", [False, True])
def test_every_cell_and_direction_learns_and_ignores_padding_and_batch(
    cell, bidirectional, variable_length_data
):
    X, y, lengths = variable_length_data
    clf = RNNClassifier(
        (8, 8), cell=cell, bidirectional=bidirectional, random_state=0, max_iter=30
    ).fit(X[:300], y[:300])
    assert clf.score(X[300:], y[300:]) > 0.8
    X, lengths = X[300:], lengths[300:]
    proba = clf.predict_proba(X)
    more_padding = np.concatenate([X, np.full((len(X), 9, X.shape[2]), np.nan)], 1)
    np.testing.assert_allclose(clf.predict_proba(more_padding), proba, rtol=1e-12)
    pre_padded = np.full_like(X, np.nan)
    for i, n in enumerate(lengths):
        pre_padded[i, X.shape[1] - n :] = X[i, :n]
    np.testing.assert_allclose(clf.predict_proba(pre_padded), proba, rtol=1e-12)
    # An all-NaN step inside a sequence is as if it were not there.
    gapped = np.full((len(X), X.shape[1] + 1, X.shape[2]), np.nan)
    gapped[:, :2], gapped[:, 3:] = X[:, :2], X[:, 2:]
    np.testing.assert_allclose(clf.predict_proba(gapped), proba, rtol=1e-12)
    for i in [0, 5, 17]:
        alone = clf.predict_proba(X[i : i + 1, : lengths[i]])
        np.testing.assert_allclose(alone[0], proba[i], rtol=1e-12)
    np.testing.assert_allclose(clf.predict_proba(X[::-1]), proba[::-1], rtol=1e-12)


@pytest.mark.parametrize("solver", SOLVERS)
def test_sample_weight_is_the_weighted_loss(solver, variable_length_data):
    """Weight k trains like k copies; weight 0 like leaving the sample out."""
    X, y, _ = variable_length_data
    X, y = X[:40], y[:40]
    weight = np.tile([0, 1, 2, 3], 10)
    params = dict(hidden_layer_sizes=(4,), solver=solver, max_iter=5,
                  random_state=0, batch_size=200)
    with warnings.catch_warnings():
        # batch_size is larger than the data, so that both fits are full-batch.
        warnings.simplefilter("ignore", UserWarning)
        weighted = RNNClassifier(**params).fit(X, y, sample_weight=weight)
        repeated = RNNClassifier(**params).fit(
            np.repeat(X, weight, axis=0), np.repeat(y, weight)
        )
    np.testing.assert_allclose(
        weighted.predict_proba(X), repeated.predict_proba(X), rtol=1e-10
    )
    assert weighted.loss_ == pytest.approx(repeated.loss_, rel=1e-10)


def test_t_counts_every_training_sample_seen():
    """Samples, not distinct samples: duplicates count as often as they
    occur, as in MLPClassifier, so the invscaling schedule does not depend
    on whether some samples happen to be equal."""
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(30, 4, 2)), rng.normal(size=30)
    X[10:20], y[10:20] = X[0], y[0]  # eleven copies of one sample
    params = dict(hidden_layer_sizes=(3,), solver="sgd", learning_rate="invscaling",
                  max_iter=4, random_state=0)
    reg = RNNRegressor(**params, early_stopping=False).fit(X, y)
    assert reg.t_ == 4 * 30
    reg = RNNRegressor(**params, early_stopping=False).fit(
        X, y, sample_weight=np.r_[0, np.ones(29)]
    )
    assert reg.t_ == 4 * 29  # weight zero: left out
    # 20 distinct samples twice each, 5 of them held out for validation.
    X, y = rng.normal(size=(20, 4, 2)), rng.normal(size=20)
    X, y = np.repeat(X, 2, axis=0), np.repeat(y, 2)
    reg = RNNRegressor(**params, early_stopping=True, validation_fraction=0.25).fit(X, y)
    assert reg.t_ == 4 * 2 * 15


def test_loss_curve_iterations_and_convergence_warning():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(50, 5, 2))
    y = X[:, :, 0].sum(1)
    for solver in SOLVERS:
        reg = RNNRegressor(hidden_layer_sizes=(4,), solver=solver, max_iter=3, random_state=0,
                           early_stopping=False)
        with pytest.warns(ConvergenceWarning, match="3"):
            reg.fit(X, y)
        assert reg.n_iter_ == 3
        assert len(reg.loss_curve_) == 3
        # L-BFGS's curve ends at the weights kept; an epoch's entry is the
        # mean over its batches, loss_ that of the weights kept.
        if solver == "lbfgs":
            assert reg.loss_ == reg.loss_curve_[-1]
        else:
            assert reg.loss_ == pytest.approx(reg.loss_curve_[-1], rel=0.3)
        assert reg.best_loss_ == min(reg.loss_curve_)
        assert hasattr(reg, "t_") == (solver != "lbfgs")
        assert not hasattr(reg, "validation_scores_")
        reg.set_params(max_iter=300, tol=1e-2).fit(X, y)
        assert reg.loss_curve_[-1] < reg.loss_curve_[0]


def test_early_stopping_records_the_validation_curves(noisy_task):
    X, y = noisy_task
    clf = RNNClassifier(hidden_layer_sizes=(64,), early_stopping=True,
                        validation_fraction=0.25, n_iter_no_change=10, max_iter=500,
                        random_state=0).fit(X, y)
    best = int(np.argmin(clf.validation_loss_curve_))
    assert clf.n_iter_ == best + clf.n_iter_no_change + 2 < 100
    assert len(clf.validation_scores_) == len(clf.loss_curve_) == clf.n_iter_
    assert clf.best_validation_loss_ == clf.validation_loss_curve_[best]
    assert clf.best_validation_score_ == clf.validation_scores_[best]
    assert clf.best_loss_ is None
    # 90 training samples of 120: the split is stratified and held out.
    assert clf.t_ == clf.n_iter_ * 90
    assert all(0 <= score <= 1 for score in clf.validation_scores_)


def test_warm_start_continues_and_refuses_another_architecture(variable_length_data, flat_weights):
    X, y, _ = variable_length_data
    params = dict(hidden_layer_sizes=(8,), max_iter=10, random_state=0)
    clf = RNNClassifier(**params, warm_start=True).fit(X, y)
    first = clf.loss_curve_[-1]
    clf.fit(X, y)
    assert clf.loss_curve_[0] < RNNClassifier(**params).fit(X, y).loss_curve_[0]
    assert clf.loss_curve_[-1] < first
    weights = flat_weights(clf)
    for changes, match in [
        ({"hidden_layer_sizes": (9,)}, r"hidden_layer_sizes from \(8,\) to \(9,\)"),
        ({"cell": "lstm"}, "cell from 'gru' to 'lstm'"),
        ({"bidirectional": True}, "bidirectional from False to True"),
    ]:
        with pytest.raises(ValueError, match="architecture of the previous fit.*" + match):
            clf.set_params(**changes).fit(X, y)
        clf.set_params(**params)
    with pytest.raises(ValueError, match="classes"):
        clf.fit(X, y % 2)
    np.testing.assert_array_equal(flat_weights(clf), weights)


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


def test_epochs_of_partial_fit_are_the_epochs_of_fit(ordered_sequences, flat_weights):
    # Each epoch draws a fresh permutation from the one generator, so k calls
    # of partial_fit on the whole data train exactly as fit for k epochs.
    X, y = ordered_sequences(100, 5, seed=2)
    params = dict(hidden_layer_sizes=(8,), batch_size=16, random_state=0)
    fitted = RNNClassifier(max_iter=6, n_iter_no_change=np.inf, **params)
    with pytest.warns(ConvergenceWarning, match="maximum iterations"):
        fitted.fit(X, y)
    clf = RNNClassifier(**params)
    for _ in range(6):
        clf.partial_fit(X, y, classes=[0, 1])
    np.testing.assert_array_equal(flat_weights(clf), flat_weights(fitted))
    assert clf.loss_curve_ == fitted.loss_curve_


def test_partial_fit_continues_a_fit(ordered_sequences, flat_weights):
    X, y = ordered_sequences(200, 6, seed=1)
    clf = RNNClassifier(hidden_layer_sizes=(8,), max_iter=20, random_state=0).fit(X, y)
    before = flat_weights(clf)
    n_iter, loss_curve, steps = clf.n_iter_, list(clf.loss_curve_), clf._training.optimizer.t
    clf.partial_fit(X, y)
    # The same Adam goes on: 7 more steps (200 samples in batches of 32).
    assert clf._training.optimizer.t == steps + 7
    assert clf.n_iter_ == n_iter + 1
    assert clf.loss_curve_[:-1] == loss_curve
    assert clf.loss_curve_[-1] < loss_curve[0]
    assert 0 < np.abs(flat_weights(clf) - before).max() < 0.5


def test_partial_fit_follows_the_current_solver_and_its_settings(ordered_sequences):
    X, y = ordered_sequences(60, 5, seed=2)
    reg = RNNRegressor(hidden_layer_sizes=(4,), max_iter=3, random_state=0).fit(X, y)
    reg.set_params(solver="sgd", learning_rate_init=5e-3).partial_fit(X, y)
    assert isinstance(reg._training.optimizer, SGDOptimizer)
    assert reg._training.optimizer.learning_rate == 5e-3
    assert reg.n_iter_ == 3 + 1


def test_a_refit_keeps_nothing_of_the_previous_fit(noisy_task):
    X, y = noisy_task
    clf = RNNClassifier(hidden_layer_sizes=(4,), early_stopping=True, max_iter=5,
                        random_state=0).fit(X, y)
    assert hasattr(clf, "validation_scores_") and hasattr(clf, "t_")
    clf.set_params(solver="lbfgs").fit(X, y)
    for name in ("validation_scores_", "validation_loss_curve_", "best_validation_loss_",
                 "best_validation_score_", "t_", "_training"):
        assert not hasattr(clf, name), name
    assert clf.best_loss_ == min(clf.loss_curve_)
    # partial_fit after L-BFGS starts a new optimizer and a new history.
    clf.set_params(solver="adam").partial_fit(X, y)
    assert isinstance(clf._training.optimizer, AdamOptimizer) and clf._training.optimizer.t == 4
    assert clf.n_iter_ == 1 and len(clf.loss_curve_) == 1 and clf.t_ == 120
    assert not hasattr(clf, "validation_scores_")
    clf.set_params(early_stopping=False).fit(X, y)
    assert not hasattr(clf, "validation_scores_") and clf.best_loss_ is not None


def test_lbfgs_warns_whenever_it_fails(monkeypatch):
    """Any non-zero status of scipy's L-BFGS-B, not only the iteration cap."""
    minimize = lbfgs.minimize

    def line_search_failure(*args, **kwargs):
        result = minimize(*args, **kwargs)
        result.status, result.message = 2, "ABNORMAL: "
        return result

    monkeypatch.setattr(lbfgs, "minimize", line_search_failure)
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(20, 4, 2)), rng.normal(size=20)
    with pytest.warns(ConvergenceWarning, match="status 2: ABNORMAL.*line search"):
        RNNRegressor(solver="lbfgs", max_iter=3).fit(X, y)


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_divergence_keeps_finite_weights_and_warns(solver, flat_weights):
    rng = np.random.RandomState(0)
    X = (100 * rng.normal(size=(60, 30, 3))).astype(np.float32)
    y = 1000 * rng.normal(size=60)
    reg = RNNRegressor(hidden_layer_sizes=(16,), cell="rnn", activation="relu",
                       solver=solver, learning_rate_init=10.0, momentum=0.99,
                       max_grad_norm=None, max_iter=100, random_state=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        reg.fit(X, y)
    # One warning that names the cause and the cure, and no numpy noise.
    assert [w.category for w in caught] == [ConvergenceWarning]
    assert re.search("diverged in epoch 1: the (loss|gradient) became infinite or NaN.*"
                     "Lower learning_rate_init.*max_grad_norm", str(caught[0].message))
    assert reg.n_iter_ == 1
    assert np.isfinite(flat_weights(reg)).all()
    assert np.isfinite(reg.loss_)
    assert np.isfinite(reg.predict(X)).all()


def test_verbose_prints_epochs_and_iterations(capsys):
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(40, 4, 2)), np.arange(40) % 2
    RNNClassifier(hidden_layer_sizes=(2,), max_iter=3, verbose=1, early_stopping=True,
                  random_state=0).fit(X, y)
    lines = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"Epoch 3/3: loss \d+\.\d{8}, validation loss \d+\.\d{8}, "
                        r"validation score \d\.\d{6}, \d+\.\d\d s", lines[-1])
    RNNClassifier(hidden_layer_sizes=(2,), solver="lbfgs", max_iter=3, verbose=1).fit(X, y)
    assert capsys.readouterr().out.splitlines()[-1].startswith("Iteration 3/3: loss ")
    RNNClassifier(hidden_layer_sizes=(2,), max_iter=3).fit(X, y)
    assert capsys.readouterr().out == ""


def test_float32_trains_and_predicts_in_float32(variable_length_data):
    X, y, _ = variable_length_data
    clf = RNNClassifier(hidden_layer_sizes=(8,), random_state=0, max_iter=20)
    clf.fit(X.astype(np.float32), y)
    assert all(w.dtype == np.float32 for w in clf.weights_.values())
    assert clf.predict_proba(X.astype(np.float32)).dtype == np.float32
    assert clf.predict_proba(X).dtype == np.float32
    reg = RNNRegressor(hidden_layer_sizes=(4,), max_iter=2, random_state=0)
    reg.fit(np.nan_to_num(X).astype(np.int32), y)
    assert reg.weights_["linear.weight"].dtype == np.float64


@pytest.mark.parametrize("solver, training", [("adam", np.float32), ("lbfgs", np.float64)])
def test_float64_data_train_in_float32_with_adam_and_predict_in_float64(
    solver, training, variable_length_data
):
    """Adam's arithmetic is float32's (as PyTorch's): the model it leaves
    is float64, as the data, and so are its predictions; L-BFGS's line
    search needs float64's precision."""
    X, y, _ = variable_length_data
    clf = RNNClassifier(hidden_layer_sizes=(8,), solver=solver, ema_momentum=None,
                        random_state=0, max_iter=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    assert clf._flat.dtype == training
    assert all(w.dtype == np.float64 for w in clf.weights_.values())
    np.testing.assert_array_equal(clf._weights, clf._flat)
    assert clf.predict_proba(X.astype(np.float32)).dtype == np.float64


def test_pipeline_clone_and_pickle(ordered_sequences, flat_weights):
    X, y = ordered_sequences(160, 6, seed=2)
    pipe = make_pipeline(
        FunctionTransformer(np.negative), RNNClassifier((12,), random_state=0, max_iter=60)
    ).fit(X, y)
    assert pipe.score(X, y) > 0.9
    unfitted = clone(pipe)
    assert repr(unfitted) == repr(pipe)
    assert clone(pipe[-1]).get_params() == pipe[-1].get_params()
    with pytest.raises(NotFittedError):
        unfitted.predict(X)
    restored = pickle.loads(pickle.dumps(pipe))
    np.testing.assert_array_equal(restored.predict_proba(X), pipe.predict_proba(X))
    # A restored estimator goes on training like the original.
    for est in (pipe[-1], restored[-1]):
        est.partial_fit(-X, y)
    np.testing.assert_array_equal(flat_weights(restored[-1]), flat_weights(pipe[-1]))


def test_standardised_inputs_make_feature_scales_irrelevant(variable_length_data):
    X, y, _ = variable_length_data
    a, b = np.array([1e-3, 10.0, 1e4]), np.array([5.0, -300.0, 1e6])
    params = dict(hidden_layer_sizes=(8,), max_iter=30, random_state=0)
    clf = RNNClassifier(**params).fit(X[:300], y[:300])
    rescaled = RNNClassifier(**params).fit(X[:300] * a + b, y[:300])
    np.testing.assert_allclose(rescaled.input_mean_, clf.input_mean_ * a + b, rtol=1e-12)
    np.testing.assert_allclose(rescaled.input_scale_, clf.input_scale_ * a, rtol=1e-10)
    # Measured at random_state 0 and 1: 0.94-0.95 either way, and 0.36-0.37
    # on the rescaled features without the standardisation.
    assert clf.score(X[300:], y[300:]) > 0.85
    assert rescaled.score(X[300:] * a + b, y[300:]) > 0.85
    off = RNNClassifier(**params, standardize_inputs=False).fit(X[:300] * a + b, y[:300])
    assert off.input_mean_ is None and off.input_scale_ is None
    assert off.score(X[300:] * a + b, y[300:]) < 0.6


def test_a_continuation_keeps_its_standardisation(variable_length_data):
    X, y, _ = variable_length_data
    clf = RNNClassifier(hidden_layer_sizes=(4,), max_iter=2, random_state=0).fit(X, y)
    mean = clf.input_mean_
    clf.partial_fit(X[:50] * 100, y[:50])
    assert clf.input_mean_ is mean
    with pytest.raises(ValueError, match="standardize_inputs from True to False"):
        clf.set_params(standardize_inputs=False).partial_fit(X, y)


@pytest.mark.parametrize("dtype, huge", [(np.float64, 1e308), (np.float32, 3e38)])
def test_weights_equal_up_to_a_factor_train_identically(dtype, huge):
    """Huge weights no longer overflow in their sums; a factor that is a
    power of two changes no bit, another one only the rounding."""
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(20, 5, 2)).astype(dtype), rng.normal(size=20)
    params = dict(hidden_layer_sizes=(3,), max_iter=3, random_state=0)

    def fit(weight=None):
        return RNNRegressor(**params).fit(X, y, sample_weight=weight)

    plain = fit()
    for fitted in (fit(np.full(20, huge)), fit(np.full(20, 3.0))):
        np.testing.assert_array_equal(fitted.predict(X), plain.predict(X))
        assert fitted.loss_ == plain.loss_
    weight = rng.uniform(0.5, 2.0, size=20)
    weighted = fit(weight)
    np.testing.assert_array_equal(fit(weight * 2.0**-100).predict(X), weighted.predict(X))
    # Adam trains in float32 either way: a factor of 3 rounds differently.
    rtol = 1e-4
    np.testing.assert_allclose(fit(weight * 3.0).predict(X), weighted.predict(X), rtol=rtol)
    huge_weights = fit(weight * (huge / 2))
    assert np.isfinite(huge_weights.loss_)
    np.testing.assert_allclose(huge_weights.predict(X), weighted.predict(X), rtol=rtol)


def test_partial_fit_goes_on_from_a_memory_mapped_model(tmp_path, noisy_task, flat_weights):
    joblib = pytest.importorskip("joblib")
    X, y = noisy_task
    clf = RNNClassifier(hidden_layer_sizes=(4,), max_iter=2, random_state=0).fit(X, y)
    joblib.dump(clf, tmp_path / "model.joblib")
    loaded = joblib.load(tmp_path / "model.joblib", mmap_mode="r")
    np.testing.assert_array_equal(loaded.predict_proba(X), clf.predict_proba(X))
    for est in (clf, loaded):
        est.partial_fit(X, y)
    np.testing.assert_array_equal(flat_weights(loaded), flat_weights(clf))
    assert loaded.n_iter_ == 3


def _issue_data():
    X = np.random.RandomState(0).normal(size=(20, 5, 2))
    return X, np.arange(20) % 2, X[:, :, 0].sum(1)


def test_partial_fit_that_blows_up_keeps_weights_that_predict(flat_weights):
    """Every call rolls back what it cannot compute; a loss that still
    overflows (outputs of 1e200 squared) is said so."""
    X, _, y = _issue_data()
    reg = RNNRegressor(cell="rnn", activation="relu", solver="sgd", learning_rate_init=10,
                       momentum=0.99, max_grad_norm=None, random_state=0)
    for _ in range(5):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            reg.partial_fit(X * 1e3, y)
        assert np.isfinite(reg.predict(X * 1e3)).all() and np.isfinite(flat_weights(reg)).all()
        if not np.isfinite(reg.loss_):
            assert "training loss is inf at the weights kept" in str(caught[-1].message)


@pytest.mark.parametrize("make", [
    lambda: RNNRegressor(solver="lbfgs", standardize_targets=False),
    lambda: RNNClassifier(solver="lbfgs", alpha=1e300),
])
# The estimator's own warning, not numpy's from inside (the linear path's
# ridge start squared targets of 1e200).
@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_lbfgs_warns_when_the_loss_cannot_be_finite(make, flat_weights):
    X, y_class, y = _issue_data()
    est = make()
    with pytest.warns(ConvergenceWarning, match="training loss is nan at the weights kept"):
        est.fit(X, y * 1e200 if isinstance(est, RNNRegressor) else y_class)
    assert np.isfinite(flat_weights(est)).all()


def test_metadata_routing_passes_the_weights_to_fit_and_score(noisy_task, flat_weights):
    import sklearn

    X, y = noisy_task
    weights = np.random.RandomState(1).uniform(0.5, 2, size=len(y))
    params = dict(hidden_layer_sizes=(4,), max_iter=3, random_state=0)
    with sklearn.config_context(enable_metadata_routing=True):
        rnn = RNNClassifier(**params).set_fit_request(sample_weight=True)
        with pytest.raises(sklearn.exceptions.UnsetMetadataPassedError, match="score"):
            GridSearchCV(rnn, {"alpha": [1e-4]}, cv=2).fit(X, y, sample_weight=weights)
        rnn.set_score_request(sample_weight=True)
        search = GridSearchCV(rnn, {"alpha": [1e-4]}, cv=2).fit(X, y, sample_weight=weights)
    direct = RNNClassifier(**params).fit(X, y, sample_weight=weights)
    np.testing.assert_array_equal(flat_weights(search.best_estimator_), flat_weights(direct))


def test_sequences_without_a_present_step_anywhere_in_a_batch():
    """Issue 23: the pooled readouts crashed on a batch of empty sequences;
    a fit on no present step at all is told so."""
    rng = np.random.RandomState(0)
    X, y = rng.rand(16, 5, 2), np.arange(16) % 2
    empty = np.full((3, 5, 2), np.nan)
    told = pytest.warns(
        UserWarning,
        match=r"sequence\(s\) of X have no present time step.*prediction of the empty sequence",
    )
    clf = RNNClassifier(max_iter=2, random_state=0).fit(X, y)
    with told:
        proba = clf.predict_proba(empty)
    assert np.isfinite(proba).all()
    np.testing.assert_allclose(proba, np.broadcast_to(proba[0], proba.shape))
    with told:
        clf.partial_fit(empty[:2], [0, 1])
    assert clf.n_iter_ == 3 and np.isfinite(clf.predict_proba(X)).all()
    with told:
        fitted = RNNClassifier(batch_size=1, max_iter=2, random_state=0).fit(
            np.r_[X, empty], np.r_[y, 0, 1, 0])
    with told:
        assert np.isfinite(fitted.predict_proba(empty)).all()
    reg = RNNRegressor(readout="max", max_iter=2, random_state=0).fit(X, y.astype(float))
    with told:
        assert np.isfinite(reg.predict(empty)).all()
    # Told once, by the error: no warning about the predictions of the
    # empty sequences comes before it.
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        with pytest.raises(ValueError, match="no present time step"):
            RNNClassifier(max_iter=2).fit(np.full_like(X, np.nan), y)


@pytest.mark.parametrize("Estimator", [RNNClassifier, RNNRegressor, RNNStepClassifier])
def test_a_fit_that_raises_leaves_the_estimator_as_it_was(Estimator):
    """Issue 23: validation set n_features_in_ (and more) before y failed."""
    rng = np.random.RandomState(0)
    X, y = rng.rand(16, 5, 2), np.arange(16) % 2
    bad_y = np.full(16, np.nan) if Estimator is RNNRegressor else np.zeros(16)
    est = Estimator(max_iter=2, random_state=0).fit(X, y)
    before = est.predict(X)
    for bad_X in (rng.rand(16, 5, 3), rng.rand(16, 5)):
        with pytest.raises(ValueError):
            est.fit(bad_X, bad_y)
        assert est.n_features_in_ == 2
        np.testing.assert_array_equal(est.predict(X), before)
    fresh = Estimator(max_iter=2)
    with pytest.raises(ValueError):
        fresh.fit(X, bad_y)
    with pytest.raises(NotFittedError):
        fresh.predict(X)


def test_a_partial_fit_that_raises_leaves_the_optimizer_as_it_was(monkeypatch):
    rng = np.random.RandomState(0)
    X, y = rng.rand(16, 5, 2), np.arange(16) % 2
    clf = RNNClassifier(max_iter=2, random_state=0).fit(X, y)
    optimizer = clf._training.optimizer
    t, m, curve = optimizer.t, optimizer.m.copy(), list(clf.loss_curve_)

    def fail(*args):
        raise RuntimeError("interrupted")

    # After the epoch's updates, before its record.
    monkeypatch.setattr(stochastic._Epochs, "_record", fail)
    with pytest.raises(RuntimeError):
        clf.partial_fit(X, y)
    assert clf._training.optimizer is optimizer and optimizer.t == t
    np.testing.assert_array_equal(optimizer.m, m)
    assert clf.loss_curve_ == curve and clf._training.history.loss_curve == curve
    monkeypatch.undo()
    clf.partial_fit(X, y)
    assert clf.n_iter_ == 3


def test_averaging_turned_off_between_increments_predicts_with_the_last_weights():
    """Issue 23: the model froze at the stale average."""
    rng = np.random.RandomState(0)
    X, y = rng.rand(40, 5, 2), np.arange(40) % 2
    clf = RNNClassifier(max_iter=3, ema_momentum=0.5, random_state=0).fit(X, y)
    assert clf._weights is not clf._flat
    clf.set_params(ema_momentum=None)
    before = clf.predict_proba(X)
    clf.partial_fit(X, y)
    np.testing.assert_array_equal(clf._weights, clf._flat)
    assert not np.array_equal(clf.predict_proba(X), before)


@pytest.mark.parametrize("Estimator", [RNNClassifier, RNNRegressor, RNNStepClassifier])
def test_values_near_the_float_maximum_train_or_are_refused(Estimator):
    """Issue 23: outputs were NaN for such inputs, at fit and at predict."""
    rng = np.random.RandomState(0)
    y = np.arange(16) % 2
    huge = rng.choice([-1.7e308, 1.7e308], size=(16, 5, 8))
    est = Estimator(max_iter=2, random_state=0).fit(huge, y)
    assert np.isfinite(est.predict(huge)).all()
    est = Estimator(max_iter=2, random_state=0).fit(rng.rand(16, 5, 8), y)
    with pytest.raises(ValueError, match="overflow for 1 of the 3 sequences"):
        est.predict(np.r_[rng.rand(2, 5, 8), huge[:1]])
