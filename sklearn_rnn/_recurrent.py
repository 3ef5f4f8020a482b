"""RNNClassifier and RNNRegressor: the scikit-learn face of the numpy core."""

# SPDX-License-Identifier: BSD-3-Clause

import time
import warnings
from abc import ABCMeta, abstractmethod
from contextlib import nullcontext
from numbers import Integral, Real

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, log_expit, log_softmax, softmax
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import r2_score
from sklearn.model_selection import ShuffleSplit, StratifiedShuffleSplit
from sklearn.utils import check_random_state, column_or_1d
from sklearn.utils._param_validation import Interval, Options, StrOptions
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    check_array,
    check_consistent_length,
    check_is_fitted,
)
from threadpoolctl import ThreadpoolController

from ._network import RecurrentNetwork
from ._optimizers import AdamOptimizer, SGDOptimizer
from ._sequences import time_major
from ._validation import validate_sequences
from ._workspace import Workspace

# Per-step products of the smallest networks are call-overhead bound: one
# BLAS thread below this many multiply-adds per step (batch * hidden * hidden).
# Above it OpenBLAS sizes its threads to each product itself: two threads
# take an LSTM step of 32x128 @ 128x512 from 49 to 31 us, and it keeps a
# 256x32 @ 32x96 product on one.
_MIN_WORK_PER_STEP_FOR_THREADS = 256 * 32 * 32
# Prediction runs over chunks whose gates and states take about this much
# memory: enough sequences per step to amortise the per-step calls, few
# enough to bound the memory (at T=100, H=128, an LSTM predicts 10 000
# sequences 2 times faster in chunks of 1 000 than of 4 000).
_PREDICT_BYTES = 128 * 2**20
_VALIDATION_ATTRIBUTES = (
    "validation_scores_",
    "validation_loss_curve_",
    "best_validation_loss_",
    "best_validation_score_",
)
_threadpool_controller = None


def _blas_limit(batch, hidden_layer_sizes):
    """Context that sets the number of BLAS threads for this work size."""
    global _threadpool_controller
    if batch * max(hidden_layer_sizes) ** 2 >= _MIN_WORK_PER_STEP_FOR_THREADS:
        return nullcontext()
    # Finding the thread pools takes about 15 ms: once, and only if needed.
    if _threadpool_controller is None:
        _threadpool_controller = ThreadpoolController()
    return _threadpool_controller.limit(limits=1, user_api="blas")


def _merge_duplicates(X, Y, sample_weight):
    """Indices of the distinct (x, y) samples of non-zero weight in a
    canonical order, and their summed weights.

    The loss is unchanged, and a sample repeated k times then trains exactly
    like the sample once with weight k, whatever the order of the data. The
    order is that of the bytes of x then y (as ``X.dtype``), as unsigned
    strings, and the index of a group of duplicates that of its first sample.
    """
    n_samples = len(X)
    X = np.ascontiguousarray(X).reshape(n_samples, -1)
    Y = np.ascontiguousarray(Y, dtype=X.dtype)
    x_keys = X.view(np.dtype((np.void, X.itemsize * X.shape[1]))).ravel()
    # Sorting strings compares each pair only up to its first difference.
    order = np.argsort(x_keys, kind="stable")
    order = order[sample_weight[order] != 0]
    # Neighbours equal in a few sampled elements are compared in full; the
    # others differ, which spares a copy of the rows in the common case.
    columns = np.unique(np.linspace(0, X.shape[1] - 1, 16).astype(np.intp))
    sampled = X[:, columns].view(f"u{X.itemsize}")[order]
    same_x = (sampled[1:] == sampled[:-1]).all(axis=1)
    pairs = np.flatnonzero(same_x)
    same_x[pairs] = x_keys[order[pairs]] == x_keys[order[pairs + 1]]
    # Samples of the same x are ordered by the bytes of y, stably.
    y_keys = Y.view(np.dtype((np.void, Y.itemsize * Y.shape[1]))).ravel()
    x_group = np.concatenate([[0], np.cumsum(~same_x)])
    by_y = np.argsort(y_keys[order], kind="stable")
    by_y = by_y[np.argsort(x_group[by_y], kind="stable")]
    order, x_group = order[by_y], x_group[by_y]
    y_keys = y_keys[order]
    new = np.concatenate(
        [[True], (x_group[1:] != x_group[:-1]) | (y_keys[1:] != y_keys[:-1])]
    )
    group = np.empty(n_samples, dtype=np.intp)
    group[order] = np.cumsum(new) - 1
    kept = np.flatnonzero(sample_weight)
    return order[new], np.bincount(group[kept], weights=sample_weight[kept])


def _warn_divergence(cause, epoch):
    warnings.warn(
        f"Training diverged in epoch {epoch}: the {cause} became infinite or NaN. The "
        "last weights with a finite loss and gradient were kept. Lower "
        "learning_rate_init, or clip the gradients more tightly with a smaller "
        "max_grad_norm.",
        ConvergenceWarning,
    )


class _Progress:
    """Prints one line per iteration when verbose, at most about one a second
    (the first and the last always)."""

    def __init__(self, verbose, unit):
        self.verbose = verbose
        self.unit = unit
        self.start = time.perf_counter()
        self.last_print = -np.inf
        self.pending = None

    def report(self, iteration, loss, validation_score=None):
        if not self.verbose:
            return
        now = time.perf_counter()
        line = f"{self.unit} {iteration}: loss {loss:.8f}"
        if validation_score is not None:
            line += f", validation score {validation_score:.6f}"
        self.pending = line + f", {now - self.start:.2f} s"
        if now - self.last_print >= 1.0:
            self.message(self.pending)
            self.last_print = now

    def message(self, text):
        if self.verbose:
            print(text, flush=True)
            self.pending = None

    def close(self, text=None):
        if self.pending is not None:
            self.message(self.pending)
        if text is not None:
            self.message(text)


class BaseRNN(BaseEstimator, metaclass=ABCMeta):
    """Base class of the recurrent estimators.

    Warning: This class should not be used directly. Use derived classes
    instead.
    """

    _parameter_constraints: dict = {
        "hidden_layer_sizes": [
            "array-like",
            Interval(Integral, 1, None, closed="left"),
        ],
        "activation": [StrOptions({"tanh", "relu"})],
        "cell": [StrOptions({"rnn", "gru", "lstm"})],
        "bidirectional": ["boolean"],
        "solver": [StrOptions({"lbfgs", "sgd", "adam"})],
        "alpha": [Interval(Real, 0, None, closed="left")],
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

    def __init__(
        self,
        hidden_layer_sizes=(32,),
        activation="tanh",
        *,
        cell="rnn",
        bidirectional=False,
        solver="adam",
        alpha=1e-4,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=1e-2,
        power_t=0.5,
        max_iter=200,
        tol=1e-4,
        shuffle=True,
        random_state=None,
        verbose=False,
        warm_start=False,
        momentum=0.9,
        nesterovs_momentum=True,
        early_stopping=False,
        validation_fraction=0.1,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        n_iter_no_change=20,
        max_grad_norm=5.0,
        max_fun=15000,
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.cell = cell
        self.bidirectional = bidirectional
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.max_iter = max_iter
        self.tol = tol
        self.shuffle = shuffle
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change
        self.max_grad_norm = max_grad_norm
        self.max_fun = max_fun

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        # All-NaN time steps are absent steps (padding or missing observations).
        tags.input_tags.allow_nan = True
        return tags

    # -- input -------------------------------------------------------------

    def _validate_sample_weight(self, sample_weight, n_samples, dtype):
        if sample_weight is None:
            return np.ones(n_samples, dtype=dtype)
        sample_weight = check_array(
            sample_weight,
            ensure_2d=False,
            dtype=dtype,
            input_name="sample_weight",
        )
        if sample_weight.ndim != 1 or len(sample_weight) != n_samples:
            raise ValueError(
                f"sample_weight.shape == {sample_weight.shape}, expected "
                f"({n_samples},)."
            )
        if (sample_weight < 0).any():
            raise ValueError("sample_weight has negative values.")
        if not sample_weight.any():
            raise ValueError("Sample weights are all zero: nothing to train on.")
        return sample_weight

    @abstractmethod
    def _encode_y(self, y, reset, incremental, classes):
        """Validate ``y``; return the targets of shape (n_samples, n_outputs).

        ``reset`` on the first call of ``partial_fit`` and on ``fit`` without
        warm start; ``classes`` are those given to ``partial_fit``.
        """

    @abstractmethod
    def _score_outputs(self, Z, Y, sample_weight):
        """The estimator's score of raw outputs ``Z`` against targets ``Y``."""

    # -- training ----------------------------------------------------------

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
        self._validate_params()
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

    def _fit(self, X, y, sample_weight, incremental, classes=None):
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
        first_pass = not hasattr(self, "weights_") or not (
            self.warm_start or incremental
        )
        X, present = validate_sequences(self, X, reset=first_pass)
        Y = self._encode_y(y, first_pass, incremental, classes)
        check_consistent_length(X, Y)
        sample_weight = self._validate_sample_weight(sample_weight, len(X), X.dtype)
        sample_weight = self._weigh_classes(Y, sample_weight, incremental)
        if not incremental:
            self._check_trainable(Y, sample_weight)
        batch = len(X) if self.solver == "lbfgs" else self._batch_size(len(X))

        keep, sample_weight = _merge_duplicates(X, Y, sample_weight)
        X, present = time_major(X, present, samples=keep)
        data = (X, present, Y[keep].astype(X.dtype), sample_weight.astype(X.dtype))

        network = RecurrentNetwork(
            self.n_features_in_ if self._input_ndim == 3 else 1,
            hidden,
            self.n_outputs_,
            self.activation,
            self.cell,
            self.bidirectional,
        )
        if first_pass or not incremental:
            # partial_fit goes on drawing from the generator of its first call.
            self._random_state = check_random_state(self.random_state)
        if first_pass:
            flat = network.initialize(self._random_state, X.dtype)
        else:
            if network.layout != [(k, w.shape) for k, w in self.weights_.items()]:
                previous = self._network
                raise ValueError(
                    "warm_start and partial_fit need the architecture of the "
                    "previous fit; hidden_layer_sizes, cell, bidirectional or the "
                    f"data changed from {previous.hidden_layer_sizes}, "
                    f"{previous.cell_name!r}, {previous.bidirectional} to "
                    f"{tuple(hidden)}, {self.cell!r}, {bool(self.bidirectional)}."
                )
            flat = network.pack(self.weights_, X.dtype)

        # Merging duplicates may have left fewer samples than a batch.
        batch = min(batch, len(keep))
        # Overflow is detected and reported as divergence, not by numpy.
        with _blas_limit(batch, hidden), np.errstate(over="ignore", invalid="ignore"):
            if self.solver == "lbfgs":
                self._fit_lbfgs(network, flat, data)
            else:
                self._fit_stochastic(network, flat, data, batch, incremental)
        self._network = network
        self.weights_ = network.unpack(flat)
        return self

    def _weigh_classes(self, Y, sample_weight, incremental):
        """Hook for the classifier's class weights."""
        return sample_weight

    def _check_trainable(self, Y, sample_weight):
        """Hook for the classifier to refuse data it cannot learn from."""

    def _batch_size(self, n_samples):
        if self.batch_size == "auto":
            return min(32, n_samples)
        if self.batch_size > n_samples:
            warnings.warn(
                f"Got batch_size={self.batch_size} larger than the {n_samples} "
                "samples; it is clipped to the number of samples."
            )
        return min(self.batch_size, n_samples)

    def _fit_lbfgs(self, network, flat, data):
        X, present, Y, sample_weight = data
        args = (X, present, Y, sample_weight / sample_weight.mean(), self._loss, self.alpha)
        dtype = flat.dtype
        workspace = Workspace()

        def loss_gradient(theta):
            # scipy works in float64; the network runs in the data's dtype.
            params = theta if dtype == theta.dtype else theta.astype(dtype)
            grad = np.empty_like(params)
            loss = network.loss_gradient(params, grad, *args, workspace)
            return loss, grad.astype(np.float64, copy=False)

        self.loss_curve_ = []
        progress = _Progress(self.verbose, "Iteration")

        def record(intermediate_result):
            self.loss_curve_.append(float(intermediate_result.fun))
            progress.report(len(self.loss_curve_), self.loss_curve_[-1])

        # The line search backs off from steps whose loss is not finite, so
        # L-BFGS needs no divergence guard.
        result = minimize(
            loss_gradient,
            flat.astype(np.float64),
            method="L-BFGS-B",
            jac=True,
            callback=record,
            options={"maxiter": self.max_iter, "maxfun": self.max_fun, "gtol": self.tol},
        )
        progress.close()
        self.n_iter_ = max(1, min(result.nit, self.max_iter))
        flat[:] = result.x
        self.loss_ = float(result.fun)
        if not self.loss_curve_:
            self.loss_curve_.append(self.loss_)
        self.best_loss_ = min(self.loss_curve_)
        if result.status == 1:
            warnings.warn(
                f"L-BFGS stopped after {self.n_iter_} iterations, before reaching "
                f"tol={self.tol} ({result.message}); increase max_iter or max_fun.",
                ConvergenceWarning,
            )

    def _validation_split(self, Y, rng):
        """Indices of the training and validation samples, stratified by class
        when every class can be represented in both parts."""
        n_samples = len(Y)
        n_val = max(2, int(np.ceil(self.validation_fraction * n_samples)))
        if n_samples - n_val < 1:
            raise ValueError(
                f"early_stopping needs at least {n_val + 1} distinct samples to "
                f"hold out a validation set; got {n_samples} sample(s)."
            )
        seed = rng.randint(np.iinfo(np.int32).max)
        labels = self._stratify_labels(Y)
        if labels is not None:
            counts = np.bincount(labels)
            n_classes = np.count_nonzero(counts)
            if counts[counts > 0].min() >= 2 and min(n_val, n_samples - n_val) >= n_classes:
                split = StratifiedShuffleSplit(1, test_size=n_val, random_state=seed)
                return next(split.split(Y, labels))
        split = ShuffleSplit(1, test_size=n_val, random_state=seed)
        return next(split.split(Y))

    def _stratify_labels(self, Y):
        """Class of each encoded target, for stratification (None: regression)."""
        return None

    def _fit_stochastic(self, network, flat, data, batch, incremental):
        X, present, Y, sample_weight = data
        rng = self._random_state
        early_stopping = self.early_stopping and not incremental
        if early_stopping:
            train, val = self._validation_split(Y, rng)
            train.sort()
            val.sort()
            X, X_val = np.take(X, train, axis=1), np.take(X, val, axis=1)
            present, present_val = (
                np.take(present, train, axis=1),
                np.take(present, val, axis=1),
            )
            Y, Y_val = Y[train], Y[val]
            sample_weight, weight_val = sample_weight[train], sample_weight[val]
            val_args = (X_val, present_val, Y_val, weight_val / weight_val.mean())
            batch = min(batch, len(Y))
        # Weights of mean one make each batch loss a weighted mean.
        sample_weight = sample_weight / sample_weight.mean()

        if incremental and hasattr(self, "_optimizer"):
            optimizer = self._optimizer
            optimizer.params = flat
        else:
            if self.solver == "adam":
                optimizer = AdamOptimizer(
                    flat, self.learning_rate_init, self.beta_1, self.beta_2, self.epsilon
                )
            else:
                optimizer = SGDOptimizer(
                    flat,
                    self.learning_rate_init,
                    self.momentum,
                    self.nesterovs_momentum,
                    self.learning_rate,
                    self.power_t,
                )
            self._optimizer = optimizer
        if not incremental or not hasattr(self, "t_"):
            self.t_ = 0
            self.loss_curve_ = []
            self._no_improvement_count = 0
            self.best_loss_ = np.inf
            for name in _VALIDATION_ATTRIBUTES:
                self.__dict__.pop(name, None)
            if early_stopping:
                self.validation_scores_ = []
                self.validation_loss_curve_ = []
                self.best_validation_loss_ = np.inf
                self.best_loss_ = None
        if not early_stopping and self.best_loss_ is None:
            # partial_fit after a fit with early stopping
            self.best_loss_ = np.inf

        n_samples = len(Y)
        grad = np.empty_like(flat)
        workspace = Workspace()
        last_finite = flat.copy()
        best_flat = None
        order = np.arange(n_samples)
        progress = _Progress(self.verbose, "Epoch")
        diverged = stop_message = None
        for _ in range(1 if incremental else self.max_iter):
            if self.shuffle:
                rng.shuffle(order)
            total = 0.0
            for begin in range(0, n_samples, batch):
                rows = order[begin : begin + batch]
                Yb = Y[rows]
                shape = (X.shape[0], len(rows))
                loss = network.loss_gradient(
                    flat,
                    grad,
                    # np.take, unlike X[:, rows], gives a contiguous batch.
                    np.take(
                        X, rows, axis=1,
                        out=workspace.empty("X", shape + X.shape[2:], X.dtype),
                    ),
                    np.take(
                        present, rows, axis=1,
                        out=workspace.empty("present", shape, present.dtype),
                    ),
                    Yb,
                    sample_weight[rows],
                    self._loss,
                    self.alpha,
                    workspace,
                )
                norm = np.sqrt(np.vdot(grad, grad))
                if not (np.isfinite(loss) and np.isfinite(norm)):
                    diverged = "loss" if not np.isfinite(loss) else "gradient"
                    break
                np.copyto(last_finite, flat)
                if self.max_grad_norm is not None and norm > self.max_grad_norm:
                    grad *= self.max_grad_norm / norm
                optimizer.update(grad)
                total += loss * len(Yb)
            if diverged:
                np.copyto(flat, last_finite)
                _warn_divergence(diverged, len(self.loss_curve_) + 1)
                break

            self.t_ += n_samples
            self.loss_curve_.append(total / n_samples)
            optimizer.iteration_ends(self.t_)
            if early_stopping:
                # The loss, not the score, decides: accuracy on a small
                # validation set is coarse and saturates early.
                val_loss, Z = network.loss_value(
                    flat, *val_args, self._loss, self.alpha, workspace
                )
                score = self._score_outputs(Z, Y_val, weight_val)
                self.validation_loss_curve_.append(val_loss)
                self.validation_scores_.append(score)
                improved = val_loss <= self.best_validation_loss_ - self.tol
                if val_loss < self.best_validation_loss_:
                    self.best_validation_loss_ = val_loss
                    self.best_validation_score_ = score
                    best_flat = flat.copy()
            else:
                improved = self.loss_curve_[-1] <= self.best_loss_ - self.tol
                self.best_loss_ = min(self.best_loss_, self.loss_curve_[-1])
            progress.report(
                len(self.loss_curve_),
                self.loss_curve_[-1],
                self.validation_scores_[-1] if early_stopping else None,
            )
            if incremental:
                break
            self._no_improvement_count = 0 if improved else self._no_improvement_count + 1
            if self._no_improvement_count > self.n_iter_no_change:
                stalled = (
                    f"{'Validation loss' if early_stopping else 'Training loss'} "
                    f"did not improve more than tol={self.tol} for "
                    f"{self.n_iter_no_change} consecutive epochs."
                )
                if optimizer.trigger_stopping():
                    stop_message = stalled + " Stopping."
                    break
                self._no_improvement_count = 0
                progress.message(
                    f"{stalled} Learning rate lowered to {optimizer.learning_rate:g}."
                )
        else:
            warnings.warn(
                f"Stochastic optimizer: maximum iterations ({self.max_iter}) "
                "reached and the optimization hasn't converged yet.",
                ConvergenceWarning,
            )
        progress.close(stop_message)

        self.n_iter_ = (
            getattr(self, "n_iter_", 0) + 1
            if incremental
            else len(self.loss_curve_) + bool(diverged)
        )
        if best_flat is not None:
            np.copyto(flat, best_flat)
        if diverged or best_flat is not None or not self.loss_curve_:
            # The weights kept are not those the last epoch ended with.
            self.loss_, _ = network.loss_value(
                flat, X, present, Y, sample_weight, self._loss, self.alpha, workspace
            )
        else:
            self.loss_ = self.loss_curve_[-1]

    # -- prediction --------------------------------------------------------

    def _raw_output(self, X):
        """Outputs of the network before the output activation."""
        check_is_fitted(self)
        X, present = validate_sequences(self, X, reset=False)
        n_samples = len(X)
        dtype = self.weights_["linear.bias"].dtype
        Z = np.empty((n_samples, self.n_outputs_), dtype=dtype)
        network = self._network
        per_sequence = X.shape[1] * network.units_per_step * np.dtype(dtype).itemsize
        size = int(np.clip(_PREDICT_BYTES // per_sequence, 64, 4096))
        workspace = Workspace()
        with _blas_limit(min(n_samples, size), network.hidden_layer_sizes):
            for begin in range(0, n_samples, size):
                chunk = slice(begin, begin + size)
                Xc, presentc = time_major(X[chunk], present[chunk], dtype)
                Z[chunk] = network.forward(self.weights_, Xc, presentc, workspace)[0]
        return Z


_COMMON_PARAMETERS = """
    hidden_layer_sizes : int or tuple of int, default=(32,)
        Number of units of each recurrent layer, bottom first; layer k reads
        the sequence of hidden states of layer k-1.

    activation : {"tanh", "relu"}, default="tanh"
        Nonlinearity ``f`` of the vanilla cell's state update
        ``h_t = f(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)``. The gated
        cells have PyTorch's fixed sigmoid gates and tanh, and accept only
        "tanh".

    cell : {"rnn", "gru", "lstm"}, default="rnn"
        Recurrent cell of every layer, with the equations and gate order of
        ``torch.nn.RNN``, ``torch.nn.GRU`` (gates r, z, n; the reset gate
        scales ``h_{t-1} W_hn^T + b_hn``) and ``torch.nn.LSTM`` (gates i, f,
        g, o). The gated cells learn longer dependencies, at two to seven
        times the cost per epoch of the vanilla cell.

    bidirectional : bool, default=False
        Whether every layer also runs backwards over each sequence, from its
        last present step to its first, and passes both directions' states
        up side by side; the output layer then reads the forward state at
        the last present step and the backward state at the first.

    solver : {"adam", "sgd", "lbfgs"}, default="adam"
        Optimizer. "adam" and "sgd" train on minibatches; their gradient
        noise regularises, which on real data usually generalises better
        than "lbfgs", scipy's L-BFGS-B on the whole data set, which fits the
        training data faster and more precisely.

    alpha : float, default=1e-4
        Strength of the L2 penalty ``alpha / 2 * ||W||^2`` on the weights
        (not the biases), added to the mean loss over the samples.

    batch_size : int or "auto", default="auto"
        Minibatch size of the stochastic solvers; "auto" is
        ``min(32, n_samples)``. Unused by "lbfgs".

    learning_rate : {"constant", "invscaling", "adaptive"}, default="constant"
        Step-size schedule of "sgd", with ``MLPClassifier``'s meanings:
        "constant" keeps ``learning_rate_init``; "invscaling" sets it to
        ``learning_rate_init / (t + 1) ** power_t`` after each epoch, ``t``
        being the number of samples seen; "adaptive" keeps it while
        training improves and divides it by 5 each time it stalls for
        ``n_iter_no_change`` epochs, stopping only once it is below 1e-6.

    learning_rate_init : float, default=1e-2
        Step size of "adam" and "sgd". Higher than ``MLPClassifier``'s
        default: with gradient clipping, it trains recurrent networks faster
        and to better test scores on the data sets we measured.

    power_t : float, default=0.5
        Exponent of the "invscaling" schedule.

    max_iter : int, default=200
        Maximum number of iterations of "lbfgs", or of epochs of the
        stochastic solvers.

    tol : float, default=1e-4
        Tolerance. "lbfgs" stops when the largest gradient component falls
        below it; the stochastic solvers stop when the training loss (with
        ``early_stopping``, the validation loss) has not decreased by
        ``tol`` for ``n_iter_no_change`` consecutive epochs.

    shuffle : bool, default=True
        Whether the stochastic solvers shuffle the samples every epoch.

    random_state : int, RandomState instance or None, default=None
        Seed of the weight initialisation and of the shuffling. An int makes
        ``fit`` reproducible to the bit.

    verbose : bool, default=False
        Whether to print progress: a line per epoch (or L-BFGS iteration)
        with the training loss, the validation score under early stopping,
        and the seconds elapsed, at most about one line a second (and the
        last one always).

    warm_start : bool, default=False
        Whether ``fit`` starts from the weights of the previous call, which
        needs the same architecture and, for classifiers, classes.

    momentum : float, default=0.9
        Momentum of "sgd".

    nesterovs_momentum : bool, default=True
        Whether "sgd" uses Nesterov's momentum.

    early_stopping : bool, default=False
        Whether "adam" and "sgd" hold out ``validation_fraction`` of the
        training data (stratified for classifiers whenever every class can be
        represented), evaluate it after each epoch, stop when its loss has
        not decreased by ``tol`` for ``n_iter_no_change`` epochs, and keep
        the weights of the epoch with the lowest validation loss. As in
        Keras, skorch and ``HistGradientBoostingClassifier``, the loss
        decides: the score (accuracy, R^2) is recorded too, but on a small
        validation set it is coarse and saturates early. Unused by "lbfgs"
        and ``partial_fit``.

    validation_fraction : float, default=0.1
        Share of the training data held out for early stopping (at least two
        samples).

    beta_1, beta_2 : float, default=0.9, 0.999
        Decay rates of Adam's moment estimates.

    epsilon : float, default=1e-8
        Adam's numerical stabiliser.

    n_iter_no_change : int, default=20
        Epochs without an improvement of ``tol`` after which the stochastic
        solvers stop (or "adaptive" lowers the step size).

    max_grad_norm : float or None, default=5.0
        The stochastic solvers rescale each minibatch gradient whose
        Euclidean norm exceeds this, which keeps exploding gradients through
        time from wrecking training; None turns clipping off. L-BFGS needs
        the exact gradient and does not clip. Should the loss or a gradient
        still become infinite or NaN, training stops with a
        ``ConvergenceWarning`` and keeps the last finite weights.

    max_fun : int, default=15000
        Maximum number of loss evaluations of "lbfgs".
"""

_COMMON_ATTRIBUTES = """
    loss_ : float
        Training loss (penalty included) at the end of ``fit``.

    loss_curve_ : list of float
        Training loss after each iteration (lbfgs) or epoch; ``partial_fit``
        appends to it.

    best_loss_ : float or None
        Lowest value of ``loss_curve_``; None under early stopping.

    validation_scores_ : list of float
        Score (accuracy for classifiers, R^2 for regressors) on the held-out
        data after each epoch, with ``early_stopping``.

    validation_loss_curve_ : list of float
        Loss (penalty included) on the held-out data after each epoch, with
        ``early_stopping``.

    best_validation_loss_ : float
        Lowest value of ``validation_loss_curve_``: that of the weights kept.

    best_validation_score_ : float
        Validation score of the weights kept (those of the epoch with the
        lowest validation loss).

    t_ : int
        Number of training samples seen by the stochastic solvers.

    n_iter_ : int
        Number of iterations or epochs run by ``fit``, or of calls to
        ``partial_fit``.

    n_features_in_ : int
        Number of features per time step for 3-D input; for 2-D input the
        number of columns, i.e. time steps, as in scikit-learn.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Column names of a DataFrame ``X``, when it had string names.

    n_outputs_ : int
        Number of output units.

    weights_ : dict of str to ndarray
        The learned parameters, named and shaped as the ``state_dict`` of a
        PyTorch module with members ``rnn = torch.nn.RNN(n_features, hidden,
        num_layers, nonlinearity=activation, batch_first=True,
        bidirectional=bidirectional)`` (``torch.nn.GRU`` or
        ``torch.nn.LSTM`` for the gated cells) and ``linear =
        torch.nn.Linear(n_directions * hidden, n_outputs)``:
        ``rnn.weight_ih_l0`` of shape (n_gates * hidden, n_features),
        ``rnn.weight_hh_l0``, ``rnn.bias_ih_l0``, ``rnn.bias_hh_l0``, then
        the same with ``_reverse`` for the backward direction, ..., and
        ``linear.weight``, ``linear.bias``; n_gates is 1, 3 and 4 for
        "rnn", "gru" and "lstm". PyTorch needs equal sizes in
        ``hidden_layer_sizes``.
"""


class RNNClassifier(ClassifierMixin, BaseRNN):
    __doc__ = (
        """Recurrent neural network classifier of sequences.

    A stack of recurrent layers (vanilla, GRU or LSTM cells, optionally
    bidirectional) reads each sequence step by step; a logistic (two
    classes) or softmax output layer reads the top layer's state at the
    sequence's last present step (and, if bidirectional, the backward
    state at its first). Trained on the cross-entropy by backpropagation
    through time.

    Parameters
    ----------"""
        + _COMMON_PARAMETERS
        + """
    class_weight : dict, "balanced" or None, default=None
        Weights of the classes, multiplying ``sample_weight``: a dict
        ``{class: weight}``, or "balanced" for weights inversely
        proportional to the (sample-weighted) class frequencies, as
        ``n_samples / (n_classes * count)``. "balanced" is not available in
        ``partial_fit``.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
"""
        + _COMMON_ATTRIBUTES
        + """
    See Also
    --------
    RNNRegressor : Recurrent neural network regressor.
    sklearn.neural_network.MLPClassifier : Its feed-forward counterpart.

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
    """
    )

    _parameter_constraints: dict = {
        **BaseRNN._parameter_constraints,
        "class_weight": [dict, StrOptions({"balanced"}), None],
    }

    def __init__(
        self,
        hidden_layer_sizes=(32,),
        activation="tanh",
        *,
        cell="rnn",
        bidirectional=False,
        solver="adam",
        alpha=1e-4,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=1e-2,
        power_t=0.5,
        max_iter=200,
        tol=1e-4,
        shuffle=True,
        random_state=None,
        verbose=False,
        warm_start=False,
        momentum=0.9,
        nesterovs_momentum=True,
        early_stopping=False,
        validation_fraction=0.1,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        n_iter_no_change=20,
        max_grad_norm=5.0,
        max_fun=15000,
        class_weight=None,
    ):
        super().__init__(
            hidden_layer_sizes,
            activation,
            cell=cell,
            bidirectional=bidirectional,
            solver=solver,
            alpha=alpha,
            batch_size=batch_size,
            learning_rate=learning_rate,
            learning_rate_init=learning_rate_init,
            power_t=power_t,
            max_iter=max_iter,
            tol=tol,
            shuffle=shuffle,
            random_state=random_state,
            verbose=verbose,
            warm_start=warm_start,
            momentum=momentum,
            nesterovs_momentum=nesterovs_momentum,
            early_stopping=early_stopping,
            validation_fraction=validation_fraction,
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            n_iter_no_change=n_iter_no_change,
            max_grad_norm=max_grad_norm,
            max_fun=max_fun,
        )
        self.class_weight = class_weight

    @property
    def _loss(self):
        return "binary_log_loss" if self.n_outputs_ == 1 else "log_loss"

    def _encode_y(self, y, reset, incremental, classes):
        check_classification_targets(y)
        y = column_or_1d(y, warn=True)
        seen = np.unique(y)
        if reset:
            if incremental and classes is None:
                raise ValueError(
                    "classes must be passed on the first call to partial_fit."
                )
            all_classes = np.unique(classes) if incremental else seen
            if len(all_classes) < 2:
                raise ValueError(
                    "RNNClassifier needs samples of at least two classes, but the "
                    f"data contains only one class: {all_classes[0]!r}."
                )
            self.classes_ = all_classes
            self.n_outputs_ = 1 if len(all_classes) == 2 else len(all_classes)
        elif incremental:
            if classes is not None and not np.array_equal(
                np.unique(classes), self.classes_
            ):
                raise ValueError(
                    f"classes={classes!r} is not the same as on the first call to "
                    f"partial_fit, {self.classes_!r}."
                )
        elif not np.array_equal(seen, self.classes_):
            raise ValueError(
                f"warm_start=True needs the classes of the previous fit, "
                f"{self.classes_}, but y has the classes {seen}."
            )
        unseen = seen[~np.isin(seen, self.classes_)]
        if unseen.size:
            raise ValueError(
                f"y contains classes not given to the first call to partial_fit: "
                f"{unseen}; the classes are {self.classes_}."
            )
        y = np.searchsorted(self.classes_, y)
        if self.n_outputs_ == 1:
            return y[:, None].astype(np.float64)
        return np.eye(self.n_outputs_)[y]

    def _class_indices(self, Y):
        """Class index of each one-hot (or 0/1) target row."""
        return Y[:, 0].astype(np.intp) if Y.shape[1] == 1 else Y.argmax(axis=1)

    _stratify_labels = _class_indices

    def _weigh_classes(self, Y, sample_weight, incremental):
        if self.class_weight is None:
            return sample_weight
        if incremental and self.class_weight == "balanced":
            raise ValueError(
                "class_weight='balanced' needs the whole data set and is not "
                "available in partial_fit; pass a dict of class weights instead."
            )
        y = self._class_indices(Y)
        weights = compute_class_weight(
            self.class_weight,
            classes=self.classes_,
            y=self.classes_[y],
            sample_weight=sample_weight,
        )
        return sample_weight * weights[y].astype(sample_weight.dtype)

    def _check_trainable(self, Y, sample_weight):
        rows = Y[sample_weight > 0]
        # Some row differs from the first: cheaper than np.unique's sort.
        if not len(rows) or not (rows != rows[0]).any():
            raise ValueError(
                "All samples with a non-zero weight belong to one class; "
                "RNNClassifier needs at least two classes to train."
            )

    def _score_outputs(self, Z, Y, sample_weight):
        """Weighted accuracy of raw outputs ``Z`` against encoded ``Y``."""
        predicted = (Z[:, 0] > 0) if Z.shape[1] == 1 else Z.argmax(axis=1)
        return float(
            np.average(predicted == self._class_indices(Y), weights=sample_weight)
        )

    @available_if(BaseRNN._check_solver)
    def partial_fit(self, X, y, sample_weight=None, classes=None):
        """Train for one epoch on the given data, keeping the weights and the
        optimizer's state between calls.

        Available for the solvers "adam" and "sgd".

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
        self._validate_params()
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
            of every class.
        """
        Z = self._raw_output(X)
        return Z[:, 0] if self.n_outputs_ == 1 else Z

    def predict(self, X):
        """Predict the class of each sequence.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_samples, n_timesteps)
            NaN-padded sequences.

        Returns
        -------
        y : ndarray of shape (n_samples,)
            Predicted classes.
        """
        scores = self.decision_function(X)
        index = scores > 0 if scores.ndim == 1 else scores.argmax(axis=1)
        return self.classes_[index.astype(np.intp)]

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
            Log-probabilities of the classes, in the order of `classes_`.
        """
        Z = self._raw_output(X)
        if self.n_outputs_ == 1:
            return np.hstack([log_expit(-Z), log_expit(Z)])
        return log_softmax(Z, axis=1)

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
            Probabilities of the classes, in the order of `classes_`.
        """
        Z = self._raw_output(X)
        if self.n_outputs_ == 1:
            return np.hstack([expit(-Z), expit(Z)])
        return softmax(Z, axis=1)


class RNNRegressor(RegressorMixin, BaseRNN):
    __doc__ = (
        """Recurrent neural network regressor of sequences.

    A stack of recurrent layers (vanilla, GRU or LSTM cells, optionally
    bidirectional) reads each sequence step by step; a linear output layer
    reads the top layer's state at the sequence's last present step (and,
    if bidirectional, the backward state at its first). Trained on the
    squared error by backpropagation through time. The targets are not
    scaled: scale them (for example with ``TransformedTargetRegressor``)
    when they are far from unit scale.

    Parameters
    ----------"""
        + _COMMON_PARAMETERS
        + """
    Attributes
    ----------"""
        + _COMMON_ATTRIBUTES
        + """
    See Also
    --------
    RNNClassifier : Recurrent neural network classifier.
    sklearn.neural_network.MLPRegressor : Its feed-forward counterpart.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rnn import RNNRegressor
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(100, 8, 1))
    >>> y = X[:, :, 0].sum(axis=1) / 3
    >>> reg = RNNRegressor(hidden_layer_sizes=(8,), random_state=0).fit(X, y)
    >>> reg.predict(X[:3]).shape
    (3,)
    """
    )

    _loss = "squared_error"

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    def _encode_y(self, y, reset, incremental, classes):
        y = check_array(
            y, ensure_2d=False, dtype=np.float64, input_name="y", estimator=self
        )
        if y.ndim > 2:
            raise ValueError(f"y must be 1-D or 2-D, got shape {y.shape}.")
        if not reset and y.ndim != self._y_ndim:
            raise ValueError("warm_start=True needs y of the previous fit's shape.")
        self._y_ndim = y.ndim
        Y = y.reshape(len(y), -1)
        self.n_outputs_ = Y.shape[1]
        return Y

    def _score_outputs(self, Z, Y, sample_weight):
        """Weighted R^2 of raw outputs ``Z`` against ``Y``, as ``score``."""
        return float(r2_score(Y, Z, sample_weight=sample_weight))

    @available_if(BaseRNN._check_solver)
    def partial_fit(self, X, y, sample_weight=None):
        """Train for one epoch on the given data, keeping the weights and the
        optimizer's state between calls.

        Available for the solvers "adam" and "sgd".

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_samples, n_timesteps)
            NaN-padded sequences.

        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Target values.

        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples in the loss.

        Returns
        -------
        self : object
            The estimator.
        """
        self._validate_params()
        return self._fit(X, y, sample_weight, incremental=True)

    def predict(self, X):
        """Predict the target of each sequence.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_samples, n_timesteps)
            NaN-padded sequences.

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            Predictions, of the shape of the training targets.
        """
        Z = self._raw_output(X)
        return Z[:, 0] if self._y_ndim == 1 else Z
