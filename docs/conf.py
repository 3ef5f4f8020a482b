"""Sphinx configuration of the sklearn-rnn user guide.

Build with ``sphinx-build -W -b html docs docs/_build/html`` (the ``docs``
extra installs what it needs). The build runs the ``plot_*`` examples of
``examples/`` (sphinx-gallery), about half a minute on a 2-core machine,
and needs no network: the intersphinx inventories are in ``_intersphinx/``.
"""

import os
import re
import sys

_here = os.path.dirname(os.path.abspath(__file__))
# Document the package of this checkout, installed or not.
sys.path.insert(0, os.path.dirname(_here))
# The gallery's order (_ext/gallery_order.py) and the Markdown include of
# the changelog (_ext/markdown_include.py).
sys.path.insert(0, os.path.join(_here, "_ext"))

import sklearn_rnn  # noqa: E402
from sklearn_rnn._doc_link import DOCS_URL  # noqa: E402

project = "sklearn-rnn"
author = "the sklearn-rnn developers"
copyright = "the sklearn-rnn developers"
release = version = sklearn_rnn.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "markdown_include",
]

templates_path = ["_templates"]
exclude_patterns = ["_build", "_ext", "_intersphinx"]
# Every reference must resolve (to this project or, through intersphinx, to
# another): a name that an inventory lacks fails the build under -W.
nitpicky = True
autosummary_generate = True
autodoc_default_options = {"members": True}
# The class pages list their own methods (see _templates/class.rst); the
# methods inherited from scikit-learn are documented there.
numpydoc_show_class_members = False
numpydoc_xref_param_type = False
default_role = "literal"

# Links to the documentation of other projects. The inventories (the lists
# of their documented names) are the files in _intersphinx/, read instead of
# downloaded: _intersphinx/README.md says where they come from and how to
# refresh them. The links point to the online documentation.
intersphinx_mapping = {
    "python": ("https://docs.python.org/3/", "_intersphinx/python-3.11.inv"),
    "numpy": ("https://numpy.org/doc/stable/", "_intersphinx/numpy-2.4.inv"),
    "scipy": ("https://docs.scipy.org/doc/scipy/", "_intersphinx/scipy-1.17.inv"),
    "sklearn": ("https://scikit-learn.org/stable/", "_intersphinx/sklearn-1.9.inv"),
    "matplotlib": ("https://matplotlib.org/stable/", "_intersphinx/matplotlib-3.10.inv"),
}


sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    # Run the plot_* scripts while building (their output and figures go on
    # the pages); show the others without running them: dask_grid_search.py
    # needs the dask extra, which the docs extra does not install.
    "filename_pattern": re.escape(os.sep) + "plot_",
    "within_subsection_order": "gallery_order.ExampleOrder",  # _ext/gallery_order.py
    # "Examples using X" on the API pages (see _templates/).
    "doc_module": ("sklearn_rnn",),
    "backreferences_dir": "generated/backreferences",
    # The transformers are documented as sklearn_rnn.preprocessing.X, though
    # sklearn_rnn exports them too.
    "prefer_full_module": {r"^sklearn_rnn\.preprocessing\."},
    "remove_config_comments": True,
    # The build log prints the examples' times; no sg_execution_times page
    # (it would be written into docs/ and load scripts from CDNs).
    "write_computation_times": False,
}

html_theme = "pydata_sphinx_theme"
html_title = f"sklearn-rnn {release}"
html_static_path = []
# The front page and the changelog have no sections to list on the left.
html_sidebars = {"index": [], "changelog": []}
html_theme_options = {
    "show_toc_level": 2,
    "navigation_with_keys": False,
    # The header holds the four top-level pages (Guide, Examples, API,
    # Changelog: index.rst's toctree); the guide's pages are the children of
    # guide.rst, so the left sidebar of each lists them all.
    "header_links_before_dropdown": 4,
    # sphinx-gallery's download links beside each example (empty elsewhere).
    "secondary_sidebar_items": ["page-toc", "sg_download_links", "sourcelink"],
}
# The page of a class lists its methods by their own names in "On this
# page" (not RNNClassifier.predict_log_proba(), which overflows it).
toc_object_entries_show_parents = "hide"
# The root of the hosted documentation, once there is one (see
# sklearn_rnn/_doc_link.py): Sphinx writes it as each page's canonical URL.
html_baseurl = DOCS_URL or ""


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
