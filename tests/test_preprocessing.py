"""Behaviour of the sequence transformers on NaN-padded 3-D data."""

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from sklearn_rnn import pad_sequences
from sklearn_rnn.preprocessing import SequencePadder, SequenceScaler, SequenceSummarizer


@pytest.fixture
def ragged():
    """Three sequences of 4, 2 and 3 steps of 2 features, one missing step."""
    rng = np.random.RandomState(0)
    seqs = [
        rng.normal(loc=[1.0, -5.0], scale=[2.0, 0.5], size=(n, 2)) for n in (4, 2, 3)
    ]
    seqs[2][1] = np.nan  # a missing observation inside a sequence
    return seqs


def _present_steps_by_hand(seqs):
    return np.array([row for s in seqs for row in s if not np.isnan(row).all()])


def test_scaler_statistics_ignore_padding(ragged):
    X = pad_sequences(ragged, maxlen=6)  # plenty of padding
    scaler = SequenceScaler().fit(X)
    steps = _present_steps_by_hand(ragged)
    assert steps.shape == (8, 2) and scaler.n_samples_seen_ == 8
    np.testing.assert_allclose(scaler.mean_, steps.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(scaler.var_, steps.var(axis=0), rtol=1e-12)
    np.testing.assert_allclose(scaler.scale_, steps.std(axis=0), rtol=1e-12)
    # More padding, or padding at the start, changes nothing.
    for other in (pad_sequences(ragged), pad_sequences(ragged, padding="pre")):
        np.testing.assert_allclose(SequenceScaler().fit(other).mean_, scaler.mean_)


def test_scaler_output_keeps_padding_and_round_trips(ragged):
    X = pad_sequences(ragged, maxlen=6)
    scaler = SequenceScaler()
    Z = scaler.fit_transform(X)
    assert Z.shape == X.shape
    np.testing.assert_array_equal(np.isnan(Z), np.isnan(X))
    present = ~np.isnan(X).all(axis=2)
    np.testing.assert_allclose(Z[present].mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Z[present].std(axis=0), 1, rtol=1e-12)
    np.testing.assert_allclose(
        Z[0, :4], (ragged[0] - scaler.mean_) / scaler.scale_, rtol=1e-12
    )
    np.testing.assert_allclose(scaler.inverse_transform(Z), X, rtol=1e-12)
    # Sequences of another length are scaled step by step the same way.
    np.testing.assert_allclose(scaler.transform(X[:, :2]), Z[:, :2], rtol=1e-12)


@pytest.mark.parametrize(
    "with_mean, with_std", [(False, True), (True, False), (False, False)]
)
def test_scaler_options(ragged, with_mean, with_std):
    X = pad_sequences(ragged)
    steps = _present_steps_by_hand(ragged)
    scaler = SequenceScaler(with_mean=with_mean, with_std=with_std).fit(X)
    expected = X.copy()
    if with_mean:
        expected -= steps.mean(axis=0)
    if with_std:
        expected /= steps.std(axis=0)
    Z = scaler.transform(X)
    np.testing.assert_allclose(Z, expected, rtol=1e-12)
    np.testing.assert_allclose(scaler.inverse_transform(Z), X, rtol=1e-12)
    assert (scaler.scale_ is None) == (not with_std)


def test_scaler_constant_feature_and_univariate_and_float32():
    X = np.array([[[3.0, 1.0], [3.0, 2.0]], [[3.0, 3.0], [np.nan, np.nan]]])
    Z = SequenceScaler().fit_transform(X)
    np.testing.assert_array_equal(Z[0, :, 0], [0.0, 0.0])  # centred, not inf
    # 2-D input: univariate sequences, one mean and one scale over all steps.
    X2 = np.array([[1.0, 2.0, np.nan], [3.0, 4.0, 5.0]])
    scaler = SequenceScaler().fit(X2)
    assert scaler.n_features_in_ == 3 and scaler.mean_.shape == (1,)
    np.testing.assert_allclose(scaler.mean_, [3.0])
    Z2 = scaler.transform(X2)
    assert Z2.shape == (2, 3) and np.isnan(Z2[0, 2])
    np.testing.assert_allclose(Z2[1], (X2[1] - 3.0) / np.sqrt(2.0))
    Z32 = SequenceScaler().fit_transform(X.astype(np.float32))
    assert Z32.dtype == np.float32


@pytest.mark.parametrize(
    "X, match",
    [
        (np.array([[[1.0, np.nan], [2.0, 3.0]]]), "some but not all features"),
        (np.array([[[1.0, np.inf], [2.0, 3.0]]]), "infinity"),
        (np.full((2, 3, 2), np.nan), "at least one present time step"),
        (np.ones((2, 3, 2, 1)), "2-D or 3-D"),
        (np.ones((2, 0, 2)), "0 time steps"),
    ],
)
@pytest.mark.filterwarnings("ignore:.*no present time step:UserWarning")
def test_scaler_errors_on_bad_input(X, match):
    with pytest.raises(ValueError, match=match):
        SequenceScaler().fit(X)


def test_scaler_errors_after_fit(ragged):
    X = pad_sequences(ragged)
    with pytest.raises(NotFittedError):
        SequenceScaler().transform(X)
    scaler = SequenceScaler().fit(X)
    with pytest.raises(ValueError, match="X has 3 features, but SequenceScaler"):
        scaler.transform(np.ones((2, 4, 3)))
    with pytest.raises(ValueError, match="fitted on 3-D input"):
        scaler.transform(np.ones((2, 2)))
    with pytest.raises(ValueError, match="some but not all"):
        scaler.inverse_transform(np.array([[[np.nan, 1.0]]]))


@pytest.mark.parametrize("Transformer", [SequenceScaler, SequencePadder])
def test_pandas_output_for_2d_input_and_arrays_for_3d(ragged, Transformer):
    """set_output and the global transform_output give DataFrames where a
    DataFrame can hold the output, and 3-D arrays where none can."""
    import sklearn

    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [0.0, np.nan, 4.0]}, index=[7, 8, 9])
    out = Transformer().set_output(transform="pandas").fit_transform(df)
    assert isinstance(out, pd.DataFrame) and list(out.index) == [7, 8, 9]
    X = pad_sequences(ragged)
    transformer = Transformer().set_output(transform="pandas")
    np.testing.assert_array_equal(transformer.fit_transform(X), Transformer().fit_transform(X))
    with sklearn.config_context(transform_output="pandas"):
        assert isinstance(Transformer().fit(df).transform(df), pd.DataFrame)
        assert isinstance(Transformer().fit(X).transform(X), np.ndarray)


def test_a_3d_pipeline_works_under_global_pandas_output(ragged):
    import sklearn
    from sklearn.pipeline import make_pipeline

    from sklearn_rnn import RNNClassifier

    pytest.importorskip("pandas")
    X, y = pad_sequences(ragged * 4), np.arange(12) % 2
    with sklearn.config_context(transform_output="pandas"):
        pipe = make_pipeline(SequencePadder(), SequenceScaler(), RNNClassifier(max_iter=2))
        pipe.fit(X, y)
        assert pipe.predict(X).shape == (12,)


def test_padder_matches_pad_sequences(ragged):
    for kwargs in (
        {},
        {"padding": "pre"},
        {"maxlen": 3, "truncating": "pre"},
        {"maxlen": 5, "padding": "pre", "truncating": "post"},
    ):
        padder = SequencePadder(**kwargs)
        X = padder.fit_transform(ragged)
        np.testing.assert_array_equal(X, pad_sequences(ragged, **kwargs))
        assert padder.n_features_in_ == 2
    assert SequencePadder(dtype="float32").fit_transform(ragged).dtype == np.float32
    # Transform pads to the longest sequence it is given.
    assert SequencePadder().fit(ragged).transform(ragged[1:]).shape == (2, 3, 2)
    # Univariate 1-D sequences become (n, maxlen, 1).
    X = SequencePadder().fit_transform([np.arange(3.0), np.arange(1.0)])
    np.testing.assert_array_equal(X[:, :, 0], [[0, 1, 2], [0, np.nan, np.nan]])


def test_padder_repads_padded_arrays(ragged):
    post = pad_sequences(ragged, maxlen=6)
    pre = pad_sequences(ragged, maxlen=6, padding="pre")
    np.testing.assert_array_equal(
        SequencePadder(padding="pre").fit_transform(post), pad_sequences(ragged, padding="pre")
    )
    np.testing.assert_array_equal(SequencePadder().fit_transform(pre), pad_sequences(ragged))
    np.testing.assert_array_equal(
        SequencePadder(maxlen=2, truncating="pre").fit_transform(post),
        pad_sequences(ragged, maxlen=2, truncating="pre"),
    )
    # 2-D (univariate) input stays 2-D with as many columns, or maxlen.
    X2 = np.array([[1.0, 2.0, np.nan], [np.nan, 3.0, np.nan]])
    np.testing.assert_array_equal(
        SequencePadder(padding="pre").fit_transform(X2),
        [[np.nan, 1.0, 2.0], [np.nan, np.nan, 3.0]],
    )
    padder = SequencePadder(maxlen=2).fit(X2)
    np.testing.assert_array_equal(padder.transform(X2), [[1.0, 2.0], [3.0, np.nan]])
    np.testing.assert_array_equal(padder.get_feature_names_out(), ["t0", "t1"])


@pytest.mark.parametrize(
    "X, error, match",
    [
        ([], ValueError, "at least one sequence"),
        ([np.ones((2, 2)), np.ones((2, 3))], ValueError, "Sequence 1 has 3 features"),
        ([np.ones((2, 2, 2))], ValueError, "Sequence 0 has 3 dimensions"),
        ([np.ones((2, 2)), np.array([[1.0, np.nan]])], ValueError,
         "some but not all features of sample 1 at time step 0"),
        ([np.array([[1.0], [np.inf]])], ValueError, "infinity at sample 0, time step 1"),
        ([np.array([[1.0, 2.0]]), np.array([["a", "b"]])], ValueError, "convert string"),
    ],
)
def test_padder_errors_on_bad_input(X, error, match):
    with pytest.raises(error, match=match):
        SequencePadder().fit(X)


def test_padder_errors_after_fit(ragged):
    padder = SequencePadder().fit(ragged)
    with pytest.raises(ValueError, match="X has 1 features, but SequencePadder"):
        padder.transform([np.ones((2, 1))])
    with pytest.raises(ValueError, match="fitted on 3-D input"):
        padder.transform(np.ones((2, 3)))
    with pytest.raises(ValueError, match="univariate"):
        SequencePadder().fit(np.ones((2, 3))).transform(ragged)
    with pytest.raises(ValueError, match="maxlen"):
        SequencePadder(maxlen=0).fit(ragged)


def test_summarizer_by_hand(ragged):
    X = pad_sequences(ragged, maxlen=6)
    stats = ("mean", "std", "min", "max", "first", "last", "length")
    summarizer = SequenceSummarizer(statistics=stats)
    S = summarizer.fit_transform(X)
    assert S.shape == (3, 6 * 2 + 1)
    expected = []
    for s in ragged:
        s = s[~np.isnan(s).all(axis=1)]
        expected.append(
            np.concatenate(
                [s.mean(0), s.std(0), s.min(0), s.max(0), s[0], s[-1], [len(s)]]
            )
        )
    np.testing.assert_allclose(S, expected, rtol=1e-12)
    # Padding at the start, or more of it, gives the same summary.
    np.testing.assert_allclose(
        summarizer.transform(pad_sequences(ragged, padding="pre")), S, rtol=1e-12
    )
    names = summarizer.get_feature_names_out(["u", "v"])
    assert list(names[:4]) == ["u_mean", "v_mean", "u_std", "v_std"]
    assert names[-1] == "length" and len(names) == S.shape[1]
    assert list(SequenceSummarizer().fit(X).get_feature_names_out()) == [
        f"x{i}_{s}" for s in ("mean", "std", "min", "max", "last") for i in (0, 1)
    ]


def test_summarizer_empty_sequence_and_errors():
    X = np.array([[[1.0], [2.0]], [[np.nan], [np.nan]]])
    with pytest.warns(UserWarning, match="no present time step.*statistics are NaN"):
        S = SequenceSummarizer(statistics=("mean", "max", "last", "length")).fit_transform(X)
    np.testing.assert_array_equal(S[0], [1.5, 2.0, 2.0, 2.0])
    assert np.isnan(S[1, :3]).all() and S[1, 3] == 0
    for bad in [("median",), (), ("mean", "mean")]:
        with pytest.raises(ValueError, match="statistics"):
            SequenceSummarizer(statistics=bad).fit(X[:1])
    summarizer = SequenceSummarizer().fit(X[:1])
    with pytest.raises(ValueError, match="X has 2 features"):
        summarizer.transform(np.ones((1, 2, 2)))
    with pytest.raises(ValueError, match="infinity"):
        summarizer.transform(np.array([[[np.inf]]]))


def test_summarizer_set_output_pandas(ragged):
    pytest.importorskip("pandas")
    X = pad_sequences(ragged)
    summarizer = SequenceSummarizer(statistics=("max", "length")).set_output(
        transform="pandas"
    )
    df = summarizer.fit_transform(X)
    assert list(df.columns) == ["x0_max", "x1_max", "length"]
    np.testing.assert_allclose(df["length"], [4, 2, 2])


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_univariate_2d_pipeline_scales_all_steps_alike():
    # 2-D input is univariate sequences: one mean and scale for all steps,
    # unlike StandardScaler, which would scale every column (step) apart.
    from sklearn.pipeline import make_pipeline

    from sklearn_rnn import RNNClassifier

    rng = np.random.RandomState(0)
    X = 1000.0 + 50.0 * rng.normal(size=(200, 6))
    y = (X[:, -1] > X[:, 0]).astype(int)  # the trend over the steps
    pipe = make_pipeline(
        SequenceScaler(), RNNClassifier(hidden_layer_sizes=(8,), random_state=0)
    ).fit(X[:150], y[:150])
    scaler = pipe[0]
    np.testing.assert_allclose(scaler.mean_, [X[:150].mean()])
    np.testing.assert_allclose(scaler.scale_, [X[:150].std()])
    # Measured over random_state 0-4: 0.90-0.98 with the scaler, 0.86-0.96
    # with the estimator's own standardisation (50 test sequences).
    assert pipe.score(X[150:], y[150:]) >= 0.8
    # Unscaled, the offset of 1000 saturates the tanh units: chance; the
    # estimator's own standardisation does what the scaler does.
    raw = RNNClassifier(hidden_layer_sizes=(8,), random_state=0, standardize_inputs=False)
    assert raw.fit(X[:150], y[:150]).score(X[150:], y[150:]) < 0.6
    own = RNNClassifier(hidden_layer_sizes=(8,), random_state=0).fit(X[:150], y[:150])
    assert own.score(X[150:], y[150:]) >= 0.8


@pytest.mark.parametrize("factor, dtype", [(1e200, np.float64), (1e-200, np.float64),
                                           (1e37, np.float32)])
def test_statistics_of_huge_and_tiny_values_are_finite(ragged, factor, dtype):
    X = pad_sequences(ragged).astype(dtype)
    big = (X.astype(np.float64) * factor).astype(dtype)
    scaler = SequenceScaler().fit(big)
    assert np.isfinite(scaler.mean_).all() and np.isfinite(scaler.scale_).all()
    reference = SequenceScaler().fit(X)
    np.testing.assert_allclose(scaler.scale_, reference.scale_ * factor, rtol=1e-5)
    rtol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(scaler.transform(big), reference.transform(X), rtol=rtol, atol=rtol)
    np.testing.assert_allclose(scaler.inverse_transform(scaler.transform(big)), big, rtol=rtol)
    summary = SequenceSummarizer(statistics=("mean", "std", "min", "max")).fit_transform(big)
    assert np.isfinite(summary).all() and summary.dtype == dtype
    plain = SequenceSummarizer(statistics=("mean", "std", "min", "max")).fit_transform(X)
    np.testing.assert_allclose(summary, plain.astype(np.float64) * factor, rtol=rtol)


@pytest.mark.parametrize("Transformer", [SequenceScaler, SequenceSummarizer, SequencePadder])
def test_a_fit_that_raises_leaves_the_transformer_as_it_was(Transformer):
    """Issue 23: a refit on bad input reset n_features_in_ before failing."""
    X = np.random.RandomState(0).rand(16, 5, 2)
    transformer = Transformer().fit(X)
    before = transformer.transform(X)
    bad = np.random.RandomState(1).rand(16, 5, 3)
    bad[0, 1, 0] = np.nan  # a partial step
    with pytest.raises(ValueError, match="some but not all features"):
        transformer.fit(bad)
    assert transformer.n_features_in_ == 2
    np.testing.assert_array_equal(transformer.transform(X), before)


@pytest.mark.parametrize("transformer", [SequenceScaler(), SequencePadder()])
def test_empty_sequences_stay_all_nan_and_the_warning_says_so(transformer):
    X = np.ones((3, 4, 1))
    X[1] = np.nan
    with pytest.warns(UserWarning, match=r"no present time step.*sample 1\. They stay all NaN\.$"):
        out = transformer.fit_transform(X)
    assert np.isnan(out[1]).all() and not np.isnan(out[[0, 2]]).any()
