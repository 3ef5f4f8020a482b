"""The training engine: runs the numpy core, knows nothing of scikit-learn.

It imports the core only. The estimators validate the input and encode the
targets; the engine prepares them for training once (``data``), runs the
training the settings ask for (``training.train``) and returns a
:class:`~.history.TrainingResult`, which the estimators copy to their fitted
attributes.

- ``data``: duplicates merged, standardised, time-major: the data a run
  reads, and the rows it holds out to validate.
- ``duplicates``: identical samples merged into one of their summed weight.
- ``settings``: how to train, named.
- ``training``: the one entry, which picks the solver.
- ``stochastic``: minibatch epochs with Adam or SGD, clipping, divergence
  rollback, noise, averaging, and the stopping rule.
- ``optimizers``: SGD and Adam on the flat parameter vector.
- ``lbfgs``: scipy's L-BFGS-B on the whole data set.
- ``prediction``: forward passes over chunks of bounded memory.
- ``threads``: how many BLAS threads a size of work gets.
- ``progress``: the lines that ``verbose`` prints.
- ``history``: what a run leaves behind.
"""

# SPDX-License-Identifier: BSD-3-Clause
