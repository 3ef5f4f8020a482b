"""Full-batch training with scipy's L-BFGS-B on the exact gradient."""

# SPDX-License-Identifier: BSD-3-Clause

import numpy as np
from scipy.optimize import minimize

from .._core.workspace import Workspace
from .history import Stop, TrainingHistory, TrainingResult
from .progress import Progress
from .threads import blas_threads


def train_lbfgs(network, flat, data, settings):
    """Train ``flat`` in place on all of :class:`~.data.TrainingData`
    ``data`` with the :class:`~.settings.TrainingSettings` ``settings``;
    returns a :class:`~.history.TrainingResult`.

    scipy works in float64 and the network in the dtype of ``flat``. The
    line search backs off from steps whose loss is not finite, so L-BFGS
    needs no divergence guard; any other failure is in the result's
    ``status`` and ``message``.
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

    def record(intermediate_result):
        history.loss_curve.append(float(intermediate_result.fun))
        progress.report(len(history.loss_curve), history.loss_curve[-1])

    with blas_threads(len(batch), network.hidden_layer_sizes), np.errstate(
        over="ignore", invalid="ignore"
    ):
        result = minimize(
            loss_gradient,
            flat.astype(np.float64),
            method="L-BFGS-B",
            jac=True,
            callback=record,
            options={"maxiter": settings.max_iter, "maxfun": settings.max_fun,
                     "gtol": settings.tol},
        )
    progress.close()
    history.n_iter = max(1, min(result.nit, settings.max_iter))
    flat[:] = result.x
    history.loss = float(result.fun)
    if not history.loss_curve:
        history.loss_curve.append(history.loss)
    history.best_loss = min(history.loss_curve)
    return TrainingResult(
        history,
        stop=Stop.CONVERGED if result.status == 0 else Stop.FAILED,
        status=int(result.status),
        message=str(result.message),
    )
