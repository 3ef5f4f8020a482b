"""Sphinx configuration of the sklearn-rnn user guide.

Build with ``sphinx-build -W -b html docs docs/_build/html`` (the ``docs``
extra installs what it needs).
"""

import os
import sys

# Document the package of this checkout, installed or not.
sys.path.insert(0, os.path.abspath(".."))

import sklearn_rnn  # noqa: E402

project = "sklearn-rnn"
author = "the sklearn-rnn developers"
copyright = "the sklearn-rnn developers"
release = version = sklearn_rnn.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
]

templates_path = ["_templates"]
exclude_patterns = ["_build"]
autosummary_generate = True
autodoc_default_options = {"members": True}
# The class pages list their own methods (see _templates/class.rst); the
# methods inherited from scikit-learn are documented there.
numpydoc_show_class_members = False
numpydoc_xref_param_type = False
default_role = "literal"

html_theme = "alabaster"
html_title = f"sklearn-rnn {release}"
html_static_path = []


def _skip_scikit_learn_members(app, what, name, obj, skip, options):
    """Document the methods sklearn-rnn defines (also those a class inherits
    from a base class of sklearn-rnn), not those inherited from
    scikit-learn (``get_params``, ``set_output``, the generated
    ``set_*_request``, ...), which scikit-learn documents."""
    if what == "class" and not (getattr(obj, "__module__", None) or "").startswith(
        "sklearn_rnn"
    ):
        return True
    if name.startswith("set_") and name.endswith("_request"):
        return True
    return None


def setup(app):
    app.connect("autodoc-skip-member", _skip_scikit_learn_members)
