"""Default fits of two git revisions, side by side: seconds, accuracy and
ConvergenceWarnings.

For each data set and ``random_state``, ``RNNClassifier()`` (or
``RNNRegressor()``) of revision A and of revision B are fitted one after
the other in one process (A first for even seeds, B first for odd ones,
so that a change of load hits both), on the data of ``bench_accuracy.py``.
Per set it prints each revision's fit seconds, test accuracy (RMSE for
regression) and warnings by seed, and the medians: B's fit time over A's,
and both medians of the score.

    python benchmarks/compare_default_fits.py 1b60da4 WORKTREE
    python benchmarks/compare_default_fits.py HEAD WORKTREE --sets arrow_head --seeds 5,6,7
"""

import argparse
import statistics
import sys
import tempfile
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from bench_accuracy import REGRESSION, classification, regression, rmse
from revisions import load_package


def fit_once(package, name, seed, data):
    """Seconds, test score and number of ConvergenceWarnings of one default fit."""
    X, y, X_test, y_test = data[:4]
    estimator = (package.RNNRegressor if name in REGRESSION else package.RNNClassifier)(
        random_state=seed
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        start = time.perf_counter()
        estimator.fit(X, y)
        seconds = time.perf_counter() - start
    predicted = estimator.predict(X_test)
    score = rmse(y_test, predicted) if name in REGRESSION else float(np.mean(predicted == y_test))
    warned = sum(issubclass(w.category, ConvergenceWarning) for w in caught)
    return seconds, score, warned


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", help="git revision, or WORKTREE")
    parser.add_argument("b", help="git revision, or WORKTREE")
    parser.add_argument("--sets", default="gun_point,trace,arrow_head")
    parser.add_argument("--seeds", default="0,1,2,3,4")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        packages = [load_package(args.a, "rev_a", directory),
                    load_package(args.b, "rev_b", directory)]
        for name in args.sets.split(","):
            data = regression(name) if name in REGRESSION else classification(name)
            if data is None:
                print(f"{name}: data absent, skipped")
                continue
            runs = {0: [], 1: []}
            for seed in map(int, args.seeds.split(",")):
                for side in ((0, 1) if seed % 2 == 0 else (1, 0)):
                    runs[side].append(fit_once(packages[side], name, seed, data))
            report(name, args, runs)
            sys.stdout.flush()


def report(name, args, runs):
    kind = "RMSE" if name in REGRESSION else "accuracy"
    print(f"\n{name}")
    for side, label in ((0, args.a), (1, args.b)):
        seconds, scores, warned = zip(*runs[side])
        print(f"  {label:>10}: s {' '.join(f'{s:6.1f}' for s in seconds)}"
              f" | {kind} {' '.join(f'{v:.4g}' for v in scores)} | warnings {sum(warned)}")
    medians = [[statistics.median(column) for column in zip(*runs[side])] for side in (0, 1)]
    print(f"  median seconds {medians[0][0]:.1f} -> {medians[1][0]:.1f} "
          f"(B/A {medians[1][0] / medians[0][0]:.2f}); median {kind} "
          f"{medians[0][1]:.4g} -> {medians[1][1]:.4g}")


if __name__ == "__main__":
    main()
