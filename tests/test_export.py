"""sklearn_rnn.export: the PyTorch module (float64, to 1e-10 of the
estimator) and the ONNX graph under onnxruntime (float32, probabilities to
1e-4, identical labels), on batches and lengths not seen at fit; the way
back from a fine-tuned module. Skipped without torch, or without onnx and
onnxruntime."""

import functools
import pickle
import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning, NotFittedError

from sklearn_rnn import RNNClassifier, RNNRegressor, RNNStepClassifier, RNNStepRegressor
from sklearn_rnn.export import from_torch, to_onnx, to_torch

CELLS = [("rnn", "tanh"), ("rnn", "relu"), ("gru", "tanh"), ("lstm", "tanh")]
READOUTS = [("last",), ("mean",), ("max",), ("mean", "last", "max")]


def _torch():
    return pytest.importorskip("torch")


def _onnxruntime():
    pytest.importorskip("onnx")
    return pytest.importorskip("onnxruntime")


def _sequences(n_samples, n_steps, n_features=3, seed=0, min_length=1):
    """Features of very different scales and offsets, lengths from
    ``min_length`` to ``n_steps`` (one of each end), NaN-padded."""
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n_samples, n_steps, n_features))
    X = X * [3.0, 0.01, 20.0][:n_features] + [-5.0, 2.0, 300.0][:n_features]
    lengths = rng.randint(min_length, n_steps + 1, size=n_samples)
    lengths[:2] = [n_steps, min_length]
    X[np.arange(n_steps)[None] >= lengths[:, None]] = np.nan
    return X


def _fit(estimator, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return estimator.fit(X, y)


X_FIT = _sequences(30, 6)
# A batch and lengths not seen at fit: more steps, other lengths.
X_NEW = _sequences(11, 9, seed=1)


def _labels(kind, X):
    first = np.nan_to_num(X[:, :, 0], nan=-5.0).mean(axis=1)
    if kind == "binary":
        return np.where(first > -5, "up", "down")
    if kind == "multiclass":
        return np.digitize(first, np.quantile(first, [0.33, 0.66])) + 10
    return np.stack([first > -5, first > -4, first < -6], axis=1).astype(int)


@functools.cache
def _classifier(cell, activation, bidirectional, readout, kind="multiclass"):
    clf = RNNClassifier(
        (4, 3), cell=cell, activation=activation, bidirectional=bidirectional,
        readout=readout, max_iter=3, random_state=0,
    )
    return _fit(clf, X_FIT, _labels(kind, X_FIT))


def _targets(X):
    """Two targets of the two features (for the levels), in large units."""
    total = np.nansum(X, axis=1)
    return 100 + 5 * total + np.nan_to_num(X[:, 0])


@functools.cache
def _regressor(cell, bidirectional, linear_steps, normalize, y_ndim=2):
    reg = RNNRegressor(
        (4, 3), cell=cell, bidirectional=bidirectional, linear_steps=linear_steps,
        normalize_sequences=normalize, max_iter=3, random_state=0,
    )
    # One target: of one feature (the levels restore feature j on output j).
    X = X_FIT[:, :, [0, 2]] if y_ndim == 2 else X_FIT[:, :, [2]]
    y = _targets(X) if y_ndim == 2 else _targets(X)[:, 0]
    return _fit(reg, X, y)


@functools.cache
def _step_classifier(cell, bidirectional):
    y = (np.nan_to_num(X_FIT[:, :, 0], nan=-5) > -5).astype(int) + 2 * (
        np.nan_to_num(X_FIT[:, :, 2], nan=300) > 310)
    clf = RNNStepClassifier((3, 4), cell=cell, bidirectional=bidirectional, max_iter=3,
                            random_state=0)
    return _fit(clf, X_FIT, y)


@functools.cache
def _step_regressor(cell, bidirectional):
    y = np.nan_to_num(X_FIT[:, :, 0] * X_FIT[:, :, 1])
    reg = RNNStepRegressor((3, 4), cell=cell, bidirectional=bidirectional, max_iter=3,
                           random_state=0)
    return _fit(reg, X_FIT, y)


def _module_outputs(estimator, X):
    torch = _torch()
    module = to_torch(estimator)
    with torch.no_grad():
        return module(torch.from_numpy(X)).numpy()


def _session(estimator):
    ort = _onnxruntime()
    proto = to_onnx(estimator)
    return ort.InferenceSession(proto.SerializeToString(), providers=["CPUExecutionProvider"])


def _onnx_outputs(estimator, X):
    session = _session(estimator)
    names = [output.name for output in session.get_outputs()]
    return dict(zip(names, session.run(None, {"X": X.astype(np.float32)})))


def _check_torch(estimator, X, expected):
    np.testing.assert_allclose(_module_outputs(estimator, X), expected, rtol=1e-10, atol=1e-10)


def _check_onnx_classifier(estimator, X):
    outputs = _onnx_outputs(estimator, X)
    np.testing.assert_allclose(outputs["probabilities"], estimator.predict_proba(X), atol=1e-4)
    np.testing.assert_array_equal(outputs["label"], estimator.predict(X))


# -- every cell, direction and readout --------------------------------------


@pytest.mark.parametrize("cell, activation", CELLS)
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("readout", READOUTS)
def test_torch_module_predicts_as_the_classifier(cell, activation, bidirectional, readout):
    clf = _classifier(cell, activation, bidirectional, readout)
    _check_torch(clf, X_NEW, clf.predict_proba(X_NEW))


@pytest.mark.parametrize("cell, activation", CELLS)
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("readout", READOUTS)
def test_onnx_graph_predicts_as_the_classifier(cell, activation, bidirectional, readout):
    _check_onnx_classifier(_classifier(cell, activation, bidirectional, readout), X_NEW)


@pytest.mark.parametrize("kind", ["binary", "multiclass", "multilabel"])
def test_outputs_of_binary_multiclass_and_multilabel(kind):
    clf = _classifier("gru", "tanh", True, ("last", "max"), kind)
    _check_torch(clf, X_NEW, clf.predict_proba(X_NEW))
    _check_onnx_classifier(clf, X_NEW)


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("linear_steps, normalize", [(0, False), (3, True), (2, False)])
def test_regressor_with_its_linear_path_and_levels(cell, bidirectional, linear_steps, normalize):
    reg = _regressor(cell, bidirectional, linear_steps, normalize)
    assert reg.normalizes_sequences_ is normalize
    X = X_NEW[:, :, [0, 2]]
    expected = reg.predict(X)
    _check_torch(reg, X, expected)
    variable = _onnx_outputs(reg, X)["variable"]
    np.testing.assert_allclose(variable, expected, rtol=1e-5, atol=1e-4 * np.abs(expected).max())


def test_regressor_of_one_target_predicts_a_vector():
    reg = _regressor("gru", False, 2, True, y_ndim=1)
    X = X_NEW[:, :, [2]]
    expected = reg.predict(X)
    assert expected.ndim == 1
    _check_torch(reg, X, expected)
    # skl2onnx's regressors give (n_samples, 1).
    variable = _onnx_outputs(reg, X)["variable"]
    np.testing.assert_allclose(variable[:, 0], expected, rtol=1e-5)


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_step_estimators(cell, bidirectional):
    clf, reg = _step_classifier(cell, bidirectional), _step_regressor(cell, bidirectional)
    # All shorter than the batch, as a batch of a deployment often is: past
    # the batch's longest sequence the states carry over, as within it.
    X_short = X_NEW.copy()
    X_short[:, 7:] = np.nan
    for X in (X_NEW, X_short):
        _check_torch(clf, X, clf.predict_proba(X))
        _check_onnx_classifier(clf, X)
        _check_torch(reg, X, reg.predict(X))
        expected = reg.predict(X)
        np.testing.assert_allclose(_onnx_outputs(reg, X)["variable"], expected, rtol=1e-5,
                                   atol=1e-5 * np.abs(expected).max())


def test_univariate_sequences_of_2d_x_and_float32():
    X = np.nan_to_num(X_FIT[:, :, 0], nan=np.nan).astype(np.float32)
    reg = _fit(RNNRegressor(3, cell="gru", linear_steps=2, max_iter=2, random_state=0),
               X, np.nansum(X, axis=1))
    X_new = X_NEW[:, :6, 0].astype(np.float32)
    torch = _torch()
    module = to_torch(reg)
    assert module.dtype == torch.float32
    with torch.no_grad():
        out = module(torch.from_numpy(X_new)).numpy()
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, reg.predict(X_new), rtol=1e-5, atol=1e-4)
    np.testing.assert_allclose(_onnx_outputs(reg, X_new)["variable"][:, 0], reg.predict(X_new),
                               rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("opset", [13, 18, 21])
def test_other_opsets(opset):
    ort = _onnxruntime()
    clf = _classifier("lstm", "tanh", True, ("mean", "last", "max"))
    proto = to_onnx(clf, opset=opset)
    assert [o.version for o in proto.opset_import] == [opset]
    session = ort.InferenceSession(proto.SerializeToString(), providers=["CPUExecutionProvider"])
    label, probabilities = session.run(None, {"X": X_NEW.astype(np.float32)})
    np.testing.assert_allclose(probabilities, clf.predict_proba(X_NEW), atol=1e-4)
    np.testing.assert_array_equal(label, clf.predict(X_NEW))


# -- what the formats cannot read ------------------------------------------


def test_absent_steps_inside_a_sequence():
    """The module reads them as predict does; the ONNX operators cannot:
    NaN probabilities for those sequences, the others unchanged."""
    clf = _classifier("lstm", "tanh", True, ("mean", "last", "max"))
    X = X_NEW.copy()
    lengths = (~np.isnan(X[:, :, 0])).sum(axis=1)
    X = X[np.argsort(lengths < 3, kind="stable")]  # the first two of 3 steps or more
    X[0, 1] = np.nan  # a gap
    X[1, 0] = np.nan  # a late start
    expected = clf.predict_proba(X)
    _check_torch(clf, X, expected)
    probabilities = _onnx_outputs(clf, X)["probabilities"]
    assert np.isnan(probabilities[:2]).all()
    np.testing.assert_allclose(probabilities[2:], expected[2:], atol=1e-4)
    reg = _regressor("gru", True, 3, True)
    X_reg = X[:, :, [0, 2]]
    _check_torch(reg, X_reg, reg.predict(X_reg))
    assert np.isnan(_onnx_outputs(reg, X_reg)["variable"][:2]).all()


def test_the_module_refuses_what_predict_refuses():
    torch = _torch()
    module = to_torch(_classifier("gru", "tanh", False, ("last",)))
    X = torch.from_numpy(X_NEW.copy())
    with pytest.raises(ValueError, match="expecting 3 features"):
        module(X[:, :, :2])
    with pytest.raises(ValueError, match="3-D X"):
        module(X[:, :, 0])
    X[0, 0, 1] = torch.nan
    with pytest.raises(ValueError, match="some features NaN"):
        module(X)
    with pytest.raises(TypeError, match="floating-point"):
        module(torch.ones((2, 3, 3), dtype=torch.int64))


def test_what_cannot_be_exported():
    with pytest.raises(TypeError, match="Only sklearn_rnn's estimators"):
        to_onnx(object())
    with pytest.raises(NotFittedError):
        to_torch(RNNClassifier())
    _onnxruntime()
    with pytest.raises(ValueError, match="opset must be an integer from 13"):
        to_onnx(_classifier("gru", "tanh", False, ("last",)), opset=12)


def test_onnx_graph_interface():
    _onnxruntime()
    import onnx

    proto = to_onnx(_classifier("gru", "tanh", True, ("last",), "binary"))
    assert [o.version for o in proto.opset_import] == [17]
    operators = {node.op_type for node in proto.graph.node}
    assert "GRU" in operators and "Loop" not in operators
    (X,) = proto.graph.input
    assert X.type.tensor_type.elem_type == onnx.TensorProto.FLOAT
    dims = X.type.tensor_type.shape.dim
    assert [d.dim_param for d in dims[:2]] == ["n_samples", "n_timesteps"]
    assert dims[2].dim_value == 3
    assert [o.name for o in proto.graph.output] == ["label", "probabilities"]
    label = proto.graph.output[0].type.tensor_type.elem_type
    assert label == onnx.TensorProto.STRING
    reg = to_onnx(_regressor("lstm", False, 0, False))
    assert [o.name for o in reg.graph.output] == ["variable"]
    assert "LSTM" in {node.op_type for node in reg.graph.node}


# -- the module as PyTorch sees it, and back ---------------------------------


def test_module_in_another_dtype():
    torch = _torch()
    clf = _classifier("gru", "tanh", True, ("mean", "last", "max"))
    module = to_torch(clf, dtype=torch.float32)
    with torch.no_grad():
        proba = module(torch.from_numpy(X_NEW))
    assert proba.dtype == torch.float32
    np.testing.assert_allclose(proba.numpy(), clf.predict_proba(X_NEW), atol=1e-5)
    with pytest.raises(TypeError, match="floating-point torch.dtype"):
        to_torch(clf, dtype=torch.int32)


def test_state_dict_is_weights_():
    _torch()
    clf = _classifier("lstm", "tanh", True, ("mean", "last", "max"))
    state = to_torch(clf).state_dict()
    assert list(state) == list(clf.weights_)
    for name, W in clf.weights_.items():
        np.testing.assert_array_equal(state[name].numpy(), W)
    reg = _regressor("gru", False, 3, True)
    assert list(to_torch(reg).state_dict()) == list(reg.weights_)
    assert "highway.weight" in reg.weights_


def test_gradients_reach_every_parameter_and_the_module_pickles():
    torch = _torch()
    module = to_torch(_regressor("lstm", True, 3, True))
    X = torch.from_numpy(X_NEW[:, :, [0, 2]])
    loss = module(X).square().mean()
    loss.backward()
    for name, parameter in module.named_parameters():
        assert parameter.grad is not None and parameter.grad.abs().sum() > 0, name
    again = pickle.loads(pickle.dumps(module))
    with torch.no_grad():
        torch.testing.assert_close(again(X), module(X), rtol=0, atol=0)


@pytest.mark.parametrize("which", ["classifier", "regressor", "steps"])
def test_fine_tuning_round_trip(which):
    """Train the module a few steps; the estimator rebuilt from its weights
    predicts as it does, and trains on; the original is unchanged."""
    torch = _torch()
    if which == "classifier":
        est, X = _classifier("gru", "tanh", True, ("last", "mean"), "binary"), X_FIT
        y = torch.from_numpy((_labels("binary", X) == "up").astype(np.int64))
    elif which == "regressor":
        est, X = _regressor("lstm", False, 3, True), X_FIT[:, :, [0, 2]]
        y = torch.from_numpy(_targets(X))
    else:
        est, X = _step_regressor("rnn", True), X_FIT
        y = torch.from_numpy(np.nan_to_num(X[:, :, 0]))
    before = est.predict(X_NEW[:, :, : X.shape[2]] if which != "regressor"
                         else X_NEW[:, :, [0, 2]])
    weights_before = {k: v.copy() for k, v in est.weights_.items()}
    module = to_torch(est)
    optimizer = torch.optim.Adam(module.parameters(), lr=0.05)
    X_t = torch.from_numpy(X)
    for _ in range(5):
        optimizer.zero_grad()
        if which == "classifier":
            loss = torch.nn.functional.cross_entropy(torch.log(module(X_t)), y)
        else:
            loss = (module(X_t) - y).square().mean() / y.var()
        loss.backward()
        optimizer.step()
    tuned = from_torch(module, est)
    X_new = X_NEW[:, :, [0, 2]] if which == "regressor" else X_NEW
    with torch.no_grad():
        expected = module(torch.from_numpy(X_new)).numpy()
    got = tuned.predict_proba(X_new) if which == "classifier" else tuned.predict(X_new)
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-10)
    assert not np.allclose(tuned.predict(X_new) if which != "classifier"
                           else tuned.predict_proba(X_new),
                           est.predict(X_new) if which != "classifier"
                           else est.predict_proba(X_new))
    for name, W in module.state_dict().items():
        np.testing.assert_allclose(tuned.weights_[name], W.numpy(), rtol=1e-12, atol=1e-12)
    # The original is as it was; the copy trains on from the new weights.
    for name, W in weights_before.items():
        np.testing.assert_array_equal(est.weights_[name], W)
    np.testing.assert_array_equal(est.predict(X_new), before)
    y_np = y.numpy()
    if which == "classifier":
        y_np = _labels("binary", X)
    tuned.partial_fit(X, y_np)
    assert tuned.predict(X_new).shape == before.shape


def test_from_torch_refuses_other_weights():
    torch = _torch()
    clf = _classifier("gru", "tanh", False, ("last",))
    state = to_torch(clf).state_dict()
    with pytest.raises(ValueError, match=r"missing \['linear.bias'\]"):
        from_torch({k: v for k, v in state.items() if k != "linear.bias"}, clf)
    state["linear.bias"] = torch.zeros(7, dtype=torch.float64)
    with pytest.raises(ValueError, match="'linear.bias' is of shape"):
        from_torch(state, clf)
    state["linear.bias"] = torch.full((3,), torch.nan, dtype=torch.float64)
    with pytest.raises(ValueError, match="NaN or infinity"):
        from_torch(state, clf)


def test_skl2onnx_converts_the_estimators_once_registered():
    ort = _onnxruntime()
    skl2onnx = pytest.importorskip("skl2onnx")
    from skl2onnx.common.data_types import FloatTensorType

    from sklearn_rnn.export import register_skl2onnx

    register_skl2onnx()
    dynamic = [("X", FloatTensorType([None, None, 3]))]
    for estimator, names in [
        (_classifier("gru", "tanh", True, ("last", "max"), "binary"), ["label", "probabilities"]),
        (_step_classifier("lstm", True), ["label", "probabilities"]),
        (_step_regressor("rnn", False), ["variable"]),
    ]:
        proto = skl2onnx.to_onnx(estimator, initial_types=dynamic, target_opset=17)
        assert [o.name for o in proto.graph.output] == names
        session = ort.InferenceSession(proto.SerializeToString(),
                                       providers=["CPUExecutionProvider"])
        outputs = session.run(None, {"X": X_NEW.astype(np.float32)})
        if names == ["variable"]:
            expected = estimator.predict(X_NEW)
            np.testing.assert_allclose(outputs[0], expected, rtol=1e-5,
                                       atol=1e-5 * np.abs(expected).max())
        else:
            np.testing.assert_array_equal(outputs[0], estimator.predict(X_NEW))
            np.testing.assert_allclose(outputs[1], estimator.predict_proba(X_NEW), atol=1e-4)
    # From an example of the data, at skl2onnx's default opset.
    reg = _regressor("gru", True, 3, True)
    X = X_NEW[:, :, [0, 2]].astype(np.float32)
    session = ort.InferenceSession(skl2onnx.to_onnx(reg, X[:1]).SerializeToString(),
                                   providers=["CPUExecutionProvider"])
    expected = reg.predict(X)
    np.testing.assert_allclose(session.run(None, {"X": X})[0], expected, rtol=1e-5,
                               atol=1e-5 * np.abs(expected).max())
