import numpy as np

from sklearn_rnn._engine.duplicates import merge_duplicates


def test_merged_duplicates_come_in_an_order_of_their_bytes():
    """k copies in any order merge like one sample of weight k, into the
    order of the bytes of (x, y), also for rows that differ only in an
    element that merge_duplicates does not compare first."""
    rng = np.random.RandomState(0)
    X = np.repeat(rng.normal(size=(1, 40, 2)).astype(np.float32), 12, axis=0)
    X[np.arange(12), 1, 0] = [0.0, -0.0, 1.0, np.nan] * 3
    X[8:, :20] = np.nan
    Y = np.repeat([[0.0], [1.0]], 6, axis=0)
    weight = np.array([1, 2, 0, 3, 1, 1, 2, 4, 1, 0, 2, 5], dtype=np.float32)
    merged = merge_duplicates(X, Y, weight)

    rows = np.repeat(np.arange(12), weight.astype(int))
    rows = rows[rng.permutation(len(rows))]
    copies = merge_duplicates(X[rows], Y[rows], np.ones(len(rows)))
    np.testing.assert_array_equal(merged.weight, copies.weight)
    np.testing.assert_array_equal(copies.count, merged.weight)
    np.testing.assert_array_equal(
        X[merged.index].view(np.uint32), X[rows[copies.index]].view(np.uint32)
    )
    np.testing.assert_array_equal(Y[merged.index], Y[rows[copies.index]])

    keys = [X[i].tobytes() + Y[i].astype(np.float32).tobytes() for i in range(12)]
    distinct = sorted({keys[i] for i in np.flatnonzero(weight)})
    assert [keys[i] for i in merged.index] == distinct
    assert merged.weight.tolist() == [
        weight[[keys[i] == key for i in range(12)]].sum() for key in distinct
    ]
    # Each group counts its samples of non-zero weight.
    assert merged.count.tolist() == [
        sum(keys[i] == key and weight[i] > 0 for i in range(12)) for key in distinct
    ]


def test_per_step_weights_and_targets_merge_step_by_step():
    rng = np.random.RandomState(1)
    X = np.repeat(rng.normal(size=(3, 4, 2)), 2, axis=0)  # three pairs of copies
    Y = np.repeat(rng.randint(2, size=(3, 4, 1)).astype(float), 2, axis=0)
    Y[5, 0, 0] = 1 - Y[5, 0, 0]  # the last pair differs in one step's target
    weight = rng.uniform(size=(6, 4))
    weight[2:4] = [[0, 1, 0, 2], [1, 0, 0, 0]]
    weight[1] = 0  # a sample of all-zero steps is left out
    merged = merge_duplicates(X, Y, weight)
    groups = [[0], [2, 3], [4], [5]]
    assert sorted(map(tuple, [np.flatnonzero((X == X[i]).all(axis=(1, 2))
                                             & (Y == Y[i]).all(axis=(1, 2))
                                             & weight.any(axis=1))
                              for i in merged.index])) == sorted(map(tuple, groups))
    for i, total in zip(merged.index, merged.weight):
        (group,) = [g for g in groups if i in g]
        np.testing.assert_array_equal(total, weight[group].sum(axis=0))
    assert sorted(merged.count.tolist()) == [1, 1, 1, 2]
