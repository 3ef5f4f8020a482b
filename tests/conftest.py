import numpy as np
import pytest


def _ordered_sequences(n_samples, n_steps, seed):
    """Sequences of the same kind of values, sorted up (class 0) or down (1).

    Only the order of the values tells the classes apart.
    """
    rng = np.random.RandomState(seed)
    values = np.sort(rng.uniform(-1, 1, size=(n_samples, n_steps)), axis=1)
    y = rng.randint(2, size=n_samples)
    values[y == 1] = values[y == 1, ::-1]
    return values[:, :, None], y


@pytest.fixture
def ordered_sequences():
    return _ordered_sequences


@pytest.fixture
def variable_length_data():
    """A 3-class task on sequences of 3 to 12 steps, NaN-padded at the end.

    The class is the feature with the largest value at the last present
    step: a model that ran through the padding would not see it.
    """
    rng = np.random.RandomState(0)
    n_samples, n_steps, n_features = 400, 12, 3
    X = rng.normal(size=(n_samples, n_steps, n_features))
    lengths = rng.randint(3, n_steps + 1, size=n_samples)
    X[np.arange(n_steps) >= lengths[:, None]] = np.nan
    y = X[np.arange(n_samples), lengths - 1].argmax(axis=1)
    return X, y, lengths
