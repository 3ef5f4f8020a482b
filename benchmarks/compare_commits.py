"""Paired timing of the numpy core at two commits, for changes of a few percent.

On a shared machine, one-epoch fits timed minutes apart differ by 20 % and
more, which hides the effect of most single changes. This script loads the
package of two git revisions side by side in one process and times
``RecurrentNetwork.loss_gradient`` on one batch (forward and backward with a
reused workspace), alternating between them: each round takes the best of a
few calls of A, then of B, and reports B / A. The median of the rounds' ratios
and their quartiles are printed per size; the gradients of both revisions
are checked to agree first.

    python benchmarks/compare_commits.py HEAD~1 HEAD --cells lstm,gru
    python benchmarks/compare_commits.py main WORKTREE    # uncommitted changes

``WORKTREE`` stands for the files of the working tree.
"""

import argparse
import importlib
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SIZES = [(100, 32, 32, 32), (100, 8, 128, 32), (100, 8, 32, 256), (20, 8, 128, 256)]


def load(revision, name, directory):
    """The core modules of the package at ``revision``, imported as ``name``."""
    target = directory / name
    if revision == "WORKTREE":
        shutil.copytree(ROOT / "sklearn_rnn", target)
    else:
        archive = subprocess.run(
            ["git", "archive", revision, "sklearn_rnn"],
            cwd=ROOT, capture_output=True, check=True,
        ).stdout
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(directory, filter="data")
        (directory / "sklearn_rnn").rename(target)
    return [importlib.import_module(f"{name}.{module}")
            for module in ("_network", "_workspace")]


def batch(T, F, B, dtype, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((T, B, F)).astype(dtype)
    Y = np.eye(4, dtype=dtype)[rng.integers(4, size=B)]
    return X, np.ones((T, B), dtype=bool), Y, np.ones(B, dtype=dtype)


def compare(packages, cell, T, F, H, B, dtype, rounds):
    X, present, Y, weights = batch(T, F, B, dtype)
    runs = []
    for core, buffers in packages:
        network = core.RecurrentNetwork(F, (H,), 4, cell=cell)
        flat = network.initialize(np.random.default_rng(0), dtype)
        grad = np.empty_like(flat)
        workspace = buffers.Workspace()

        def run(network=network, flat=flat, grad=grad, workspace=workspace):
            start = time.perf_counter()
            network.loss_gradient(
                flat, grad, X, present, Y, weights, "log_loss", 1e-4, workspace
            )
            return time.perf_counter() - start

        run()
        runs.append((run, grad))
    (run_a, grad_a), (run_b, grad_b) = runs
    tolerance = 1e-4 if dtype == np.float32 else 1e-9
    if not np.allclose(grad_a, grad_b, rtol=tolerance, atol=tolerance):
        sys.exit(f"the gradients differ at {cell} T={T} F={F} H={H} B={B}")
    calls = max(3, int(2e6 / (T * B * H)))  # a few milliseconds per round
    times_a, times_b, ratios = [], [], []
    for _ in range(rounds):
        a = min(run_a() for _ in range(calls))
        b = min(run_b() for _ in range(calls))
        times_a.append(a)
        times_b.append(b)
        ratios.append(b / a)
    q1, median, q3 = np.percentile(ratios, [25, 50, 75])
    print(f"| {cell} | {T} | {F} | {H} | {B} | {statistics.median(times_a) * 1e3:.2f} "
          f"| {statistics.median(times_b) * 1e3:.2f} | {median:.3f} "
          f"| {q1:.3f}-{q3:.3f} |", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", help="git revision, or WORKTREE")
    parser.add_argument("b", help="git revision, or WORKTREE")
    parser.add_argument("--cells", default="rnn,gru,lstm")
    parser.add_argument("--dtype", default="float32")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        directory = Path(directory)
        sys.path.insert(0, str(directory))
        packages = [load(args.a, "sklearn_rnn_a", directory),
                    load(args.b, "sklearn_rnn_b", directory)]
        print(f"loss_gradient on one batch, {args.dtype}: A = {args.a}, "
              f"B = {args.b}; medians of {args.rounds} rounds.\n")
        print("| cell | T | F | H | B | A ms | B ms | B/A | quartiles |")
        print("|---|---|---|---|---|---|---|---|---|")
        for cell in args.cells.split(","):
            for T, F, H, B in SIZES:
                compare(packages, cell, T, F, H, B, np.dtype(args.dtype), args.rounds)


if __name__ == "__main__":
    main()
