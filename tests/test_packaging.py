"""What the package declares is what it is tested with."""

import ast
import re
import sys
from pathlib import Path

import pytest
import tomllib

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _floors():
    floors = {}
    for requirement in PYPROJECT["project"]["dependencies"]:
        name, version = re.fullmatch(r"([\w-]+)>=([\d.]+)", requirement).groups()
        floors[name] = version
    return floors


def test_ci_tests_the_declared_minimum_versions():
    pinned = {}
    for line in (ROOT / ".ci" / "minimum-versions.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = re.fullmatch(r"([\w-]+)==([\d.]+)\.\*", line).groups()
            pinned[name] = version
    assert pinned == _floors()


def _module_level_imports(path):
    """The top-level names of the absolute imports at the top of ``path``,
    and the modules of its relative ones (``from .x import y``: "x")."""
    absolute, relative = set(), set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Import):
            absolute |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level:
            absolute.add(node.module.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module:
            relative.add(node.module.split(".")[-1])
    return absolute, relative


def test_every_third_party_import_is_declared():
    """At module level: an optional package (pandas, for DataFrames) may be
    imported inside the function that needs it, or at the top of a module
    (torch, in _export/torch_module.py) that the package itself imports only
    inside functions, so that importing sklearn_rnn never needs it."""
    declared = {name.replace("-", "_").replace("scikit_learn", "sklearn") for name in _floors()}
    allowed = declared | set(sys.stdlib_module_names) | {"sklearn_rnn"}
    optional, eager = {}, set()
    for path in (ROOT / "sklearn_rnn").rglob("*.py"):
        absolute, relative = _module_level_imports(path)
        if absolute - allowed:
            optional[path.stem] = absolute - allowed
        eager |= relative
    assert set(optional) <= {"torch_module"}, optional
    assert not set(optional) & eager, "a module of optional imports is imported eagerly"


def test_the_version_has_one_source():
    import sklearn_rnn

    assert PYPROJECT["project"]["dynamic"] == ["version"]
    assert "version" not in PYPROJECT["project"]
    assert re.fullmatch(r"\d+\.\d+\.\d+(\.dev\d+)?", sklearn_rnn.__version__)
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert f"## {sklearn_rnn.__version__}" in changelog


@pytest.mark.parametrize("name", ["LICENSE", "README.md", "CHANGELOG.md"])
def test_the_distribution_files_exist(name):
    assert (ROOT / name).stat().st_size > 0
