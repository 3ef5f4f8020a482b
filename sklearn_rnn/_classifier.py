"""RNNClassifier: recurrent classification of sequences."""

# SPDX-License-Identifier: BSD-3-Clause

import numpy as np
from scipy.special import expit, log_expit, log_softmax, softmax
from sklearn.base import ClassifierMixin
from sklearn.utils import column_or_1d
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import check_array

from ._compat import StrOptions, _fit_context
from ._core.scaling import power_of_two_above
from ._docstrings import COMMON_ATTRIBUTES, documented
from ._estimator import BaseRNN, Targets, store_parameters
from ._labels import labels_not_in, same_labels
from ._validation import check_classes_finite


@documented(
    """
    Recurrent neural network classifier of sequences.

    A stack of recurrent layers (GRU, LSTM or vanilla cells, optionally
    bidirectional) reads each sequence step by step; a logistic (two
    classes) or softmax output layer reads the top layer's state at the
    sequence's last present step (and, if bidirectional, the backward
    state at its first) and, by default, the mean and the maximum of its
    states over the present steps. Trained on the cross-entropy by
    backpropagation through time.
    """,
    ["classes_"] + COMMON_ATTRIBUTES,
    """
    See Also
    --------
    RNNRegressor : Recurrent neural network regressor.
    sklearn.neural_network.MLPClassifier : Its feed-forward counterpart.
    """,
    """
    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rnn import RNNClassifier
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(100, 8, 2))
    >>> y = (X[:, :4, 0].sum(axis=1) > 0).astype(int)
    >>> clf = RNNClassifier(hidden_layer_sizes=(8,), random_state=0).fit(X, y)
    >>> clf.predict(X[:3]).shape
    (3,)
    """,
)
class RNNClassifier(ClassifierMixin, BaseRNN):
    _parameter_constraints: dict = {
        **BaseRNN._parameter_constraints,
        "class_weight": [dict, StrOptions({"balanced"}), None],
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
        input_noise=0.2,
        ema_momentum=0.9,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=1e-2,
        power_t=0.5,
        max_iter=1000,
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
        n_iter_no_change=100,
        max_grad_norm=5.0,
        max_fun=15000,
        class_weight=None,
    ):
        store_parameters(self, locals())

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        return tags

    def _loss_name(self, targets):
        # Independent logistic outputs for two classes and for multilabel y.
        return "binary_log_loss" if targets.multilabel or targets.n_outputs == 1 else "log_loss"

    def _encode_y(self, y, continuing, incremental, classes, n_timesteps):
        check_classes_finite(y)
        check_classification_targets(y)
        kind = type_of_target(y)
        if kind == "multilabel-indicator":
            return self._encode_multilabel(y, continuing, incremental, classes)
        if kind == "multiclass-multioutput":
            raise ValueError(
                "RNNClassifier takes a 1-D y of classes, or a 2-D indicator y of 0 "
                "and 1 for multilabel classification; y of several multiclass "
                "outputs is not supported (MultiOutputClassifier fits one "
                "classifier per output)."
            )
        if continuing and self._multilabel:
            raise ValueError("The previous fit was on multilabel y; y is not multilabel.")
        y = column_or_1d(y, warn=True)
        all_classes = self._classes(np.unique(y), continuing, incremental, classes)
        return Targets(
            self._one_hot(np.searchsorted(all_classes, y), len(all_classes)),
            classes=all_classes,
        )

    def _classes(self, seen, continuing, incremental, classes):
        """All the classes, of a new fit or the previous one, checked against
        those ``seen`` in y and those given to ``partial_fit``."""
        if not continuing:
            if incremental and classes is None:
                raise ValueError(
                    "classes must be passed on the first call to partial_fit."
                )
            all_classes = np.unique(classes) if incremental else seen
            if len(all_classes) < 2:
                raise ValueError(
                    f"{type(self).__name__} needs samples of at least two classes, but the "
                    f"data contains only one class: {all_classes[0]!r}."
                )
        else:
            all_classes = self.classes_
            if incremental:
                if classes is not None and not same_labels(np.unique(classes), all_classes):
                    raise ValueError(
                        f"classes={classes!r} is not the same as on the first call "
                        f"to partial_fit, {all_classes!r}."
                    )
            elif not same_labels(seen, all_classes):
                raise ValueError(
                    f"warm_start=True needs the classes of the previous fit, "
                    f"{all_classes}, but y has the classes {seen}."
                )
        unseen = labels_not_in(seen, all_classes)
        if unseen.size:
            raise ValueError(
                f"y contains classes not given to the first call to partial_fit: "
                f"{unseen}; the classes are {all_classes}."
            )
        return all_classes

    @staticmethod
    def _one_hot(codes, n_classes):
        """Targets of class indices ``codes``: one logistic output for two
        classes, else one-hot rows."""
        if n_classes == 2:
            return codes[:, None].astype(np.float64)
        return np.eye(n_classes)[codes]

    def _encode_multilabel(self, y, continuing, incremental, classes):
        """A 2-D indicator y: one logistic output per label, as in
        MLPClassifier; ``classes_`` are the label indices."""
        Y = check_array(y, dtype=np.float64, input_name="y", estimator=self)
        values = np.unique(Y)
        if not np.isin(values, (0, 1)).all():
            # Any other pair of values would be a guess at which one means
            # "present" (MLPClassifier takes every non-zero value for it).
            raise ValueError(
                "A 2-D y is a multilabel indicator of 0 (label absent) and 1 "
                f"(present); got the values {values[:5].tolist()}. Convert it, e.g. "
                "(y > 0).astype(int) for labels of -1 and 1."
            )
        labels = np.arange(Y.shape[1])
        if continuing:
            if not self._multilabel or len(self.classes_) != len(labels):
                raise ValueError(
                    f"y has {len(labels)} labels; the previous fit had "
                    f"{len(self.classes_)} {'labels' if self._multilabel else 'classes'}."
                )
        elif incremental and classes is None:
            raise ValueError("classes must be passed on the first call to partial_fit.")
        if classes is not None and not same_labels(np.unique(classes), labels):
            raise ValueError(
                f"For multilabel y of {len(labels)} labels, classes must be the label "
                f"indices {labels.tolist()}, got {classes!r}."
            )
        if self.class_weight is not None:
            raise ValueError("class_weight is not available for multilabel y.")
        return Targets(Y, classes=labels, multilabel=True)

    def _record_targets(self, targets, scaling):
        self.classes_ = targets.classes
        self._multilabel = targets.multilabel

    def _class_indices(self, Y):
        """Class index of each one-hot (or 0/1) target row."""
        return Y[:, 0].astype(np.intp) if Y.shape[1] == 1 else Y.argmax(axis=1)

    def _stratify_labels(self, targets, Y):
        return None if targets.multilabel else self._class_indices(Y)

    def _weigh_classes(self, targets, sample_weight, incremental):
        if self.class_weight is None:
            return sample_weight
        if incremental and self.class_weight == "balanced":
            raise ValueError(
                "class_weight='balanced' needs the whole data set and is not "
                "available in partial_fit; pass a dict of class weights instead."
            )
        classes = targets.classes
        y = self._class_indices(targets.Y)
        weights = self._class_weights(classes, y, sample_weight)
        if not weights.any():
            raise ValueError(f"class_weight={self.class_weight!r} weighs every class zero.")
        # Scaled by a power of two to below 2, like the sample weights: the
        # product cannot overflow, and the loss, a weighted mean, is exactly
        # the same.
        weights = weights / power_of_two_above(weights.max())
        return sample_weight * weights[y].astype(sample_weight.dtype)

    def _class_weights(self, classes, y, sample_weight):
        """The weight of each class, in the order of ``classes``."""
        if self.class_weight == "balanced":
            # n_samples / (n_classes * count), with (sample-)weighted counts;
            # a class of weight zero altogether gets weight zero.
            counts = np.bincount(y, weights=sample_weight, minlength=len(classes))
            weights = np.zeros(len(classes))
            held = counts > 0
            weights[held] = counts.sum() / (held.sum() * counts[held])
            return weights
        # As scikit-learn has it: keys of classes that y lacks are fine (a
        # rare class missing from a fold), unless some class has no weight
        # then, which is likely a misspelt key.
        known = set(classes.tolist())
        unknown = [key for key in self.class_weight if key not in known]
        unweighted = [c for c in classes.tolist() if c not in self.class_weight]
        if unknown and unweighted:
            raise ValueError(
                f"class_weight has keys that are not classes of y, {unknown}, and no "
                f"weight for the classes {unweighted}."
            )
        weights = np.array([self.class_weight.get(c, 1.0) for c in classes.tolist()],
                           dtype=np.float64)
        if not (np.isfinite(weights).all() and (weights >= 0).all()):
            raise ValueError(
                "class_weight must give every class a finite, non-negative weight, "
                f"got {self.class_weight!r}."
            )
        return weights

    def _check_trainable(self, targets, sample_weight):
        if targets.multilabel:
            return
        rows = targets.Y[sample_weight > 0]
        # Some row differs from the first: cheaper than np.unique's sort.
        if not len(rows) or not (rows != rows[0]).any():
            raise ValueError(
                "All samples with a non-zero weight belong to one class; "
                "RNNClassifier needs at least two classes to train."
            )

    def _score_outputs(self, Z, Y, sample_weight, targets):
        """Weighted accuracy of raw outputs ``Z`` against encoded ``Y``; for
        multilabel y the share of samples with every label right."""
        if targets.multilabel:
            right = ((Z > 0) == (Y > 0.5)).all(axis=1)
        else:
            predicted = (Z[:, 0] > 0) if Z.shape[1] == 1 else Z.argmax(axis=1)
            right = predicted == self._class_indices(Y)
        return float(np.average(right, weights=sample_weight))

    @available_if(BaseRNN._check_solver)
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None, classes=None):
        """Train for one epoch on the given data, keeping the weights and the
        optimizer's state between calls.

        Available for the solvers "adam" and "sgd". The optimizer's state is
        kept while its parameters (``solver``, ``learning_rate_init`` and
        those of the solver) stay the same; after a change a new optimizer
        of the current parameters goes on from the fitted weights.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_samples, n_timesteps)
            NaN-padded sequences.

        y : array-like of shape (n_samples,)
            Classes, all among ``classes``.

        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples in the loss.

        classes : array-like of shape (n_classes,), default=None
            All the classes that ``y`` may hold over all calls; required on
            the first call, ignored (if equal) on later calls.

        Returns
        -------
        self : object
            The estimator.
        """
        return self._fit(X, y, sample_weight, incremental=True, classes=classes)

    def decision_function(self, X):
        """Raw outputs of the network (logits).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_samples, n_timesteps)
            NaN-padded sequences.

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            The logit of the second class for two classes, else the logit
            of every class (of every label, for multilabel y).
        """
        return self._decision(self._raw_output(X))

    # What the outputs ``Z`` (n, n_outputs) of the network mean.

    def _decision(self, Z):
        return Z[:, 0] if self.n_outputs_ == 1 and not self._multilabel else Z

    def _labels(self, Z):
        scores = self._decision(Z)
        if self._multilabel:
            return (scores > 0).astype(np.int64)
        index = scores > 0 if scores.ndim == 1 else scores.argmax(axis=1)
        return self.classes_[index.astype(np.intp)]

    def _log_proba(self, Z):
        if self._multilabel:
            return log_expit(Z)
        if self.n_outputs_ == 1:
            return np.hstack([log_expit(-Z), log_expit(Z)])
        return log_softmax(Z, axis=1)

    def _proba(self, Z):
        if self._multilabel:
            return expit(Z)
        if self.n_outputs_ == 1:
            return np.hstack([expit(-Z), expit(Z)])
        return softmax(Z, axis=1)

    def predict(self, X):
        """Predict the class of each sequence.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_samples, n_timesteps)
            NaN-padded sequences.

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_labels)
            Predicted classes; for multilabel y, the indicator of every
            label.
        """
        return self._labels(self._raw_output(X))

    def predict_log_proba(self, X):
        """Logarithm of the class probabilities.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_samples, n_timesteps)
            NaN-padded sequences.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            Log-probabilities of the classes, in the order of `classes_`; for
            multilabel y, of every label independently.
        """
        return self._log_proba(self._raw_output(X))

    def predict_proba(self, X):
        """Class probabilities.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_samples, n_timesteps)
            NaN-padded sequences.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Probabilities of the classes, in the order of `classes_`; for
            multilabel y, of every label independently (rows need not sum
            to one).
        """
        return self._proba(self._raw_output(X))
