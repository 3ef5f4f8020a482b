"""scikit-learn's callbacks (sklearn.callback, scikit-learn >= 1.9) on the
epochs of a fit, and Ctrl-C during a fit."""

import _thread
import threading
import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline

from sklearn_rnn import RNNClassifier, RNNRegressor
from sklearn_rnn._engine import stochastic
from sklearn_rnn.preprocessing import SequenceScaler

callback = pytest.importorskip("sklearn.callback", reason="scikit-learn < 1.9")


class Counter:
    """Counts the epochs' task ends; asks to stop after ``stop_after``;
    keeps what the fitted estimator of each epoch predicts."""

    max_propagation_depth = None  # propagated from meta-estimators

    def __init__(self, stop_after=None, X=None):
        self.stop_after, self.X, self.ends, self.predictions = stop_after, X, 0, []

    def setup(self, estimator, context):
        pass

    def teardown(self, estimator, context):
        pass

    def on_fit_task_begin(self, estimator, context, *, X=None, y=None, metadata=None,
                          fitted_estimator=None):
        pass

    def on_fit_task_end(self, estimator, context, *, X=None, y=None, metadata=None,
                        fitted_estimator=None):
        if context.task_name != "epoch":
            return False
        self.ends += 1
        if self.X is not None:
            self.predictions.append(fitted_estimator.predict_proba(self.X))
        return self.stop_after is not None and self.ends >= self.stop_after


def _data(n=40):
    rng = np.random.RandomState(0)
    return rng.rand(n, 5, 2), np.arange(n) % 2


@pytest.mark.parametrize("solver", ["adam", "lbfgs"])
def test_one_task_end_per_epoch_alone_and_in_a_pipeline(solver):
    X, y = _data()
    counter = Counter()
    clf = RNNClassifier(max_iter=7, solver=solver, tol=0, random_state=0)
    clf.set_callbacks(counter).fit(X, y)
    assert counter.ends == clf.n_iter_ == 7
    counter = Counter()
    pipe = make_pipeline(SequenceScaler(), RNNClassifier(max_iter=5, random_state=0))
    with warnings.catch_warnings():
        # Not "SequenceScaler does not support callbacks".
        warnings.simplefilter("error", UserWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        pipe.set_callbacks(counter).fit(X, y)
    assert counter.ends == 5


def test_a_callback_stops_the_fit_with_a_model_of_that_epoch():
    X, y = _data()
    counter = Counter(stop_after=3, X=X)
    clf = RNNClassifier(max_iter=50, ema_momentum=None, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        clf.set_callbacks(counter).fit(X, y)
    assert clf.n_iter_ == 3 and len(clf.loss_curve_) == 3
    # The fitted estimator of the last epoch is the model kept.
    np.testing.assert_array_equal(counter.predictions[-1], clf.predict_proba(X))
    assert not np.array_equal(counter.predictions[0], counter.predictions[-1])


def test_callbacks_reach_the_fits_of_a_grid_search():
    X, y = _data()
    counter = Counter()
    search = GridSearchCV(RNNRegressor(max_iter=2, early_stopping=False),
                          {"hidden_layer_sizes": [(2,), (3,)]}, cv=2)
    search.set_callbacks(counter).fit(X, y.astype(float))
    assert counter.ends == (2 * 2 + 1) * 2  # four folds, the refit, two epochs each


def test_a_progress_bar_over_the_epochs(capsys):
    pytest.importorskip("rich")
    X, y = _data()
    RNNClassifier(max_iter=4).set_callbacks(callback.ProgressBar()).fit(X, y)


def test_ctrl_c_keeps_the_model_of_the_last_complete_epoch():
    """SIGINT during a long fit: a fitted model and a warning."""
    rng = np.random.RandomState(0)
    X, y = rng.rand(200, 30, 3), np.arange(200) % 2
    # Without input noise no stop on the fitted data ends it before the signal.
    clf = RNNClassifier(hidden_layer_sizes=(16,), max_iter=400, n_iter_no_change=np.inf,
                        input_noise=0.0, random_state=0)
    timer = threading.Timer(1.0, _thread.interrupt_main)
    timer.start()
    try:
        with pytest.warns(UserWarning, match="Training interrupted by user"):
            clf.fit(X, y)
    finally:
        timer.cancel()
    assert 0 < clf.n_iter_ < 400 and len(clf.loss_curve_) == clf.n_iter_
    assert np.isfinite(clf.predict_proba(X)).all()
    clf.partial_fit(X, y)  # the optimizer's state goes on
    assert clf.n_iter_ == len(clf.loss_curve_)


def test_a_second_ctrl_c_stops_at_once_and_leaves_the_estimator_as_it_was(monkeypatch):
    X, y = _data()
    clf = RNNClassifier(max_iter=3, random_state=0).fit(X, y)
    before = clf.predict_proba(X)

    def interrupt(*args):
        raise KeyboardInterrupt

    # The first interrupt lands in an epoch, the second while the weights
    # are checked.
    monkeypatch.setattr(stochastic._Epochs, "_record", interrupt)
    monkeypatch.setattr(stochastic, "_check_last_update", interrupt)
    with pytest.raises(KeyboardInterrupt):
        clf.fit(X, y)
    np.testing.assert_array_equal(clf.predict_proba(X), before)
