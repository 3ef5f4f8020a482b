"""Behaviour of RNNClassifier and RNNRegressor."""

import pickle
import warnings

import numpy as np
import pytest
from scipy import sparse
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.metrics import r2_score
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from sklearn_rnn import RNNClassifier, RNNRegressor
from sklearn_rnn._recurrent import _merge_duplicates

SOLVERS = ["adam", "sgd", "lbfgs"]


def test_recurrence_solves_an_order_task_that_shuffled_time_cannot(
    ordered_sequences,
):
    X, y = ordered_sequences(600, 8, seed=0)
    X_train, X_test, y_train, y_test = X[:400], X[400:], y[:400], y[400:]
    clf = RNNClassifier(hidden_layer_sizes=(16,), random_state=0)
    assert clf.fit(X_train, y_train).score(X_test, y_test) > 0.97

    # Shuffling the time steps of each sequence leaves only the values.
    rng = np.random.RandomState(1)
    shuffled = np.take_along_axis(X, rng.rand(*X.shape[:2]).argsort(axis=1)[..., None], 1)
    clf = RNNClassifier(hidden_layer_sizes=(16,), random_state=0)
    score = clf.fit(shuffled[:400], y_train).score(shuffled[400:], y_test)
    assert 0.35 < score < 0.65


def test_predictions_ignore_padding_and_batch(variable_length_data):
    X, y, lengths = variable_length_data
    clf = RNNClassifier(hidden_layer_sizes=(8, 8), random_state=0, max_iter=5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    proba = clf.predict_proba(X)

    more_padding = np.concatenate([X, np.full((len(X), 9, X.shape[2]), np.nan)], 1)
    np.testing.assert_allclose(clf.predict_proba(more_padding), proba, rtol=1e-12)

    pre_padded = np.full_like(X, np.nan)
    for i, n in enumerate(lengths):
        pre_padded[i, X.shape[1] - n :] = X[i, :n]
    np.testing.assert_allclose(clf.predict_proba(pre_padded), proba, rtol=1e-12)

    for i in [0, 5, 17]:
        alone = clf.predict_proba(X[i : i + 1, : lengths[i]])
        np.testing.assert_allclose(alone[0], proba[i], rtol=1e-12)
    np.testing.assert_allclose(clf.predict_proba(X[::-1]), proba[::-1], rtol=1e-12)


def test_variable_length_classification(variable_length_data):
    X, y, _ = variable_length_data
    clf = RNNClassifier(random_state=0).fit(X[:300], y[:300])
    assert clf.score(X[300:], y[300:]) > 0.85


def test_missing_steps_inside_sequences_are_skipped(variable_length_data):
    """An all-NaN step inside a sequence is as if it were not there."""
    X, y, lengths = variable_length_data
    clf = RNNRegressor(hidden_layer_sizes=(6,), max_iter=3, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    gapped = np.full((len(X), X.shape[1] + 1, X.shape[2]), np.nan)
    gapped[:, :2] = X[:, :2]
    gapped[:, 3:] = X[:, 2:]
    np.testing.assert_allclose(clf.predict(gapped), clf.predict(X), rtol=1e-12)


@pytest.mark.parametrize("solver", SOLVERS)
def test_regressor_learns_a_sum_over_time(solver):
    rng = np.random.RandomState(0)
    X = rng.uniform(-1, 1, size=(300, 6, 2))
    y = np.stack([X[:, :, 0].sum(1), X[:, :, 0].sum(1) - X[:, :, 1].sum(1)], 1) / 3
    reg = RNNRegressor(hidden_layer_sizes=(16,), solver=solver, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        reg.fit(X[:200], y[:200])
    assert reg.n_outputs_ == 2
    assert reg.predict(X[200:]).shape == (100, 2)
    assert r2_score(y[200:], reg.predict(X[200:])) > 0.9
    assert reg.fit(X[:200], y[:200, 0]).predict(X[200:]).shape == (100,)


@pytest.mark.parametrize("solver", SOLVERS)
def test_fit_is_reproducible_to_the_bit(solver, variable_length_data):
    X, y, _ = variable_length_data
    weights = []
    for _ in range(2):
        clf = RNNClassifier(hidden_layer_sizes=(5,), solver=solver, max_iter=4,
                            random_state=3)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            weights.append(clf.fit(X, y).weights_)
    for name in weights[0]:
        np.testing.assert_array_equal(weights[0][name], weights[1][name])


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


def test_merged_duplicates_come_in_an_order_of_their_bytes():
    """k copies in any order merge like one sample of weight k, into the
    order of the bytes of (x, y), also for rows that differ only in an
    element that _merge_duplicates does not compare first."""
    rng = np.random.RandomState(0)
    X = np.repeat(rng.normal(size=(1, 40, 2)).astype(np.float32), 12, axis=0)
    X[np.arange(12), 1, 0] = [0.0, -0.0, 1.0, np.nan] * 3
    X[8:, :20] = np.nan
    Y = np.repeat([[0.0], [1.0]], 6, axis=0)
    weight = np.array([1, 2, 0, 3, 1, 1, 2, 4, 1, 0, 2, 5], dtype=np.float32)
    first, merged_weight = _merge_duplicates(X, Y, weight)

    rows = np.repeat(np.arange(12), weight.astype(int))
    rows = rows[rng.permutation(len(rows))]
    copies, copy_weight = _merge_duplicates(X[rows], Y[rows], np.ones(len(rows)))
    np.testing.assert_array_equal(merged_weight, copy_weight)
    np.testing.assert_array_equal(
        X[first].view(np.uint32), X[rows[copies]].view(np.uint32)
    )
    np.testing.assert_array_equal(Y[first], Y[rows[copies]])

    keys = [X[i].tobytes() + Y[i].astype(np.float32).tobytes() for i in range(12)]
    distinct = sorted({keys[i] for i in np.flatnonzero(weight)})
    assert [keys[i] for i in first] == distinct
    assert merged_weight.tolist() == [
        weight[[keys[i] == key for i in range(12)]].sum() for key in distinct
    ]


def test_loss_curve_iterations_and_convergence_warning():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(50, 5, 2))
    y = X[:, :, 0].sum(1)
    for solver in SOLVERS:
        reg = RNNRegressor(hidden_layer_sizes=(4,), solver=solver, max_iter=3)
        with pytest.warns(ConvergenceWarning, match="3"):
            reg.fit(X, y)
        assert reg.n_iter_ == 3
        assert len(reg.loss_curve_) == 3
        assert reg.loss_ == reg.loss_curve_[-1]
        reg.set_params(max_iter=300, tol=1e-2).fit(X, y)
        assert reg.loss_curve_[-1] < reg.loss_curve_[0]


def test_gradient_clipping_bounds_the_step():
    """One plain SGD step on one batch moves the weights by at most
    learning_rate * max_grad_norm."""
    rng = np.random.RandomState(0)
    X = rng.normal(size=(20, 5, 2))
    y = 100 * rng.normal(size=20)  # a huge gradient
    params = dict(hidden_layer_sizes=(4,), solver="sgd", momentum=0.0,
                  batch_size=20, max_iter=1, learning_rate_init=0.1,
                  shuffle=False, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = RNNRegressor(**{**params, "learning_rate_init": 1e-30})
        start = np.concatenate([w.ravel() for w in start.fit(X, y).weights_.values()])
        for norm, check in [(0.5, np.isclose), (None, np.greater)]:
            reg = RNNRegressor(**params, max_grad_norm=norm).fit(X, y)
            moved = np.concatenate([w.ravel() for w in reg.weights_.values()]) - start
            assert check(np.linalg.norm(moved), 0.1 * 0.5)


def test_warm_start_continues_from_the_fitted_weights(variable_length_data):
    X, y, _ = variable_length_data
    params = dict(hidden_layer_sizes=(8,), max_iter=10, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = RNNClassifier(**params, warm_start=True).fit(X, y)
        first = clf.loss_curve_[-1]
        clf.fit(X, y)
        assert clf.loss_curve_[0] < RNNClassifier(**params).fit(X, y).loss_curve_[0]
        assert clf.loss_curve_[-1] < first
        with pytest.raises(ValueError, match="architecture"):
            clf.set_params(hidden_layer_sizes=(9,)).fit(X, y)
        with pytest.raises(ValueError, match="classes"):
            clf.set_params(hidden_layer_sizes=(8,)).fit(X, y % 2)


def test_float32_trains_and_predicts_in_float32(variable_length_data):
    X, y, _ = variable_length_data
    clf = RNNClassifier(hidden_layer_sizes=(8,), random_state=0, max_iter=20)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X.astype(np.float32), y)
    assert all(w.dtype == np.float32 for w in clf.weights_.values())
    assert clf.predict_proba(X.astype(np.float32)).dtype == np.float32
    assert clf.predict_proba(X).dtype == np.float32
    reg = RNNRegressor(hidden_layer_sizes=(4,), max_iter=2, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        reg.fit(np.nan_to_num(X).astype(np.int32), y)
    assert reg.weights_["linear.weight"].dtype == np.float64


def test_inputs_are_never_written(variable_length_data):
    X, y, _ = variable_length_data
    X_copy, w = X.copy(), np.ones(len(y))
    clf = RNNClassifier(hidden_layer_sizes=(4,), max_iter=2, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y, sample_weight=w)
    clf.predict(X)
    np.testing.assert_array_equal(X, X_copy)
    np.testing.assert_array_equal(w, 1)


def test_two_and_three_dimensional_input():
    rng = np.random.RandomState(0)
    X2 = rng.normal(size=(30, 7))
    y = (X2[:, 0] > 0).astype(int)
    clf = RNNClassifier(max_iter=3, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X2, y)
        assert clf.n_features_in_ == 7
        with pytest.raises(ValueError, match="X has 6 features, but RNNClassifier "
                           "is expecting 7 features as input"):
            clf.predict(X2[:, :6])
        with pytest.raises(ValueError, match="fitted on 2-D input"):
            clf.predict(X2[:, :, None])
        # 2-D is a batch of univariate sequences.
        proba_2d = clf.predict_proba(X2)
        clf.fit(X2[:, :, None], y)
        assert clf.n_features_in_ == 1
        np.testing.assert_allclose(clf.predict_proba(X2[:, :, None]), proba_2d)
        # 3-D input may be of any length at predict time.
        assert clf.predict(X2[:, :3, None]).shape == (30,)
        with pytest.raises(ValueError, match="X has 2 features"):
            clf.predict(np.ones((3, 7, 2)))


def test_dataframe_input_sets_feature_names():
    pd = pytest.importorskip("pandas")
    rng = np.random.RandomState(0)
    df = pd.DataFrame(rng.normal(size=(20, 4)), columns=["t0", "t1", "t2", "t3"])
    y = rng.randint(2, size=20)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = RNNClassifier(max_iter=2, random_state=0).fit(df, y)
    np.testing.assert_array_equal(clf.feature_names_in_, df.columns)
    with pytest.warns(UserWarning, match="does not have valid feature names"):
        np.testing.assert_array_equal(clf.predict(df), clf.predict(df.to_numpy()))


def test_sequence_without_present_steps_warns_and_gets_the_empty_prediction():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(20, 4, 2))
    y = np.arange(20) % 2
    clf = RNNClassifier(max_iter=2, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    X[3] = np.nan
    with pytest.warns(UserWarning, match="1 sequence.*sample 3"):
        proba = clf.predict_proba(X)
    assert np.isfinite(proba).all()
    bias = clf.weights_["linear.bias"][0]
    np.testing.assert_allclose(proba[3, 1], 1 / (1 + np.exp(-bias)))


@pytest.mark.parametrize(
    "X, error, match",
    [
        (np.ones(10), ValueError, "Reshape your data"),
        (np.ones((10, 2, 2, 2)), ValueError, "2-D or 3-D"),
        (sparse.csr_matrix(np.ones((10, 3))), TypeError, "[Ss]parse"),
        (np.ones((10, 3, 2)) + 1j, ValueError, "Complex data not supported"),
        (np.ones((10, 0, 2)), ValueError, "0 time steps or features"),
        (np.ones((10, 3, 0)), ValueError, "0 time steps or features"),
        (np.ones((0, 3, 2)), ValueError, "0 sample"),
        (np.where(np.eye(10, 3, dtype=bool)[:, :, None], np.inf, np.ones((10, 3, 2))),
         ValueError, "infinity at sample 0, time step 0"),
        (np.where(np.arange(2) == 0, np.nan, np.ones((10, 3, 2))) * np.eye(10, 3)[..., None]
         + np.ones((10, 3, 2)),
         ValueError, "some but not all features of sample 0 at time step 0"),
        (np.array([[{"a": 1}, 2]], dtype=object).repeat(10, 0), TypeError, "argument must be"),
    ],
)
def test_bad_input_gets_a_clear_error(X, error, match):
    y = np.arange(X.shape[0]) % 2
    for est in (RNNClassifier(max_iter=1), RNNRegressor(max_iter=1)):
        with pytest.raises(error, match=match):
            est.fit(X, y)


def test_bad_targets_weights_and_parameters():
    X = np.random.RandomState(0).normal(size=(10, 3, 2))
    y = np.arange(10) % 2
    clf = RNNClassifier(max_iter=1)
    with pytest.raises(ValueError, match="only one class"):
        clf.fit(X, np.zeros(10))
    with pytest.raises(ValueError, match="Unknown label type"):
        clf.fit(X, np.linspace(0, 1, 10))
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        clf.fit(X, y[:5])
    with pytest.raises(ValueError, match="requires y"):
        clf.fit(X, None)
    with pytest.raises(ValueError, match="negative"):
        clf.fit(X, y, sample_weight=-np.ones(10))
    with pytest.raises(ValueError, match="all zero"):
        clf.fit(X, y, sample_weight=np.zeros(10))
    with pytest.raises(ValueError, match="sample_weight.shape"):
        clf.fit(X, y, sample_weight=np.ones(9))
    with pytest.raises(ValueError, match="non-zero weight belong to one class"):
        clf.fit(X, y, sample_weight=y)
    with pytest.raises(ValueError, match="Input y contains NaN"):
        RNNRegressor().fit(X, np.full(10, np.nan))
    for sizes in [0, (), (4, 0), (2.5,)]:
        with pytest.raises(ValueError, match="hidden_layer_sizes"):
            RNNClassifier(hidden_layer_sizes=sizes).fit(X, y)
    with pytest.raises(ValueError, match="activation"):
        RNNClassifier(activation="sigmoid").fit(X, y)
    with pytest.raises(ValueError, match="solver"):
        RNNClassifier(solver="newton").fit(X, y)
    with pytest.raises(NotFittedError):
        RNNClassifier().predict(X)


def test_pipeline_grid_search_cross_validation_clone_and_pickle(ordered_sequences):
    X, y = ordered_sequences(160, 6, seed=2)
    pipe = make_pipeline(
        FunctionTransformer(np.negative), RNNClassifier(random_state=0, max_iter=60)
    )
    grid = {"rnnclassifier__hidden_layer_sizes": [(4,), (12,)]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        searches = [
            GridSearchCV(pipe, grid, cv=3, n_jobs=n_jobs).fit(X, y)
            for n_jobs in (1, 2)
        ]
        scores = cross_val_score(pipe, X, y, cv=3)
    np.testing.assert_array_equal(
        searches[0].cv_results_["mean_test_score"],
        searches[1].cv_results_["mean_test_score"],
    )
    assert searches[1].best_score_ > 0.9
    assert scores.min() > 0.85

    fitted = searches[1].best_estimator_
    assert fitted.score(X, y) > 0.9
    unfitted = clone(fitted)
    assert repr(unfitted) == repr(fitted)
    assert clone(fitted[-1]).get_params() == fitted[-1].get_params()
    with pytest.raises(NotFittedError):
        unfitted.predict(X)
    restored = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(restored.predict_proba(X), fitted.predict_proba(X))
