"""Recurrent neural networks in numpy, as scikit-learn estimators."""

# SPDX-License-Identifier: BSD-3-Clause

from ._classifier import RNNClassifier
from ._regressor import RNNRegressor
from ._sequences import pad_sequences, sliding_windows
from .preprocessing import SequencePadder, SequenceScaler, SequenceSummarizer

__version__ = "0.1.0"

__all__ = [
    "RNNClassifier",
    "RNNRegressor",
    "SequencePadder",
    "SequenceScaler",
    "SequenceSummarizer",
    "pad_sequences",
    "sliding_windows",
    "__version__",
]
