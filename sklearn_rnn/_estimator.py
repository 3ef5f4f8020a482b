"""The recurrent estimators' shared part: parameters, and fit and predict as
calls to the training engine.

A fit validates the input once, encodes the targets, merges duplicate
samples, lays the data out time-major, splits off validation data, hands the
engine a network and clean arrays, and copies the
:class:`~._engine.history.TrainingHistory` it returns to the fitted
attributes. Nothing fitted changes until the engine has run: a fit that
raises leaves a fitted estimator as it was.
"""

# SPDX-License-Identifier: BSD-3-Clause

import math
import warnings
from abc import ABCMeta, abstractmethod
from dataclasses import dataclass, field
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import ShuffleSplit, StratifiedShuffleSplit
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_consistent_length, check_is_fitted

from ._compat import Interval, Options, StrOptions, _fit_context
from ._core.layout import time_major
from ._core.losses import constant_loss
from ._core.network import Batch, RecurrentNetwork
from ._core.optimizers import AdamOptimizer, SGDOptimizer
from ._core.readout import KINDS as READOUTS
from ._core.readout import STEPS
from ._core.scaling import Standardization, scale_of, weighted_moments
from ._doc_link import DocLinkMixin
from ._duplicates import merge_duplicates
from ._engine.history import TrainingHistory
from ._engine.lbfgs import train_lbfgs
from ._engine.prediction import predict_outputs
from ._engine.stochastic import StochasticSettings, train_stochastic
from ._validation import validate_sample_weight, validate_sequences

# Without early stopping, epochs without improvement count only once the
# training loss is below this fraction of the loss of a constant output
# (the class frequencies, the target mean): a network can sit on that
# plateau for hundreds of epochs before it learns (measured on ArrowHead
# and Trace, benchmarks/bench_accuracy.py).
PLATEAU_FRACTION = 0.1
# Under input noise, training stops once the model's loss on the training
# data without noise is below this fraction of that loss: the stall rule on
# noisy epoch losses ran Trace for 300 to 500 epochs where 50 to 130 fit it
# (benchmarks/results_accuracy.md).
FITTED_FRACTION = 0.005

_VALIDATION_ATTRIBUTES = (
    "validation_scores_",
    "validation_loss_curve_",
    "best_validation_loss_",
    "best_validation_score_",
)


@dataclass
class Targets:
    """Encoded targets ``Y`` (n_samples, n_outputs) and the fitted
    attributes that go with them, set only once training has run;
    ``multilabel`` for independent binary outputs. Targets at every step
    are (n_samples, n_timesteps, n_outputs), with ``labelled`` (n_samples,
    n_timesteps) the steps that have one."""

    Y: np.ndarray
    attributes: dict = field(default_factory=dict)
    multilabel: bool = False
    labelled: np.ndarray = None

    @property
    def n_outputs(self):
        return self.Y.shape[-1]


def store_parameters(estimator, parameters):
    """Store the parameters of ``__init__`` as they are, as scikit-learn
    wants; called as ``store_parameters(self, locals())`` first thing."""
    for name, value in parameters.items():
        if name != "self":
            setattr(estimator, name, value)


class BaseRNN(DocLinkMixin, BaseEstimator, metaclass=ABCMeta):
    """Base class of the recurrent estimators.

    Warning: This class should not be used directly. Use derived classes
    instead. Each of them spells out its parameters in its own ``__init__``
    (scikit-learn reads them off the signature) and stores them with
    :func:`store_parameters`.
    """

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
        """The estimator's score of raw outputs ``Z`` against encoded ``Y``
        (rows of ``targets.Y``)."""

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

    def _network_options(self):
        """Hook for further options of the network (the regressor's linear
        path)."""
        return {}

    def _initialize_output(self, network, flat, data):
        """Hook to set the output layer's initial weights in ``flat`` from
        the training :class:`Batch` ``data`` (the regressor's)."""

    def _readout(self):
        readout = (self.readout,) if isinstance(self.readout, str) else tuple(self.readout)
        if not readout or not set(readout) <= set(READOUTS) or len(set(readout)) < len(readout):
            raise ValueError(
                f"readout must be one of {READOUTS} or a sequence of them without "
                f"repeats, got {self.readout!r}."
            )
        return readout

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
            (STEPS,) if targets.labelled is not None else self._readout(),
            **self._network_options(),
        )
        if continuing:
            self._check_architecture(network)
        merged = merge_duplicates(X, targets.Y, sample_weight)
        scaling = self._scaling if continuing else self._standardize(X, present, targets.Y, merged)
        data = self._training_batch(X, present, targets, merged, scaling)
        # partial_fit goes on drawing from the generator of its first call.
        rng = (
            self._random_state
            if continuing and incremental
            else check_random_state(self.random_state)
        )
        dtype = data.X.dtype
        flat = self._flat.astype(dtype) if continuing else network.initialize(rng, dtype)
        if not continuing:
            self._initialize_output(network, flat, data)

        loss = self._loss_name(targets)
        if self.solver == "lbfgs":
            history = train_lbfgs(
                network, flat, data, loss=loss, alpha=self.alpha,
                max_iter=self.max_iter, max_fun=self.max_fun, tol=self.tol,
                verbose=self.verbose,
            )
            optimizer = None
        else:
            history, optimizer = self._train_stochastic(
                network, flat, data, merged.count, rng, loss, len(X), incremental, targets
            )

        for name, value in {**targets.attributes, **scaling.attributes()}.items():
            setattr(self, name, value)
        self.n_outputs_ = targets.n_outputs
        self._random_state = rng
        self._network = network
        self._fitted_model = self._model(network)
        self._scaling = scaling
        # Training goes on from the last weights; the model is their moving
        # average where there is one.
        self._flat = flat
        self._weights = flat if history.averaged is None else history.averaged
        self.weights_ = scaling.fold(network.layout.named(self._weights), network.layout)
        self._record(history, optimizer)
        return self

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
        X, present = validate_sequences(self, X, reset=not continuing)
        targets = self._encode_y(y, continuing, incremental, classes, X.shape[1])
        if frame and len(X) != len(targets.Y):
            raise ValueError(
                f"X is a DataFrame of {len(X)} rows and y has {len(targets.Y)} "
                "targets. A DataFrame is a batch of univariate sequences, a row "
                "each; for one in long format (a row per time step, with id and "
                "time columns) use sklearn_rnn.layouts.from_long_frame."
            )
        check_consistent_length(X, targets.Y)
        per_step = targets.labelled is not None
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
        sample_weight = self._weigh_classes(targets, sample_weight, incremental)
        if not incremental:
            self._check_trainable(targets, sample_weight)
        return X, present, targets, sample_weight

    @staticmethod
    def _training_batch(X, present, targets, merged, scaling):
        """The distinct samples, time-major and standardised, as a
        :class:`~._core.network.Batch` for the engine."""
        X_tm, present_tm = time_major(
            X, present, samples=merged.index,
            mean=scaling.input_mean, scale=scaling.input_scale,
        )
        Y = scaling.standardize_targets(targets.Y[merged.index])
        return Batch(X_tm, present_tm, Y.astype(X_tm.dtype), merged.weight.astype(X_tm.dtype))

    def _standardize(self, X, present, Y, merged):
        """The :class:`Standardization` a new fit trains under: each
        feature's weighted mean and scale over the present steps of the
        training samples."""
        scaling = Standardization()
        if self.standardize_inputs:
            rows = present[merged.index]
            # A sequence of weights per step weighs their mean.
            weight = merged.weight if merged.weight.ndim == 1 else merged.weight.mean(axis=1)
            mean, std = weighted_moments(
                X[merged.index][rows], np.repeat(weight, rows.sum(axis=1))
            )
            scaling.input_mean, scaling.input_scale = mean, scale_of(mean, std)
        return scaling

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

    def _batch_size(self, n_samples):
        if self.batch_size == "auto":
            return min(32, n_samples)
        if self.batch_size > n_samples:
            warnings.warn(
                f"Got batch_size={self.batch_size} larger than the {n_samples} "
                "samples; it is clipped to the number of samples."
            )
        return min(self.batch_size, n_samples)

    def _new_optimizer(self, flat):
        if self.solver == "adam":
            return AdamOptimizer(
                flat, self.learning_rate_init, self.beta_1, self.beta_2, self.epsilon
            )
        return SGDOptimizer(
            flat,
            self.learning_rate_init,
            self.momentum,
            self.nesterovs_momentum,
            self.learning_rate,
            self.power_t,
        )

    def _validation_split(self, Y, rng, labels):
        """Indices of the training and validation samples, stratified by the
        class ``labels`` of the samples (if not None) when every class can be
        represented in both parts."""
        n_samples = len(Y)
        n_val = max(2, int(np.ceil(self.validation_fraction * n_samples)))
        if n_samples - n_val < 1:
            raise ValueError(
                f"early_stopping needs at least {n_val + 1} distinct samples to "
                f"hold out a validation set; got {n_samples} sample(s)."
            )
        seed = rng.randint(np.iinfo(np.int32).max)
        if labels is not None:
            counts = np.bincount(labels)
            n_classes = np.count_nonzero(counts)
            if counts[counts > 0].min() >= 2 and min(n_val, n_samples - n_val) >= n_classes:
                split = StratifiedShuffleSplit(1, test_size=n_val, random_state=seed)
                train, val = next(split.split(Y, labels))
                return np.sort(train), np.sort(val)
        split = ShuffleSplit(1, test_size=n_val, random_state=seed)
        train, val = next(split.split(Y))
        return np.sort(train), np.sort(val)

    def _train_stochastic(
        self, network, flat, data, counts, rng, loss, n_rows, incremental, targets
    ):
        """Split off validation data, pick the optimizer and the history to
        continue, and run the engine's epochs."""
        samples, validation, score, train = counts.sum(), None, None, data
        if self.early_stopping and not incremental:
            labels = self._stratify_labels(targets, data.Y)
            kept, held_out = self._validation_split(data.Y, rng, labels)
            train, val = (
                Batch(
                    np.take(data.X, rows, axis=1),
                    np.take(data.present, rows, axis=1),
                    data.Y[rows],
                    data.sample_weight[rows],
                )
                for rows in (kept, held_out)
            )
            validation = val.weighted_per_sequence()

            def score(Z):
                return self._score_outputs(Z, val.Y, val.sample_weight, targets)

            samples = counts[kept].sum()
        # Weights of mean one make each batch loss a weighted mean.
        train = train.weighted_per_sequence()

        optimizer = self._new_optimizer(flat)
        previous = getattr(self, "_optimizer", None)
        if incremental and previous is not None and previous.settings() == optimizer.settings():
            optimizer = previous
            optimizer.rebind(flat)
        history = getattr(self, "_history", None) if incremental else None
        if history is None:
            history = (
                TrainingHistory.for_validation() if validation is not None
                else TrainingHistory()
            )
        constant = None if validation is not None else constant_loss(
            loss, train.Y.reshape(-1, train.Y.shape[-1]), train.sample_weight.reshape(-1)
        )
        settings = StochasticSettings(
            loss=loss,
            alpha=self.alpha,
            batch_size=min(self._batch_size(n_rows), len(data.Y)),
            max_iter=self.max_iter,
            tol=self.tol,
            n_iter_no_change=self.n_iter_no_change,
            shuffle=self.shuffle,
            max_grad_norm=self.max_grad_norm,
            input_noise=self.input_noise,
            averaging=self.ema_momentum,
            plateau_loss=None if constant is None else PLATEAU_FRACTION * constant,
            fitted_loss=None if constant is None else FITTED_FRACTION * constant,
            verbose=self.verbose,
        )
        train_stochastic(
            network, flat, train, optimizer, rng, history, settings,
            samples_per_epoch=int(samples), incremental=incremental,
            validation=validation, score=score,
        )
        return history, optimizer

    def _record(self, history, optimizer):
        """Copy the history to the fitted attributes, and warn of what went wrong."""
        self.loss_ = history.loss
        self.loss_curve_ = list(history.loss_curve)
        self.best_loss_ = history.best_loss
        self.n_iter_ = history.n_iter
        for name in _VALIDATION_ATTRIBUTES + ("t_", "_history", "_optimizer"):
            self.__dict__.pop(name, None)
        if history.validation_scores is not None:
            self.validation_scores_ = list(history.validation_scores)
            self.validation_loss_curve_ = list(history.validation_loss_curve)
            self.best_validation_loss_ = history.best_validation_loss
            self.best_validation_score_ = history.best_validation_score
        if optimizer is not None:
            self.t_ = history.samples_seen
            self._history = history
            self._optimizer = optimizer
        self._warn(history)

    def _warn(self, history):
        if not math.isfinite(history.loss):
            warnings.warn(
                f"The training loss is {history.loss} at the weights kept, the last "
                "ones known to give a finite loss on some data: training diverged, "
                "or alpha, the inputs or the targets are too large for floating "
                "point. Lower learning_rate_init, clip the gradients with "
                "max_grad_norm, or scale the data.",
                ConvergenceWarning,
            )
        elif history.stop == "diverged":
            warnings.warn(
                f"Training diverged in epoch {history.diverged_epoch}: the "
                f"{history.diverged} became infinite or NaN. The last weights with "
                "a finite loss and gradient were kept. Lower learning_rate_init, "
                "or clip the gradients more tightly with a smaller max_grad_norm.",
                ConvergenceWarning,
            )
        elif history.stop == "max_iter":
            warnings.warn(
                f"Stochastic optimizer: maximum iterations ({self.max_iter}) "
                "reached and the optimization hasn't converged yet.",
                ConvergenceWarning,
            )
        elif history.stop == "failed":
            advice = (
                "increase max_iter or max_fun"
                if history.status == 1
                else "the line search found no step that lowers the loss, which "
                "happens when the loss is not smooth (activation='relu') or the "
                "inputs are badly scaled; scale them, or use solver='adam'"
            )
            warnings.warn(
                f"L-BFGS stopped after {history.n_iter} iterations, before reaching "
                f"tol={self.tol} (status {history.status}: {history.message}); "
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
        dtype = self._flat.dtype
        if X.dtype.itemsize > dtype.itemsize:
            with np.errstate(invalid="ignore"):
                peak = np.nanmax(np.abs(X), initial=0)
            if peak > np.finfo(dtype).max:
                raise ValueError(
                    f"X holds values up to {peak:.3g} in magnitude, beyond the range "
                    f"of {dtype} (at most {np.finfo(dtype).max:.3g}), the dtype this "
                    f"{type(self).__name__} was trained in; such inputs lie far "
                    "outside anything it was trained on."
                )
        params = network.layout.views(self._weights)
        Z = predict_outputs(
            network, params, X, present, dtype, scaling.input_mean, scaling.input_scale
        )
        return scaling.outputs(Z)
