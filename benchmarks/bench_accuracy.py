"""Accuracy of the defaults on real data, over seeds, beside baselines.

For every bundled data set (the official train/test splits, raw values) and
every random_state, the test accuracy of ``RNNClassifier()`` with its
defaults and of a few named variants, and their fit seconds; beside them the
baselines an RNN must clear to be worth its cost (per-feature summary
statistics + logistic regression, 1-NN Euclidean) and, when torch is
installed, a plain PyTorch GRU as a user would write one.

For regression, the test RMSE of ``RNNRegressor()`` and its variants beside
five baselines: the training mean, the last value, the seasonal naive
forecast (the value one period before the target), RidgeCV on the window
(``alphas=np.logspace(-6, 6, 25)``, missing steps filled with the training
mean of their column) and HistGradientBoostingRegressor on the window. The
forecasting sets are windows of the past and the next value as target, the
first 80 % of the windows in time order to train and the last 20 % to
test: yearly sunspots and weekly Mauna Loa CO2 (bundled; CO2's missing
weeks are absent steps), and, from ``../shared/data`` beside the checkout
(skipped when absent: their licences keep them out of the package), the
half-hourly electricity demand (taylor), monthly wine sales (wineind) and
quarterly woollen yarn (woolyrnq). The sequence-regression sets
Covid3Month and CardanoSentiment (also from ``../shared/data``) have their
official split; their target is not a value of the series, so the last
value and the seasonal naive forecast do not apply. Prints one markdown
table per set.

    python benchmarks/bench_accuracy.py                      # everything, seeds 0-4
    python benchmarks/bench_accuracy.py --sets trace,gun_point --seeds 0,1
    python benchmarks/bench_accuracy.py --variants "default;vanilla"  # names hold commas
    python benchmarks/bench_accuracy.py --quick              # one seed, two small sets
"""

import argparse
import os
import platform
import statistics
import time
import warnings

import numpy as np
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, RidgeCV
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_info

from sklearn_rnn import RNNClassifier, RNNRegressor, datasets, sliding_windows
from sklearn_rnn.preprocessing import SequenceSummarizer

try:
    import torch
except ImportError:  # the PyTorch GRU is left out
    torch = None

CLASSIFICATION = ["japanese_vowels", "basic_motions", "gun_point", "arrow_head", "trace"]
# Forecasting: (window, period of the seasonal naive forecast); sunspots'
# cycle is about 11 years.
FORECASTING = {
    "sunspots": (20, 11), "co2": (52, 52), "taylor": (48, 48), "wineind": (24, 12),
    "woolyrnq": (16, 4),
}
# Sequence regression on the official split.
SEQUENCE_REGRESSION = ["Covid3Month", "CardanoSentiment"]
REGRESSION = list(FORECASTING) + SEQUENCE_REGRESSION
# The shared data beside the checkout: ../shared/data.
SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data")

# Named variants: parameters that differ from the defaults, for the
# classifier and for the regressor.
VARIANTS = {
    "default": ({}, {}),
    "vanilla": ({"cell": "rnn"}, {"cell": "rnn"}),
    "lstm": ({"cell": "lstm"}, {"cell": "lstm"}),
    # The classifier's defaults until input noise and averaging were turned on.
    "input_noise=0, ema_momentum=None, n_iter_no_change=50": (
        {"input_noise": 0.0, "ema_momentum": None, "n_iter_no_change": 50}, None),
    "input_noise=0.1": ({"input_noise": 0.1}, {"input_noise": 0.1}),
    "ema_momentum=None": ({"ema_momentum": None}, None),
    "last state only": ({"readout": ("last",)}, None),
    "readout last+mean+max": (None, {"readout": ("last", "mean", "max")}),
    "no early stopping": (None, {"early_stopping": False}),
    "no linear path": (None, {"linear_steps": 0}),
    "no sequence normalisation": (None, {"normalize_sequences": False}),
    # The regressor's defaults before the linear path and the levels.
    "regressor defaults of 2026-12-02": (None, {
        "linear_steps": 0, "normalize_sequences": False, "learning_rate_init": 1e-2,
        "max_iter": 500, "n_iter_no_change": 50}),
    "unstandardised": ({"standardize_inputs": False}, {"standardize_inputs": False}),
    "previous defaults": (
        {"cell": "rnn", "readout": ("last",), "max_iter": 200, "n_iter_no_change": 20,
         "standardize_inputs": False, "input_noise": 0.0, "ema_momentum": None},
        {"cell": "rnn", "max_iter": 200, "n_iter_no_change": 20, "early_stopping": False,
         "standardize_inputs": False, "standardize_targets": False, "linear_steps": 0,
         "normalize_sequences": False, "learning_rate_init": 1e-2},
    ),
}


def _cpu():
    try:
        with open("/proc/cpuinfo") as f:
            names = (line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
            return next(names)
    except (OSError, StopIteration):
        return platform.processor() or platform.machine()


def _quiet(fit):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return fit()


def _timed(fit):
    start = time.perf_counter()
    model = _quiet(fit)
    return model, time.perf_counter() - start


def classification(name):
    load = getattr(datasets, f"load_{name}")
    return load(split="train", return_X_y=True) + load(split="test", return_X_y=True)


def resample(X, length):
    """Each sequence's present steps interpolated onto ``length`` points,
    for the 1-NN Euclidean baseline on sequences of unequal lengths."""
    out = np.empty((len(X), length, X.shape[2]))
    for i, x in enumerate(X):
        x = x[~np.isnan(x).all(axis=1)]
        old, new = np.linspace(0, 1, len(x)), np.linspace(0, 1, length)
        out[i] = np.stack([np.interp(new, old, x[:, f]) for f in range(x.shape[1])], axis=1)
    return out.reshape(len(X), -1)


def baselines(X, y, X_test, y_test):
    summary = make_pipeline(
        SequenceSummarizer(), StandardScaler(), LogisticRegression(max_iter=5000)
    ).fit(X, y)
    length = X.shape[1]
    nearest = KNeighborsClassifier(1).fit(resample(X, length), y)
    return {
        "summary statistics + LogisticRegression": summary.score(X_test, y_test),
        "1-NN Euclidean": nearest.score(resample(X_test, length), y_test),
    }


def torch_gru(X, y, X_test, y_test, seed, epochs=100, hidden=32, lr=1e-3, batch=32):
    """A plain PyTorch GRU: raw inputs with zero padding, packed sequences,
    the last state into a linear layer, Adam, cross-entropy."""
    torch.manual_seed(seed)
    torch.set_num_threads(1)  # as ours: small per-step products
    classes, codes = np.unique(y, return_inverse=True)
    gru = torch.nn.GRU(X.shape[2], hidden, batch_first=True, dtype=torch.float64)
    linear = torch.nn.Linear(hidden, len(classes), dtype=torch.float64)
    optimizer = torch.optim.Adam([*gru.parameters(), *linear.parameters()], lr=lr)

    def tensors(X):
        lengths = (~np.isnan(X).all(axis=2)).sum(axis=1)
        return torch.from_numpy(np.nan_to_num(X)), torch.from_numpy(np.maximum(lengths, 1))

    def outputs(X, lengths):
        packed = torch.nn.utils.rnn.pack_padded_sequence(
            X, lengths, batch_first=True, enforce_sorted=False
        )
        return linear(gru(packed)[1][-1])

    Xt, lengths = tensors(X)
    yt = torch.from_numpy(codes)
    for _ in range(epochs):
        order = torch.randperm(len(Xt))
        for begin in range(0, len(Xt), batch):
            rows = order[begin : begin + batch]
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(outputs(Xt[rows], lengths[rows]), yt[rows])
            loss.backward()
            optimizer.step()
    with torch.no_grad():
        predicted = outputs(*tensors(X_test)).argmax(dim=1).numpy()
    return float((classes[predicted] == y_test).mean())


def regression(name):
    """Training and test sequences and targets of a regression set, and the
    period of its seasonal naive forecast (None: no last value or seasonal
    forecast applies); None if its data are absent."""
    if name in SEQUENCE_REGRESSION:
        path = os.path.join(SHARED, f"{name}.npz")
        if not os.path.exists(path):
            return None
        with np.load(path) as data:
            return data["X_train"], data["y_train"], data["X_test"], data["y_test"], None
    window, period = FORECASTING[name]
    if name == "sunspots":
        series = datasets.load_sunspots().series
    elif name == "co2":
        series = datasets.load_co2().series
    else:
        path = os.path.join(SHARED, f"{name}.npz")
        if not os.path.exists(path):
            return None
        with np.load(path) as data:
            series = data["series"]
    X, y = sliding_windows(series, window)
    split = int(0.8 * len(X))
    return X[:split], y[:split], X[split:], y[split:], period


def last_values(X):
    """The last observed value of each window."""
    return SequenceSummarizer(statistics=("last",)).fit_transform(X)[:, 0]


def rmse(y, predicted):
    return float(np.sqrt(np.mean((y - predicted) ** 2)))


def regression_baselines(X, y, X_test, y_test, period):
    """Test RMSE of the five baselines (three for sequence regression)."""
    scores = {"training mean": rmse(y_test, np.full(len(y_test), y.mean()))}
    if period is not None:
        last = last_values(X_test)
        scores["last value"] = rmse(y_test, last)
        seasonal = X_test[:, -period, 0]
        # A missing week falls back on the last value.
        scores["seasonal naive"] = rmse(y_test, np.where(np.isnan(seasonal), last, seasonal))
    table, table_test = X.reshape(len(X), -1), X_test.reshape(len(X_test), -1)
    mean = np.nanmean(table, axis=0)

    def filled(rows):
        return np.where(np.isnan(rows), mean, rows)

    ridge = RidgeCV(alphas=np.logspace(-6, 6, 25)).fit(filled(table), y)
    scores["RidgeCV on the windows"] = rmse(y_test, ridge.predict(filled(table_test)))
    boosting = HistGradientBoostingRegressor(random_state=0).fit(table, y)
    scores["HistGradientBoostingRegressor on the windows"] = rmse(
        y_test, boosting.predict(table_test)
    )
    return scores


def row(label, values, seconds=None, fmt=".3f", slowest=False):
    """A table row: the values, their min, median and max, and the median
    fit seconds (and the slowest, if ``slowest``)."""
    cells = " ".join(f"{v:{fmt}}" for v in values)
    summary = " | ".join(
        f"{v:{fmt}}" for v in (min(values), statistics.median(values), max(values))
    )
    timing = "" if seconds is None else f"{statistics.median(seconds):.1f}"
    if seconds is not None and slowest:
        timing += f" (max {max(seconds):.1f})"
    print(f"| {label} | {cells} | {summary} | {timing} |", flush=True)


def run_classification(name, variants, seeds, with_torch):
    X, y, X_test, y_test = classification(name)
    print(f"\n### {name}: {X.shape[0]} training / {X_test.shape[0]} test sequences, "
          f"{X.shape[1]} steps of {X.shape[2]} features, {len(np.unique(y))} classes\n")
    print("| model | test accuracy by random_state | min | median | max | fit s (median) |")
    print("|---|---|---|---|---|---|")
    for label in variants:
        params = VARIANTS[label][0]
        if params is None:
            continue
        fits = [_timed(lambda s=s, p=params: RNNClassifier(random_state=s, **p).fit(X, y))
                for s in seeds]
        row(label, [model.score(X_test, y_test) for model, _ in fits], [t for _, t in fits])
    for label, score in baselines(X, y, X_test, y_test).items():
        row(label, [score])
    if with_torch:
        start = time.perf_counter()
        scores = [torch_gru(X, y, X_test, y_test, s) for s in seeds]
        row("PyTorch GRU (32 units, Adam 1e-3, 100 epochs)", scores,
            [(time.perf_counter() - start) / len(seeds)])


def run_regression(name, variants, seeds):
    data = regression(name)
    if data is None:
        print(f"\n### {name}: skipped, no {name}.npz in {os.path.normpath(SHARED)}")
        return
    X, y, X_test, y_test, period = data
    what = (
        "the next value as target" if period is not None
        else f"{X.shape[2]} feature(s), official split"
    )
    print(f"\n### {name}: {len(X)} training / {len(X_test)} test sequences of {X.shape[1]} "
          f"steps, {what} (test RMSE; ratio: median and worst over the best baseline's)\n")
    print("| model | test RMSE by random_state | min | median | max | fit s (median) |")
    print("|---|---|---|---|---|---|")
    baselines = regression_baselines(X, y, X_test, y_test, period)
    best = min(baselines.values())
    for label in variants:
        params = VARIANTS[label][1]
        if params is None:
            continue
        fits = [_timed(lambda s=s, p=params: RNNRegressor(random_state=s, **p).fit(X, y))
                for s in seeds]
        scores = [rmse(y_test, model.predict(X_test)) for model, _ in fits]
        ratio = f"{statistics.median(scores) / best:.3f}, {max(scores) / best:.3f}"
        row(f"{label} (ratio {ratio})", scores, [t for _, t in fits], ".4g", slowest=True)
    for label, value in baselines.items():
        row(label, [value], fmt=".4g")


def arguments(argv=None):
    """The command line's sets, variants and seeds, as lists."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(CLASSIFICATION + REGRESSION))
    parser.add_argument("--variants", default=";".join(VARIANTS),
                        help="names of VARIANTS, separated by ';'")
    parser.add_argument("--seeds", default="0,1,2,3,4")
    parser.add_argument("--no-torch", action="store_true", help="leave the PyTorch GRU out")
    parser.add_argument("--quick", action="store_true", help="one seed, two small sets")
    args = parser.parse_args(argv)
    args.sets, args.variants = args.sets.split(","), args.variants.split(";")
    args.seeds = [int(s) for s in args.seeds.split(",")]
    if args.quick:
        args.sets, args.variants, args.seeds = ["basic_motions", "sunspots"], ["default"], [0]
    unknown = sorted(set(args.variants) - set(VARIANTS))
    if unknown:
        parser.error(f"unknown variants {unknown}; the variants are {list(VARIANTS)}")
    return args


def main():
    args = arguments()
    sets, variants, seeds = args.sets, args.variants, args.seeds
    blas = ", ".join(f"{i['internal_api']} {i.get('version')} ({i.get('architecture')} kernel)"
                     for i in threadpool_info() if i["user_api"] == "blas")
    print(f"Machine: {_cpu()}, {os.cpu_count()} CPUs; numpy {np.__version__}, {blas}"
          + (f"; torch {torch.__version__}" if torch else ""))
    for name in sets:
        if name in REGRESSION:
            run_regression(name, variants, seeds)
        else:
            run_classification(name, variants, seeds, torch is not None and not args.no_torch)


if __name__ == "__main__":
    main()
