"""The estimators' input boundary: shapes, dtypes, the NaN convention and
sample weights, each with a clear error."""

import warnings

import numpy as np
import pytest
from scipy import sparse
from sklearn.exceptions import ConvergenceWarning

from sklearn_rnn import RNNClassifier, RNNRegressor


@pytest.mark.parametrize(
    "X, error, match",
    [
        (np.ones(10), ValueError, "Reshape your data"),
        (np.ones((10, 2, 2, 2)), ValueError, "2-D or 3-D"),
        (sparse.csr_matrix(np.ones((10, 3))), TypeError, "[Ss]parse"),
        (np.ones((10, 3, 2)) + 1j, ValueError, "Complex data not supported"),
        (np.ones((10, 0, 2)), ValueError, "0 time steps or features"),
        (np.ones((10, 3, 0)), ValueError, "0 time steps or features"),
        (np.ones((0, 3, 2)), ValueError, "0 sample"),
        (np.where(np.eye(10, 3, dtype=bool)[:, :, None], np.inf, np.ones((10, 3, 2))),
         ValueError, "infinity at sample 0, time step 0"),
        (np.where(np.arange(2) == 0, np.nan, np.ones((10, 3, 2))) * np.eye(10, 3)[..., None]
         + np.ones((10, 3, 2)),
         ValueError, "some but not all features of sample 0 at time step 0"),
        (np.array([[{"a": 1}, 2]], dtype=object).repeat(10, 0), TypeError, "argument must be"),
    ],
)
def test_bad_input_gets_a_clear_error(X, error, match):
    y = np.arange(X.shape[0]) % 2
    for est in (RNNClassifier(max_iter=1), RNNRegressor(max_iter=1)):
        with pytest.raises(error, match=match):
            est.fit(X, y)


def test_a_ragged_list_is_told_to_pad_first():
    ragged = [np.ones((3, 2)), np.ones((5, 2))]
    for est in (RNNClassifier(), RNNRegressor()):
        with pytest.raises(ValueError, match="different shapes.*sequence 1 of shape "
                           r"\(5, 2\).*pad_sequences.*SequencePadder"):
            est.fit(ragged, [0, 1])


@pytest.mark.parametrize(
    "sample_weight, match",
    [
        (-np.ones(10), "negative"),
        (np.zeros(10), "all zero"),
        (np.ones(9), "sample_weight.shape"),
        (np.ones((10, 1)), "sample_weight.shape"),
    ],
)
def test_bad_sample_weights(sample_weight, match):
    X = np.random.RandomState(0).normal(size=(10, 3, 2))
    with pytest.raises(ValueError, match=match):
        RNNRegressor(max_iter=1).fit(X, np.arange(10.0), sample_weight=sample_weight)


def test_two_and_three_dimensional_input():
    rng = np.random.RandomState(0)
    X2 = rng.normal(size=(30, 7))
    y = (X2[:, 0] > 0).astype(int)
    clf = RNNClassifier(max_iter=3, random_state=0).fit(X2, y)
    assert clf.n_features_in_ == 7
    with pytest.raises(ValueError, match="X has 6 features, but RNNClassifier "
                       "is expecting 7 features as input"):
        clf.predict(X2[:, :6])
    with pytest.raises(ValueError, match="fitted on 2-D input"):
        clf.predict(X2[:, :, None])
    # 2-D is a batch of univariate sequences.
    proba_2d = clf.predict_proba(X2)
    clf.fit(X2[:, :, None], y)
    assert clf.n_features_in_ == 1
    np.testing.assert_allclose(clf.predict_proba(X2[:, :, None]), proba_2d)
    # 3-D input may be of any length at predict time.
    assert clf.predict(X2[:, :3, None]).shape == (30,)
    with pytest.raises(ValueError, match="X has 2 features"):
        clf.predict(np.ones((3, 7, 2)))


def test_dataframe_input_sets_feature_names(pd):
    rng = np.random.RandomState(0)
    df = pd.DataFrame(rng.normal(size=(20, 4)), columns=["t0", "t1", "t2", "t3"])
    y = rng.randint(2, size=20)
    clf = RNNClassifier(max_iter=2, random_state=0).fit(df, y)
    np.testing.assert_array_equal(clf.feature_names_in_, df.columns)
    with pytest.warns(UserWarning, match="does not have valid feature names"):
        np.testing.assert_array_equal(clf.predict(df), clf.predict(df.to_numpy()))


def test_sequence_without_present_steps_warns_and_gets_the_empty_prediction():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(20, 4, 2))
    y = np.arange(20) % 2
    clf = RNNClassifier(max_iter=2, random_state=0).fit(X, y)
    X[3] = np.nan
    with pytest.warns(UserWarning, match="1 sequence.*sample 3"):
        proba = clf.predict_proba(X)
    assert np.isfinite(proba).all()
    bias = clf.weights_["linear.bias"][0]
    np.testing.assert_allclose(proba[3, 1], 1 / (1 + np.exp(-bias)))


def test_inputs_are_never_written(variable_length_data):
    X, y, _ = variable_length_data
    X_copy, w = X.copy(), np.ones(len(y))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = RNNClassifier(hidden_layer_sizes=(4,), max_iter=2, random_state=0)
        clf.fit(X, y, sample_weight=w)
    clf.predict(X)
    np.testing.assert_array_equal(X, X_copy)
    np.testing.assert_array_equal(w, 1)


def test_a_float32_model_refuses_values_beyond_float32():
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(20, 5, 2)).astype(np.float32), np.arange(20) % 2
    clf = RNNClassifier(max_iter=2).fit(X, y)
    huge = X.astype(np.float64)
    huge[3, 2, 1] = 1e39
    with pytest.raises(ValueError, match="up to 1e\\+39 in magnitude, beyond the range of "
                       "float32.*fitted on"):
        clf.predict(huge)
    assert np.isfinite(clf.predict_proba(X.astype(np.float64))).all()
