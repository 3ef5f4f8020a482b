import os

# scikit-learn's array-API estimator check runs only when scipy was imported
# with its array-API support switched on; without this it is skipped.
os.environ.setdefault("SCIPY_ARRAY_API", "1")

# The user guide's code examples run as doctests (docs/*.rst); Sphinx's
# configuration and build output are not tests.
collect_ignore = ["docs/conf.py"]
collect_ignore_glob = ["docs/_build/*", "docs/generated/*"]


def pytest_collection_modifyitems(config, items):
    # The user guide's pages train on real data: slow, like the tests that do.
    for item in items:
        if item.path.suffix == ".rst":
            item.add_marker("slow")
