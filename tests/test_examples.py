"""What the documentation build asks of the examples in examples/.

The docs build (sphinx-gallery) runs the examples that its
``filename_pattern`` matches. CI installs the dask extra beside the docs
extra, so a run example that needed more than the docs extra would pass
there and break the build of anyone who installed only ``.[docs]``: this
test catches it. (That every example runs as a plain script, and that the
gallery renders, CI checks by running them and building the docs.)
"""

import ast
import re
import runpy
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))

# What `pip install ".[docs]"` brings that an example may import: the
# package, its dependencies (joblib comes with scikit-learn) and matplotlib.
DOCS_EXTRA_IMPORTS = {"sklearn_rnn", "numpy", "scipy", "sklearn", "joblib", "matplotlib"}


def _top_level_imports(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level:
            yield node.module.split(".")[0]


@pytest.fixture(scope="module")
def gallery_conf():
    saved = list(sys.path)  # conf.py puts the checkout on sys.path
    try:
        return runpy.run_path(str(ROOT / "docs" / "conf.py"))["sphinx_gallery_conf"]
    finally:
        sys.path[:] = saved


def _run_by_the_docs_build(path, gallery_conf):
    return re.search(gallery_conf["filename_pattern"], str(path)) is not None


def test_the_docs_build_runs_every_plot_example(gallery_conf):
    # A pattern that matched none would build a gallery without figures.
    plots = [p for p in EXAMPLES if p.name.startswith("plot_")]
    assert plots
    assert all(_run_by_the_docs_build(p, gallery_conf) for p in plots)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_an_example_the_docs_build_runs_needs_only_the_docs_extra(path, gallery_conf):
    if not _run_by_the_docs_build(path, gallery_conf):
        pytest.skip("shown in the gallery, not run")
    needed = set(_top_level_imports(path)) - set(sys.stdlib_module_names)
    assert needed <= DOCS_EXTRA_IMPORTS, (
        f"{path.name} imports {sorted(needed - DOCS_EXTRA_IMPORTS)}, which the docs "
        "extra does not install: add it there, or keep the example out of "
        "sphinx-gallery's filename_pattern in docs/conf.py"
    )
