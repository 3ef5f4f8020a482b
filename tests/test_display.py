"""The loss curves of a fit, drawn (Agg backend)."""

import warnings

import numpy as np
import pytest

from sklearn_rnn import RNNClassifier, RNNRegressor
from sklearn_rnn._display import LossCurveDisplay

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")


def _data():
    rng = np.random.RandomState(0)
    return rng.rand(40, 5, 2), np.arange(40) % 2


def test_the_curves_of_a_fit_under_input_noise():
    X, y = _data()
    clf = RNNClassifier(max_iter=6, random_state=0).fit(X, y)
    display = LossCurveDisplay.from_estimator(clf)
    assert set(display.lines_) == {"training", "without noise", "kept"}
    np.testing.assert_array_equal(display.lines_["training"].get_ydata(), clf.loss_curve_)
    # The loss without noise is read after every 4th epoch, drawn there.
    clean = np.asarray(clf.clean_loss_curve_)
    assert np.isnan(clean).tolist() == [True, True, True, False, True, True]
    line = display.lines_["without noise"]
    assert line.get_xdata().tolist() == [4] and line.get_ydata().tolist() == [clean[3]]
    assert display.lines_["kept"].get_xdata()[0] == clf.n_iter_
    assert display.score_ax_ is None and display.ax_.get_yscale() == "log"


def test_a_fit_shorter_than_the_first_reading_draws_no_loss_without_noise():
    X, y = _data()
    clf = RNNClassifier(max_iter=3, random_state=0).fit(X, y)
    assert np.isnan(clf.clean_loss_curve_).all()
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        display = LossCurveDisplay.from_estimator(clf)
    assert set(display.lines_) == {"training", "kept"}
    assert display.ax_.get_yscale() == "log"


def test_early_stopping_marks_the_best_epoch_and_draws_the_score():
    X, y = _data()
    reg = RNNRegressor(max_iter=8, early_stopping=True, random_state=0).fit(X, y * 1.0)
    _, ax = matplotlib.pyplot.subplots()
    display = LossCurveDisplay.from_estimator(reg, ax=ax, log_scale=False)
    assert display.ax_ is ax and ax.get_yscale() == "linear"
    assert set(display.lines_) == {"training", "validation", "validation score", "kept"}
    best = int(np.argmin(reg.validation_loss_curve_)) + 1
    assert display.lines_["kept"].get_xdata()[0] == best
    np.testing.assert_array_equal(display.lines_["validation score"].get_ydata(),
                                  reg.validation_scores_)


def test_an_unfitted_estimator_is_refused():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        LossCurveDisplay.from_estimator(RNNClassifier())


def test_a_display_of_curves_given_as_arrays():
    """Curves saved as numpy arrays draw as lists do."""
    loss = np.array([1.0, 0.5, 0.25])
    display = LossCurveDisplay(
        loss_curve=loss, clean_loss_curve=np.array([np.nan, 0.4, np.nan]),
        validation_loss_curve=np.array([0.9, 0.6, 0.7]),
        validation_scores=np.array([0.1, 0.4, 0.3]), kept_epoch=2,
    ).plot()
    assert set(display.lines_) == {"training", "without noise", "validation",
                                   "validation score", "kept"}
    np.testing.assert_array_equal(display.lines_["training"].get_ydata(), loss)
    assert display.lines_["kept"].get_xdata()[0] == 2
