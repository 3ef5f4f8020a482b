"""The link from the estimators' HTML representation to their API page.

The project has no hosted documentation yet, so ``_doc_link.DOCS_URL`` is
unset and the diagram shows no link; once the maintainers set it, each
estimator links to its page of the API reference.
"""

import re
from pathlib import Path

import pytest
from sklearn.pipeline import make_pipeline
from sklearn.utils import estimator_html_repr

from sklearn_rnn import RNNClassifier, RNNRegressor, _doc_link
from sklearn_rnn.preprocessing import SequencePadder, SequenceScaler, SequenceSummarizer

ESTIMATORS = [RNNClassifier, RNNRegressor, SequenceScaler, SequencePadder, SequenceSummarizer]
API = Path(__file__).resolve().parent.parent / "docs" / "api.rst"
URL = "https://docs.example.invalid/sklearn-rnn/"


def _api_pages():
    """The pages of docs/api.rst: ``generated/<module>.<name>.html``, as
    autosummary writes them."""
    pages, module = set(), None
    for line in API.read_text().splitlines():
        declared = re.match(r"\.\. (?:current)?module:: (\S+)", line)
        if declared:
            module = declared.group(1)
        entry = re.match(r" {3}([A-Za-z_][\w.]*)$", line)
        if entry and module:
            pages.add(f"generated/{module}.{entry.group(1)}.html")
    return pages


def _links(html):
    return re.findall(r'class="sk-estimator-doc-link[^"]*"[^>]*href="([^"]*)"', html)


@pytest.mark.parametrize("url", [None, ""])
@pytest.mark.parametrize("Estimator", ESTIMATORS, ids=lambda e: e.__name__)
def test_no_link_while_the_documentation_has_no_url(monkeypatch, url, Estimator):
    monkeypatch.setattr(_doc_link, "DOCS_URL", url)
    html = estimator_html_repr(Estimator())
    assert "RNN" in html or "Sequence" in html
    assert _links(html) == []
    assert 'href="#:~:text=' not in html  # nor links from the parameters


@pytest.mark.parametrize("url", [URL, URL.rstrip("/")])
@pytest.mark.parametrize("Estimator", ESTIMATORS, ids=lambda e: e.__name__)
def test_the_diagram_links_to_the_api_page(monkeypatch, url, Estimator):
    monkeypatch.setattr(_doc_link, "DOCS_URL", url)
    links = _links(estimator_html_repr(Estimator()))
    assert len(links) == 1
    assert links[0].startswith(URL)
    assert links[0][len(URL) :] in _api_pages()


def test_each_step_of_a_pipeline_links_to_its_own_page(monkeypatch):
    monkeypatch.setattr(_doc_link, "DOCS_URL", URL)
    html = estimator_html_repr(make_pipeline(SequenceScaler(), RNNClassifier()))
    links = _links(html)
    assert URL + "generated/sklearn_rnn.preprocessing.SequenceScaler.html" in links
    assert URL + "generated/sklearn_rnn.RNNClassifier.html" in links
    # scikit-learn's own Pipeline keeps its link to scikit-learn's pages.
    assert any(link.startswith("https://scikit-learn.org/") for link in links)


def test_the_repr_of_a_fitted_estimator_works_with_and_without_url(monkeypatch):
    import numpy as np

    X = np.random.default_rng(0).normal(size=(20, 5, 2))
    y = np.arange(20) % 2
    clf = RNNClassifier(hidden_layer_sizes=(3,), max_iter=2, random_state=0)
    with pytest.warns(Warning):  # stops at max_iter
        clf.fit(X, y)
    for url in (None, URL):
        monkeypatch.setattr(_doc_link, "DOCS_URL", url)
        html = clf._repr_html_()
        assert "RNNClassifier" in html
        assert len(_links(html)) == (1 if url else 0)
