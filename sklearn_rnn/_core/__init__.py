"""The numpy core: recurrent networks as arithmetic on clean arrays.

Everything here imports numpy, scipy and the modules of this package only,
and knows nothing of scikit-learn: the estimators validate and pad the
input, and hand the core time-major arrays (``layout.time_major``) and named
batches (``network.Batch``).

- ``activations`` and ``losses``: the elementwise functions.
- ``cells``: the time loop of one layer in one direction, behind the
  contract stated in ``cells.Cell``.
- ``parameters``: the flat parameter vector and the role of each block in it.
- ``network``: stacking, directions, the output layer, the loss and its
  gradient.
- ``layout``: batch-major padded sequences to the core's time-major layout.
- ``workspace``: buffers reused from batch to batch.
- ``optimizers``: SGD and Adam on the flat parameter vector.
"""

# SPDX-License-Identifier: BSD-3-Clause
