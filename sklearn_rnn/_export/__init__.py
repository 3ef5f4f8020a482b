"""Export of fitted estimators to PyTorch and ONNX, and back
(``sklearn_rnn.export`` is the public face)."""
