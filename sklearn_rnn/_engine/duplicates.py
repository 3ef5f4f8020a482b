"""Identical training samples merged into one, of their summed weight."""

# SPDX-License-Identifier: BSD-3-Clause

from dataclasses import dataclass

import numpy as np


@dataclass
class MergedSamples:
    """The distinct (x, y) samples of non-zero weight, in a canonical order.

    ``index``: the index of each in the original data (that of the first of
    a group of duplicates); ``weight``: the summed weights of each group;
    ``count``: how many samples each group merges.
    """

    index: np.ndarray
    weight: np.ndarray
    count: np.ndarray


def merge_duplicates(X, Y, sample_weight):
    """Merge identical (x, y) samples of non-zero weight.

    The loss is unchanged, and a sample repeated k times then trains exactly
    like the sample once with weight k, whatever the order of the data. The
    order is that of the bytes of x then y (as ``X.dtype``), as unsigned
    strings.

    Parameters
    ----------
    X : ndarray of shape (n_samples, ...)
    Y : ndarray of shape (n_samples, ...)
    sample_weight : ndarray of shape (n_samples,) or (n_samples, n_timesteps)
        Weights of the samples, or of each step of each sample (a sample
        weighs zero when all its steps do); merged samples sum them, step
        by step.

    Returns
    -------
    MergedSamples
    """
    n_samples = len(X)
    X = np.ascontiguousarray(X).reshape(n_samples, -1)
    Y = np.ascontiguousarray(Y, dtype=X.dtype).reshape(n_samples, -1)
    weighted = sample_weight.reshape(n_samples, -1).any(axis=1)
    x_keys = X.view(np.dtype((np.void, X.itemsize * X.shape[1]))).ravel()
    # Sorting strings compares each pair only up to its first difference.
    order = np.argsort(x_keys, kind="stable")
    order = order[weighted[order]]
    # Neighbours equal in a few sampled elements are compared in full; the
    # others differ, which spares a copy of the rows in the common case.
    columns = np.unique(np.linspace(0, X.shape[1] - 1, 16).astype(np.intp))
    sampled = X[:, columns].view(f"u{X.itemsize}")[order]
    same_x = (sampled[1:] == sampled[:-1]).all(axis=1)
    pairs = np.flatnonzero(same_x)
    same_x[pairs] = x_keys[order[pairs]] == x_keys[order[pairs + 1]]
    # Samples of the same x are ordered by the bytes of y, stably.
    y_keys = Y.view(np.dtype((np.void, Y.itemsize * Y.shape[1]))).ravel()
    x_group = np.concatenate([[0], np.cumsum(~same_x)])
    by_y = np.argsort(y_keys[order], kind="stable")
    by_y = by_y[np.argsort(x_group[by_y], kind="stable")]
    order, x_group = order[by_y], x_group[by_y]
    y_keys = y_keys[order]
    new = np.concatenate(
        [[True], (x_group[1:] != x_group[:-1]) | (y_keys[1:] != y_keys[:-1])]
    )
    group = np.empty(n_samples, dtype=np.intp)
    group[order] = np.cumsum(new) - 1
    kept = np.flatnonzero(weighted)
    if sample_weight.ndim == 1:
        weight = np.bincount(group[kept], weights=sample_weight[kept])
    else:
        weight = np.zeros((np.count_nonzero(new),) + sample_weight.shape[1:])
        np.add.at(weight, group[kept], sample_weight[kept])
    return MergedSamples(index=order[new], weight=weight, count=np.bincount(group[kept]))
