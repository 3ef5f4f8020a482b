"""Full-batch training with scipy's L-BFGS-B on the exact gradient."""

# SPDX-License-Identifier: BSD-3-Clause

import numpy as np
from scipy.optimize import minimize

from .._core.workspace import Workspace
from .history import EpochReport, Stop, TrainingHistory, TrainingResult
from .progress import Progress
from .threads import blas_threads


def train_lbfgs(network, flat, data, settings, on_epoch=None):
    """Train ``flat`` in place on all of :class:`~.data.TrainingData`
    ``data`` with the :class:`~.settings.TrainingSettings` ``settings``;
    returns a :class:`~.history.TrainingResult`.

    scipy works in float64 and the network in the dtype of ``flat``. The
    line search backs off from steps whose loss is not finite, so L-BFGS
    needs no divergence guard; any other failure is in the result's
    ``status`` and ``message``. ``on_epoch`` is called after each iteration
    as in :func:`~.stochastic.train_stochastic`, and so is stopped; a
    KeyboardInterrupt keeps the weights of the last complete iteration.
    """
    dtype = flat.dtype
    batch = data.batch.weighted_per_sequence()
    workspace = Workspace()

    def loss_gradient(theta):
        params = theta if dtype == theta.dtype else theta.astype(dtype)
        grad = np.empty_like(params)
        value = network.loss_gradient(params, grad, batch, settings.loss, settings.alpha,
                                      workspace)
        return value, grad.astype(np.float64, copy=False)

    history = TrainingHistory()
    progress = Progress(settings.verbose, "Iteration")
    last = {"x": flat.astype(np.float64)}

    def record(intermediate_result):
        last["x"] = intermediate_result.x.copy()
        history.loss_curve.append(float(intermediate_result.fun))
        n = len(history.loss_curve)
        elapsed = progress.elapsed()
        report = EpochReport(n, settings.max_iter, history.loss_curve[-1], elapsed=elapsed,
                             remaining=elapsed / n * (settings.max_iter - n))
        progress.report(report)
        if on_epoch is not None and on_epoch(report, last["x"].astype(dtype)):
            raise StopIteration

    with blas_threads(len(batch), network.hidden_layer_sizes), np.errstate(
        over="ignore", invalid="ignore"
    ):
        try:
            result = minimize(
                loss_gradient,
                last["x"],
                method="L-BFGS-B",
                jac=True,
                callback=record,
                options={"maxiter": settings.max_iter, "maxfun": settings.max_fun,
                         "gtol": settings.tol},
            )
        except KeyboardInterrupt:
            result = None
    return _result(history, result, flat, last["x"], settings, progress,
                   lambda x: loss_gradient(x)[0])


def _result(history, result, flat, last_x, settings, progress, loss):
    """The :class:`~.history.TrainingResult` of scipy's ``result`` (None:
    interrupted, at ``last_x``), the weights left in ``flat``."""
    if result is None:
        progress.close("Training interrupted by user.")
        flat[:] = last_x
        history.n_iter = len(history.loss_curve)
        history.loss = float(loss(last_x))
        stop, status, message = Stop.INTERRUPTED, None, "interrupted"
    else:
        stopped = result.status == 99  # the callback raised StopIteration
        progress.close("Stopped by a callback." if stopped else None)
        history.n_iter = max(1, min(result.nit, settings.max_iter))
        flat[:] = result.x
        history.loss = float(result.fun)
        status, message = int(result.status), str(result.message)
        stop = Stop.CALLBACK if stopped else (
            Stop.CONVERGED if result.status == 0 else Stop.FAILED)
    if not history.loss_curve:
        history.loss_curve.append(history.loss)
    history.best_loss = min(history.loss_curve)
    return TrainingResult(history, stop=stop, status=status, message=message)
