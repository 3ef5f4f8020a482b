"""Paired timing of two commits, for changes of a few percent.

On a shared machine, one-epoch fits timed minutes apart differ by 20 % and
more, which hides the effect of most single changes. This script loads the
package of two git revisions side by side in one process and times, at each
size, either the numpy core's ``RecurrentNetwork.loss_gradient`` on one
batch (forward and backward with a reused workspace; the gradients of both
revisions are checked to agree first) or, with ``--fits``, a whole epoch of
``RNNClassifier.partial_fit`` on 512 sequences after a first one (input
validation, duplicate merging, the time-major copy, the engine),
alternating between them: each round takes
the best of a few calls of A, then of B, and reports B / A. The median of
the rounds' ratios and their quartiles are printed per size.

    python benchmarks/compare_commits.py HEAD~1 HEAD --cells lstm,gru
    python benchmarks/compare_commits.py main WORKTREE    # uncommitted changes
    python benchmarks/compare_commits.py main WORKTREE --fits

``WORKTREE`` stands for the files of the working tree.
"""

import argparse
import importlib
import statistics
import sys
import tempfile
import time
import warnings

import numpy as np

from revisions import load_package

SIZES = [(100, 32, 32, 32), (100, 8, 128, 32), (100, 8, 32, 256), (20, 8, 128, 256)]


def load(revision, name, directory):
    """The core of the package at ``revision``: its network class, its
    workspace class and a call of ``loss_gradient`` on arrays."""
    package = load_package(revision, name, directory)
    try:
        network = importlib.import_module(f"{name}._core.network")
        workspace = importlib.import_module(f"{name}._core.workspace")

        try:
            Batch = importlib.import_module(f"{name}._core.batch").Batch
        except (ModuleNotFoundError, AttributeError):
            # Until the engine redesign of December 2026 Batch was in network.py.
            Batch = network.Batch

        def loss_gradient(net, flat, grad, X, present, Y, w, loss, alpha, ws):
            return net.loss_gradient(flat, grad, Batch(X, present, Y, w), loss, alpha, ws)

    except ModuleNotFoundError:
        # Before the redesign of December 2026 the core was _network.py.
        network = importlib.import_module(f"{name}._network")
        workspace = importlib.import_module(f"{name}._workspace")

        def loss_gradient(net, *args):
            return net.loss_gradient(*args)

    return package, network.RecurrentNetwork, workspace.Workspace, loss_gradient


def batch(T, F, B, dtype, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((T, B, F)).astype(dtype)
    Y = np.eye(4, dtype=dtype)[rng.integers(4, size=B)]
    return X, np.ones((T, B), dtype=bool), Y, np.ones(B, dtype=dtype)


def core_runs(packages, cell, T, F, H, B, dtype):
    """A timed call of ``loss_gradient`` of each revision."""
    X, present, Y, weights = batch(T, F, B, dtype)
    runs = []
    for _, Network, Workspace, loss_gradient in packages:
        network = Network(F, (H,), 4, cell=cell)
        flat = network.initialize(np.random.default_rng(0), dtype)
        grad = np.empty_like(flat)
        workspace = Workspace()

        def run(network=network, flat=flat, grad=grad, workspace=workspace,
                loss_gradient=loss_gradient):
            start = time.perf_counter()
            loss_gradient(network, flat, grad, X, present, Y, weights, "log_loss",
                          1e-4, workspace)
            return time.perf_counter() - start

        run()
        runs.append((run, grad))
    (_, grad_a), (_, grad_b) = runs
    tolerance = 1e-4 if dtype == np.float32 else 1e-9
    if not np.allclose(grad_a, grad_b, rtol=tolerance, atol=tolerance):
        sys.exit(f"the gradients differ at {cell} T={T} F={F} H={H} B={B}")
    return [run for run, _ in runs], max(3, int(2e6 / (T * B * H)))


def fit_runs(packages, cell, T, F, H, B, dtype, n_samples=512):
    """A timed epoch of each revision's classifier, its second partial_fit."""
    X, _, Y, _ = batch(T, F, n_samples, dtype)
    X, y = np.ascontiguousarray(X.transpose(1, 0, 2)), Y.argmax(axis=1)
    runs = []
    for package, *_ in packages:

        def run(package=package):
            est = package.RNNClassifier((H,), cell=cell, batch_size=B, random_state=0)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                est.partial_fit(X, y, classes=np.arange(4))
                start = time.perf_counter()
                est.partial_fit(X, y)
            return time.perf_counter() - start

        run()
        runs.append(run)
    return runs, 2


def compare(runs, calls, label, rounds):
    run_a, run_b = runs
    times_a, times_b, ratios = [], [], []
    for _ in range(rounds):
        a = min(run_a() for _ in range(calls))
        b = min(run_b() for _ in range(calls))
        times_a.append(a)
        times_b.append(b)
        ratios.append(b / a)
    q1, median, q3 = np.percentile(ratios, [25, 50, 75])
    print(f"| {label} | {statistics.median(times_a) * 1e3:.2f} "
          f"| {statistics.median(times_b) * 1e3:.2f} | {median:.3f} "
          f"| {q1:.3f}-{q3:.3f} |", flush=True)
    return median


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", help="git revision, or WORKTREE")
    parser.add_argument("b", help="git revision, or WORKTREE")
    parser.add_argument("--cells", default="rnn,gru,lstm")
    parser.add_argument("--dtype", default="float32")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--fits", action="store_true",
                        help="time one-epoch fits instead of the core")
    args = parser.parse_args()
    dtype = np.dtype(args.dtype)
    with tempfile.TemporaryDirectory() as directory:
        packages = [load(args.a, "sklearn_rnn_a", directory),
                    load(args.b, "sklearn_rnn_b", directory)]
        what = "a partial_fit epoch on 512 sequences" if args.fits else "loss_gradient on one batch"
        print(f"{what}, {args.dtype}: A = {args.a}, B = {args.b}; medians of "
              f"{args.rounds} rounds.\n")
        print("| cell | T | F | H | B | A ms | B ms | B/A | quartiles |")
        print("|---|---|---|---|---|---|---|---|---|")
        medians = []
        for cell in args.cells.split(","):
            for T, F, H, B in SIZES:
                make = fit_runs if args.fits else core_runs
                runs, calls = make(packages, cell, T, F, H, B, dtype)
                label = f"{cell} | {T} | {F} | {H} | {B}"
                medians.append(compare(runs, calls, label, args.rounds))
        print(f"\nmedian of the medians B/A: {statistics.median(medians):.3f}")


if __name__ == "__main__":
    main()
