"""The only module that imports private names of scikit-learn.

scikit-learn has no public API for these, and every project that follows its
estimator conventions uses them; gathering them here means that a change in
scikit-learn is mended in one place.

- ``Interval``, ``Options``, ``StrOptions``: the vocabulary of
  ``_parameter_constraints``, checked by ``BaseEstimator._validate_params``.
- ``_fit_context``: validates the parameters once per ``fit`` and skips the
  validation of nested estimators.
- ``_wrap_data_with_container``: the container ``set_output`` (or the
  global ``transform_output``) asks for, made from a transformer's output,
  for transformers that wrap their 2-D output themselves because their 3-D
  output fits no DataFrame.
- ``_check_feature_names_in``: the input feature names for
  ``get_feature_names_out``.
"""

# SPDX-License-Identifier: BSD-3-Clause

from sklearn.base import _fit_context
from sklearn.utils._param_validation import Interval, Options, StrOptions
from sklearn.utils._set_output import _wrap_data_with_container
from sklearn.utils.validation import _check_feature_names_in

__all__ = [
    "Interval",
    "Options",
    "StrOptions",
    "_check_feature_names_in",
    "_fit_context",
    "_wrap_data_with_container",
]
