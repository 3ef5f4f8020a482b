"""Recurrent neural networks in numpy, as scikit-learn estimators."""

# SPDX-License-Identifier: BSD-3-Clause

from ._classifier import RNNClassifier
from ._regressor import RNNRegressor
from ._sequences import pad_sequences, pad_targets, present_steps, sliding_windows
from ._step_classifier import RNNStepClassifier
from ._step_regressor import RNNStepRegressor
from .preprocessing import SequencePadder, SequenceScaler, SequenceSummarizer

__version__ = "0.1.0"

__all__ = [
    "RNNClassifier",
    "RNNRegressor",
    "RNNStepClassifier",
    "RNNStepRegressor",
    "SequencePadder",
    "SequenceScaler",
    "SequenceSummarizer",
    "pad_sequences",
    "pad_targets",
    "present_steps",
    "sliding_windows",
    "__version__",
]
