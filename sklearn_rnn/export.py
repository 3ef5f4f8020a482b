"""Deploy a fitted estimator: a PyTorch module, an ONNX graph, and back.

torch, onnx and onnxruntime are optional: install them to use these
functions (``pip install "sklearn-rnn[onnx]"`` for ONNX). See
:doc:`/deploy`.
"""

# SPDX-License-Identifier: BSD-3-Clause

from ._export.model import exported_model, with_weights

__all__ = ["from_torch", "register_skl2onnx", "to_onnx", "to_torch"]


_INSTALL = {
    "torch": "pip install torch --index-url https://download.pytorch.org/whl/cpu",
    "onnx": 'pip install "sklearn-rnn[onnx]"',
    "skl2onnx": "pip install skl2onnx",
}


def _require(name, purpose):
    try:
        return __import__(name)
    except ImportError as error:
        raise ImportError(
            f"{purpose} needs {name}, which is not installed: {_INSTALL[name]}."
        ) from error


def to_torch(estimator, dtype=None):
    """A PyTorch module that predicts as a fitted estimator.

    Parameters
    ----------
    estimator : RNNClassifier, RNNRegressor, RNNStepClassifier or RNNStepRegressor
        A fitted estimator: any cell, stack, direction and readout.

    dtype : torch.dtype, default=None
        Of the module's parameters and outputs; by default that of
        ``weights_`` (the dtype of the data the estimator was fitted on).

    Returns
    -------
    module : torch.nn.Module
        Its ``forward(X)`` takes NaN-padded sequences as ``predict`` does,
        a tensor of shape (n_samples, n_timesteps, n_features) (or
        (n_samples, n_timesteps) after a fit on 2-D X), absent steps
        (all features NaN) anywhere, and returns ``predict_proba`` of a
        classifier or ``predict`` of a regressor, as a tensor of ``dtype``;
        ``decision_function(X)`` returns the outputs before the output
        activation (logits). Its ``state_dict()`` keys and values are those
        of ``weights_``: input standardisation and target scaling folded in.
        The regressor's linear path and per-sequence levels are part of it.
        It trains like any module; :func:`from_torch` brings its weights
        back.

    Raises
    ------
    TypeError
        If ``estimator`` is not one of sklearn_rnn's.
    sklearn.exceptions.NotFittedError
        If it is not fitted.
    """
    model = exported_model(estimator)
    _require("torch", "to_torch")
    from ._export.torch_module import build_module

    return build_module(model, dtype)


def from_torch(module, estimator):
    """A copy of a fitted estimator with the weights of a module.

    Parameters
    ----------
    module : torch.nn.Module or dict
        A module from :func:`to_torch` of ``estimator`` (fine-tuned, say),
        or a state_dict of the same keys (PyTorch tensors or arrays).

    estimator : RNNClassifier, RNNRegressor, RNNStepClassifier or RNNStepRegressor
        The fitted estimator the module came from, left unchanged.

    Returns
    -------
    estimator : estimator
        A deep copy of ``estimator`` whose ``weights_`` are the module's,
        in the estimator's dtype; it predicts as the module does (to the
        rounding of that dtype) and trains on from them with
        ``warm_start=True`` or ``partial_fit``. Its standardisation
        (``input_mean_``, ``input_scale_``) stays; the weights are unfolded
        from it.

    Raises
    ------
    ValueError
        If the names or shapes of the weights are not those of
        ``estimator.weights_``, or a weight is not finite.
    """
    state = module.state_dict() if hasattr(module, "state_dict") else dict(module)
    named = {
        name: (W.detach().cpu().double().numpy() if hasattr(W, "detach") else W)
        for name, W in state.items()
    }
    return with_weights(estimator, named)


def to_onnx(estimator, opset=None):
    """An ONNX graph that predicts as a fitted estimator.

    Parameters
    ----------
    estimator : RNNClassifier, RNNRegressor, RNNStepClassifier or RNNStepRegressor
        A fitted estimator: any cell, stack, direction and readout.

    opset : int, default=None
        The opset of the graph: 17 by default (onnxruntime 1.11 and later);
        any from 13 to the newest the installed onnx knows.

    Returns
    -------
    model : onnx.ModelProto
        A graph of ONNX's ``RNN``, ``GRU`` and ``LSTM`` operators, with one
        input ``X``, float32, of shape (n_samples, n_timesteps, n_features)
        (or (n_samples, n_timesteps) after a fit on 2-D X), NaN-padded at the
        end, both leading axes dynamic; the lengths come from the padding,
        inside the graph. Outputs as skl2onnx names them:
        ``label`` and ``probabilities`` (float32) for a classifier,
        ``variable`` (float32, (n_samples, n_outputs), or (n_samples,
        n_timesteps) for the per-step regressor) for a regressor. A sequence
        with an absent step before a present one, or a step with only some
        features NaN, gets NaN probabilities (predictions): the operators
        read sequences padded at the end only.

    Raises
    ------
    TypeError
        If ``estimator`` is not one of sklearn_rnn's, or its classes are
        neither integers, floats nor strings.
    ValueError
        If ``opset`` is not an integer from 13 to the newest onnx knows.
    sklearn.exceptions.NotFittedError
        If it is not fitted.
    """
    model = exported_model(estimator)
    _require("onnx", "to_onnx")
    from ._export.onnx_graph import build_graph

    return build_graph(model, opset)


def register_skl2onnx():
    """Let ``skl2onnx.to_onnx`` convert the estimators of sklearn_rnn.

    After this call, ``skl2onnx.to_onnx(estimator, X[:1].astype(np.float32))``
    converts a fitted estimator into the graph of :func:`to_onnx` at
    skl2onnx's ``target_opset`` (13 or later): outputs ``label`` and
    ``probabilities`` (a tensor: no ZipMap) for a classifier, ``variable``
    for a regressor. skl2onnx fixes the input's shape from the example
    given, but for the batch axis; ``initial_types=[("X",
    FloatTensorType([None, None, n_features]))]`` keeps the length dynamic.

    Raises
    ------
    ImportError
        If skl2onnx is not installed.
    """
    _require("onnx", "register_skl2onnx")
    _require("skl2onnx", "register_skl2onnx")
    from ._export.skl2onnx_converter import register

    register()
