"""The ONNX graph of an exported model (``sklearn_rnn.export.to_onnx``).

Built from ONNX's own RNN, GRU and LSTM operators, one a layer (the layers
may differ in size), with PyTorch's gates permuted into ONNX's order: GRU
(r, z, n) into (z, r, h), with ``linear_before_reset=1``, which is
PyTorch's GRU; LSTM (i, f, g, o) into (i, o, f, c). The graph computes
each sequence's length from the NaN padding (its present steps, those not
all NaN), passes it to the operators as ``sequence_lens`` and pools the
mean and the maximum with masks. The operators know no absent step inside a
sequence: a sequence whose present steps are not a prefix (a gap, leading
NaN steps) or that has a step with only some features NaN gets NaN
probabilities (NaN predictions); ``predict`` reads the first and refuses
the second.

Opset 17 by default (onnxruntime 1.11 and later), any from 13 on request;
one input ``X``, float32, of shape
(n_samples, n_timesteps, n_features) (or (n_samples, n_timesteps) after a
fit on 2-D X) with both leading axes dynamic; outputs named as skl2onnx
names them: ``label`` and ``probabilities`` for a classifier, ``variable``
for a regressor.
"""

# SPDX-License-Identifier: BSD-3-Clause

import numpy as np

OPSET = 17
# Unsqueeze, Squeeze and ReduceSum with their axes as an input, Softmax and
# ArgMax on one axis.
MIN_OPSET = 13
# PyTorch's gate blocks in ONNX's order.
_GATES = {"rnn": [0], "gru": [1, 0, 2], "lstm": [0, 3, 1, 2]}
_OPERATORS = {"rnn": "RNN", "gru": "GRU", "lstm": "LSTM"}


class _Graph:
    """Nodes and constants with fresh names."""

    def __init__(self, opset):
        from onnx import helper, numpy_helper

        self.helper, self.numpy_helper, self.opset = helper, numpy_helper, opset
        self.nodes, self.initializers, self.count = [], [], 0

    def name(self, stem):
        self.count += 1
        return f"{stem}_{self.count}"

    def constant(self, value, stem="c", dtype=np.float32):
        name = self.name(stem)
        array = np.asarray(value, dtype=dtype) if dtype is not None else np.asarray(value)
        self.initializers.append(self.numpy_helper.from_array(array, name))
        return name

    def unsqueeze(self, x, axis):
        return self.op("Unsqueeze", [x, self.constant([axis], dtype=np.int64)])

    def squeeze(self, x, axis):
        return self.op("Squeeze", [x, self.constant([axis], dtype=np.int64)])

    def reduce(self, op_type, x, axes, keepdims=0):
        """ReduceSum, ReduceMin or ReduceMax over ``axes``: an input from
        opset 18 on (ReduceSum from 13), an attribute before."""
        if op_type == "ReduceSum" or self.opset >= 18:
            return self.op(op_type, [x, self.constant(axes, dtype=np.int64)], keepdims=keepdims)
        return self.op(op_type, [x], axes=axes, keepdims=keepdims)

    def op(self, op_type, inputs, n_outputs=1, outputs=None, **attributes):
        outputs = outputs or [self.name(op_type.lower()) for _ in range(n_outputs)]
        name = self.name(op_type)
        self.nodes.append(
            self.helper.make_node(op_type, list(inputs), outputs, name=name, **attributes)
        )
        return outputs[0] if len(outputs) == 1 else outputs


def build_graph(model, opset=None):
    """The ``onnx.ModelProto`` of an :class:`~.model.ExportedModel`."""
    import onnx
    from onnx import TensorProto

    opset = OPSET if opset is None else opset
    newest = onnx.defs.onnx_opset_version()
    if not isinstance(opset, (int, np.integer)) or not MIN_OPSET <= opset <= newest:
        raise ValueError(
            f"opset must be an integer from {MIN_OPSET} to {newest} (the newest this "
            f"onnx knows), got {opset!r}."
        )
    g = _Graph(int(opset))
    labels = _label_values(g, model) if model.output != "identity" else None
    X = "X"
    if model.input_2d:
        X = g.unsqueeze(X, 2)
    nan = g.op("IsNaN", [X])
    nan_f = g.op("Cast", [nan], to=TensorProto.FLOAT)
    absent = g.reduce("ReduceMin", nan_f, [2])  # (n, T)
    any_nan = g.reduce("ReduceMax", nan_f, [2])
    present = g.op("Sub", [g.constant(1.0), absent])
    zero, one = g.constant(0.0), g.constant(1.0)
    X0 = g.op("Where", [nan, zero, X])
    counts = g.reduce("ReduceSum", present, [1])  # (n,)
    n_steps = g.op("Gather", [g.op("Shape", [X]), g.constant(1, dtype=np.int64)], axis=0)
    steps = g.op("Range", [zero, g.op("Cast", [n_steps], to=TensorProto.FLOAT), one])  # (T,)
    counts_col = g.unsqueeze(counts, 1)  # (n, 1)
    prefix = g.op("Less", [g.unsqueeze(steps, 0), counts_col])
    prefix_f = g.op("Cast", [prefix], to=TensorProto.FLOAT)  # (n, T)
    # Sequences the operators cannot read: a gap, or some features NaN.
    broken = g.op("Add", [
        g.reduce("ReduceMax", g.op("Abs", [g.op("Sub", [present, prefix_f])]), [1]),
        g.reduce("ReduceMax", g.op("Sub", [any_nan, absent]), [1]),
    ])
    broken = g.op("Greater", [broken, zero])  # (n,)

    def last_step(back):
        """Each sequence's present step ``back`` steps before its last
        (its first if it has fewer; zeros if it has none), (n, F)."""
        index = g.op("Max", [g.op("Sub", [counts_col, g.constant(1.0 + back)]), zero])
        onehot = g.op("Cast", [g.op("Equal", [g.unsqueeze(steps, 0), index])], to=TensorProto.FLOAT)
        weighted = g.op("Mul", [X0, g.unsqueeze(onehot, 2)])
        return g.reduce("ReduceSum", weighted, [1])

    levels = None
    if model.levels:
        levels = last_step(0)
        X0 = g.op("Sub", [X0, g.unsqueeze(levels, 1)])
    lengths = g.op("Cast", [counts], to=TensorProto.INT32)
    inp = g.op("Transpose", [X0], perm=[1, 0, 2])  # (T, n, F)
    W = model.weights
    for k, hidden in enumerate(model.hidden_layer_sizes):
        Y, Y_h = _layer(g, model, W, k, hidden, inp, lengths)
        top_final = Y_h
        inp = g.op("Reshape", [g.op("Transpose", [Y], perm=[0, 2, 1, 3]),
                               g.constant([0, 0, -1], dtype=np.int64)])  # (T, n, D * H)
    mask = g.unsqueeze(g.op("Transpose", [prefix], perm=[1, 0]), 2)  # (T, n, 1), bool
    finals = g.op("Reshape", [g.op("Transpose", [top_final], perm=[1, 0, 2]),
                              g.constant([0, -1], dtype=np.int64)])  # (n, D * H)
    linear_T = g.constant(W["linear.weight"].T)
    linear_b = g.constant(W["linear.bias"])
    if model.per_step:
        Z = _per_step_outputs(g, model, inp, finals, mask, linear_T, linear_b)
    else:
        Z = _sequence_outputs(g, model, inp, finals, mask, counts_col, linear_T, linear_b)
        if model.highway:
            steps_back = [last_step(j) for j in range(model.highway)]
            highway = steps_back[0] if len(steps_back) == 1 else g.op("Concat", steps_back, axis=1)
            Z = g.op("Add", [Z, g.op("MatMul", [highway, g.constant(W["highway.weight"].T)])])
        if levels is not None:
            repeats = model.n_outputs // model.n_features
            Z = g.op("Add", [Z, g.op("Tile", [levels, g.constant([1, repeats], dtype=np.int64)])])
    return _proto(g, model, opset, _outputs(g, model, Z, broken, labels))


def _sequence_outputs(g, model, inp, finals, mask, counts_col, linear_T, linear_b):
    """The output layer on the readout of each sequence (the final states,
    and the mean and maximum over the present steps by masks), (n, k)."""
    zero, one = g.constant(0.0), g.constant(1.0)
    parts = []
    for kind in model.readout:
        if kind == "last":
            parts.append(finals)
        elif kind == "mean":
            total = g.reduce("ReduceSum", g.op("Where", [mask, inp, zero]), [0])
            parts.append(g.op("Div", [total, g.op("Max", [counts_col, one])]))
        else:
            peak = g.reduce("ReduceMax", g.op("Where", [mask, inp, g.constant(-np.inf)]), [0])
            parts.append(g.op("Where", [g.op("Greater", [counts_col, zero]), peak, zero]))
    features = parts[0] if len(parts) == 1 else g.op("Concat", parts, axis=1)
    return g.op("Add", [g.op("MatMul", [features, linear_T]), linear_b])


def _proto(g, model, opset, outputs):
    """The checked ``onnx.ModelProto`` of the graph ``g``: one float32 input
    ``X`` of dynamic batch and length."""
    import onnx
    from onnx import TensorProto, helper

    X_shape = [None, None] + ([] if model.input_2d else [model.n_features])
    graph = helper.make_graph(
        g.nodes, f"sklearn_rnn_{model.name}",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["n_samples", "n_timesteps"]
                                       + X_shape[2:])],
        outputs, g.initializers,
    )
    proto = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", int(opset))], producer_name="sklearn_rnn",
        doc_string=f"{model.name} exported by sklearn_rnn.export.to_onnx",
    )
    proto.ir_version = min(proto.ir_version, 8)
    onnx.checker.check_model(proto)
    return proto


def _layer(g, model, W, k, hidden, inp, lengths):
    """One recurrent layer in both its directions: Y (T, D, n, H), Y_h (D, n, H)."""
    cell, order = model.cell, _GATES[model.cell]
    weights = {"W": [], "R": [], "B": []}
    for d in range(model.n_directions):
        suffix = f"_l{k}" + ("_reverse" if d else "")

        def gates(array):
            blocks = np.split(np.asarray(array, dtype=np.float64), len(order), axis=0)
            return np.concatenate([blocks[i] for i in order], axis=0)

        weights["W"].append(gates(W["rnn.weight_ih" + suffix]))
        weights["R"].append(gates(W["rnn.weight_hh" + suffix]))
        weights["B"].append(np.concatenate([gates(W["rnn.bias_ih" + suffix]),
                                            gates(W["rnn.bias_hh" + suffix])]))
    names = [g.constant(np.stack(weights[key]), stem=f"{key}_l{k}") for key in ("W", "R", "B")]
    attributes = {
        "hidden_size": hidden,
        "direction": "bidirectional" if model.bidirectional else "forward",
    }
    if cell == "rnn":
        attributes["activations"] = [model.activation.capitalize()] * model.n_directions
    if cell == "gru":
        attributes["linear_before_reset"] = 1
    n_outputs = 3 if cell == "lstm" else 2
    outputs = g.op(_OPERATORS[cell], [inp] + names + [lengths], n_outputs=n_outputs, **attributes)
    return outputs[0], outputs[1]


def _per_step_outputs(g, model, states, finals, mask, linear_T, linear_b):
    """Outputs at every step, (n, T, n_outputs), as ``predict`` gives them:
    past its end a sequence's forward state carries over (its backward one
    is the initial zero state)."""
    H = model.hidden_layer_sizes[-1]
    if model.bidirectional:
        forward = g.op("Slice", [finals, g.constant([0], dtype=np.int64),
                                 g.constant([H], dtype=np.int64), g.constant([1], dtype=np.int64)])
        carried = g.op("Concat", [forward, g.op("Mul", [forward, g.constant(0.0)])], axis=1)
    else:
        carried = finals
    states = g.op("Where", [mask, states, g.unsqueeze(carried, 0)])
    Z = g.op("Add", [g.op("MatMul", [states, linear_T]), linear_b])  # (T, n, O)
    return g.op("Transpose", [Z], perm=[1, 0, 2])


def _outputs(g, model, Z, broken, labels):
    """The graph's outputs: ``variable``, or ``label`` and ``probabilities``;
    NaN for the sequences the graph cannot read."""
    from onnx import TensorProto, helper

    rank = 3 if model.per_step else 2
    broken = g.op("Reshape", [broken, g.constant([-1] + [1] * (rank - 1), dtype=np.int64)])
    nan = g.constant(np.nan)
    batch = ["n_samples"] + (["n_timesteps"] if model.per_step else [])
    if model.output == "identity":
        if model.per_step and model.squeeze:
            Z = g.squeeze(Z, 2)
            broken = g.squeeze(broken, 2)
        g.op("Where", [broken, nan, Z], outputs=["variable"])
        shape = batch if model.per_step and model.squeeze else batch + [model.n_outputs]
        return [helper.make_tensor_value_info("variable", TensorProto.FLOAT, shape)]
    values, elem_type = labels
    axis = rank - 1
    if model.output == "logistic":
        probabilities = g.op("Concat", [g.op("Sigmoid", [g.op("Neg", [Z])]), g.op("Sigmoid", [Z])],
                             axis=axis)
        positive = g.op("Greater", [g.squeeze(Z, axis), g.constant(0.0)])
        index = g.op("Cast", [positive], to=TensorProto.INT64)
    elif model.output == "softmax":
        probabilities = g.op("Softmax", [Z], axis=axis)
        index = g.op("ArgMax", [Z], axis=axis, keepdims=0)
    else:
        probabilities = g.op("Sigmoid", [Z])
        index = None
    g.op("Where", [broken, nan, probabilities], outputs=["probabilities"])
    n_columns = len(model.classes) if model.output != "logistic" else 2
    if index is None:  # multilabel: the indicator, as predict gives it
        positive = g.op("Greater", [Z, g.constant(0.0)])
        g.op("Cast", [positive], outputs=["label"], to=TensorProto.INT64)
        label_shape = batch + [model.n_outputs]
    else:
        g.op("Gather", [values, index], outputs=["label"], axis=0)
        label_shape = batch
    return [
        helper.make_tensor_value_info("label", elem_type, label_shape),
        helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, batch + [n_columns]),
    ]


def _label_values(g, model):
    """The classes as an ONNX constant of int64, float or strings, and its
    element type; a multilabel model's labels are int64 indicators."""
    from onnx import TensorProto

    classes = np.asarray(model.classes)
    if model.output == "multilabel":
        return None, TensorProto.INT64
    if classes.dtype.kind in "iub":
        return g.constant(classes, "classes", np.int64), TensorProto.INT64
    if classes.dtype.kind == "f":
        return g.constant(classes, "classes", np.float32), TensorProto.FLOAT
    if classes.dtype.kind == "U" or all(isinstance(c, str) for c in classes):
        return g.constant(classes.astype(str).astype(object), "classes", None), TensorProto.STRING
    raise TypeError(
        "ONNX labels are integers, floats or strings; classes_ of the "
        f"{model.name} holds {sorted({type(c).__name__ for c in classes})}. Encode y "
        "as integers or strings to export it."
    )
