"""RNNRegressor: recurrent regression of sequences."""

# SPDX-License-Identifier: BSD-3-Clause

import numpy as np
from sklearn.base import RegressorMixin
from sklearn.metrics import r2_score
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_array

from ._compat import _fit_context
from ._docstrings import COMMON_ATTRIBUTES, REGRESSOR_PARAMETERS, documented
from ._estimator import BaseRNN, Targets, store_parameters


@documented(
    """
    Recurrent neural network regressor of sequences.

    A stack of recurrent layers (GRU, LSTM or vanilla cells, optionally
    bidirectional) reads each sequence step by step; a linear output layer
    reads the top layer's state at the sequence's last present step (and,
    if bidirectional, the backward state at its first). Trained on the
    squared error of the standardised targets by backpropagation through
    time, by default until the loss on a tenth of the training data held
    out stops improving (``early_stopping``).
    """,
    COMMON_ATTRIBUTES + ["target_mean_", "target_scale_"],
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
    own=REGRESSOR_PARAMETERS,
)
class RNNRegressor(RegressorMixin, BaseRNN):
    _parameter_constraints: dict = {
        **BaseRNN._parameter_constraints,
        "standardize_targets": ["boolean"],
    }
    _model_parameters = BaseRNN._model_parameters + ("standardize_targets",)

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
        early_stopping=True,
        validation_fraction=0.1,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        n_iter_no_change=50,
        max_grad_norm=5.0,
        max_fun=15000,
        standardize_targets=True,
    ):
        store_parameters(self, locals())

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

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
        self._y_ndim = targets.y_ndim
        self.target_mean_ = scaling.target_mean
        self.target_scale_ = scaling.target_scale

    def _score_outputs(self, Z, Y, sample_weight, targets):
        """Weighted R^2 of raw outputs ``Z`` against ``Y``, as ``score``."""
        return float(r2_score(Y, Z, sample_weight=sample_weight))

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
