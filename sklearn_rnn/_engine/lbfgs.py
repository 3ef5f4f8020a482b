"""Full-batch training with scipy's L-BFGS-B on the exact gradient."""

# SPDX-License-Identifier: BSD-3-Clause

import numpy as np
from scipy.optimize import minimize

from .._core.workspace import Workspace
from .history import TrainingHistory
from .progress import Progress
from .threads import blas_threads


def train_lbfgs(network, flat, data, *, loss, alpha, max_iter, max_fun, tol, verbose=0):
    """Train ``flat`` in place on the whole :class:`~.._core.network.Batch`
    ``data``; returns a :class:`~.history.TrainingHistory`.

    scipy works in float64 and the network in the dtype of ``flat``. The
    line search backs off from steps whose loss is not finite, so L-BFGS
    needs no divergence guard; any other failure is in ``history.status``
    and ``history.message``.
    """
    dtype = flat.dtype
    batch = data.weighted_per_sequence()
    workspace = Workspace()

    def loss_gradient(theta):
        params = theta if dtype == theta.dtype else theta.astype(dtype)
        grad = np.empty_like(params)
        value = network.loss_gradient(params, grad, batch, loss, alpha, workspace)
        return value, grad.astype(np.float64, copy=False)

    history = TrainingHistory()
    progress = Progress(verbose, "Iteration")

    def record(intermediate_result):
        history.loss_curve.append(float(intermediate_result.fun))
        progress.report(len(history.loss_curve), history.loss_curve[-1])

    with blas_threads(len(data.Y), network.hidden_layer_sizes), np.errstate(
        over="ignore", invalid="ignore"
    ):
        result = minimize(
            loss_gradient,
            flat.astype(np.float64),
            method="L-BFGS-B",
            jac=True,
            callback=record,
            options={"maxiter": max_iter, "maxfun": max_fun, "gtol": tol},
        )
    progress.close()
    history.n_iter = max(1, min(result.nit, max_iter))
    flat[:] = result.x
    history.loss = float(result.fun)
    if not history.loss_curve:
        history.loss_curve.append(history.loss)
    history.best_loss = min(history.loss_curve)
    history.status, history.message = int(result.status), str(result.message)
    history.stop = "converged" if result.status == 0 else "failed"
    return history
