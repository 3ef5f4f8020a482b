"""_labels.py: comparing labels of either kind."""

import numpy as np
import pytest

from sklearn_rnn._labels import labels_not_in, same_labels


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize(
    "a, b, expected",
    [([0, 1, 2], [0, 1, 2], True), ([0, 1], [0, 2], False), (["a", "b"], ["a", "b"], True),
     (["a", "b", "c"], [0, 1, 2], False), ([0.0, 1.0], ["0.0", "1.0"], False),
     ([0, 1], [0, 1, 2], False)],
)
def test_same_labels_compares_strings_and_numbers_without_a_warning(a, b, expected):
    """numpy 1.x warns when it compares strings with numbers (the minimum
    versions' run shows it); the comparison is simply False."""
    assert same_labels(np.asarray(a), np.asarray(b)) is expected
    assert same_labels(np.asarray(b), np.asarray(a)) is expected


@pytest.mark.filterwarnings("error")
def test_labels_not_in_another_set_of_either_kind():
    assert labels_not_in(np.array([0, 1, 3]), np.array([0, 1, 2])).tolist() == [3]
    assert labels_not_in(np.array(["a", "b"]), np.array(["a"])).tolist() == ["b"]
    assert labels_not_in(np.array(["a", "b"]), np.array([0, 1])).tolist() == ["a", "b"]
    assert labels_not_in(np.array([0, 1]), np.array(["0"])).tolist() == [0, 1]
