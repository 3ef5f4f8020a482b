"""The step scorer: the present, labelled steps pooled, also through a
pipeline."""

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, f1_score, mean_squared_error
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score
from sklearn.pipeline import make_pipeline

from sklearn_rnn import RNNClassifier, RNNStepClassifier, RNNStepRegressor, pad_targets
from sklearn_rnn.metrics import make_step_scorer
from sklearn_rnn.preprocessing import SequencePadder, SequenceScaler


def _task():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(40, 6, 2)) * [1, 50]
    y = np.where(X[:, :, 0] > 0, "pos", "neg")
    X[:15, 4:], y[:15, 4:] = np.nan, "pad"
    y[20:, 0] = "pad"  # present steps without a label
    return X, y


def test_scores_the_present_labelled_steps_of_a_pipeline():
    X, y = _task()
    pipe = make_pipeline(SequenceScaler(), RNNStepClassifier((4,), fill_value="pad",
                                                              max_iter=20, random_state=0))
    pipe.fit(X, y)
    kept = (y != "pad") & ~np.isnan(X[:, :, 0])
    predicted = pipe.predict(X)
    assert make_step_scorer(accuracy_score)(pipe, X, y) == accuracy_score(
        y[kept], predicted[kept]
    )
    f1 = make_step_scorer(f1_score, pos_label="pos")
    assert f1(pipe, X, y) == f1_score(y[kept], predicted[kept], pos_label="pos")
    assert repr(f1) == "make_step_scorer(f1_score)"
    loss = make_step_scorer(accuracy_score, greater_is_better=False)
    assert loss(pipe, X, y) == -accuracy_score(y[kept], predicted[kept])


def test_refuses_what_it_cannot_score():
    X, y = _task()
    clf = RNNStepClassifier((2,), fill_value="pad", max_iter=2).fit(X, y)
    with pytest.raises(ValueError, match=r"y of shape \(n_samples, n_timesteps\)"):
        make_step_scorer(accuracy_score)(clf, X, y[:, 0])
    with pytest.raises(TypeError, match="metric must be callable"):
        make_step_scorer("accuracy")


def test_checks_the_shapes_of_y_and_sample_weight():
    """Issue 23: numpy's broadcast errors."""
    X, y = _task()
    clf = RNNStepClassifier((2,), fill_value="pad", max_iter=2).fit(X, y)
    scorer = make_step_scorer(accuracy_score)
    with pytest.raises(ValueError, match=r"y of shape \(n_samples, n_timesteps\) = \(40, 6\).*"
                                         r"got y of shape \(40, 5\)"):
        scorer(clf, X, y[:, :-1])
    for weight in (np.ones(3), np.ones((40, 3))):
        with pytest.raises(ValueError, match=r"sample_weight.shape == .*, expected \(40,\)"):
            scorer(clf, X, y, sample_weight=weight)


def test_refuses_an_estimator_fitted_on_a_target_per_sequence():
    """Issue 23: IndexError, too many indices."""
    X, y = _task()
    for estimator in (RNNClassifier((2,), max_iter=2), RNNStepClassifier((2,), max_iter=2)):
        estimator.fit(X, (y[:, 0] == "pos").astype(int))
        with pytest.raises(ValueError, match=r"predicts shape \(40,\), a target per sequence"
                                             r".*scikit-learn scorer"):
            make_step_scorer(accuracy_score)(estimator, X, y)


def test_scores_a_pipeline_that_pads_a_ragged_list():
    """Issue 23: the documented pipeline's score worked but the scorer
    looked for the present steps in the ragged list, and cross_val_score
    gave NaN scores."""
    rng = np.random.RandomState(0)
    # The padder pads the folds without a sequence of 6 steps, the longest,
    # to fewer steps than y has.
    ragged = [rng.normal(size=(n, 2)) for n in [2, 3, 4] * 4 + [6, 5] * 3]
    y = pad_targets([(x[:, 0] > 0).astype(int) for x in ragged])
    pipe = make_pipeline(SequencePadder(), RNNStepClassifier((3,), max_iter=5, random_state=0))
    pipe.fit(ragged, y)
    scorer = make_step_scorer(accuracy_score)
    assert scorer(pipe, ragged, y) == pipe.score(ragged, y)
    scores = cross_val_score(pipe, ragged, y, cv=KFold(3), scoring=scorer, error_score="raise")
    assert np.isfinite(scores).all()


def test_a_regressor_scores_every_step_with_a_target():
    """Issue 23: on integer-valued y the scorer took the classifier's fill
    value, -1, and dropped those steps; a regressor marks missing targets
    with NaN only."""
    rng = np.random.RandomState(0)
    X = rng.normal(size=(16, 5, 2))
    y = rng.randint(-1, 2, size=(16, 5))
    reg = RNNStepRegressor((2,), max_iter=2, early_stopping=False).fit(X, y)
    expected = -mean_squared_error(y.ravel(), reg.predict(X).ravel())
    scorer = make_step_scorer(mean_squared_error, greater_is_better=False)
    assert scorer(reg, X, y) == pytest.approx(expected, rel=1e-12)


def test_scores_a_search_through_its_best_estimator():
    """A fitted search predicts with its best estimator: the scorer reads
    its fill value and the input of its last step (it took -1 for the fill
    value, and looked for the present steps in the ragged list)."""
    rng = np.random.RandomState(0)
    ragged = [rng.normal(size=(n, 2)) for n in [2, 3, 4, 5, 6] * 4]
    y = pad_targets([np.where(x[:, 0] > 0, "pos", "neg") for x in ragged], fill_value="")
    pipe = make_pipeline(SequencePadder(), RNNStepClassifier(fill_value="", max_iter=3,
                                                             random_state=0))
    search = GridSearchCV(pipe, {"rnnstepclassifier__hidden_layer_sizes": [(2,), (3,)]},
                          cv=KFold(2)).fit(ragged, y)
    scorer = make_step_scorer(accuracy_score)
    assert scorer(search, ragged, y) == search.best_estimator_.score(ragged, y)
