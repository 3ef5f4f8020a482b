"""Time training and prediction of sklearn-rnn against PyTorch on the CPU.

For each cell, dtype and problem size of the grid, one training epoch (forward,
backward, Adam step, minibatches over shuffled data) of ``RNNClassifier`` is
timed against a PyTorch module of the same architecture (the recurrent layer
plus a linear output, cross-entropy, Adam, the same batch size), in one process
on the same data. Each timing is repeated, ours and PyTorch's alternately,
and the median reported, with our
achieved GFLOP/s next to the matrix-product peak numpy reaches on the shapes of
one time step. Then ``predict`` on 10 000 sequences and the peak memory of a
fit. PyTorch is optional: without it only our own figures are printed.
"float64" is the dtype of the data: our Adam computes in float32 whatever
it is (PyTorch's module follows the data), so compare float32 with float32.

    python benchmarks/bench_training.py            # the whole grid
    python benchmarks/bench_training.py --quick    # a small grid
"""

import argparse
import itertools
import os
import platform
import statistics
import time
import tracemalloc
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from sklearn_rnn import RNNClassifier

try:
    import torch
except ImportError:  # the benchmark still reports our own figures
    torch = None

GATES = {"rnn": 1, "gru": 3, "lstm": 4}
N_CLASSES = 4


def make_data(n, T, F, dtype, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n, T, F)).astype(dtype)
    y = rng.randint(N_CLASSES, size=n)
    return X, y


def estimator(cell, H, B, max_iter=1):
    params = dict(hidden_layer_sizes=(H,), solver="adam", batch_size=B,
                  max_iter=max_iter, random_state=0)
    if cell != "rnn":
        params["cell"] = cell
    return RNNClassifier(**params)


def time_ours(X, y, cell, H, B):
    """Seconds of one epoch of ours: a ``partial_fit`` after a first one,
    input validation and the time-major copy included. (Until December 2026
    this timed a ``max_iter=1`` fit, which now also checks the weights it
    leaves on all the data, a forward pass that an epoch of a longer fit
    does not make.)"""
    est = estimator(cell, H, B)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est.partial_fit(X, y, classes=np.arange(N_CLASSES))
        start = time.perf_counter()
        est.partial_fit(X, y)
    return time.perf_counter() - start


def torch_timer(X, y, cell, H, B):
    """Function timing one epoch of PyTorch's module of the same architecture."""
    dtype = torch.float32 if X.dtype == np.float32 else torch.float64
    Module = {"rnn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}[cell]
    torch.manual_seed(0)
    rnn = Module(X.shape[2], H, batch_first=True, dtype=dtype)
    linear = torch.nn.Linear(H, N_CLASSES, dtype=dtype)
    params = list(rnn.parameters()) + list(linear.parameters())
    optimizer = torch.optim.Adam(params, lr=1e-2)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)

    def epoch():
        start = time.perf_counter()
        order = torch.randperm(len(Xt))
        for begin in range(0, len(Xt), B):
            rows = order[begin : begin + B]
            optimizer.zero_grad()
            out, _ = rnn(Xt[rows])
            loss = torch.nn.functional.cross_entropy(linear(out[:, -1]), yt[rows])
            loss.backward()
            optimizer.step()
        return time.perf_counter() - start

    return epoch


def median_times(X, y, cell, H, B, repeats):
    """Medians of ours and PyTorch's epoch times (NaN without PyTorch),
    timed alternately so that changes in the machine's load hit both."""
    ours, theirs = [], []
    torch_epoch = torch_timer(X, y, cell, H, B) if torch else None
    for _ in range(repeats):
        ours.append(time_ours(X, y, cell, H, B))
        if torch_epoch is not None:
            theirs.append(torch_epoch())
    return statistics.median(ours), statistics.median(theirs) if theirs else np.nan


def epoch_flops(n, T, F, H, G):
    """Multiply-adds of the matrix products of one epoch, times two: the
    forward pass, and the backward pass at twice its cost."""
    forward = 2 * n * T * G * H * (F + H)
    return 3 * forward


def matmul_peak(B, H, G, dtype, repeats=200):
    """GFLOP/s numpy reaches on the per-step recurrent product."""
    rng = np.random.RandomState(0)
    a = rng.normal(size=(B, H)).astype(dtype)
    w = rng.normal(size=(H, G * H)).astype(dtype)
    out = np.empty((B, G * H), dtype=dtype)
    best = np.inf
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeats):
            np.matmul(a, w, out=out)
        best = min(best, (time.perf_counter() - start) / repeats)
    return 2 * B * H * G * H / best / 1e9


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small grid")
    parser.add_argument("--cells", default="rnn,gru,lstm")
    parser.add_argument("--dtypes", default="float32,float64")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2,
                        help="PyTorch's intra-op threads")
    parser.add_argument("--no-onednn", action="store_true",
                        help="PyTorch without oneDNN (mkldnn), whose fused "
                        "kernel runs its CPU LSTM by default")
    args = parser.parse_args()

    cells = [c for c in args.cells.split(",")
             if c == "rnn" or "cell" in RNNClassifier().get_params()]
    n = 2048
    grid = list(itertools.product([20, 100], [8, 32], [32, 128], [32, 256]))
    if args.quick:
        n, grid = 512, [(20, 8, 32, 32), (100, 32, 128, 256)]
    if torch is not None:
        torch.set_num_threads(args.threads)
        torch.backends.mkldnn.enabled = not args.no_onednn
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"numpy {np.__version__}, torch {torch.__version__ if torch else 'absent'}"
          f" ({args.threads} threads"
          f"{', oneDNN off' if torch is not None and args.no_onednn else ''})\n")
    print(f"Training epoch, N={n}, Adam; medians of {args.repeats}; seconds.\n")
    print("| cell | dtype | T | F | H | B | ours | torch | ours/torch | "
          "ours GFLOP/s | step matmul peak |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    ratios, peaks = {}, {}
    for cell, dtype in itertools.product(cells, args.dtypes.split(",")):
        for T, F, H, B in grid:
            X, y = make_data(n, T, F, dtype)
            ours, theirs = median_times(X, y, cell, H, B, args.repeats)
            ratio = ours / theirs
            ratios.setdefault((cell, dtype), []).append(ratio)
            gflops = epoch_flops(n, T, F, H, GATES[cell]) / ours / 1e9
            # The best seen so far for these shapes: a single measurement
            # undershoots when the machine is busy.
            key = (B, H, GATES[cell], dtype)
            peak = peaks[key] = max(peaks.get(key, 0), matmul_peak(*key))
            print(f"| {cell} | {dtype} | {T} | {F} | {H} | {B} | {ours:.3f} | "
                  f"{theirs:.3f} | {ratio:.2f} | {gflops:.1f} | {peak:.1f} |",
                  flush=True)
    if torch is not None:
        print("\n| cell | dtype | median ours/torch | geometric mean | worst |")
        print("|---|---|---|---|---|")
        for (cell, dtype), r in ratios.items():
            print(f"| {cell} | {dtype} | {statistics.median(r):.2f} | "
                  f"{statistics.geometric_mean(r):.2f} | {max(r):.2f} |")

    print("\npredict on 10 000 sequences (T=100, F=32, H=128), and peak memory "
          "of a fit (N=2048, B=256), float32:\n")
    print("| cell | predict s | fit peak MB |")
    print("|---|---|---|")
    for cell in cells:
        X, y = make_data(2048, 100, 32, "float32")
        est = estimator(cell, 128, 256)
        tracemalloc.start()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            est.fit(X, y)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        X_big, _ = make_data(10_000, 100, 32, "float32", seed=1)
        times = []
        for _ in range(3):
            start = time.perf_counter()
            est.predict(X_big)
            times.append(time.perf_counter() - start)
        print(f"| {cell} | {statistics.median(times):.3f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
