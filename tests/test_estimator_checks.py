"""scikit-learn's own estimator checks, with no expected failures: the
defaults in the fast suite, every solver, cell and option in the slow one."""

import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_rnn import RNNClassifier, RNNRegressor

DEFAULTS = [RNNClassifier(), RNNRegressor()]
VARIANTS = [
    Estimator(solver=solver)
    for Estimator in (RNNClassifier, RNNRegressor)
    for solver in ("lbfgs", "sgd")
] + [
    RNNClassifier(early_stopping=True),
    RNNRegressor(early_stopping=True, solver="sgd"),
] + [
    Estimator(cell=cell)
    for Estimator in (RNNClassifier, RNNRegressor)
    for cell in ("gru", "lstm")
]

# The check data sets are tiny and training to an iteration cap is normal
# there; the warning is tested where it means something.
pytestmark = pytest.mark.filterwarnings("ignore", category=ConvergenceWarning)


@parametrize_with_checks(DEFAULTS)
def test_sklearn_compatible_defaults(estimator, check):
    check(estimator)


@pytest.mark.slow
@parametrize_with_checks(VARIANTS)
def test_sklearn_compatible_variants(estimator, check):
    check(estimator)
