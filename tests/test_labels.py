"""_labels.py: comparing labels of either kind."""

import numpy as np
import pytest

from sklearn_rnn._labels import same_labels


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
