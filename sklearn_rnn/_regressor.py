"""RNNRegressor: recurrent regression of sequences."""

# SPDX-License-Identifier: BSD-3-Clause

import numpy as np
from sklearn.base import RegressorMixin
from sklearn.metrics import r2_score
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_array

from ._compat import _fit_context
from ._docstrings import COMMON_ATTRIBUTES, documented
from ._estimator import BaseRNN, Targets


@documented(
    """
    Recurrent neural network regressor of sequences.

    A stack of recurrent layers (vanilla, GRU or LSTM cells, optionally
    bidirectional) reads each sequence step by step; a linear output layer
    reads the top layer's state at the sequence's last present step (and,
    if bidirectional, the backward state at its first). Trained on the
    squared error by backpropagation through time. The targets are not
    scaled: scale them (for example with ``TransformedTargetRegressor``)
    when they are far from unit scale.
    """,
    COMMON_ATTRIBUTES,
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
)
class RNNRegressor(RegressorMixin, BaseRNN):
    # The parameters are BaseRNN's, with its __init__.

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    def _loss_name(self, n_outputs):
        return "squared_error"

    def _encode_y(self, y, continuing, incremental, classes):
        y = check_array(
            y, ensure_2d=False, dtype=np.float64, input_name="y", estimator=self
        )
        if continuing and y.ndim != self._y_ndim:
            raise ValueError(
                f"warm_start and partial_fit need y of the previous fit's shape: "
                f"{self._y_ndim}-D, got {y.ndim}-D."
            )
        return Targets(y.reshape(len(y), -1), {"_y_ndim": y.ndim})

    def _score_outputs(self, Z, Y, sample_weight):
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
