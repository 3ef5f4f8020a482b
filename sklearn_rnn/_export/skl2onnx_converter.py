"""The converter that lets ``skl2onnx.to_onnx`` convert the estimators
(``sklearn_rnn.export.register_skl2onnx``).

It adds the nodes of :func:`~.onnx_graph.build_graph` to skl2onnx's graph,
renamed into its scope, the graph's input read from skl2onnx's and its
outputs written to skl2onnx's: ``label`` and ``probabilities`` for a
classifier, without a ZipMap (the probabilities stay a tensor, as with
``options={"zipmap": False}``), and ``variable`` for a regressor.
"""

# SPDX-License-Identifier: BSD-3-Clause

from .model import exported_model
from .onnx_graph import MIN_OPSET, build_graph


def register():
    """Register the four estimators with skl2onnx."""
    from skl2onnx import update_registered_converter

    from .. import RNNClassifier, RNNRegressor, RNNStepClassifier, RNNStepRegressor

    for estimator in (RNNClassifier, RNNRegressor, RNNStepClassifier, RNNStepRegressor):
        update_registered_converter(
            estimator, f"SklearnRnn{estimator.__name__}", _shapes, _convert, parser=_parse,
        )


def _parse(scope, model, inputs, custom_parsers=None):
    from skl2onnx.common.data_types import (
        FloatTensorType,
        Int64TensorType,
        StringTensorType,
    )

    operator = scope.declare_local_operator(f"SklearnRnn{type(model).__name__}", model)
    operator.inputs = inputs
    exported = exported_model(model)
    if exported.output == "identity":
        operator.outputs.append(scope.declare_local_variable("variable", FloatTensorType()))
    else:
        label_type = Int64TensorType()
        if exported.output != "multilabel" and exported.classes.dtype.kind in "UO":
            label_type = StringTensorType()
        elif exported.output != "multilabel" and exported.classes.dtype.kind == "f":
            label_type = FloatTensorType()
        operator.outputs.append(scope.declare_local_variable("label", label_type))
        operator.outputs.append(scope.declare_local_variable("probabilities", FloatTensorType()))
    return operator.outputs


def _shapes(operator):
    """The outputs' shapes: the batch axis, then as :func:`to_onnx` gives."""
    exported = exported_model(operator.raw_operator)
    if len(operator.inputs) != 1:
        raise RuntimeError(
            f"{exported.name} reads one input, got {len(operator.inputs)}."
        )


def _convert(scope, operator, container):
    from onnx import numpy_helper

    estimator = operator.raw_operator
    opset = container.target_opset
    if opset < MIN_OPSET:
        raise RuntimeError(
            f"sklearn_rnn's estimators need target_opset {MIN_OPSET} or later, "
            f"got {opset}."
        )
    graph = build_graph(exported_model(estimator), opset).graph
    names = {"X": operator.inputs[0].full_name}
    names.update({output.onnx_name: output.full_name for output in operator.outputs})

    def rename(name):
        if name not in names:
            names[name] = scope.get_unique_variable_name(f"rnn_{name}")
        return names[name]

    for tensor in graph.initializer:
        array = numpy_helper.to_array(tensor)
        container.add_initializer(rename(tensor.name), tensor.data_type, list(array.shape),
                                  array.ravel().tolist())
    for node in graph.node:
        attributes = {a.name: _attribute_value(a) for a in node.attribute}
        container.add_node(
            node.op_type, [rename(n) for n in node.input], [rename(n) for n in node.output],
            op_version=opset, name=scope.get_unique_operator_name(node.op_type), **attributes,
        )


def _attribute_value(attribute):
    from onnx import helper

    value = helper.get_attribute_value(attribute)
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, list) and value and isinstance(value[0], bytes):
        return [v.decode() for v in value]
    return value
