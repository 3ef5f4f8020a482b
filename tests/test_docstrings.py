"""The estimators document their parameters and their fitted attributes,
all of them and only those."""

import inspect
import re

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning

from sklearn_rnn import RNNClassifier, RNNRegressor, RNNStepClassifier, RNNStepRegressor

ESTIMATORS = [RNNClassifier, RNNRegressor, RNNStepClassifier, RNNStepRegressor]


def _section(doc, title):
    """Names of the items of a numpydoc section."""
    doc = inspect.cleandoc(doc)
    body = doc.split(f"\n{title}\n{'-' * len(title)}\n", 1)[1]
    body = re.split(r"\n\S[^\n]*\n-+\n", "\n" + body, maxsplit=1)[0]
    return re.findall(r"^(\w+) : ", body, flags=re.MULTILINE)


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_parameters_are_documented_in_the_order_of_the_signature(Estimator):
    signature = list(inspect.signature(Estimator.__init__).parameters)[1:]
    assert _section(Estimator.__doc__, "Parameters") == signature


@pytest.mark.filterwarnings("ignore", category=ConvergenceWarning)
@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_the_attributes_documented_are_those_fitted(Estimator):
    pd = pytest.importorskip("pandas")
    rng = np.random.RandomState(0)
    X = pd.DataFrame(rng.normal(size=(30, 4)), columns=list("abcd"))
    y = np.arange(30) % 3
    fitted = set()
    for params in (dict(early_stopping=True), dict(solver="lbfgs")):
        est = Estimator(max_iter=2, **params).fit(X, y)
        fitted |= {name for name in vars(est) if name.endswith("_") and not name.startswith("_")}
    assert sorted(_section(Estimator.__doc__, "Attributes")) == sorted(fitted)


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_documented_defaults_are_the_signatures(Estimator):
    """The defaults are spelt twice, in the signature scikit-learn reads and
    in the documentation written once for all estimators: they must agree."""
    # A long type line goes on after a backslash, as in scikit-learn.
    doc = re.sub(r"\\\n\s*", "", inspect.cleandoc(Estimator.__doc__))
    for name, parameter in inspect.signature(Estimator.__init__).parameters.items():
        if name == "self":
            continue
        documented = re.search(rf"^{name} : .*default=(.+)$", doc, flags=re.MULTILINE)
        assert documented, name
        value = documented.group(1).strip().replace('"', "'")
        default = parameter.default
        assert value in {repr(default), str(default)} or (
            isinstance(default, float) and float(value) == default
        ), f"{name}: documented {value}, signature {default!r}"


def test_every_parameter_is_stored_as_given():
    for Estimator in ESTIMATORS:
        names = list(inspect.signature(Estimator.__init__).parameters)[1:]
        marker = object()
        est = Estimator(**{name: marker for name in names[1:]})
        assert all(getattr(est, name) is marker for name in names[1:])
