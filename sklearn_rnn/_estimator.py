"""The recurrent estimators' shared part: parameters, and fit and predict as
calls to the training engine.

A fit validates the input once, encodes the targets, has the engine prepare
the training data, chooses the rows held out for early stopping, hands the
engine a network and the settings its parameters make, and copies the
:class:`~._engine.history.TrainingResult` it returns to the fitted
attributes.
"""

# SPDX-License-Identifier: BSD-3-Clause

import copy
import math
import warnings
from abc import ABCMeta, abstractmethod
from dataclasses import dataclass, replace
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import ShuffleSplit, StratifiedShuffleSplit
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_consistent_length, check_is_fitted

from ._callbacks import (
    CONTEXT_ATTRIBUTES,
    CallbackSupportMixin,
    EpochCallbacks,
    supports_callbacks,
)
from ._compat import Interval, Options, StrOptions, _fit_context
from ._core.network import RecurrentNetwork
from ._core.readout import EVERY_STEP
from ._core.readout import KINDS as READOUTS
from ._doc_link import DocLinkMixin
from ._engine.data import Validation, prepare_training_data
from ._engine.history import Stop
from ._engine.optimizers import OptimizerSettings
from ._engine.prediction import predict_outputs
from ._engine.settings import TrainingSettings
from ._engine.training import train
from ._per_step import rows
from ._sequences import warn_if_empty
from ._validation import all_or_nothing, validate_sample_weight, validate_sequences

_VALIDATION_ATTRIBUTES = (
    "validation_scores_",
    "validation_loss_curve_",
    "best_validation_loss_",
    "best_validation_score_",
)


@dataclass
class Targets:
    """Encoded targets: ``Y`` (n_samples, n_outputs), or at every step
    (n_samples, n_timesteps, n_outputs) with ``labelled`` (n_samples,
    n_timesteps) the steps that have one; ``classes`` of a classifier,
    ``multilabel`` for independent binary outputs; ``y_ndim``, the
    dimensions of a regressor's ``y`` (its predictions take that shape);
    ``normalized``, whether each sequence's level was taken off its inputs
    and targets (the regressor's ``normalize_sequences``)."""

    Y: np.ndarray
    classes: np.ndarray = None
    multilabel: bool = False
    labelled: np.ndarray = None
    y_ndim: int = 1
    normalized: bool = False

    @property
    def n_outputs(self):
        return self.Y.shape[-1]

    @property
    def per_step(self):
        return self.labelled is not None

    def rows(self):
        """These targets as rows, one per sample (per step, for targets at
        every step): what the classifier's class weights and checks and
        the scores read."""
        if not self.per_step:
            return self
        return replace(self, Y=self.Y.reshape(-1, self.n_outputs), labelled=None)


def store_parameters(estimator, parameters):
    """Store the parameters of ``__init__`` as they are, as scikit-learn
    wants; called as ``store_parameters(self, locals())`` first thing."""
    for name, value in parameters.items():
        if name != "self":
            setattr(estimator, name, value)


class BaseRNN(DocLinkMixin, CallbackSupportMixin, BaseEstimator, metaclass=ABCMeta):
    """Base class of the recurrent estimators.

    Warning: This class should not be used directly. Use derived classes
    instead. Each of them spells out its parameters in its own ``__init__``
    (scikit-learn reads them off the signature) and stores them with
    :func:`store_parameters`.
    """

    # TrainingSettings.patience_fraction: None, the full patience throughout.
    _patience_fraction = None
    # What the warning about sequences without a present step adds.
    _empty_sequences = (
        "The network sees no input for them: they get the prediction of the empty sequence."
    )
    _parameter_constraints: dict = {
        "hidden_layer_sizes": [
            "array-like",
            Interval(Integral, 1, None, closed="left"),
        ],
        "activation": [StrOptions({"tanh", "relu"})],
        "cell": [StrOptions({"rnn", "gru", "lstm"})],
        "bidirectional": ["boolean"],
        "readout": [StrOptions(set(READOUTS)), tuple, list],
        "standardize_inputs": ["boolean"],
        "solver": [StrOptions({"lbfgs", "sgd", "adam"})],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "input_noise": [Interval(Real, 0, None, closed="left")],
        "ema_momentum": [Interval(Real, 0, 1, closed="left"), None],
        "batch_size": [
            StrOptions({"auto"}),
            Interval(Integral, 1, None, closed="left"),
        ],
        "learning_rate": [StrOptions({"constant", "invscaling", "adaptive"})],
        "learning_rate_init": [Interval(Real, 0, None, closed="neither")],
        "power_t": [Interval(Real, 0, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
        "momentum": [Interval(Real, 0, 1, closed="both")],
        "nesterovs_momentum": ["boolean"],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "beta_1": [Interval(Real, 0, 1, closed="left")],
        "beta_2": [Interval(Real, 0, 1, closed="left")],
        "epsilon": [Interval(Real, 0, None, closed="neither")],
        "n_iter_no_change": [
            Interval(Integral, 1, None, closed="left"),
            Options(Real, {np.inf}),
        ],
        "max_grad_norm": [Interval(Real, 0, None, closed="neither"), None],
        "max_fun": [Interval(Integral, 1, None, closed="left")],
    }

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        # All-NaN time steps are absent steps (padding or missing observations).
        tags.input_tags.allow_nan = True
        return tags

    # -- what the classifier and the regressor define ----------------------

    @abstractmethod
    def _encode_y(self, y, continuing, incremental, classes, n_timesteps):
        """Validate ``y`` into :class:`Targets`, without setting attributes.

        ``continuing`` when training goes on from the fitted weights
        (``warm_start`` or a later ``partial_fit``); ``classes`` are those
        given to ``partial_fit``; ``n_timesteps`` that of ``X``.
        """

    @abstractmethod
    def _loss_name(self, targets):
        """Key of the core's ``LOSS_FUNCTIONS`` for these :class:`Targets`."""

    @abstractmethod
    def _score_outputs(self, Z, Y, sample_weight, targets):
        """The estimator's score of raw outputs ``Z`` against encoded ``Y``,
        rows of ``targets`` (:meth:`Targets.rows`)."""

    @abstractmethod
    def _record_targets(self, targets, scaling):
        """Set the fitted attributes that describe the targets."""

    # The hooks below get targets as rows (Targets.rows) and the weights of
    # the rows: the base class flattens targets at every step once.

    def _weigh_classes(self, targets, sample_weight, incremental):
        """Hook for the classifier's class weights."""
        return sample_weight

    def _check_trainable(self, targets, sample_weight):
        """Hook for the classifier to refuse data it cannot learn from."""

    def _stratify_labels(self, targets, Y):
        """Class of each row of encoded ``Y``, for stratification (None:
        not stratified)."""
        return None

    # -- fit ---------------------------------------------------------------

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the model to sequences ``X`` and targets ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_samples, n_timesteps)
            Sequences, NaN-padded: a time step whose features are all NaN is
            absent. 2-D input is a batch of univariate sequences.

        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Target values.

        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples in the loss, a weighted mean; None weighs
            all equally. Samples of weight zero are left out, and identical
            samples (same sequence, same target) are trained on once with
            their summed weight, in an order that does not depend on the
            order of ``X``: the loss is the same, and a sample of weight k
            trains exactly like k copies of it.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        return self._fit(X, y, sample_weight, incremental=False)

    def _check_solver(self):
        if self.solver not in ("adam", "sgd"):
            raise AttributeError(
                "partial_fit is only available for the stochastic solvers 'adam' "
                f"and 'sgd'; solver={self.solver!r} needs the whole data at once."
            )
        return True

    def _hidden_layer_sizes(self):
        hidden = self.hidden_layer_sizes
        hidden = list(hidden) if hasattr(hidden, "__iter__") else [hidden]
        if not hidden or any(
            not isinstance(h, Integral) or isinstance(h, bool) or h < 1 for h in hidden
        ):
            raise ValueError(
                "hidden_layer_sizes must be a positive integer or a non-empty "
                f"sequence of positive integers, got {self.hidden_layer_sizes!r}."
            )
        return hidden

    def _network_options(self, X, continuing):
        """Hook for further options of the network for sequences ``X`` (the
        regressor's linear path)."""
        return {}

    def _initialize_output(self, network, flat, batch):
        """Hook to set the output layer's initial weights in ``flat`` from
        the training :class:`~._core.batch.Batch` (the regressor's)."""

    def _readout(self):
        readout = (self.readout,) if isinstance(self.readout, str) else tuple(self.readout)
        if not readout or not set(readout) <= set(READOUTS) or len(set(readout)) < len(readout):
            raise ValueError(
                f"readout must be one of {READOUTS} or a sequence of them without "
                f"repeats, got {self.readout!r}."
            )
        return readout

    @all_or_nothing(keep=CONTEXT_ATTRIBUTES)
    def _fit(self, X, y, sample_weight, incremental, classes=None):
        hidden = self._check_parameters(y)
        continuing = hasattr(self, "weights_") and (self.warm_start or incremental)
        X, present, targets, sample_weight = self._validate_data(
            X, y, sample_weight, continuing, incremental, classes
        )
        network = RecurrentNetwork(
            self.n_features_in_ if self._input_ndim == 3 else 1,
            hidden,
            targets.n_outputs,
            self.activation,
            self.cell,
            self.bidirectional,
            (EVERY_STEP,) if targets.per_step else self._readout(),
            **self._network_options(X, continuing),
        )
        if continuing:
            self._check_architecture(network)
        data = prepare_training_data(
            X, present, targets.Y, sample_weight,
            scaling=self._scaling if continuing else None,
            standardize_inputs=self.standardize_inputs,
            standardize_targets=getattr(self, "standardize_targets", False),
            single_precision=self.solver != "lbfgs",
        )
        # partial_fit goes on drawing from the generator of its first call.
        rng = (
            self._random_state
            if continuing and incremental
            else check_random_state(self.random_state)
        )
        dtype = data.batch.X.dtype
        flat = self._flat.astype(dtype) if continuing else network.initialize(rng, dtype)
        if not continuing:
            self._initialize_output(network, flat, data.batch)
        # An increment goes on with the optimizer and the history of the last,
        # copies of them, which stay as they were if it raises.
        resume = getattr(self, "_training", None) if continuing and incremental else None
        resume = copy.deepcopy(resume)
        # The model predicts in the dtype of X, whatever the training's.
        model = (network, targets, data.scaling, X.dtype)
        callbacks = self._epoch_callbacks(X, y, sample_weight, incremental, model)
        result = train(
            network, flat, data, self._training_settings(targets, len(X)),
            self._validation(data, targets, rng, incremental),
            rng=rng, resume=resume, incremental=incremental, on_epoch=callbacks,
        )
        self._random_state = rng
        # Training goes on from the last weights; the model is their moving
        # average where there is one.
        self._set_model(*model, flat, flat if result.averaged is None else result.averaged)
        self._record(result)
        if callbacks is not None:
            callbacks.close()
        return self

    def _set_model(self, network, targets, scaling, dtype, flat, weights):
        """Set the fitted attributes of the model of ``weights``, in
        ``dtype``, trained on from ``flat``."""
        self._record_targets(targets, scaling)
        self._per_step = targets.per_step
        self.input_mean_ = scaling.input_mean
        self.input_scale_ = scaling.input_scale
        self.n_outputs_ = targets.n_outputs
        self._network = network
        self._fitted_model = self._model(network)
        self._scaling = scaling
        self._flat, self._weights = flat, weights.astype(dtype)
        self.weights_ = scaling.fold(network.layout.named(self._weights), network.layout)

    def _epoch_callbacks(self, X, y, sample_weight, incremental, model):
        """The engine's epoch hook that runs scikit-learn's callbacks (None
        before scikit-learn 1.9)."""
        if not supports_callbacks(self):
            return None

        def model_at(weights):
            epoch = copy.copy(self)
            epoch._set_model(*model, weights, weights)
            return vars(epoch)

        max_epochs = 1 if incremental else self.max_iter
        metadata = None if sample_weight is None else {"sample_weight": sample_weight}
        return EpochCallbacks(self, X, y, metadata, max_epochs, model_at)

    def _check_parameters(self, y):
        """Refuse what no data can make right; the hidden layer sizes."""
        if y is None:
            raise ValueError(
                f"{type(self).__name__} requires y to be passed, but the target y "
                "is None."
            )
        hidden = self._hidden_layer_sizes()
        if self.cell != "rnn" and self.activation != "tanh":
            raise ValueError(
                f"activation={self.activation!r} applies to cell='rnn' only; the "
                f"{self.cell.upper()} cell has PyTorch's fixed sigmoid and tanh."
            )
        return hidden

    def _validate_data(self, X, y, sample_weight, continuing, incremental, classes):
        """``X`` and its presence mask, the :class:`Targets` and the weights
        of the samples (of the steps, for targets at every step), validated
        once, with the class weights applied."""
        frame = hasattr(X, "columns")
        X, present = validate_sequences(self, X, reset=not continuing, warn_empty=False)
        if continuing or present.any():
            # A new fit on no present step at all fails in training, which
            # says so; the warning about their predictions would mislead.
            warn_if_empty(present, self._empty_sequences)
        targets = self._encode_y(y, continuing, incremental, classes, X.shape[1])
        if frame and len(X) != len(targets.Y):
            raise ValueError(
                f"X is a DataFrame of {len(X)} rows and y has {len(targets.Y)} "
                "targets. A DataFrame is a batch of univariate sequences, a row "
                "each; for one in long format (a row per time step, with id and "
                "time columns) use sklearn_rnn.layouts.from_long_frame."
            )
        check_consistent_length(X, targets.Y)
        per_step = targets.per_step
        sample_weight = validate_sample_weight(
            sample_weight, len(X), X.dtype, n_timesteps=X.shape[1] if per_step else None
        )
        if per_step:
            # A step counts where it is present and has a target.
            weight = sample_weight if sample_weight.ndim == 2 else sample_weight[:, None]
            sample_weight = np.where(targets.labelled & present, weight, 0).astype(X.dtype)
            if not sample_weight.any():
                raise ValueError(
                    "No present step of X has a target of non-zero weight in y: "
                    "nothing to train on."
                )
        target_rows = targets.rows()
        weight = self._weigh_classes(target_rows, sample_weight.reshape(-1), incremental)
        if not incremental:
            self._check_trainable(target_rows, weight)
        return X, present, targets, weight.reshape(sample_weight.shape)

    # Parameters that, besides the network's architecture, make the model.
    _model_parameters = ("standardize_inputs",)

    def _model(self, network):
        """What must stay the same for training to continue."""
        return {
            **network.architecture(),
            **{name: getattr(self, name) for name in self._model_parameters},
        }

    def _check_architecture(self, network):
        """Refuse to continue training with another architecture."""
        before, after = self._fitted_model, self._model(network)
        changed = [
            f"{name} from {before[name]!r} to {after[name]!r}"
            for name in before
            if before[name] != after[name]
        ]
        if changed:
            raise ValueError(
                "warm_start and partial_fit need the architecture of the previous "
                f"fit, but {', '.join(changed)}; fit a new estimator (or set "
                "warm_start=False) to change it."
            )

    def _auto_batch_size(self, n_samples):
        """The largest minibatch of ``batch_size="auto"``."""
        return min(32, n_samples)

    def _batch_size(self, n_samples):
        if self.batch_size == "auto":
            return self._auto_batch_size(n_samples)
        if self.batch_size > n_samples:
            warnings.warn(
                f"Got batch_size={self.batch_size} larger than the {n_samples} "
                "samples; it is clipped to the number of samples."
            )
        return min(self.batch_size, n_samples)

    def _training_settings(self, targets, n_samples):
        """The engine's :class:`~._engine.settings.TrainingSettings` from
        the parameters."""
        lbfgs = self.solver == "lbfgs"
        return TrainingSettings(
            loss=self._loss_name(targets),
            alpha=self.alpha,
            max_iter=self.max_iter,
            tol=self.tol,
            solver=self.solver,
            optimizer=OptimizerSettings(
                learning_rate_init=self.learning_rate_init,
                beta_1=self.beta_1,
                beta_2=self.beta_2,
                epsilon=self.epsilon,
                momentum=self.momentum,
                nesterovs_momentum=self.nesterovs_momentum,
                learning_rate=self.learning_rate,
                power_t=self.power_t,
            ),
            batch_size=n_samples if lbfgs else self._batch_size(n_samples),
            n_iter_no_change=self.n_iter_no_change,
            patience_fraction=self._patience_fraction,
            shuffle=self.shuffle,
            max_grad_norm=self.max_grad_norm,
            input_noise=self.input_noise,
            averaging=self.ema_momentum,
            max_fun=self.max_fun,
            verbose=self.verbose,
        )

    def _validation(self, data, targets, rng, incremental):
        """The rows held out for early stopping, and how to score them
        (None: no early stopping, which L-BFGS and partial_fit ignore)."""
        if not self.early_stopping or incremental or self.solver == "lbfgs":
            return None
        n_samples = len(data.batch)
        if n_samples < 3:
            # MLPRegressor() fits one or two samples; so does the default here.
            warnings.warn(
                f"early_stopping needs at least 3 distinct samples to hold out a "
                f"validation set; got {n_samples}: training without early stopping.",
                UserWarning,
            )
            return None
        target_rows = targets.rows()
        labels = None if targets.per_step else self._stratify_labels(target_rows, data.batch.Y)
        held_out = self._validation_split(len(data.batch), rng, labels)

        def score(Z, Y, sample_weight):
            if targets.per_step:
                # Pooled over the steps that have a target.
                weight = sample_weight.reshape(-1)
                kept = weight > 0
                Z, Y = rows(Z)[kept], rows(Y)[kept]
                sample_weight = weight[kept]
            return self._score_outputs(Z, Y, sample_weight, target_rows)

        return Validation(held_out, score)

    def _validation_split(self, n_samples, rng, labels):
        """Indices of the validation samples, stratified by the class
        ``labels`` of the samples (if not None) when every class can be
        represented in both parts."""
        # At least two held out, and one left to train on.
        n_val = min(max(2, int(np.ceil(self.validation_fraction * n_samples))), n_samples - 1)
        seed = rng.randint(np.iinfo(np.int32).max)
        indices = np.arange(n_samples)
        if labels is not None:
            counts = np.bincount(labels)
            n_classes = np.count_nonzero(counts)
            if counts[counts > 0].min() >= 2 and min(n_val, n_samples - n_val) >= n_classes:
                split = StratifiedShuffleSplit(1, test_size=n_val, random_state=seed)
                return np.sort(next(split.split(indices, labels))[1])
        split = ShuffleSplit(1, test_size=n_val, random_state=seed)
        return np.sort(next(split.split(indices))[1])

    def _record(self, result):
        """Copy the engine's result to the fitted attributes, and warn of
        what went wrong."""
        history = result.history
        self.loss_ = history.loss
        self.loss_curve_ = list(history.loss_curve)
        self.best_loss_ = history.best_loss
        self.n_iter_ = history.n_iter
        for name in _VALIDATION_ATTRIBUTES + ("t_", "_training", "clean_loss_curve_"):
            self.__dict__.pop(name, None)
        if history.clean_loss_curve is not None:
            self.clean_loss_curve_ = list(history.clean_loss_curve)
        if history.validation_scores is not None:
            self.validation_scores_ = list(history.validation_scores)
            self.validation_loss_curve_ = list(history.validation_loss_curve)
            self.best_validation_loss_ = history.best_validation_loss
            self.best_validation_score_ = history.best_validation_score
        if result.optimizer is not None:
            self.t_ = history.samples_seen
            self._training = result
        self._warn(result)

    def _warn(self, result):
        history = result.history
        if result.stop is Stop.INTERRUPTED:
            warnings.warn(
                "Training interrupted by user: the model is that of the last "
                f"complete epoch ({history.n_iter}).",
                UserWarning,
            )
        if not math.isfinite(history.loss):
            warnings.warn(
                f"The training loss is {history.loss} at the weights kept, the last "
                "ones known to give a finite loss on some data: training diverged, "
                "or alpha, the inputs or the targets are too large for floating "
                "point. Lower learning_rate_init, clip the gradients with "
                "max_grad_norm, or scale the data.",
                ConvergenceWarning,
            )
        elif result.stop is Stop.DIVERGED:
            warnings.warn(
                f"Training diverged in epoch {result.diverged_epoch}: the "
                f"{result.diverged} became infinite or NaN. The last weights with "
                "a finite loss and gradient were kept. Lower learning_rate_init, "
                "or clip the gradients more tightly with a smaller max_grad_norm.",
                ConvergenceWarning,
            )
        elif result.stop is Stop.MAX_ITER:
            warnings.warn(
                f"Stochastic optimizer: maximum iterations ({self.max_iter}) "
                "reached and the optimization hasn't converged yet.",
                ConvergenceWarning,
            )
        elif result.stop is Stop.FAILED:
            advice = (
                "increase max_iter or max_fun"
                if result.status == 1
                else "the line search found no step that lowers the loss, which "
                "happens when the loss is not smooth (activation='relu') or the "
                "inputs are badly scaled; scale them, or use solver='adam'"
            )
            warnings.warn(
                f"L-BFGS stopped after {history.n_iter} iterations, before reaching "
                f"tol={self.tol} (status {result.status}: {result.message}); "
                f"{advice}.",
                ConvergenceWarning,
            )

    # -- prediction --------------------------------------------------------

    def _raw_output(self, X):
        """Outputs of the network before the output activation."""
        check_is_fitted(self)
        X, present = validate_sequences(self, X, reset=False)
        return self._outputs_of(X, present)

    def _outputs_of(self, X, present):
        """:meth:`_raw_output` of validated sequences; a hook for the
        regressor's levels."""
        network, scaling = self._network, self._scaling
        dtype = self._weights.dtype
        if X.dtype.itemsize > dtype.itemsize:
            with np.errstate(invalid="ignore"):
                peak = np.nanmax(np.abs(X), initial=0)
            if peak > np.finfo(dtype).max:
                raise ValueError(
                    f"X holds values up to {peak:.3g} in magnitude, beyond the range "
                    f"of {dtype} (at most {np.finfo(dtype).max:.3g}), the dtype of "
                    f"the data this {type(self).__name__} was fitted on; such inputs "
                    "lie far outside anything it was trained on."
                )
        params = network.layout.views(self._weights)
        with np.errstate(over="ignore", invalid="ignore"):
            Z = scaling.outputs(predict_outputs(
                network, params, X, present, dtype, scaling.input_mean, scaling.input_scale
            ))
        if not np.isfinite(Z).all():
            self._refuse_overflow(X, Z)
        return Z

    def _refuse_overflow(self, X, Z):
        """Finite inputs give finite outputs, or this error: values so far
        outside the training data that floating point overflows on them."""
        broken = ~np.isfinite(Z.reshape(len(Z), -1)).all(axis=1)
        with np.errstate(invalid="ignore"):
            peak = np.nanmax(np.abs(X[broken]), initial=0)
        raise ValueError(
            f"The outputs of {type(self).__name__} overflow for {broken.sum()} of the "
            f"{len(X)} sequences of X, which hold values up to {peak:.3g} in magnitude: "
            "so far outside the data it was trained on (input_mean_, input_scale_) "
            "that floating point cannot follow them. Clip or rescale X."
        )
