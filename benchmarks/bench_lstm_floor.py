"""How fast could an LSTM in numpy train? A floor, against PyTorch's epoch.

For each float32 point of ``bench_training.py``'s grid, this times an LSTM
epoch cut down to the work that our design (whole-batch products outside the
time loop, one loop over time with numpy calls inside) cannot avoid:

- the forward time loop with the fewest numpy calls we found per step: the
  recurrent product and 9 elementwise calls, on contiguous step-major gates
  whose sigmoid gates sit side by side;
- the backward time loop, likewise: the product, its sum over the gates and
  5 elementwise calls;
- the weight gradients as one product over all steps of a batch, its
  operands laid out in advance.

It leaves out everything else a real epoch does (input projection and bias,
masking, the derivative factors computed before the backward loop, bias
gradients, the output layer and loss, Adam, the minibatch gather), so our
estimator can only be slower than this floor. Each part runs with one and
with two BLAS threads and the faster counts. PyTorch's epoch is timed as in
``bench_training.py`` (the module, a linear output, cross-entropy and Adam).
The ratio floor / PyTorch is the best any numpy LSTM of this design could
reach on this machine.

    python benchmarks/bench_lstm_floor.py
    python benchmarks/bench_lstm_floor.py --quick    # one small point
"""

import argparse
import itertools
import statistics
import time

import numpy as np
from bench_training import make_data, torch, torch_timer
from threadpoolctl import threadpool_limits

N = 2048
GRID = list(itertools.product([20, 100], [8, 32], [32, 128], [32, 256]))


def median_seconds(function, setup=None, repeats=7):
    times = []
    for k in range(repeats + 1):
        if setup is not None:
            setup()
        start = time.perf_counter()
        function()
        if k:  # the first call warms up
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def floor_parts(T, F, H, B, dtype=np.float32):
    """Seconds of one batch: forward loop, backward loop, weight gradients."""
    rng = np.random.default_rng(0)
    # Both loops work in place: each run starts from fresh copies (untimed),
    # so that values never drift into the slow denormal range.
    G0 = (0.1 * rng.standard_normal((T, 4, B, H))).astype(dtype)
    G = np.empty_like(G0)
    W = (rng.standard_normal((4, H, H)) / H).astype(dtype)
    S = np.zeros((T + 1, B, H), dtype)
    C = np.zeros((T + 1, B, H), dtype)
    tanh_C = np.empty((T, B, H), dtype)
    recurrent = np.empty((4, B, H), dtype)
    product = np.empty((B, H), dtype)

    def forward():  # gates (i, f, o, g)
        for t in range(T):
            g = G[t]
            np.matmul(S[t], W, out=recurrent)
            g += recurrent
            np.tanh(g, out=g)
            sigmoids = g[:3]
            sigmoids *= 0.5
            sigmoids += 0.5
            c = C[t + 1]
            np.multiply(g[1], C[t], out=c)
            np.multiply(g[0], g[3], out=product)
            c += product
            np.tanh(c, out=tanh_C[t])
            np.multiply(g[2], tanh_C[t], out=S[t + 1])

    dG0 = (0.1 * rng.standard_normal((T, 4, B, H))).astype(dtype)  # (i, f, g, o)
    dG = np.empty_like(dG0)
    dc_dh = (0.5 * rng.standard_normal((T, B, H))).astype(dtype)
    f = G0[:, 1] * 0.5 + 0.5
    dh, dc = np.empty((B, H), dtype), np.empty((B, H), dtype)
    products = np.empty((4, B, H), dtype)

    def fresh():
        np.copyto(G, G0)
        np.copyto(dG, dG0)
        dh.fill(0.1)
        dc.fill(0)

    def backward():
        for t in reversed(range(T)):
            d = dG[t]
            d[3] *= dh
            np.multiply(dh, dc_dh[t], out=product)
            np.add(dc, product, out=dc)
            d[:3] *= dc
            np.matmul(d, W, out=products)
            np.multiply(dc, f[t], out=dc)
            np.add.reduce(products, axis=0, out=dh)

    gradients = rng.standard_normal((4 * H, T * B)).astype(dtype)
    inputs = rng.standard_normal((T * B, F + H)).astype(dtype)
    dW = np.empty((4 * H, F + H), dtype)

    def weights():
        np.matmul(gradients, inputs, out=dW)

    parts = []
    for part in (forward, backward, weights):
        times = []
        for threads in (1, 2):
            with threadpool_limits(limits=threads, user_api="blas"):
                times.append(median_seconds(part, fresh))
        parts.append(min(times))
    return parts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one small point")
    args = parser.parse_args()
    grid = [(20, 8, 32, 32)] if args.quick else GRID
    if torch is not None:
        torch.set_num_threads(2)
    print("LSTM, float32, N=2048, Adam; seconds per epoch (medians of 7).\n")
    print("| T | F | H | B | floor: forward loop | backward loop | weight products "
          "| floor | torch | floor / torch |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    ratios = []
    for T, F, H, B in grid:
        n_batches = -(-N // B)
        parts = [n_batches * p for p in floor_parts(T, F, H, B)]
        floor = sum(parts)
        theirs = ratio = np.nan
        if torch is not None:
            X, y = make_data(N, T, F, "float32")
            theirs = median_seconds(torch_timer(X, y, "lstm", H, B))
            ratio = floor / theirs
            ratios.append(ratio)
        print(f"| {T} | {F} | {H} | {B} | "
              + " | ".join(f"{p:.3f}" for p in parts)
              + f" | {floor:.3f} | {theirs:.3f} | {ratio:.2f} |", flush=True)
    if ratios:
        above = sum(r > 0.5 for r in ratios)
        print(f"\nfloor / torch: median {statistics.median(ratios):.2f}, "
              f"above 0.5 at {above} of {len(ratios)} points, "
              f"above 1 at {sum(r > 1 for r in ratios)}.")


if __name__ == "__main__":
    main()
