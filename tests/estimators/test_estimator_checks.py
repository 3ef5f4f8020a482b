"""scikit-learn's own estimator checks, with no expected failures: the
defaults in the fast suite, every solver, cell and option in the slow one."""

import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_rnn import RNNClassifier, RNNRegressor, RNNStepClassifier, RNNStepRegressor

DEFAULTS = [RNNClassifier(), RNNRegressor(), RNNStepClassifier(), RNNStepRegressor()]
# The options, each on its own; 100 epochs (not the default 500) keep the
# variants' checks quick and are plenty for the small check data sets.
QUICK = {"max_iter": 100}
# SGD with the larger step and the epochs it needs (docs/cells_and_solvers.rst).
VARIANTS = [
    Estimator(solver="lbfgs", **QUICK) for Estimator in (RNNClassifier, RNNRegressor)
] + [
    Estimator(solver="sgd", learning_rate_init=0.1, max_iter=200)
    for Estimator in (RNNClassifier, RNNRegressor)
] + [
    RNNClassifier(early_stopping=True, **QUICK),
    RNNRegressor(early_stopping=False, **QUICK),
    RNNClassifier(readout="last", **QUICK),
    # Each other cell once: the cells share the estimators' code.
    RNNClassifier(cell="lstm", **QUICK),
    RNNRegressor(cell="rnn", **QUICK),
]

# The check data sets are tiny and training to an iteration cap is normal


@parametrize_with_checks(DEFAULTS)
def test_sklearn_compatible_defaults(estimator, check):
    check(estimator)


@pytest.mark.slow
@parametrize_with_checks(VARIANTS)
def test_sklearn_compatible_variants(estimator, check):
    check(estimator)
