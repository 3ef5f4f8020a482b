"""The boundaries between the package's layers, read off the imports.

The numpy core knows nothing of scikit-learn, the training engine imports
the core only, and private scikit-learn names come through ``_compat``.
"""

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sklearn_rnn"
STDLIB = set(sys.stdlib_module_names)


def _imports(path):
    """(module, names) of every import of a file, relative ones resolved."""
    package = list(path.relative_to(PACKAGE.parent).parts[:-1])
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            yield module, [alias.name for alias in node.names]


def _modules(folder):
    return sorted((PACKAGE / folder).glob("*.py"))


def _top_levels(path):
    return {module.split(".")[0] for module, _ in _imports(path)} - STDLIB


@pytest.mark.parametrize("path", _modules("_core"), ids=lambda p: p.name)
def test_the_core_imports_numpy_and_scipy_only(path):
    assert _top_levels(path) <= {"numpy", "scipy", "sklearn_rnn"}
    inside = {m for m, _ in _imports(path) if m.startswith("sklearn_rnn")}
    assert all(m.startswith("sklearn_rnn._core") for m in inside), inside


@pytest.mark.parametrize("path", _modules("_engine"), ids=lambda p: p.name)
def test_the_engine_imports_the_core_only(path):
    assert _top_levels(path) <= {"numpy", "scipy", "threadpoolctl", "sklearn_rnn"}
    inside = {m for m, _ in _imports(path) if m.startswith("sklearn_rnn")}
    assert all(m.startswith(("sklearn_rnn._core", "sklearn_rnn._engine")) for m in inside)


@pytest.mark.parametrize(
    "name", ["_sequences.py", "_labels.py", "_diagnosis.py", "_engine/duplicates.py"]
)
def test_data_preparation_is_numpy(name):
    assert _top_levels(PACKAGE / name) <= {"numpy", "sklearn_rnn"}


def test_private_scikit_learn_names_come_through_compat_only():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for module, names in _imports(path):
            private = any(part.startswith("_") for part in module.split(".")[1:]) or any(
                name.startswith("_") for name in names
            )
            if module.startswith("sklearn") and not module.startswith("sklearn_rnn") and (
                private and path.name != "_compat.py"
            ):
                offenders.append(f"{path.relative_to(PACKAGE)}: {module} {names}")
    assert not offenders


def test_no_module_imports_private_names_of_a_public_one():
    """A public module (``layouts``, ``metrics``, ...) is a face: what the
    others share lives in private modules."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for module, names in _imports(path):
            parts = module.split(".")
            public = parts[0] == "sklearn_rnn" and not any(p.startswith("_") for p in parts[1:])
            if public and any(name.startswith("_") for name in names):
                offenders.append(f"{path.relative_to(PACKAGE)}: {module} {names}")
    assert not offenders
