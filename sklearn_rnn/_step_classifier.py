"""RNNStepClassifier: a class at every step of each sequence."""

# SPDX-License-Identifier: BSD-3-Clause

import numpy as np
from sklearn.metrics import accuracy_score
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted

from ._classifier import RNNClassifier
from ._docstrings import (
    COMMON_ATTRIBUTES,
    NOISELESS_PARAMETERS,
    STEP_CLASSIFIER_FIT,
    STEP_CLASSIFIER_PARTIAL_FIT,
    documented,
)
from ._estimator import Targets, store_parameters
from ._labels import check_step_labels
from ._per_step import (
    is_per_step,
    labelled_steps,
    refuse_ragged_targets,
    rows,
    scored_steps,
    step_targets,
    steps_of_X,
)
from ._validation import check_classes_finite


@documented(
    """
    Recurrent neural network classifier of every step of sequences.

    Sequence labelling: the output layer reads the top layer's state at
    every step, ``y_t = softmax(h_t W^T + b)`` (logistic for two classes),
    so each step gets a class; with ``bidirectional=True`` the state at a
    step is the forward and the backward state there, so each step's class
    depends on the whole sequence. Trained on the cross-entropy of every
    present, labelled step by backpropagation through time (the loss is
    summed over the steps and divided by the number of sequences).

    ``y`` of shape (n_samples, n_timesteps) holds a class per step, and
    ``fill_value`` where a step has none (after each sequence's end, or a
    step without a label): only present steps of ``X`` with a label count.
    ``y`` of shape (n_samples,) holds a class per sequence, and then the
    estimator is :class:`RNNClassifier`, many-to-one.
    """,
    ["classes_"] + COMMON_ATTRIBUTES,
    """
    See Also
    --------
    RNNClassifier : A class per sequence.
    RNNStepRegressor : A value at every step.
    sklearn_rnn.metrics.make_step_scorer : Scores over the labelled steps.
    """,
    """
    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rnn import RNNStepClassifier
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(60, 10, 1))
    >>> # the sign of a running sum
    >>> y = (np.cumsum(X[:, :, 0], axis=1) > 0).astype(int)
    >>> clf = RNNStepClassifier(hidden_layer_sizes=(8,), random_state=0).fit(X, y)
    >>> clf.predict(X[:2]).shape
    (2, 10)
    >>> clf.predict_proba(X[:2]).shape
    (2, 10, 2)
    """,
    own=NOISELESS_PARAMETERS,
    methods={"fit": STEP_CLASSIFIER_FIT, "partial_fit": STEP_CLASSIFIER_PARTIAL_FIT},
)
class RNNStepClassifier(RNNClassifier):
    _parameter_constraints: dict = {
        **RNNClassifier._parameter_constraints,
        "fill_value": "no_validation",
    }

    def __init__(
        self,
        hidden_layer_sizes=(32,),
        activation="tanh",
        *,
        cell="gru",
        bidirectional=False,
        readout=("last", "mean", "max"),
        standardize_inputs=True,
        solver="adam",
        alpha=1e-4,
        input_noise=0.0,
        ema_momentum=None,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=1e-2,
        power_t=0.5,
        max_iter=500,
        tol=1e-4,
        shuffle=True,
        random_state=None,
        verbose=0,
        warm_start=False,
        momentum=0.9,
        nesterovs_momentum=True,
        early_stopping=False,
        validation_fraction=0.1,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        n_iter_no_change=50,
        max_grad_norm=5.0,
        max_fun=15000,
        class_weight=None,
        fill_value=-1,
    ):
        store_parameters(self, locals())

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # A 2-D y is a class per step, not a label indicator.
        tags.classifier_tags.multi_label = False
        return tags

    # -- targets -----------------------------------------------------------

    def _encode_y(self, y, continuing, incremental, classes, n_timesteps):
        refuse_ragged_targets(y, self.fill_value)
        given, y = y, np.asarray(y)
        if not is_per_step(self, y, n_timesteps, continuing):
            return super()._encode_y(
                y.ravel() if y.ndim == 2 else y, continuing, incremental, classes, n_timesteps
            )
        # The outputs read every step, so no readout is used; its value must
        # be valid all the same, as with a class per sequence.
        self._readout()
        if y.ndim != 2:
            raise ValueError(f"y of a class per step must be 2-D, got shape {y.shape}.")
        check_step_labels(y, self.fill_value, given)
        y = steps_of_X(y, n_timesteps, self.fill_value)
        labelled = labelled_steps(y, self.fill_value)
        labels = y[labelled]
        if not labels.size:
            raise ValueError(
                f"y has no class at any step: every step is fill_value={self.fill_value!r}."
            )
        check_classes_finite(labels)
        check_classification_targets(labels)
        self._refuse_fill_among(classes)
        all_classes = self._classes(np.unique(labels), continuing, incremental, classes)
        codes = np.searchsorted(all_classes, labels)
        Y = np.zeros(y.shape + (1 if len(all_classes) == 2 else len(all_classes),))
        Y[labelled] = self._one_hot(codes, len(all_classes))
        return Targets(Y, classes=all_classes, labelled=labelled)

    def _refuse_fill_among(self, classes):
        """The ``classes`` of ``partial_fit`` must leave out ``fill_value``,
        which would become a class that no step can have."""
        if classes is None:
            return
        classes = np.unique(classes)
        kept = [c.item() if isinstance(c, np.generic) else c
                for c in classes if c != self.fill_value]
        if len(kept) < len(classes):
            raise ValueError(
                f"classes holds fill_value={self.fill_value!r}, which marks the steps "
                f"without a class; leave it out: classes={kept!r}."
            )

    # -- fit and predict ---------------------------------------------------

    def _per_step_output(self, X, mapping):
        """``mapping`` of the sequence-level outputs, at every step."""
        Z = self._raw_output(X)
        if not self._per_step:
            return mapping(Z)
        mapped = mapping(rows(Z))
        return mapped.reshape(Z.shape[:2] + mapped.shape[1:])

    def decision_function(self, X):
        """Raw outputs of the network (logits) at every step.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_samples, n_timesteps)
            NaN-padded sequences.

        Returns
        -------
        scores : ndarray of shape (n_samples, n_timesteps) or \
                (n_samples, n_timesteps, n_classes)
            The logit of the second class for two classes, else of every
            class; (n_samples,) or (n_samples, n_classes) after a fit on a
            class per sequence.
        """
        return self._per_step_output(X, self._decision)

    def predict(self, X):
        """Predict the class of every step.

        At an absent step the state carries over from the last present
        step, so its class repeats that step's (before the first present
        step, the class of the initial state); with ``bidirectional``, each
        direction's state carries over in its own direction (the backward
        one is the initial state past a sequence's end). Either way it
        depends on the sequence alone, not on the others of X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_samples, n_timesteps)
            NaN-padded sequences.

        Returns
        -------
        y : ndarray of shape (n_samples, n_timesteps)
            Predicted classes; (n_samples,) after a fit on a class per
            sequence.
        """
        return self._per_step_output(X, self._labels)

    def predict_log_proba(self, X):
        """Logarithm of the class probabilities at every step.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_samples, n_timesteps)
            NaN-padded sequences.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_timesteps, n_classes)
            In the order of `classes_`; (n_samples, n_classes) after a fit
            on a class per sequence.
        """
        return self._per_step_output(X, self._log_proba)

    def predict_proba(self, X):
        """Class probabilities at every step.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_samples, n_timesteps)
            NaN-padded sequences.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_timesteps, n_classes)
            In the order of `classes_`; (n_samples, n_classes) after a fit
            on a class per sequence.
        """
        return self._per_step_output(X, self._proba)

    def score(self, X, y, sample_weight=None):
        """Accuracy over the present, labelled steps, pooled (or over the
        sequences, after a fit on a class per sequence).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_samples, n_timesteps)
            NaN-padded sequences.

        y : array-like of shape (n_samples, n_timesteps) or (n_samples,)
            True classes, as in ``fit`` (steps after the last of ``X`` all
            ``fill_value``).

        sample_weight : array-like of shape (n_samples,) or \
                (n_samples, n_timesteps), default=None
            Weights of the sequences or of the steps.

        Returns
        -------
        score : float
        """
        check_is_fitted(self)
        if not self._per_step:
            return super().score(X, y, sample_weight)
        predicted = self.predict(X)
        who = f"{type(self).__name__}, fitted on a class per step,"
        y = step_targets(y, predicted.shape, who, self.fill_value)
        mask, weight = scored_steps(X, labelled_steps(y, self.fill_value), sample_weight)
        return float(accuracy_score(y[mask], predicted[mask], sample_weight=weight))
