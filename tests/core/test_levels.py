"""The level of each sequence, and whether it predicts the targets."""

import numpy as np

from sklearn_rnn._core.levels import last_levels, persistence_gain


def test_the_level_is_the_last_present_step():
    X = np.arange(12.0).reshape(2, 3, 2)
    X = np.concatenate([X, np.full((1, 3, 2), np.nan)])
    present = ~np.isnan(X).all(axis=2)
    X[0, 2] = np.nan
    present[0, 2] = False
    np.testing.assert_array_equal(last_levels(X, present), [[2, 3], [10, 11], [0, 0]])


def test_persistence_gain_compares_the_level_with_the_mean():
    rng = np.random.RandomState(0)
    levels = rng.normal(size=(100, 2)) * 10
    Y = levels + rng.normal(size=(100, 2))
    gain = persistence_gain(levels, Y, np.ones(100))
    assert np.all(gain < 0.05)
    assert np.all(persistence_gain(levels, rng.normal(size=(100, 2)), np.ones(100)) > 1)
    assert persistence_gain(levels[:, :1], np.ones((100, 1)), np.ones(100)) == np.inf
