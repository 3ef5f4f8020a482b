"""Where the estimators' HTML representation links to.

In a notebook, scikit-learn draws an estimator as a diagram whose "?" icon
links to the estimator's API page (and whose parameters link to their
entries on it). scikit-learn builds that link from three class attributes
of its private ``_HTMLDocumentationLinkMixin`` (a base of ``BaseEstimator``,
scikit-learn >= 1.4):

- ``_doc_link_module``: the top-level package the class must belong to for
  a link to be made (``"sklearn"`` by default, so that without this module
  no sklearn-rnn estimator gets one);
- ``_doc_link_template``: the URL, a format string filled with
  ``estimator_module`` (the public module: ``sklearn_rnn`` or
  ``sklearn_rnn.preprocessing``) and ``estimator_name`` (the class name);
  an empty template makes an empty link, and the diagram then shows no
  icon;
- ``_doc_link_url_param_generator``: another source of the template's
  fields, not needed here.

The estimators and transformers of sklearn-rnn inherit
:class:`DocLinkMixin`, which sets the first two to ``"sklearn_rnn"`` and
to :func:`doc_link_template`, which reads :data:`DOCS_URL` each time: that
constant is the one place to set.
"""

# SPDX-License-Identifier: BSD-3-Clause

#: The root URL of the hosted HTML documentation (the build of ``docs/``),
#: for example ``"https://<host>/sklearn-rnn/stable/"``. None while the
#: project has no hosted documentation: the HTML representation then shows
#: no documentation link. The maintainers set it once the documentation is
#: published; ``docs/conf.py`` uses it as ``html_baseurl`` too.
DOCS_URL = None

# The page of each object in the API reference (docs/api.rst: autosummary
# writes generated/<module>.<name>.html).
_API_PAGE = "generated/{estimator_module}.{estimator_name}.html"


def doc_link_template(estimator=None):
    """The ``_doc_link_template`` of the estimators: "" while
    :data:`DOCS_URL` is unset, else the URL of their API page with the
    fields scikit-learn fills in."""
    if not DOCS_URL:
        return ""
    return DOCS_URL.rstrip("/") + "/" + _API_PAGE


class DocLinkMixin:
    """The HTML representation's link to the API page, for every estimator
    and transformer of sklearn-rnn; list it before scikit-learn's bases."""

    _doc_link_module = "sklearn_rnn"
    _doc_link_template = property(doc_link_template)
