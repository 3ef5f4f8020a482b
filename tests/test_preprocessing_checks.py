"""scikit-learn's estimator checks for the sequence transformers (2-D use),
with no expected failures."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_rnn.preprocessing import SequencePadder, SequenceScaler, SequenceSummarizer

TRANSFORMERS = [
    SequenceScaler(),
    SequenceScaler(with_mean=False),
    SequenceScaler(with_std=False),
    SequencePadder(),
    SequencePadder(maxlen=3, padding="pre", truncating="pre"),
    SequenceSummarizer(),
    SequenceSummarizer(statistics=("first", "length", "max")),
]


@parametrize_with_checks(TRANSFORMERS)
def test_sklearn_compatible_transformer(estimator, check):
    check(estimator)
