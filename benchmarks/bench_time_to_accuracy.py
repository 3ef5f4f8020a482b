"""Seconds to reach the default classifier's accuracy: numpy against PyTorch.

For every bundled classification set and random_state, ``RNNClassifier()``
fits as it does by default, a callback taking the test accuracy of each
epoch's model (scikit-learn >= 1.9), and a PyTorch model with the same
recipe trains beside it on the CPU: a GRU of 32 units whose linear output
reads the last state and the mean and maximum of the states over the present
steps, inputs standardised with the training data's moments, Gaussian input
noise of 0.2 on the present steps, Adam at 1e-2 with an L2 penalty of 1e-4
on the weights (not the biases), gradient norms clipped to 5, equal-sized
minibatches of at most 32, and predictions from a moving average of the
weights over the epochs (0.9), until it reaches the target or for 500 epochs
(ours stops by its own rule, often after fewer epochs than PyTorch's model
needs). Both run on one thread and compute in float32 (ours does so with
Adam on float64 data, as PyTorch does by default). After every epoch each
model's test accuracy is taken (untimed); the table gives the seconds of
training until it first reaches the target, the test accuracy of
``RNNClassifier()``'s own fit (as ``fit`` would end it), and the epochs that
took.

    python benchmarks/bench_time_to_accuracy.py              # seeds 0-2
    python benchmarks/bench_time_to_accuracy.py --sets gun_point --seeds 0

Needs torch; prints a markdown table.
"""

import argparse
import copy
import statistics
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from threadpoolctl import threadpool_limits

from sklearn_rnn import RNNClassifier, datasets, present_steps

SETS = ["japanese_vowels", "basic_motions", "gun_point", "arrow_head", "trace"]


def _load(name):
    loader = getattr(datasets, f"load_{name}")
    train, test = loader(split="train"), loader(split="test")
    return train.data, train.target, test.data, test.target


class _Timer:
    """A scikit-learn callback (scikit-learn >= 1.9) that takes the test
    accuracy of the model of each epoch, its own time left out."""

    def __init__(self, X_test, y_test):
        self.X_test, self.y_test, self.curve = X_test, y_test, []
        self.start = self.outside = None

    def setup(self, estimator, context):
        self.start, self.outside = time.perf_counter(), 0.0

    def teardown(self, estimator, context):
        pass

    def on_fit_task_begin(self, estimator, context, *, fitted_estimator=None):
        pass

    def on_fit_task_end(self, estimator, context, *, fitted_estimator=None):
        if context.task_name != "epoch":
            return False
        entered = time.perf_counter()
        spent = entered - self.start - self.outside
        self.curve.append((spent, fitted_estimator.score(self.X_test, self.y_test)))
        self.outside += time.perf_counter() - entered
        return False


def numpy_epochs(X, y, X_test, y_test, seed):
    """(seconds, accuracy) after each epoch of RNNClassifier()'s fit, and
    its final accuracy."""
    timer = _Timer(X_test, y_test)
    clf = RNNClassifier(random_state=seed).set_callbacks(timer).fit(X, y)
    return timer.curve, clf.score(X_test, y_test)


class _Net:
    """The recipe's PyTorch model: GRU, pooled readout, linear output."""

    def __init__(self, torch, n_features, n_classes):
        self.gru = torch.nn.GRU(n_features, 32, batch_first=True)
        self.linear = torch.nn.Linear(3 * 32, n_classes)
        self.modules = [self.gru, self.linear]

    def parameters(self):
        return [p for m in self.modules for p in m.parameters()]

    def __call__(self, torch, X, lengths, mask):
        packed = torch.nn.utils.rnn.pack_padded_sequence(
            X, lengths, batch_first=True, enforce_sorted=False)
        out, h = self.gru(packed)
        out, _ = torch.nn.utils.rnn.pad_packed_sequence(
            out, batch_first=True, total_length=X.shape[1])
        mean = (out * mask).sum(1) / mask.sum(1).clamp(min=1)
        peak = out.masked_fill(mask == 0, -torch.inf).amax(1)
        return self.linear(torch.cat([h[-1], mean, peak], dim=1))


def torch_epochs(torch, X, y, X_test, y_test, seed, target, epochs=500):
    """(seconds, accuracy) after each epoch of the PyTorch recipe, until
    the accuracy reaches ``target`` or for ``epochs`` epochs."""
    torch.manual_seed(seed)
    rng = np.random.RandomState(seed)
    present = present_steps(X)
    mean, std = X[present].mean(axis=0), X[present].std(axis=0)
    classes, codes = np.unique(y, return_inverse=True)

    def tensors(X):
        present = present_steps(X)
        Xs = np.where(present[:, :, None], (np.nan_to_num(X) - mean) / std, 0.0)
        lengths = np.maximum(present.sum(axis=1), 1)
        return (torch.from_numpy(Xs.astype(np.float32)), torch.from_numpy(lengths),
                torch.from_numpy(present[:, :, None].astype(np.float32)))

    Xt, lengths, mask = tensors(X)
    Xv, lengths_v, mask_v = tensors(X_test)
    yt = torch.from_numpy(codes)
    net = _Net(torch, X.shape[2], len(classes))
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-2)
    weights = [p for m in net.modules for n, p in m.named_parameters() if "weight" in n]
    average = None
    n_batches = -(-len(Xt) // 32)
    curve, spent = [], 0.0
    for _ in range(epochs):
        start = time.perf_counter()
        for rows in np.array_split(rng.permutation(len(Xt)), n_batches):
            rows = torch.from_numpy(rows)
            noisy = Xt[rows] + 0.2 * torch.randn_like(Xt[rows]) * mask[rows]
            loss = torch.nn.functional.cross_entropy(
                net(torch, noisy, lengths[rows], mask[rows]), yt[rows])
            loss = loss + 0.5e-4 * sum((w * w).sum() for w in weights)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            optimizer.step()
        state = [p.detach().clone() for p in net.parameters()]
        average = state if average is None else [0.9 * a + 0.1 * s for a, s in zip(average, state)]
        spent += time.perf_counter() - start
        model = copy.deepcopy(net)
        with torch.no_grad():
            for p, a in zip(model.parameters(), average):
                p.copy_(a)
            predicted = model(torch, Xv, lengths_v, mask_v).argmax(1).numpy()
        curve.append((spent, float((classes[predicted] == y_test).mean())))
        if curve[-1][1] >= target:
            break
    return curve


def seconds_to(curve, target):
    """Seconds and epochs until the accuracy first reaches ``target``."""
    for epoch, (seconds, accuracy) in enumerate(curve, 1):
        if accuracy >= target:
            return seconds, epoch
    return None, None


def main():
    import torch

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--seeds", default="0,1,2")
    args = parser.parse_args()
    torch.set_num_threads(1)
    warnings.simplefilter("ignore", ConvergenceWarning)
    print("| set | seed | target accuracy | numpy s (epochs) | PyTorch s (epochs) |")
    print("|---|---|---|---|---|")
    for name in args.sets.split(","):
        X, y, X_test, y_test = _load(name)
        ratios = []
        for seed in map(int, args.seeds.split(",")):
            with threadpool_limits(1):
                ours, target = numpy_epochs(X, y, X_test, y_test, seed)
                theirs = torch_epochs(torch, X, y, X_test, y_test, seed, target)
            a, b = seconds_to(ours, target), seconds_to(theirs, target)
            cells = [f"{s:.1f} ({e})" if s is not None else "not reached" for s, e in (a, b)]
            print(f"| {name} | {seed} | {target:.3f} | {cells[0]} | {cells[1]} |", flush=True)
            if a[0] is not None and b[0] is not None:
                ratios.append(a[0] / b[0])
        if ratios:
            print(f"| {name} | median numpy / PyTorch | | {statistics.median(ratios):.2f} | |")


if __name__ == "__main__":
    main()
