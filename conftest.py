import doctest
import importlib.util
import os
import re

import pytest

# scikit-learn's array-API estimator check runs only when scipy was imported
# with its array-API support switched on; without this it is skipped.
os.environ.setdefault("SCIPY_ARRAY_API", "1")

# The user guide's code examples run as doctests (docs/*.rst); Sphinx's
# configuration and what the docs build writes into docs/ (autosummary's and
# sphinx-gallery's pages) are not tests.
collect_ignore = ["docs/conf.py", "docs/_ext", "docs/sg_execution_times.rst"]
collect_ignore_glob = ["docs/_build/*", "docs/generated/*", "docs/auto_examples/*"]
# The PyTorch module's file imports torch, an optional dependency, at its top
# (the package imports it only inside to_torch): its doctests need torch.
if importlib.util.find_spec("torch") is None:
    collect_ignore.append("sklearn_rnn/_export/torch_module.py")


def pytest_collection_modifyitems(config, items):
    for item in items:
        # The user guide's pages train on real data: slow, like the tests that do.
        if item.path.suffix == ".rst":
            item.add_marker("slow")
            _skip_examples_of_missing_packages(item)
        # The display's example draws: matplotlib is an optional extra.
        elif "LossCurveDisplay" in item.name and importlib.util.find_spec("matplotlib") is None:
            item.add_marker(pytest.mark.skip(reason="matplotlib is not installed"))


_REQUIRES = re.compile(r"pass\s*#\s*requires:(.*)")


def _skip_examples_of_missing_packages(item):
    """A page's examples that need an optional package (aeon, sktime, ...)
    follow an example ``>>> pass  # requires: aeon`` (hidden in an rst
    comment; doctest drops an example that is a comment alone): where that
    package is missing they are skipped, up to the next such line
    (``>>> pass  # requires:`` alone ends the section)."""
    missing = False
    for example in getattr(getattr(item, "dtest", None), "examples", []):
        match = _REQUIRES.fullmatch(example.source.strip())
        if match:
            names = match.group(1).replace(",", " ").split()
            missing = any(importlib.util.find_spec(name) is None for name in names)
        elif missing:
            example.options[doctest.SKIP] = True
