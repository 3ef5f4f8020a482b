"""Scorers for targets at every step.

scikit-learn's scorers see a ``y`` of shape (n_samples, n_timesteps) as
something else: ``scoring="accuracy"`` as multilabel targets, scoring whole
sequences (all steps right, padding included), and ``scoring="r2"`` as
several outputs, averaging over the step columns. :func:`make_step_scorer`
makes a scorer that pools the present steps that have a target, as the
estimators' own ``score`` does.
"""

# SPDX-License-Identifier: BSD-3-Clause

from sklearn.base import is_classifier

from ._per_step import labelled_steps, scored_steps, step_targets


class StepScorer:
    """A scorer ``scorer(estimator, X, y, sample_weight=None)`` of a metric
    over the present, labelled steps; made by :func:`make_step_scorer`."""

    def __init__(self, metric, sign, kwargs):
        self.metric, self.sign, self.kwargs = metric, sign, kwargs

    def __call__(self, estimator, X, y, sample_weight=None):
        final, X = _final_estimator_and_input(estimator, X)
        predicted = final.predict(X)
        if predicted.ndim != 2:
            raise ValueError(
                f"A step scorer scores predictions at every step, but "
                f"{type(final).__name__} predicts shape {predicted.shape}, a target per "
                "sequence (it was fitted on one); score it with a scikit-learn scorer, "
                "such as scoring='accuracy' or 'r2'."
            )
        fill_value = _fill_value(final)
        y = step_targets(y, predicted.shape, "A step scorer", fill_value)
        mask, weight = scored_steps(X, labelled_steps(y, fill_value), sample_weight)
        extra = {} if weight is None else {"sample_weight": weight}
        return self.sign * self.metric(y[mask], predicted[mask], **extra, **self.kwargs)

    def __repr__(self):
        name = getattr(self.metric, "__name__", repr(self.metric))
        sign = "" if self.sign > 0 else ", greater_is_better=False"
        return f"make_step_scorer({name}{sign})"


def _final_estimator_and_input(estimator, X):
    """The estimator that predicts the steps, and its input: for a pipeline
    its last step and ``X`` transformed by the others (which may pad a
    ragged list), as the pipeline's own ``predict`` and ``score`` do; for
    a fitted search, those of its best estimator, which predicts for it."""
    while True:
        if hasattr(estimator, "best_estimator_"):
            estimator = estimator.best_estimator_
        elif hasattr(estimator, "steps"):
            estimator, X = estimator[-1], estimator[:-1].transform(X)
        else:
            return estimator, X


def _fill_value(estimator):
    """What marks the steps without a target: a classifier's ``fill_value``
    (-1 for one without), None for a regressor's NaN."""
    if hasattr(estimator, "fill_value"):
        return estimator.fill_value
    return -1 if is_classifier(estimator) else None


def make_step_scorer(metric, *, greater_is_better=True, **kwargs):
    """Make a scorer of targets at every step from a metric of targets and
    predictions.

    The scorer predicts every step of ``X`` and scores the present steps
    with a target: for a classifier those where ``y`` differs from the
    estimator's ``fill_value``, for a regressor those where ``y`` is not
    NaN (whatever its values: -1 is a target like any other). The present
    steps are those of the input of the last step of a pipeline, so that
    a pipeline beginning with :class:`~sklearn_rnn.preprocessing.SequencePadder`
    is scored on a ragged list. ``y`` must be of the shape of the
    predictions, (n_samples, n_timesteps), or have further steps without a
    target (which the padder leaves out of a fold whose sequences are all
    shorter); the scorer refuses an estimator fitted on a target per
    sequence. Use it as ``scoring`` of ``GridSearchCV``, ``cross_validate`` or
    ``learning_curve`` with :class:`~sklearn_rnn.RNNStepClassifier` and
    :class:`~sklearn_rnn.RNNStepRegressor` (or a pipeline ending in one,
    or a search fitted on one, as in nested cross-validation); the
    estimators' own ``score`` pools the steps the same way.

    Parameters
    ----------
    metric : callable
        ``metric(y_true, y_pred, **kwargs)`` on 1-D arrays of the steps,
        such as :func:`sklearn.metrics.accuracy_score`,
        :func:`~sklearn.metrics.f1_score` or
        :func:`~sklearn.metrics.mean_squared_error`; it gets
        ``sample_weight`` when the scorer does.

    greater_is_better : bool, default=True
        Whether a larger value of ``metric`` is better; if not, the scorer
        returns its negative, as scikit-learn's scorers do.

    **kwargs
        Further arguments of ``metric``, such as ``average="macro"``.

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y, sample_weight=None)``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.metrics import accuracy_score
    >>> from sklearn_rnn import RNNStepClassifier
    >>> from sklearn_rnn.metrics import make_step_scorer
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(40, 6, 1))
    >>> y = (X[:, :, 0] > 0).astype(int)
    >>> X[:20, 4:], y[:20, 4:] = np.nan, -1  # shorter sequences
    >>> clf = RNNStepClassifier((4,), max_iter=30, random_state=0).fit(X, y)
    >>> scorer = make_step_scorer(accuracy_score)
    >>> bool(scorer(clf, X, y) == clf.score(X, y))
    True
    """
    if not callable(metric):
        raise TypeError(f"metric must be callable, got {metric!r}.")
    return StepScorer(metric, 1 if greater_is_better else -1, kwargs)


__all__ = ["StepScorer", "make_step_scorer"]
