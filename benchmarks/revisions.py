"""The package at a git revision (or the working tree), importable beside
another: shared by the scripts that compare two revisions in one process."""

import importlib
import shutil
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_package(revision, name, directory):
    """Import ``sklearn_rnn`` at ``revision`` ("WORKTREE": the files of the
    working tree) as the package ``name``, from a copy in ``directory``."""
    target = Path(directory) / name
    if revision == "WORKTREE":
        shutil.copytree(ROOT / "sklearn_rnn", target)
    else:
        archive = subprocess.run(
            ["git", "archive", revision, "sklearn_rnn"],
            cwd=ROOT, capture_output=True, check=True,
        ).stdout
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(directory, filter="data")
        (Path(directory) / "sklearn_rnn").rename(target)
    if str(directory) not in sys.path:
        sys.path.insert(0, str(directory))
    return importlib.import_module(name)
