"""scikit-learn's own estimator checks, with no expected failures."""

import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_rnn import RNNClassifier, RNNRegressor

ESTIMATORS = [
    Estimator(solver=solver)
    for Estimator in (RNNClassifier, RNNRegressor)
    for solver in ("lbfgs", "adam", "sgd")
] + [
    RNNClassifier(),
    RNNRegressor(),
    RNNClassifier(early_stopping=True),
    RNNRegressor(early_stopping=True, solver="sgd"),
] + [
    Estimator(cell=cell)
    for Estimator in (RNNClassifier, RNNRegressor)
    for cell in ("gru", "lstm")
]


# The check data sets are tiny and training to an iteration cap is normal
# there; the warning is tested where it means something.
@pytest.mark.filterwarnings("ignore", category=ConvergenceWarning)
@parametrize_with_checks(ESTIMATORS)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
