"""Properties over random inputs: shapes, dtypes, NaN patterns and
magnitudes through fit, predict and every transformer. Each call either
raises a ValueError or TypeError that says what is wrong, or returns finite
outputs of the right shape and dtype; no input is ever modified."""

import warnings

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from sklearn_rnn import RNNClassifier, RNNRegressor  # noqa: E402
from sklearn_rnn.preprocessing import (  # noqa: E402
    SequencePadder,
    SequenceScaler,
    SequenceSummarizer,
)

# Sequences without a present step are among the inputs, and warned of.
pytestmark = pytest.mark.filterwarnings("ignore:.*no present time step:UserWarning")

# Derandomized, so that the suite is the same on every run; pass
# --hypothesis-seed to explore other examples.
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True)


@st.composite
def sequences(draw):
    """NaN-padded sequences, mostly valid, sometimes not: absent steps
    anywhere, now and then a partial NaN or an infinity, integer dtypes,
    magnitudes from 1e-30 to 1e150, 2-D univariate input."""
    rng = np.random.RandomState(draw(st.integers(0, 2**31 - 1)))
    n_samples, n_steps = draw(st.integers(1, 10)), draw(st.integers(1, 6))
    n_features = draw(st.integers(1, 3))
    dtype = draw(st.sampled_from([np.float64, np.float32, np.int64]))
    magnitudes = [1e-30, 1e-3, 1.0, 1e3, 1e30] + ([1e150] if dtype == np.float64 else [])
    X = rng.normal(size=(n_samples, n_steps, n_features)) * draw(st.sampled_from(magnitudes))
    X += draw(st.sampled_from([0.0, 1e5]))  # an offset
    X = X.astype(dtype) if dtype != np.int64 else np.round(X).clip(-1e9, 1e9).astype(dtype)
    if dtype != np.int64:
        absent = rng.uniform(size=(n_samples, n_steps)) < draw(st.sampled_from([0, 0.3, 0.9]))
        X[absent] = np.nan
        flaw = draw(st.sampled_from([None] * 8 + ["partial", "inf"]))
        if flaw and n_features > 1:
            X[0, 0, 0] = np.nan if flaw == "partial" else np.inf
        elif flaw == "inf":
            X[0, 0, 0] = np.inf
    if n_features == 1 and draw(st.booleans()):
        X = X[:, :, 0]
    return X


def _finite_where_present(out, X):
    present = ~np.isnan(np.asarray(X, dtype=np.float64))
    if out.shape == X.shape:
        assert np.isfinite(out[present]).all() and np.isnan(out[~present]).all()
    else:
        assert np.isfinite(out).all()


def _run(call):
    """The call's result, or None if it refused the input with a message."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return call()
        except (ValueError, TypeError) as error:
            assert str(error), "an error without a message"
            return None


@SETTINGS
@given(X=sequences(), kind=st.sampled_from(["classifier", "regressor"]),
       cell=st.sampled_from(["rnn", "gru", "lstm"]), solver=st.sampled_from(["adam", "lbfgs"]))
def test_estimators_refuse_with_a_message_or_predict_finite_values(X, kind, cell, solver):
    n_samples = X.shape[0]
    rng = np.random.RandomState(n_samples)
    y = rng.randint(2, size=n_samples) if kind == "classifier" else rng.normal(size=n_samples) * 1e4
    X_copy, y_copy = X.copy(), y.copy()
    Estimator = RNNClassifier if kind == "classifier" else RNNRegressor
    est = Estimator((3,), cell=cell, solver=solver, max_iter=2, random_state=0)
    if _run(lambda: est.fit(X, y)) is not None:
        predicted = _run(lambda: est.predict(X))
        assert predicted is not None and predicted.shape == (n_samples,)
        if kind == "classifier":
            proba = est.predict_proba(X)
            assert proba.shape == (n_samples, 2) and np.isfinite(proba).all()
            assert proba.dtype == (np.float32 if X.dtype == np.float32 else np.float64)
        else:
            assert np.isfinite(predicted).all()
    np.testing.assert_array_equal(X, X_copy)
    np.testing.assert_array_equal(y, y_copy)


@SETTINGS
@given(X=sequences())
def test_transformers_refuse_with_a_message_or_give_finite_values(X):
    X_copy = X.copy()
    output_dtype = np.float32 if X.dtype == np.float32 else np.float64
    scaler = SequenceScaler()
    scaled = _run(lambda: scaler.fit_transform(X))
    if scaled is not None:
        assert scaled.shape == X.shape and scaled.dtype == output_dtype
        _finite_where_present(scaled, X)
        _finite_where_present(scaler.inverse_transform(scaled), X)
    padded = _run(lambda: SequencePadder().fit_transform(X))
    if padded is not None:
        assert padded.dtype == output_dtype and padded.ndim == X.ndim
    summary = _run(lambda: SequenceSummarizer().fit_transform(X))
    if summary is not None:
        assert summary.shape[0] == X.shape[0] and summary.dtype == output_dtype
        empty = np.isnan(np.asarray(X, dtype=np.float64).reshape(len(X), -1)).all(axis=1)
        assert np.isfinite(summary[~empty]).all()
    np.testing.assert_array_equal(X, X_copy)


@SETTINGS
@given(X=sequences())
def test_valid_input_is_accepted_whole(X):
    """Input that keeps the NaN convention, with a step present, is never
    refused."""
    values = np.asarray(X, dtype=np.float64)
    steps = values if values.ndim == 3 else values[:, :, None]
    nan = np.isnan(steps)
    valid = (
        not np.isinf(steps).any()
        and (nan.all(axis=2) == nan.any(axis=2)).all()
        and not nan.all()
    )
    if valid:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            SequenceScaler().fit_transform(X)
            # (Early stopping would need three samples.)
            RNNRegressor((2,), max_iter=1, early_stopping=False).fit(
                X, np.arange(len(X), dtype=float)
            )
