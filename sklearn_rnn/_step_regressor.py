"""RNNStepRegressor: a value at every step of each sequence."""

# SPDX-License-Identifier: BSD-3-Clause

import numpy as np
from sklearn.metrics import r2_score
from sklearn.utils.validation import check_array, check_is_fitted

from ._docstrings import (
    COMMON_ATTRIBUTES,
    REGRESSOR_PARAMETERS,
    STEP_REGRESSOR_FIT,
    STEP_REGRESSOR_PARTIAL_FIT,
    documented,
)
from ._estimator import BaseRNN, Targets, store_parameters
from ._per_step import (
    is_per_step,
    labelled_steps,
    refuse_ragged_targets,
    scored_steps,
    step_targets,
    steps_of_X,
)
from ._regressor import RNNRegressor


@documented(
    """
    Recurrent neural network regressor of every step of sequences.

    Many-to-many regression: a linear output layer reads the top layer's
    state at every step, ``y_t = h_t W^T + b``, so each step gets a value
    (sensor-to-sensor regression, denoising, a running quantity); with
    ``bidirectional=True`` each step's value depends on the whole sequence.
    Trained on the squared error of the standardised targets at every
    present step that has one, by backpropagation through time.

    ``y`` of shape (n_samples, n_timesteps) holds a target per step, NaN at
    steps without one; only present steps of ``X`` with a target count.
    ``y`` of shape (n_samples,) holds a target per sequence, and then the
    estimator is :class:`RNNRegressor`, many-to-one.
    """,
    COMMON_ATTRIBUTES + ["target_mean_", "target_scale_"],
    """
    See Also
    --------
    RNNRegressor : A value per sequence.
    RNNStepClassifier : A class at every step.
    sklearn_rnn.metrics.make_step_scorer : Scores over the steps with a target.
    """,
    """
    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rnn import RNNStepRegressor
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(60, 10, 1))
    >>> y = np.cumsum(X[:, :, 0], axis=1)  # a running sum
    >>> reg = RNNStepRegressor(hidden_layer_sizes=(8,), random_state=0).fit(X, y)
    >>> reg.predict(X[:2]).shape
    (2, 10)
    """,
    own=REGRESSOR_PARAMETERS,
    methods={"fit": STEP_REGRESSOR_FIT, "partial_fit": STEP_REGRESSOR_PARTIAL_FIT},
)
class RNNStepRegressor(RNNRegressor):
    # No linear path to start from: the full patience throughout.
    _patience_fraction = None

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

    # Minibatches of 32 as the classifiers: the regressor's larger ones were
    # measured on forecasting windows only.
    _auto_batch_size = BaseRNN._auto_batch_size

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # A 2-D y is a target per step, not several outputs.
        tags.target_tags.multi_output = False
        return tags

    def _encode_y(self, y, continuing, incremental, classes, n_timesteps):
        refuse_ragged_targets(y)
        y = np.asarray(y)
        if not is_per_step(self, y, n_timesteps, continuing):
            return super()._encode_y(
                y.ravel() if y.ndim == 2 else y, continuing, incremental, classes, n_timesteps
            )
        # The outputs read every step, so no readout is used; its value must
        # be valid all the same, as with a target per sequence.
        self._readout()
        y = check_array(y, dtype=np.float64, ensure_all_finite="allow-nan",
                        input_name="y", estimator=self)
        if np.isinf(y).any():
            raise ValueError("y holds infinity; NaN marks a step without a target.")
        y = steps_of_X(y, n_timesteps)
        labelled = labelled_steps(y)
        Y = np.where(labelled, y, 0.0)[:, :, None]
        return Targets(Y, labelled=labelled, y_ndim=2)

    def predict(self, X):
        """Predict the target of every step.

        At an absent step the state carries over from the last present
        step, so its prediction repeats that step's (before the first
        present step, the prediction of the initial state); with
        ``bidirectional``, each direction's state carries over in its own
        direction (the backward one is the initial state past a sequence's
        end). Either way it depends on the sequence alone, not on the
        others of X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_samples, n_timesteps)
            NaN-padded sequences.

        Returns
        -------
        y : ndarray of shape (n_samples, n_timesteps)
            Predictions; (n_samples,) after a fit on a target per sequence.
        """
        check_is_fitted(self)
        if not self._per_step:
            return super().predict(X)
        return self._raw_output(X)[:, :, 0]

    def score(self, X, y, sample_weight=None):
        """R^2 over the present steps with a target, pooled (or over the
        sequences, after a fit on a target per sequence).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_samples, n_timesteps)
            NaN-padded sequences.

        y : array-like of shape (n_samples, n_timesteps) or (n_samples,)
            True targets, as in ``fit`` (steps after the last of ``X`` all
            NaN).

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
        who = f"{type(self).__name__}, fitted on a target per step,"
        y = step_targets(y, predicted.shape, who)
        mask, weight = scored_steps(X, labelled_steps(y), sample_weight)
        return float(r2_score(y[mask], predicted[mask], sample_weight=weight))
