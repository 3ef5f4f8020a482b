"""The training engine: runs the numpy core, knows nothing of scikit-learn.

It imports the core only, and takes clean time-major batches
(``_core.network.Batch``) and a network; the estimators validate the input,
encode the targets, split off validation data and copy what the engine
returns, a :class:`~.history.TrainingHistory`, to their fitted attributes.

- ``stochastic``: minibatch epochs with Adam or SGD, clipping, divergence
  rollback, stopping rules, early stopping on validation data.
- ``lbfgs``: scipy's L-BFGS-B on the whole data set.
- ``prediction``: forward passes over chunks of bounded memory.
- ``threads``: how many BLAS threads a size of work gets.
- ``progress``: the lines that ``verbose`` prints.
- ``history``: what a run leaves behind.
"""

# SPDX-License-Identifier: BSD-3-Clause
