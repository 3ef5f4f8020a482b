import time

import numpy as np
import pytest

from sklearn_rnn import RNNClassifier
from sklearn_rnn.datasets import load_basic_motions, load_japanese_vowels
from sklearn_rnn._sequences import sequence_lengths


@pytest.mark.parametrize(
    "loader, shapes, n_classes",
    [
        (load_japanese_vowels, {"train": (270, 29, 12), "test": (370, 29, 12)}, 9),
        (load_basic_motions, {"train": (40, 100, 6), "test": (40, 100, 6)}, 4),
    ],
)
def test_loaders(loader, shapes, n_classes):
    for split, shape in shapes.items():
        data = loader(split=split)
        assert data.data.shape == shape and data.data.dtype == np.float64
        assert len(data.target) == shape[0]
        assert len(data.target_names) == n_classes
        assert "References" in data.DESCR
        X, y = loader(split=split, return_X_y=True)
        np.testing.assert_array_equal(X, data.data)
    with pytest.raises(ValueError, match="split"):
        loader(split="validation")


def test_japanese_vowels_is_variable_length():
    lengths = [
        sequence_lengths(load_japanese_vowels(split=split).data)
        for split in ("train", "test")
    ]
    assert lengths[0].min() == 7 and lengths[0].max() == 26
    assert lengths[1].min() == 7 and lengths[1].max() == 29


def test_japanese_vowels_accuracy_with_default_parameters():
    """The defaults are good on real data (published: 1-NN DTW 0.949)."""
    X_train, y_train = load_japanese_vowels(split="train", return_X_y=True)
    X_test, y_test = load_japanese_vowels(split="test", return_X_y=True)
    start = time.perf_counter()
    clf = RNNClassifier(random_state=0).fit(X_train, y_train)
    print(f"fit {time.perf_counter() - start:.2f} s")
    assert clf.score(X_test, y_test) >= 0.95


@pytest.mark.parametrize(
    "loader, threshold", [(load_japanese_vowels, 0.96), (load_basic_motions, 0.95)]
)
def test_gru_accuracy_with_default_parameters(loader, threshold):
    X_train, y_train = loader(split="train", return_X_y=True)
    X_test, y_test = loader(split="test", return_X_y=True)
    start = time.perf_counter()
    clf = RNNClassifier(cell="gru", random_state=0).fit(X_train, y_train)
    score = clf.score(X_test, y_test)
    print(f"fit {time.perf_counter() - start:.2f} s, accuracy {score:.4f}")
    assert score >= threshold
