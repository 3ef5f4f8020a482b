"""The estimators document their parameters and their fitted attributes,
all of them and only those, with the defaults of their signatures."""

import ast
import inspect
import math
import re

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning

from sklearn_rnn import RNNClassifier, RNNRegressor, RNNStepClassifier, RNNStepRegressor
from sklearn_rnn._docstrings import PARAMETERS, documented

try:
    from numpydoc.docscrape import NumpyDocString
except ImportError:
    # numpydoc comes with the docs extra, not the test extra; scikit-learn
    # ships a copy of its parser.
    from sklearn.externals._numpydoc.docscrape import NumpyDocString

ESTIMATORS = [RNNClassifier, RNNRegressor, RNNStepClassifier, RNNStepRegressor]
MISSING = "<missing>"


def _section(doc, title):
    """Names of the items of a numpydoc section of the rendered ``doc``."""
    return [item.name for item in NumpyDocString(doc)[title]]


def _documented_default(type_text):
    """The value after ``default=`` in a numpydoc type line, as a Python
    value: ``default=1e-2`` is 0.01, ``default=("last",)`` a tuple, ``inf``
    infinity."""
    match = re.search(r"default=(.+)$", type_text)
    assert match, f"no default in {type_text!r}"
    text = match.group(1).strip()
    return math.inf if text == "inf" else ast.literal_eval(text)


def _default_mismatches(Estimator):
    """Parameters whose default in the rendered docstring (parsed by
    numpydoc, as the docs build reads it) is not the signature's, as
    ``(name, documented, signature)``; a parameter documented or in the
    signature only is a mismatch too."""
    documented_params = {
        item.name: _documented_default(item.type)
        for item in NumpyDocString(Estimator.__doc__)["Parameters"]
    }
    signature = {
        name: parameter.default
        for name, parameter in inspect.signature(Estimator.__init__).parameters.items()
        if name != "self"
    }
    mismatches = []
    for name in dict.fromkeys([*signature, *documented_params]):
        doc_value = documented_params.get(name, MISSING)
        sig_value = signature.get(name, MISSING)
        # The same value of the same type: a documented 1 is not True, nor
        # 1 the float 1.0.
        if type(doc_value) is not type(sig_value) or doc_value != sig_value:
            mismatches.append((name, doc_value, sig_value))
    return mismatches


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_documented_defaults_are_the_signatures(Estimator):
    """The defaults are spelt twice, in the signature scikit-learn reads and
    in the texts of _docstrings.py written by hand: they must agree. (The
    parameters' names and order need no test: ``documented`` takes them
    from the signature. A default in the text is what can go wrong.)"""
    assert _default_mismatches(Estimator) == []


def test_a_wrong_documented_default_is_caught():
    """The check above can fail: a docstring that gives ``alpha`` another
    default than the signature, or omits a parameter, is reported."""
    wrong_alpha = PARAMETERS["alpha"].replace("default=1e-4", "default=1e-3")
    assert wrong_alpha != PARAMETERS["alpha"]

    @documented("An estimator.", [], own={"alpha": wrong_alpha})
    class Wrong:
        def __init__(self, alpha=1e-4, tol=1e-4):
            pass

    assert _default_mismatches(Wrong) == [("alpha", 1e-3, 1e-4)]

    class Undocumented:
        def __init__(self, alpha=1e-4, undocumented=None):
            pass

    Undocumented.__doc__ = Wrong.__doc__.replace("default=1e-3", "default=1e-4")
    assert _default_mismatches(Undocumented) == [
        ("undocumented", MISSING, None), ("tol", 1e-4, MISSING)
    ]


@pytest.mark.filterwarnings("ignore", category=ConvergenceWarning)
@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_the_attributes_documented_are_those_fitted(Estimator):
    pd = pytest.importorskip("pandas")
    rng = np.random.RandomState(0)
    X = pd.DataFrame(rng.normal(size=(30, 4)), columns=list("abcd"))
    y = np.arange(30) % 3
    fitted = set()
    for params in (dict(early_stopping=True), dict(solver="lbfgs"),
                   dict(input_noise=0.1, early_stopping=False)):
        est = Estimator(max_iter=2, **params).fit(X, y)
        fitted |= {name for name in vars(est) if name.endswith("_") and not name.startswith("_")}
    assert sorted(_section(Estimator.__doc__, "Attributes")) == sorted(fitted)


def test_every_parameter_is_stored_as_given():
    for Estimator in ESTIMATORS:
        names = list(inspect.signature(Estimator.__init__).parameters)[1:]
        marker = object()
        est = Estimator(**{name: marker for name in names[1:]})
        assert all(getattr(est, name) is marker for name in names[1:])
