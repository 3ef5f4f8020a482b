"""Properties over random inputs: shapes, dtypes, NaN patterns and
magnitudes through fit, predict and every transformer. Each call either
raises a ValueError or TypeError that says what is wrong, or returns finite
outputs of the right shape and dtype; no input is ever modified. The
estimators at every step, pad_targets and present_steps too: a fill value
never becomes a class, and the padding is exactly the fill value."""

import warnings

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from sklearn_rnn import (  # noqa: E402
    RNNClassifier,
    RNNRegressor,
    RNNStepClassifier,
    RNNStepRegressor,
    pad_sequences,
    pad_targets,
    present_steps,
)
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
# Fewer for the estimators at every step, each example a few fits.
FEW = settings(max_examples=15, deadline=None, derandomize=True)


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


@st.composite
def step_targets(draw, n_samples, n_steps, kind):
    """Targets at every step and the estimator's fill value: classes 0 and
    1 (or strings) with -1 (or "") at some steps, for a classifier; values
    of any magnitude with NaN at some steps, for a regressor."""
    rng = np.random.RandomState(draw(st.integers(0, 2**31 - 1)))
    unlabelled = rng.uniform(size=(n_samples, n_steps)) < draw(st.sampled_from([0, 0.3, 0.9]))
    if kind == "regressor":
        y = rng.normal(size=(n_samples, n_steps)) * draw(st.sampled_from([1e-3, 1.0, 1e6]))
        return np.where(unlabelled, np.nan, y), None
    y = rng.randint(2, size=(n_samples, n_steps))
    strings = draw(st.booleans())
    y = np.where(unlabelled, "", np.array(["no", "yes"])[y]) if strings else np.where(
        unlabelled, -1, y
    )
    # Now and then the fill value of the other kind, which must be refused.
    return y, draw(st.sampled_from(["", "", "", -1] if strings else [-1, -1, -1, ""]))


@FEW
@given(data=st.data(), X=sequences(), kind=st.sampled_from(["classifier", "regressor"]),
       bidirectional=st.booleans())
def test_step_estimators_refuse_with_a_message_or_predict_every_step(data, X, kind,
                                                                     bidirectional):
    n_samples, n_steps = X.shape[:2]
    y, fill_value = data.draw(step_targets(n_samples, n_steps, kind))
    X_copy, y_copy = X.copy(), y.copy()
    if kind == "classifier":
        est = RNNStepClassifier((3,), fill_value=fill_value, bidirectional=bidirectional,
                                max_iter=2, random_state=0)
    else:
        est = RNNStepRegressor((3,), bidirectional=bidirectional, max_iter=2,
                               early_stopping=False, random_state=0)
    if _run(lambda: est.fit(X, y)) is not None:
        predicted = _run(lambda: est.predict(X))
        assert predicted is not None and predicted.shape == (n_samples, n_steps)
        if kind == "classifier":
            assert set(np.unique(predicted)) <= set(est.classes_)
            # The fill value is never a class.
            assert fill_value not in est.classes_.tolist() and len(est.classes_) == 2
            proba = est.predict_proba(X)
            assert proba.shape == (n_samples, n_steps, 2) and np.isfinite(proba).all()
        else:
            assert np.isfinite(predicted).all()
        # (R^2 of a single step is NaN, with scikit-learn's warning.)
        score = _run(lambda: est.score(X, y))
        assert score is not None and (np.isfinite(score) or kind == "regressor")
        # A y of another shape is refused with a message, not numpy's.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pytest.raises(ValueError, match=r"y of shape \(n_samples, n_timesteps\)"):
                est.score(X, y[:, :-1])
    np.testing.assert_array_equal(X, X_copy)
    np.testing.assert_array_equal(y, y_copy)


@st.composite
def ragged_targets(draw):
    """The targets of sequences of 0 to 5 steps: integers, strings or
    floats, each list of one kind, or now and then mixed."""
    lengths = draw(st.lists(st.integers(0, 5), min_size=1, max_size=6))
    kind = draw(st.sampled_from(["int", "str", "float", "mixed"]))
    values = {"int": st.integers(-3, 3), "str": st.sampled_from(["a", "bb", "-1"]),
              "float": st.floats(-1e3, 1e3),
              "mixed": st.one_of(st.integers(0, 3), st.sampled_from(["a", "b"]))}[kind]
    return [draw(st.lists(values, min_size=n, max_size=n)) for n in lengths]


@SETTINGS
@given(data=st.data(), targets=ragged_targets(), maxlen=st.sampled_from([None, 1, 3]))
def test_pad_targets_refuses_with_a_message_or_marks_exactly_the_padding(
    data, targets, maxlen
):
    # Mostly a fill value of the targets' kind, now and then another.
    strings = any(isinstance(v, str) for t in targets for v in t)
    fill_value = data.draw(st.one_of(
        st.sampled_from(["", "pad"] if strings else [-1, np.nan, -1.5]),
        st.sampled_from([-1, "", np.nan, None, [0]]),
    ))
    y = _run(lambda: pad_targets(targets, fill_value=fill_value, maxlen=maxlen))
    if y is None:
        return
    longest = max(len(t) for t in targets)
    assert y.shape == (len(targets), longest if maxlen is None else maxlen)
    lengths = np.array([min(len(t), y.shape[1]) for t in targets])
    padding = np.arange(y.shape[1]) >= lengths[:, None]
    for row, t, n in zip(y, targets, lengths):
        assert row[:n].tolist() == list(t[:n])
    filled = np.isnan(y.astype(float)) if fill_value is not None and fill_value != fill_value \
        else y == fill_value
    # The padding is the fill value, of the targets' kind: never another label.
    assert filled[padding].all()
    assert not (filled & ~padding).any() or any(fill_value in t for t in targets)


@SETTINGS
@given(X=sequences())
def test_present_steps_refuses_with_a_message_or_finds_the_steps_of_pad_sequences(X):
    present = _run(lambda: present_steps(X))
    if present is None:
        return
    steps = np.asarray(X, dtype=np.float64)
    steps = steps if steps.ndim == 3 else steps[:, :, None]
    assert present.dtype == bool and present.shape == steps.shape[:2]
    np.testing.assert_array_equal(present, ~np.isnan(steps).all(axis=2))
    # The present steps of each sequence, padded again, are its length.
    sequences_ = [x[p] for x, p in zip(steps, present)]
    if present.any(axis=1).all():
        padded = _run(lambda: pad_sequences(sequences_))
        if padded is not None:
            np.testing.assert_array_equal(present_steps(padded).sum(axis=1), present.sum(axis=1))
