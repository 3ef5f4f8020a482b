"""scikit-learn's callbacks on the epochs of a fit.

scikit-learn 1.9 brought a callback API (:mod:`sklearn.callback`,
experimental upstream): an estimator's fit is a task, and here each epoch
(each L-BFGS iteration) is one of its subtasks, so that
``sklearn.callback.ProgressBar`` shows a bar over the epochs and a callback
whose ``on_fit_task_end`` returns True stops the fit with the model of that
epoch. Before scikit-learn 1.9 the estimators have no ``set_callbacks`` and
train as they always have.
"""

# SPDX-License-Identifier: BSD-3-Clause

import functools

try:
    from sklearn.callback import CallbackSupportMixin
except ImportError:  # scikit-learn < 1.9

    class CallbackSupportMixin:
        """Before scikit-learn 1.9: no callbacks."""


# What scikit-learn's fit context needs after a fit that raised, to tear the
# callbacks down.
CONTEXT_ATTRIBUTES = ("_callback_fit_ctx", "_skl_callbacks_to_teardown")


def supports_callbacks(estimator):
    """Whether this scikit-learn has the callback API."""
    return hasattr(estimator, "_init_callback_context")


def fit_task(fit):
    """Decorate the one-pass fit of a transformer: a task without subtasks
    for scikit-learn's callbacks, so that those set on a Pipeline go
    through it."""

    @functools.wraps(fit)
    def task(self, X, y=None, **kwargs):
        if not supports_callbacks(self):
            return fit(self, X, y, **kwargs)
        context = self._init_callback_context(max_subtasks=0)
        context.call_on_fit_task_begin(estimator=self, X=X, y=y)
        fitted = fit(self, X, y, **kwargs)
        context.call_on_fit_task_end(estimator=self, X=X, y=y, reconstruction_attributes={})
        return fitted

    return task


class EpochCallbacks:
    """The engine's epoch hook (``on_epoch``) that runs the callbacks of
    ``estimator``: a fit task over ``X``, ``y`` and ``metadata`` of at most
    ``max_epochs`` epochs, each a subtask. ``model_at(weights)`` gives the
    fitted attributes of the model of some weights, from which scikit-learn
    builds the ``fitted_estimator`` a callback may ask for (only then)."""

    def __init__(self, estimator, X, y, metadata, max_epochs, model_at):
        self.estimator, self.model_at = estimator, model_at
        self.data = {"X": X, "y": y, "metadata": metadata}
        self.context = estimator._init_callback_context(max_subtasks=max_epochs)
        self.context.call_on_fit_task_begin(estimator=estimator, **self.data)

    def __call__(self, report, weights):
        # The engine tells of an epoch once it has run: its subtask begins
        # and ends then, so that there is one per epoch run.
        epoch = self.context.subcontext(task_name="epoch")
        epoch.call_on_fit_task_begin(estimator=self.estimator, **self.data)
        return epoch.call_on_fit_task_end(
            estimator=self.estimator,
            reconstruction_attributes=lambda: self.model_at(weights.copy()),
            **self.data,
        )

    def close(self):
        """End the fit task."""
        self.context.call_on_fit_task_end(
            estimator=self.estimator, reconstruction_attributes={}, **self.data
        )
