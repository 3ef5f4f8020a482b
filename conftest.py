import os

# scikit-learn's array-API estimator check runs only when scipy was imported
# with its array-API support switched on; without this it is skipped.
os.environ.setdefault("SCIPY_ARRAY_API", "1")

# The user guide's code examples run as doctests (docs/*.rst); Sphinx's
# configuration and what the docs build writes into docs/ (autosummary's and
# sphinx-gallery's pages) are not tests.
collect_ignore = ["docs/conf.py", "docs/_ext", "docs/sg_execution_times.rst"]
collect_ignore_glob = ["docs/_build/*", "docs/generated/*", "docs/auto_examples/*"]


def pytest_collection_modifyitems(config, items):
    # The user guide's pages train on real data: slow, like the tests that do.
    for item in items:
        if item.path.suffix == ".rst":
            item.add_marker("slow")
