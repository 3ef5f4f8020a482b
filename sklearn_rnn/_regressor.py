"""RNNRegressor: recurrent regression of sequences."""

# SPDX-License-Identifier: BSD-3-Clause

import math
from numbers import Integral

import numpy as np
from sklearn.base import RegressorMixin
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_array

from ._compat import Interval, StrOptions, _fit_context
from ._core.highway import last_present_steps
from ._core.levels import last_levels, persistence_gain
from ._core.ridge import ridge_gcv
from ._docstrings import COMMON_ATTRIBUTES, REGRESSOR_PARAMETERS, documented
from ._estimator import BaseRNN, Targets, store_parameters

# normalize_sequences="auto" removes each sequence's level when the last
# value predicts the training targets with at most this fraction of their
# variance as mean squared error.
PERSISTENCE_GAIN = 0.5


def _of_outputs(levels, n_outputs):
    """The levels of the features, (n_samples, n_features), as those of
    ``n_outputs`` outputs: output j is feature j % n_features, as the
    targets of ``sliding_windows`` with a horizon are."""
    return np.tile(levels, n_outputs // levels.shape[1])


def weighted_r2(Y, Z, sample_weight):
    """``r2_score(Y, Z, sample_weight=sample_weight)`` of 2-D ``Y`` and
    ``Z`` by the same arithmetic, without its validation: the score of
    every epoch's validation rows, where that validation cost up to a
    fifth of a small set's fit (NaN below two rows, without the warning)."""
    if len(Y) < 2:
        return math.nan
    arrays = (Y, Z) if sample_weight is None else (Y, Z, sample_weight)
    dtype = np.result_type(*arrays, np.float32)
    Y, Z = Y.astype(dtype, copy=False), Z.astype(dtype, copy=False)
    if sample_weight is not None:
        sample_weight = sample_weight.astype(dtype, copy=False)
    weight = 1.0 if sample_weight is None else sample_weight[:, None]
    numerator = np.sum(weight * (Y - Z) ** 2, axis=0)
    centred = Y - np.average(Y, axis=0, weights=sample_weight)
    denominator = np.sum(weight * centred**2, axis=0)
    # scikit-learn's force_finite: a constant target scores 1 if fitted
    # exactly, else 0.
    scores = np.ones(Y.shape[1], dtype=dtype)
    valid = (numerator != 0) & (denominator != 0)
    scores[valid] = 1 - numerator[valid] / denominator[valid]
    scores[(numerator != 0) & (denominator == 0)] = 0.0
    return float(np.average(scores))


@documented(
    """
    Recurrent neural network regressor of sequences.

    A stack of recurrent layers (GRU, LSTM or vanilla cells, optionally
    bidirectional) reads each sequence step by step; a linear output layer
    reads the top layer's state at the sequence's last present step (and,
    if bidirectional, the backward state at its first) and, beside it,
    the last present input steps (``linear_steps``, a linear path that
    starts at their ridge regression). Where the last value predicts the
    targets, each sequence's last value is removed from its inputs and
    targets and restored on the prediction (``normalize_sequences``), so
    that trending series are forecast beyond the levels seen. Trained on
    the squared error of the standardised targets by backpropagation
    through time, by default until the loss on a tenth of the training
    data held out stops improving (``early_stopping``).
    """,
    COMMON_ATTRIBUTES + ["target_mean_", "target_scale_", "normalizes_sequences_"],
    """
    See Also
    --------
    RNNClassifier : Recurrent neural network classifier.
    sklearn.neural_network.MLPRegressor : Its feed-forward counterpart.
    """,
    """
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
    """,
    own={
        **REGRESSOR_PARAMETERS,
        **{name: REGRESSOR_PARAMETERS[f"{name}_regressor"]
           for name in ("learning_rate_init", "max_iter", "n_iter_no_change",
                        "batch_size")},
    },
)
class RNNRegressor(RegressorMixin, BaseRNN):
    _parameter_constraints: dict = {
        **BaseRNN._parameter_constraints,
        "standardize_targets": ["boolean"],
        "normalize_sequences": ["boolean", StrOptions({"auto"})],
        "linear_steps": [Interval(Integral, 0, None, closed="left"), None],
    }
    _model_parameters = BaseRNN._model_parameters + ("standardize_targets",)
    # From the linear path's ridge start, the best validation epoch of a
    # small set is often among the first few, and the 20 epochs after it
    # were drift: the patience is a third of the epochs to the best, 10 to
    # 20 (on the shared sets, the same scores in 0.55-0.8 of the epochs,
    # benchmarks/results_accuracy.md).
    _patience_fraction = 1 / 3

    def __init__(
        self,
        hidden_layer_sizes=(32,),
        activation="tanh",
        *,
        cell="gru",
        bidirectional=False,
        readout=("last",),
        standardize_inputs=True,
        solver="adam",
        alpha=1e-4,
        input_noise=0.0,
        ema_momentum=None,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=1e-3,
        power_t=0.5,
        max_iter=300,
        tol=1e-4,
        shuffle=True,
        random_state=None,
        verbose=0,
        warm_start=False,
        momentum=0.9,
        nesterovs_momentum=True,
        early_stopping=True,
        validation_fraction=0.1,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        n_iter_no_change=20,
        max_grad_norm=5.0,
        max_fun=15000,
        standardize_targets=True,
        normalize_sequences="auto",
        linear_steps=None,
    ):
        store_parameters(self, locals())

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    def _initialize_output(self, network, flat, batch):
        """With a linear path, start it at the ridge regression of the
        (standardised) targets on what it reads, and its intercept as the
        output bias; the recurrent part of the output layer keeps its
        random start, so that the recurrent layers learn from the first
        epoch."""
        params = network.layout.views(flat)
        if params.highway_weight is None:
            return
        features = last_present_steps(batch.X, batch.present, network.highway)
        coef, intercept, _ = ridge_gcv(features, batch.Y, batch.sample_weight)
        params.highway_weight[:] = coef
        params.linear_bias[:] = intercept

    def _auto_batch_size(self, n_samples):
        # A 32nd of the samples beyond 1024 (at most 128): numpy runs larger
        # batches faster per sample, so that co2 (1752 windows) and taylor
        # (3187) fit to their own stop within max_iter in under 30 s, where
        # batches of 32 ran taylor past 250 epochs
        # (benchmarks/results_accuracy.md).
        return min(n_samples, max(32, min(128, -(-n_samples // 32))))

    # RNNStepRegressor derives from this class without the parameters of the
    # linear path and the levels: it has neither.

    def _network_options(self, X, continuing):
        steps = getattr(self, "linear_steps", 0)
        if steps is None:
            # Every step of the training sequences, or of the first fit's.
            steps = self._network.highway if continuing else X.shape[1]
        return {"highway": steps}

    def _validate_data(self, X, y, sample_weight, continuing, incremental, classes):
        """As the base class, with each sequence's level removed from its
        inputs and targets where the sequences are normalised."""
        X, present, targets, sample_weight = super()._validate_data(
            X, y, sample_weight, continuing, incremental, classes
        )
        if not hasattr(self, "normalize_sequences"):
            return X, present, targets, sample_weight
        levels = last_levels(X, present)
        if continuing:
            normalize = self.normalizes_sequences_
        else:
            normalize = self._normalizes(X, present, levels, targets.Y, sample_weight)
        targets.normalized = normalize
        if normalize:
            X = X - levels[:, None, :].astype(X.dtype)
            targets.Y = targets.Y - _of_outputs(levels, targets.n_outputs)
        return X, present, targets, sample_weight

    def _normalizes(self, X, present, levels, Y, sample_weight):
        """Whether a new fit normalises each sequence by its ``levels``."""
        if self.normalize_sequences is False:
            return False
        matched = Y.shape[1] % X.shape[2] == 0
        if self.normalize_sequences is True:
            if not matched:
                raise ValueError(
                    "normalize_sequences=True restores the level of feature "
                    "j % n_features on output j and needs a multiple of the "
                    f"number of features as outputs; got {Y.shape[1]} output(s) "
                    f"and {X.shape[2]} feature(s)."
                )
            return True
        if not matched:
            return False
        rows = present.any(axis=1) & (sample_weight > 0)
        gain = persistence_gain(
            _of_outputs(levels[rows], Y.shape[1]), Y[rows], sample_weight[rows]
        )
        return bool(np.all(gain <= PERSISTENCE_GAIN))

    def _outputs_of(self, X, present):
        """The outputs, each sequence's level restored where the fit removed
        it."""
        if not getattr(self, "normalizes_sequences_", False):
            return super()._outputs_of(X, present)
        levels = last_levels(X, present)
        Z = super()._outputs_of(X - levels[:, None, :].astype(X.dtype), present)
        return (Z + _of_outputs(levels, Z.shape[1])).astype(Z.dtype)

    def _loss_name(self, targets):
        return "squared_error"

    def _encode_y(self, y, continuing, incremental, classes, n_timesteps):
        y = check_array(
            y, ensure_2d=False, dtype=np.float64, input_name="y", estimator=self
        )
        if continuing and y.ndim != self._y_ndim:
            raise ValueError(
                f"warm_start and partial_fit need y of the previous fit's shape: "
                f"{self._y_ndim}-D, got {y.ndim}-D."
            )
        return Targets(y.reshape(len(y), -1), y_ndim=y.ndim)

    def _record_targets(self, targets, scaling):
        if hasattr(self, "normalize_sequences"):
            self.normalizes_sequences_ = targets.normalized
        self._y_ndim = targets.y_ndim
        self.target_mean_ = scaling.target_mean
        self.target_scale_ = scaling.target_scale

    def _score_outputs(self, Z, Y, sample_weight, targets):
        """Weighted R^2 of raw outputs ``Z`` against ``Y``, as ``score``."""
        return weighted_r2(Y, Z, sample_weight)

    @available_if(BaseRNN._check_solver)
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None):
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

        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Target values.

        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples in the loss.

        Returns
        -------
        self : object
            The estimator.
        """
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
