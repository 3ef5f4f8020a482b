"""What an exported model is: the architecture, the folded weights and the
output of a fitted estimator, read once for the converters; and a copy of
the estimator with other (folded) weights, for the way back.

The converters work from :class:`ExportedModel` only, never from the
estimator's private attributes, so that what a model needs to be exported
is stated here once.
"""

# SPDX-License-Identifier: BSD-3-Clause

import copy
from dataclasses import dataclass

import numpy as np
from sklearn.base import ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from .._core.scaling import unfold


@dataclass
class ExportedModel:
    """Everything a converter needs of a fitted estimator.

    ``output`` is ``"logistic"`` (one logistic output, two classes),
    ``"softmax"``, ``"multilabel"`` (independent logistic outputs) or
    ``"identity"`` (a regressor). ``per_step``: an output at every step.
    ``squeeze``: the regressor's single output is returned as a vector
    (1-D y; or the per-step regressor's one output at every step).
    ``levels``: each sequence's last present value is taken off its inputs
    and added to the outputs (output ``j`` gets feature ``j % n_features``).
    ``input_2d``: fitted on 2-D X, univariate sequences of ``n_timesteps``
    columns.
    """

    name: str
    cell: str
    activation: str
    n_features: int
    hidden_layer_sizes: tuple
    bidirectional: bool
    readout: tuple
    highway: int
    n_outputs: int
    weights: dict
    output: str
    per_step: bool
    squeeze: bool
    levels: bool
    input_2d: bool
    classes: np.ndarray = None

    @property
    def n_directions(self):
        return 2 if self.bidirectional else 1


def exported_model(estimator):
    """The :class:`ExportedModel` of a fitted estimator of sklearn_rnn.

    Raises
    ------
    TypeError
        If ``estimator`` is not one of sklearn_rnn's estimators.
    sklearn.exceptions.NotFittedError
        If it is not fitted.
    """
    from .._estimator import BaseRNN

    if not isinstance(estimator, BaseRNN):
        raise TypeError(
            "Only sklearn_rnn's estimators (RNNClassifier, RNNRegressor, "
            "RNNStepClassifier, RNNStepRegressor) can be exported, got "
            f"{type(estimator).__name__}."
        )
    check_is_fitted(estimator)
    network = estimator._network
    classifier = isinstance(estimator, ClassifierMixin)
    if not classifier:
        output = "identity"
    elif estimator._multilabel:
        output = "multilabel"
    elif estimator.n_outputs_ == 1:
        output = "logistic"
    else:
        output = "softmax"
    per_step = bool(estimator._per_step)
    squeeze = not classifier and (per_step or estimator._y_ndim == 1)
    return ExportedModel(
        name=type(estimator).__name__,
        cell=network.cell_name,
        activation=network.activation,
        n_features=network.n_features,
        hidden_layer_sizes=tuple(network.hidden_layer_sizes),
        bidirectional=network.bidirectional,
        readout=network.readout.kinds,
        highway=network.highway,
        n_outputs=network.n_outputs,
        weights={name: np.array(W) for name, W in estimator.weights_.items()},
        output=output,
        per_step=per_step,
        squeeze=squeeze,
        levels=bool(getattr(estimator, "normalizes_sequences_", False)),
        input_2d=estimator._input_ndim == 2,
        classes=np.asarray(estimator.classes_) if classifier else None,
    )


def with_weights(estimator, named):
    """A copy of the fitted ``estimator`` whose ``weights_`` are ``named``
    (folded weights, as ``weights_``, by PyTorch's names); training goes on
    from them with ``warm_start`` or ``partial_fit``.

    Raises
    ------
    ValueError
        If the names or the shapes are not those of ``estimator.weights_``.
    """
    exported_model(estimator)  # the checks
    expected = estimator.weights_
    names, given = list(expected), list(named)
    if sorted(names) != sorted(given):
        missing = sorted(set(names) - set(given))
        unexpected = sorted(set(given) - set(names))
        raise ValueError(
            f"The weights are not those of this {type(estimator).__name__}: "
            f"missing {missing}, unexpected {unexpected}."
        )
    arrays = {}
    for name in names:
        W = np.asarray(named[name], dtype=np.float64)
        if W.shape != expected[name].shape:
            raise ValueError(
                f"The weight {name!r} is of shape {W.shape}, but this "
                f"{type(estimator).__name__} has {expected[name].shape}."
            )
        if not np.isfinite(W).all():
            raise ValueError(f"The weight {name!r} holds NaN or infinity.")
        arrays[name] = W
    new = copy.deepcopy(estimator)
    scaling, layout = new._scaling, new._network.layout
    standardized = unfold(
        arrays, layout, scaling.input_mean, scaling.input_scale,
        scaling.target_mean, scaling.target_scale,
    )
    # Training goes on in its own dtype; the model keeps the estimator's.
    new._flat = layout.pack(standardized, estimator._flat.dtype)
    new._weights = layout.pack(standardized, estimator._weights.dtype)
    new.weights_ = scaling.fold(layout.named(new._weights), layout)
    return new
