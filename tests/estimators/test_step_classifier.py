"""RNNStepClassifier: a class at every step, and the many-to-one model of
RNNClassifier for a class per sequence."""

import pickle
import re
import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.metrics import accuracy_score
from sklearn.model_selection import (
    GridSearchCV,
    KFold,
    StratifiedKFold,
    cross_val_predict,
    cross_val_score,
)

from sklearn_rnn import RNNClassifier, RNNStepClassifier, pad_targets
from sklearn_rnn.metrics import make_step_scorer


def _running_sign(n_samples, n_steps=12, seed=0, future=False):
    """A class per step: the sign of the running sum of the inputs (of the
    sum of the steps still to come, with ``future``), on sequences of 4 to
    ``n_steps`` steps, NaN-padded, the padding labelled -1."""
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n_samples, n_steps, 1))
    lengths = rng.randint(4, n_steps + 1, size=n_samples)
    absent = np.arange(n_steps) >= lengths[:, None]
    X[absent] = np.nan
    values = np.where(absent, 0, X[:, :, 0])
    total = np.cumsum(values[:, ::-1], axis=1)[:, ::-1] if future else np.cumsum(values, axis=1)
    y = (total > 0).astype(int)
    y[absent] = -1
    return X, y


def test_labels_every_step_of_variable_length_sequences():
    X, y = _running_sign(300)
    clf = RNNStepClassifier((16,), random_state=0).fit(X[:200], y[:200])
    assert clf.predict(X[200:]).shape == y[200:].shape
    assert clf.score(X[200:], y[200:]) > 0.95
    proba = clf.predict_proba(X[200:])
    assert proba.shape == (100, 12, 2)
    np.testing.assert_allclose(proba.sum(axis=2), 1)
    np.testing.assert_allclose(np.exp(clf.predict_log_proba(X[200:])), proba, rtol=1e-12)
    np.testing.assert_array_equal(clf.classes_[proba.argmax(axis=2)], clf.predict(X[200:]))
    assert clf.decision_function(X[200:]).shape == (100, 12)


def test_bidirectional_layers_see_the_rest_of_the_sequence():
    X, y = _running_sign(300, future=True)
    scores = {
        bidirectional: RNNStepClassifier((16,), bidirectional=bidirectional, random_state=0)
        .fit(X[:200], y[:200]).score(X[200:], y[200:])
        for bidirectional in (False, True)
    }
    assert scores[True] > 0.9 > scores[False] + 0.1, scores


def test_a_class_per_sequence_is_the_rnn_classifier(flat_weights):
    X, y = _running_sign(80)
    y_last = y[np.arange(80), (y >= 0).sum(axis=1) - 1]
    # The step classifier's defaults, where RNNClassifier's add input noise.
    params = dict(hidden_layer_sizes=(6,), max_iter=15, random_state=0,
                  input_noise=0.0, ema_momentum=None, n_iter_no_change=50)
    step = RNNStepClassifier(**params).fit(X, y_last)
    plain = RNNClassifier(**params).fit(X, y_last)
    np.testing.assert_array_equal(flat_weights(step), flat_weights(plain))
    np.testing.assert_array_equal(step.predict(X), plain.predict(X))
    np.testing.assert_array_equal(step.predict_proba(X), plain.predict_proba(X))
    assert step.score(X, y_last) == plain.score(X, y_last)


def test_only_present_labelled_steps_count(flat_weights):
    X, y = _running_sign(60)
    params = dict(hidden_layer_sizes=(6,), max_iter=10, random_state=0)
    fitted = RNNStepClassifier(**params).fit(X, y)
    # Labels at absent steps are ignored, whatever they are.
    noisy = np.where(np.isnan(X[:, :, 0]), 1, y)
    np.testing.assert_array_equal(flat_weights(RNNStepClassifier(**params).fit(X, noisy)),
                                  flat_weights(fitted))
    # A present step without a label weighs what a step of weight zero does.
    unlabelled = y.copy()
    unlabelled[:, 1] = -1
    weight = np.ones(y.shape)
    weight[:, 1] = 0
    np.testing.assert_array_equal(
        flat_weights(RNNStepClassifier(**params).fit(X, unlabelled)),
        flat_weights(RNNStepClassifier(**params).fit(X, y, sample_weight=weight)),
    )


def test_weights_of_sequences_train_as_copies(flat_weights):
    X, y = _running_sign(40)
    counts = np.arange(40) % 3
    params = dict(hidden_layer_sizes=(5,), max_iter=8, random_state=0)
    weighted = RNNStepClassifier(**params).fit(X, y, sample_weight=counts)
    rows = np.repeat(np.arange(40), counts)
    copies = RNNStepClassifier(**params).fit(X[rows], y[rows])
    np.testing.assert_array_equal(flat_weights(weighted), flat_weights(copies))
    # Per-step weights equal along each sequence are those sequence weights.
    per_step = np.repeat(counts[:, None], 12, axis=1).astype(float)
    np.testing.assert_array_equal(
        flat_weights(RNNStepClassifier(**params).fit(X, y, sample_weight=per_step)),
        flat_weights(weighted),
    )


@pytest.mark.parametrize("bidirectional", [False, True])
def test_predictions_do_not_depend_on_padding_or_batch_neighbours(bidirectional):
    X, y = _running_sign(50)
    clf = RNNStepClassifier(
        (6,), bidirectional=bidirectional, max_iter=10, random_state=0
    ).fit(X, y)
    longer = np.concatenate([X, np.full((50, 5, 1), np.nan)], axis=1)
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(clf.predict_proba(longer)[:, :12], proba, rtol=0, atol=1e-14)
    # Every step of a sequence, absent ones too, alone or among others (the
    # backward direction's state past the end once depended on them).
    last = (~np.isnan(X[:, :, 0])).sum(axis=1) - 1
    short = int(np.argmin(last))
    assert last[short] < 11
    for i in (7, short):
        np.testing.assert_allclose(clf.predict_proba(X[i : i + 1])[0], proba[i], rtol=0, atol=1e-14)
    after = clf.predict_proba(longer)[:, -1]
    if bidirectional:
        # Past the end the forward state carries on and the backward one is
        # the initial state: the same output at every absent step after it.
        np.testing.assert_allclose(after[short], proba[short, -1], rtol=0, atol=1e-14)
    else:
        # After the end the state carries on: the last present step's output.
        np.testing.assert_array_equal(after, proba[np.arange(50), last])


def test_string_labels_padded_with_an_empty_string():
    X, y = _running_sign(120)
    names = np.array(["down", "up"])
    labels = pad_targets([names[row[row >= 0]] for row in y], fill_value="")
    clf = RNNStepClassifier((8,), fill_value="", random_state=0).fit(X, labels)
    assert clf.classes_.tolist() == ["down", "up"]
    predicted = clf.predict(X)
    assert predicted.dtype.kind == "U" and set(np.unique(predicted)) <= {"down", "up"}
    assert clf.score(X, labels) > 0.9


def test_refits_are_identical_and_clones_and_pickles_predict_alike(flat_weights):
    X, y = _running_sign(60)
    clf = RNNStepClassifier((6,), max_iter=10, random_state=0).fit(X, y)
    again = clone(clf).fit(X, y)
    np.testing.assert_array_equal(flat_weights(again), flat_weights(clf))
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(clf)).predict(X), clf.predict(X))


def test_bad_targets_are_refused_with_the_fix():
    X, y = _running_sign(20)
    clf = RNNStepClassifier((3,), max_iter=2)
    with pytest.raises(ValueError, match="y holds NaN; mark the steps.*fill_value"):
        clf.fit(X, np.where(y < 0, np.nan, y))
    expected = r"y of shape \(n_samples,\).*\(n_samples, 12\).*\(20, 5\)"
    with pytest.raises(ValueError, match=expected):
        clf.fit(X, y[:, :5])
    with pytest.raises(ValueError, match="no class at any step"):
        clf.fit(X, np.full_like(y, -1))
    with pytest.raises(ValueError, match="No present step of X has a target"):
        clf.fit(X, np.where(np.isnan(X[:, :, 0]), np.arange(12) % 2, -1))
    with pytest.raises(ValueError, match="at least two classes"):
        clf.fit(X, np.where(y < 0, -1, 1))
    with pytest.raises(ValueError, match="sample_weight.shape"):
        clf.fit(X, y, sample_weight=np.ones((20, 3)))
    fitted = RNNStepClassifier((3,), max_iter=2).fit(X, y)
    with pytest.raises(ValueError, match="a target per step"):
        fitted.partial_fit(X, y[:, 0])


def test_partial_fit_labels_steps_from_chunks():
    X, y = _running_sign(200)
    clf = RNNStepClassifier((12,), random_state=0)
    for _ in range(15):
        for chunk in np.array_split(np.arange(150), 3):
            clf.partial_fit(X[chunk], y[chunk], classes=[0, 1])
    assert clf.n_iter_ == 45 and clf.score(X[150:], y[150:]) > 0.9


def test_cross_validation_pitfalls_and_the_step_scorer():
    """scoring="accuracy" takes a class per step for multilabel targets and
    fails (NaN scores, with a warning) or scores whole sequences, padding
    included; StratifiedKFold refuses such y. The step scorer and the
    estimator's own score pool the labelled steps."""
    X, y = _running_sign(150)
    clf = RNNStepClassifier((8,), max_iter=60, random_state=0)
    steps = cross_val_score(clf, X, y, cv=KFold(3), scoring=make_step_scorer(accuracy_score))
    own = cross_val_score(clf, X, y, cv=KFold(3))
    np.testing.assert_allclose(steps, own)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        whole = cross_val_score(clf, X, y, cv=KFold(3), scoring="accuracy")
    assert own.min() > 0.85 and not (whole > own.min() - 0.2).any()
    with pytest.raises(ValueError):
        list(StratifiedKFold(3).split(X, y))
    # cross_val_predict re-encodes each column for probabilities (the fill
    # value becomes a class), warns that the folds miss classes, and then
    # cannot place them; predict works.
    with pytest.raises(ValueError, match="shape mismatch"), pytest.warns(
        RuntimeWarning, match="Number of classes in training fold"
    ):
        cross_val_predict(clf, X, y, cv=KFold(3), method="predict_proba")
    assert cross_val_predict(clf, X, y, cv=KFold(3)).shape == y.shape


def test_grid_search_with_the_step_scorer_on_two_jobs_is_the_one_job_search(flat_weights):
    X, y = _running_sign(90)
    searches = [
        GridSearchCV(
            RNNStepClassifier(max_iter=10, random_state=0),
            {"hidden_layer_sizes": [(3,), (6,)]}, cv=KFold(3),
            scoring=make_step_scorer(accuracy_score), n_jobs=n_jobs,
        ).fit(X, y)
        for n_jobs in (1, 2)
    ]
    np.testing.assert_array_equal(*(s.cv_results_["mean_test_score"] for s in searches))
    np.testing.assert_array_equal(*(flat_weights(s.best_estimator_) for s in searches))


def test_readout_is_validated_whatever_y_is():
    """Issue 23: a fit on a class per step, which reads every step, let any
    readout through."""
    X, y = _running_sign(20)
    for targets in (y, y[:, 0]):
        with pytest.raises(ValueError, match=r"readout must be one of.*\('foo',\)"):
            RNNStepClassifier((3,), readout=("foo",), max_iter=2).fit(X, targets)


def test_a_fill_value_that_cannot_mark_a_step_is_refused():
    """Issue 23: the fill value is compared with the labels element by
    element; of another kind it equalled no label, and the steps it should
    mark became a class ('-1' or '' in classes_, a phantom column of
    predict_proba). None, a list, NaN and labels of mixed kinds gave
    numpy's errors, or a message contradicting itself."""
    X, y = _running_sign(20)
    strings = np.where(y < 0, "", np.array(["down", "up"])[y.clip(0)])
    clf = RNNStepClassifier((3,), max_iter=2)
    with pytest.raises(TypeError, match=r"fill_value=-1 is a number, but y holds strings.*"
                                        r"such as fill_value=''"):
        clf.fit(X, strings)
    with pytest.raises(TypeError, match="fill_value='' is a string, but y holds numbers"):
        clone(clf).set_params(fill_value="").fit(X, y)
    for fill in (None, [1, 2]):
        with pytest.raises(TypeError, match="fill_value must be a number or a string"):
            clone(clf).set_params(fill_value=fill).fit(X, strings)
    with pytest.raises(ValueError, match="fill_value=nan marks no step"):
        clone(clf).set_params(fill_value=np.nan).fit(X, np.where(y < 0, np.nan, y))
    mixed = strings.astype(object)
    mixed[0, 0] = 1
    with pytest.raises(ValueError, match="y mixes strings and numbers"):
        clone(clf).set_params(fill_value="").fit(X, mixed)
    with pytest.raises(ValueError, match="y holds NaN"):
        clone(clf).fit(X, np.where(y < 0, np.nan, y).astype(object))
    # The same checks when scoring.
    fitted = clone(clf).set_params(fill_value="").fit(X, strings)
    assert fitted.classes_.tolist() == ["down", "up"]
    with pytest.raises(TypeError, match="fill_value='' is a string, but y holds numbers"):
        fitted.score(X, y)


def test_a_list_of_the_labels_of_each_sequence_is_told_to_pad():
    """Issue 23: numpy's message about an inhomogeneous shape, where a
    ragged X names pad_sequences."""
    X, y = _running_sign(20)
    ragged = [row[row >= 0] for row in y]
    with pytest.raises(ValueError, match=r"y is a list of the targets of each sequence.*"
                                         r"sequence 1 of shape \(\d+,\).*pad_targets"):
        RNNStepClassifier((3,), max_iter=2).fit(X, ragged)
    fitted = RNNStepClassifier((3,), max_iter=2).fit(X, y)
    with pytest.raises(ValueError, match="pad_targets"):
        fitted.score(X, ragged)


def test_score_checks_the_shapes_of_y_and_sample_weight():
    """Issue 23: numpy's broadcast errors."""
    X, y = _running_sign(20)
    clf = RNNStepClassifier((3,), max_iter=2).fit(X, y)
    for bad in (y[:, :-1], y[:, 0]):
        expected = (r"RNNStepClassifier, fitted on a class per step, scores y of shape "
                    r"\(n_samples, n_timesteps\) = \(20, 12\).*got y of shape "
                    + re.escape(str(bad.shape)))
        with pytest.raises(ValueError, match=expected):
            clf.score(X, bad)
    for weight in (np.ones(3), np.ones((20, 3))):
        with pytest.raises(ValueError, match=r"sample_weight.shape == .*, expected \(20,\) "
                                             r"\(a weight per sequence\) or \(20, 12\)"):
            clf.score(X, y, sample_weight=weight)


def test_a_list_of_labels_of_mixed_kinds_is_refused():
    """numpy makes strings of all the labels of [[0, "a"]]: the mix passed
    as the classes '0' and 'a'."""
    X, y = _running_sign(4, n_steps=4)
    labels = [["a", 0, "", ""]] + [["a", "b", "a", "b"]] * 3
    with pytest.raises(ValueError, match="y mixes strings and numbers"):
        RNNStepClassifier((2,), fill_value="", max_iter=2).fit(X, labels)


def test_steps_of_y_beyond_those_of_x_without_a_class_are_dropped(flat_weights):
    """SequencePadder pads each batch of a ragged list to its own longest
    sequence, pad_targets y to the longest of all: in cross-validation a
    fold's y has steps after X's last, all fill_value. Fit and score drop
    them; a class there is refused (y does not go with X)."""
    X, y = _running_sign(30)
    X, y = X[:, :8], y[:, :8]  # every sequence has 4 steps at least
    wider = np.hstack([y, np.full((30, 3), -1)])
    params = dict(hidden_layer_sizes=(3,), max_iter=3, random_state=0)
    fitted = RNNStepClassifier(**params).fit(X, y)
    np.testing.assert_array_equal(flat_weights(RNNStepClassifier(**params).fit(X, wider)),
                                  flat_weights(fitted))
    assert fitted.score(X, wider) == fitted.score(X, y)
    assert make_step_scorer(accuracy_score)(fitted, X, wider) == fitted.score(X, y)
    wider[2, 9] = 1
    for call in (lambda: RNNStepClassifier(**params).fit(X, wider),
                 lambda: fitted.score(X, wider)):
        with pytest.raises(ValueError, match=r"y has 11 steps and X 8.*only fill_value=-1.*"
                                             r"sample 2 has the target 1 at step 9"):
            call()


def test_partial_fit_refuses_the_fill_value_among_the_classes():
    """It became a class: a phantom column of predict_proba."""
    X, y = _running_sign(20)
    with pytest.raises(ValueError, match=r"classes holds fill_value=-1.*classes=\[0, 1\]"):
        RNNStepClassifier((2,)).partial_fit(X, y, classes=[-1, 0, 1])


def test_score_warns_once_of_a_sequence_without_a_present_step():
    rng = np.random.RandomState(0)
    X, y = rng.rand(16, 5, 2), (rng.rand(16, 5) > 0.5).astype(int)
    clf = RNNStepClassifier(max_iter=2, random_state=0).fit(X, y)
    X[0] = np.nan
    with pytest.warns(UserWarning, match="no present time step") as record:
        clf.score(X, y)
    assert sum("no present time step" in str(w.message) for w in record) == 1


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_non_finite_step_classes_are_refused_without_a_cast_warning():
    X = np.random.RandomState(0).rand(6, 3, 1)
    y = np.zeros((6, 3))
    y[1] = 1
    y[0, 1] = np.inf
    with pytest.raises(ValueError, match="Input y contains infinity"):
        RNNStepClassifier(max_iter=1).fit(X, y)
