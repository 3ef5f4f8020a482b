"""RNNClassifier and RNNRegressor: the scikit-learn face of the numpy core."""

# SPDX-License-Identifier: BSD-3-Clause

import time
import warnings
from abc import ABCMeta, abstractmethod
from numbers import Integral, Real

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, log_expit, log_softmax, softmax
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state, column_or_1d
from sklearn.utils._param_validation import Interval, Options, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    check_array,
    check_consistent_length,
    check_is_fitted,
    validate_data,
)
from threadpoolctl import ThreadpoolController

from ._network import RecurrentNetwork
from ._optimizers import AdamOptimizer, SGDOptimizer
from ._sequences import present_steps, time_major

# Per-step products of small networks are call-overhead bound, and a second
# BLAS thread only adds synchronisation to them; it pays off from about this
# many multiply-adds per step (batch * hidden * hidden).
_MIN_WORK_PER_STEP_FOR_THREADS = 256 * 128 * 128
_PREDICT_CHUNK = 4096
_threadpool_controller = None


def _blas_limit(batch, hidden_layer_sizes):
    """Context that sets the number of BLAS threads for this work size."""
    global _threadpool_controller
    if _threadpool_controller is None:
        _threadpool_controller = ThreadpoolController()
    work = batch * max(hidden_layer_sizes) ** 2
    limit = None if work >= _MIN_WORK_PER_STEP_FOR_THREADS else 1
    return _threadpool_controller.limit(limits=limit, user_api="blas")


def _merge_duplicates(X, Y, sample_weight):
    """Indices of the distinct (x, y) samples in a canonical order, and their
    summed weights.

    The loss is unchanged, and a sample repeated k times then trains exactly
    like the sample once with weight k, whatever the order of the data.
    """
    n_samples = len(X)
    rows = np.ascontiguousarray(
        np.concatenate([X.reshape(n_samples, -1), Y.astype(X.dtype)], axis=1)
    )
    keys = rows.view(np.dtype((np.void, rows.dtype.itemsize * rows.shape[1])))
    _, first, inverse = np.unique(keys.ravel(), return_index=True, return_inverse=True)
    return first, np.bincount(inverse.ravel(), weights=sample_weight)


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
        "learning_rate_init": [Interval(Real, 0, None, closed="neither")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
        "momentum": [Interval(Real, 0, 1, closed="both")],
        "nesterovs_momentum": ["boolean"],
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
        learning_rate_init=1e-2,
        max_iter=200,
        tol=1e-4,
        shuffle=True,
        random_state=None,
        verbose=False,
        warm_start=False,
        momentum=0.9,
        nesterovs_momentum=True,
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
        self.learning_rate_init = learning_rate_init
        self.max_iter = max_iter
        self.tol = tol
        self.shuffle = shuffle
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
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

    def _validate_X(self, X, reset):
        """Validate ``X`` at the boundary; return it as 3-D array with its
        presence flags of shape (n_samples, n_timesteps)."""
        X = validate_data(
            self, X, reset=reset, skip_check_array=True, ensure_2d=False
        )
        X = check_array(
            X,
            allow_nd=True,
            dtype=(np.float64, np.float32),
            ensure_all_finite=False,
            input_name="X",
            estimator=self,
        )
        if X.ndim > 3:
            raise ValueError(
                f"Expected 2-D or 3-D input X of shape (n_samples, n_timesteps) or "
                f"(n_samples, n_timesteps, n_features), got shape {X.shape}."
            )
        if 0 in X.shape:
            raise ValueError(
                f"Found array with 0 time steps or features (shape={X.shape}) "
                "while a minimum of 1 is required."
            )
        # 2-D input holds univariate sequences of a fixed length, which is
        # then its number of features in scikit-learn's sense.
        n_features = X.shape[1] if X.ndim == 2 else X.shape[2]
        if reset:
            self.n_features_in_ = n_features
            self._input_ndim = X.ndim
        else:
            if X.ndim != self._input_ndim:
                raise ValueError(
                    f"X has {X.ndim} dimensions, but {type(self).__name__} was "
                    f"fitted on {self._input_ndim}-D input."
                )
            if n_features != self.n_features_in_:
                raise ValueError(
                    f"X has {n_features} features, but {type(self).__name__} is "
                    f"expecting {self.n_features_in_} features as input."
                )
        if X.ndim == 2:
            X = X[:, :, None]
        return X, present_steps(X)

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
    def _encode_y(self, y, reset):
        """Validate ``y``; return the targets of shape (n_samples, n_outputs)."""

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
            Weights of the samples in the loss; None weighs all equally.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        self._validate_params()
        if y is None:
            raise ValueError(
                f"{type(self).__name__} requires y to be passed, but the target y "
                "is None."
            )
        hidden = self.hidden_layer_sizes
        hidden = list(hidden) if hasattr(hidden, "__iter__") else [hidden]
        if not hidden or any(
            not isinstance(h, Integral) or isinstance(h, bool) or h < 1 for h in hidden
        ):
            raise ValueError(
                "hidden_layer_sizes must be a positive integer or a non-empty "
                f"sequence of positive integers, got {self.hidden_layer_sizes!r}."
            )
        if self.cell != "rnn" and self.activation != "tanh":
            raise ValueError(
                f"activation={self.activation!r} applies to cell='rnn' only; the "
                f"{self.cell.upper()} cell has PyTorch's fixed sigmoid and tanh."
            )
        warm = self.warm_start and hasattr(self, "weights_")
        X, present = self._validate_X(X, reset=not warm)
        Y = self._encode_y(y, reset=not warm)
        check_consistent_length(X, Y)
        sample_weight = self._validate_sample_weight(sample_weight, len(X), X.dtype)
        self._check_trainable(Y, sample_weight)
        batch = len(X) if self.solver == "lbfgs" else self._batch_size(len(X))

        keep = np.flatnonzero(sample_weight)
        first, sample_weight = _merge_duplicates(X[keep], Y[keep], sample_weight[keep])
        keep = keep[first]
        X, present = time_major(X[keep], present[keep])
        Y = Y[keep].astype(X.dtype)
        # Weights of mean one make the loss a weighted mean over the samples.
        sample_weight = (sample_weight * (len(keep) / sample_weight.sum())).astype(
            X.dtype
        )

        network = RecurrentNetwork(
            self.n_features_in_ if self._input_ndim == 3 else 1,
            hidden,
            Y.shape[1],
            self.activation,
            self.cell,
            self.bidirectional,
        )
        rng = check_random_state(self.random_state)
        if warm:
            if network.layout != [(k, w.shape) for k, w in self.weights_.items()]:
                previous = self._network
                raise ValueError(
                    "warm_start=True needs the architecture of the previous fit; "
                    "hidden_layer_sizes, cell, bidirectional or the data changed "
                    f"from {previous.hidden_layer_sizes}, {previous.cell_name!r}, "
                    f"{previous.bidirectional} to {tuple(hidden)}, {self.cell!r}, "
                    f"{bool(self.bidirectional)}."
                )
            flat = network.pack(self.weights_, X.dtype)
        else:
            flat = network.initialize(rng, X.dtype)

        # Merging duplicates may have left fewer samples than a batch.
        batch = min(batch, len(Y))
        with _blas_limit(batch, hidden):
            if self.solver == "lbfgs":
                self._fit_lbfgs(network, flat, X, present, Y, sample_weight)
            else:
                self._fit_stochastic(
                    network, flat, X, present, Y, sample_weight, batch, rng
                )
        self._network = network
        self.weights_ = network.unpack(flat)
        return self

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

    def _fit_lbfgs(self, network, flat, X, present, Y, sample_weight):
        args = (X, present, Y, sample_weight, self._loss, self.alpha)
        dtype = flat.dtype

        def loss_gradient(theta):
            # scipy works in float64; the network runs in the data's dtype.
            params = theta if dtype == theta.dtype else theta.astype(dtype)
            grad = np.empty_like(params)
            loss = network.loss_gradient(params, grad, *args)
            return loss, grad.astype(np.float64, copy=False)

        self.loss_curve_ = []
        start = time.perf_counter()

        def record(intermediate_result):
            self.loss_curve_.append(float(intermediate_result.fun))
            self._report(len(self.loss_curve_), start)

        result = minimize(
            loss_gradient,
            flat.astype(np.float64),
            method="L-BFGS-B",
            jac=True,
            callback=record,
            options={"maxiter": self.max_iter, "maxfun": self.max_fun, "gtol": self.tol},
        )
        flat[:] = result.x
        self.n_iter_ = max(1, min(result.nit, self.max_iter))
        self.loss_ = float(result.fun)
        if not self.loss_curve_:
            self.loss_curve_.append(self.loss_)
        if result.status == 1:
            warnings.warn(
                f"L-BFGS stopped after {self.n_iter_} iterations, before reaching "
                f"tol={self.tol} ({result.message}); increase max_iter or max_fun.",
                ConvergenceWarning,
            )

    def _fit_stochastic(self, network, flat, X, present, Y, sample_weight, batch, rng):
        if self.solver == "adam":
            optimizer = AdamOptimizer(
                flat, self.learning_rate_init, self.beta_1, self.beta_2, self.epsilon
            )
        else:
            optimizer = SGDOptimizer(
                flat, self.learning_rate_init, self.momentum, self.nesterovs_momentum
            )
        n_samples = len(Y)
        grad = np.empty_like(flat)
        order = np.arange(n_samples)
        self.loss_curve_ = []
        best_loss, no_improvement = np.inf, 0
        start = time.perf_counter()
        for epoch in range(self.max_iter):
            if self.shuffle:
                rng.shuffle(order)
            total = 0.0
            for begin in range(0, n_samples, batch):
                rows = (
                    order[begin : begin + batch]
                    if self.shuffle
                    else slice(begin, begin + batch)
                )
                Yb = Y[rows]
                loss = network.loss_gradient(
                    flat,
                    grad,
                    X[:, rows],
                    present[:, rows],
                    Yb,
                    sample_weight[rows],
                    self._loss,
                    self.alpha,
                )
                if self.max_grad_norm is not None:
                    norm = np.sqrt(np.vdot(grad, grad))
                    if norm > self.max_grad_norm:
                        grad *= self.max_grad_norm / norm
                optimizer.update(grad)
                total += loss * len(Yb)
            self.loss_curve_.append(total / n_samples)
            self._report(epoch + 1, start)

            loss = self.loss_curve_[-1]
            no_improvement = no_improvement + 1 if loss > best_loss - self.tol else 0
            best_loss = min(best_loss, loss)
            if no_improvement > self.n_iter_no_change:
                if self.verbose:
                    print(
                        f"Training loss did not improve more than tol={self.tol} "
                        f"for {self.n_iter_no_change} consecutive epochs. Stopping."
                    )
                break
        else:
            warnings.warn(
                f"Stochastic optimizer: maximum iterations ({self.max_iter}) reached "
                "and the optimization hasn't converged yet.",
                ConvergenceWarning,
            )
        self.n_iter_ = len(self.loss_curve_)
        self.loss_ = self.loss_curve_[-1]

    def _report(self, iteration, start):
        if self.verbose:
            print(
                f"Iteration {iteration}, loss = {self.loss_curve_[-1]:.8f}, "
                f"{time.perf_counter() - start:.2f} s"
            )

    # -- prediction --------------------------------------------------------

    def _raw_output(self, X):
        """Outputs of the network before the output activation."""
        check_is_fitted(self)
        X, present = self._validate_X(X, reset=False)
        n_samples = len(X)
        dtype = self.weights_["linear.bias"].dtype
        Z = np.empty((n_samples, self.n_outputs_), dtype=dtype)
        with _blas_limit(min(n_samples, _PREDICT_CHUNK), self._network.hidden_layer_sizes):
            # Chunks bound the memory of the hidden states.
            for begin in range(0, n_samples, _PREDICT_CHUNK):
                chunk = slice(begin, begin + _PREDICT_CHUNK)
                Xc, presentc = time_major(X[chunk], present[chunk], dtype)
                Z[chunk] = self._network.forward(self.weights_, Xc, presentc)[0]
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
        g, o). The gated cells learn longer dependencies, at four to seven
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

    learning_rate_init : float, default=1e-2
        Step size of "adam" and "sgd". Higher than ``MLPClassifier``'s
        default: with gradient clipping, it trains recurrent networks faster
        and to better test scores on the data sets we measured.

    max_iter : int, default=200
        Maximum number of iterations of "lbfgs", or of epochs of the
        stochastic solvers.

    tol : float, default=1e-4
        Tolerance. "lbfgs" stops when the largest gradient component falls
        below it; the stochastic solvers stop when the training loss has not
        improved by ``tol`` for ``n_iter_no_change`` consecutive epochs.

    shuffle : bool, default=True
        Whether the stochastic solvers shuffle the samples every epoch.

    random_state : int, RandomState instance or None, default=None
        Seed of the weight initialisation and of the shuffling. An int makes
        ``fit`` reproducible to the bit.

    verbose : bool, default=False
        Whether to print the loss after every iteration.

    warm_start : bool, default=False
        Whether ``fit`` starts from the weights of the previous call, which
        needs the same architecture and, for classifiers, classes.

    momentum : float, default=0.9
        Momentum of "sgd".

    nesterovs_momentum : bool, default=True
        Whether "sgd" uses Nesterov's momentum.

    beta_1, beta_2 : float, default=0.9, 0.999
        Decay rates of Adam's moment estimates.

    epsilon : float, default=1e-8
        Adam's numerical stabiliser.

    n_iter_no_change : int, default=20
        Epochs without an improvement of ``tol`` after which the stochastic
        solvers stop.

    max_grad_norm : float or None, default=5.0
        The stochastic solvers rescale each minibatch gradient whose
        Euclidean norm exceeds this, which keeps exploding gradients through
        time from wrecking training; None turns clipping off. L-BFGS needs
        the exact gradient and does not clip.

    max_fun : int, default=15000
        Maximum number of loss evaluations of "lbfgs".
"""

_COMMON_ATTRIBUTES = """
    loss_ : float
        Training loss (penalty included) at the end of ``fit``.

    loss_curve_ : list of float
        Training loss after each iteration (lbfgs) or epoch.

    n_iter_ : int
        Number of iterations or epochs run by the last ``fit``.

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

    @property
    def _loss(self):
        return "binary_log_loss" if self.n_outputs_ == 1 else "log_loss"

    def _encode_y(self, y, reset):
        check_classification_targets(y)
        y = column_or_1d(y, warn=True)
        classes = np.unique(y)
        if not reset and not np.array_equal(classes, self.classes_):
            raise ValueError(
                f"warm_start=True needs the classes of the previous fit, "
                f"{self.classes_}, but y has the classes {classes}."
            )
        if len(classes) < 2:
            raise ValueError(
                "RNNClassifier needs samples of at least two classes, but the "
                f"data contains only one class: {classes[0]!r}."
            )
        self.classes_ = classes
        y = np.searchsorted(classes, y)
        if len(classes) == 2:
            self.n_outputs_ = 1
            return y[:, None].astype(np.float64)
        self.n_outputs_ = len(classes)
        return np.eye(len(classes))[y]

    def _check_trainable(self, Y, sample_weight):
        if len(np.unique(Y[sample_weight > 0], axis=0)) < 2:
            raise ValueError(
                "All samples with a non-zero weight belong to one class; "
                "RNNClassifier needs at least two classes to train."
            )

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

    def _encode_y(self, y, reset):
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
