"""The numpy core: recurrent networks as arithmetic on clean arrays.

Everything here imports numpy, scipy and the modules of this package only,
and knows nothing of scikit-learn: the estimators validate and pad the
input, and hand the core time-major batches (``batch.Batch``, made by
``batch.time_major``).

- ``activations`` and ``losses``: the elementwise functions.
- ``cells``: the time loop of one layer in one direction, behind the
  contract stated in ``cells.Cell``.
- ``parameters``: the flat parameter vector and the role of each block in it.
- ``network``: stacking, directions, the output layer, the loss and its
  gradient.
- ``batch``: time-major batches, from batch-major padded sequences.
- ``workspace``: buffers reused from batch to batch.
- ``scaling``: standardisation, and its folding into the weights.
"""

# SPDX-License-Identifier: BSD-3-Clause
