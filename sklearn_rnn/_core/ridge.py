"""Ridge regression with its penalty chosen by generalised cross-validation,
the starting point of the regressor's linear path.

The linear path (``highway.py``) of a regressor starts at the ridge
regression of the targets on what it reads, beside the output layer's
recurrent part at its random start (a start at zero did not help,
``benchmarks/results_accuracy.md``): training starts near the best linear
model of the recent past and the recurrent layers learn what it leaves. On
small noisy data, where a few epochs of a randomly initialised network land
anywhere, this keeps a fit near the linear model unless the recurrent
layers beat it.
"""

# SPDX-License-Identifier: BSD-3-Clause

import numpy as np

from .scaling import power_of_two_above

# Penalties tried, for standardised features and targets.
ALPHAS = np.logspace(-6, 6, 25)


def ridge_gcv(H, Y, weight, alphas=ALPHAS):
    """Weighted ridge regression of ``Y`` on ``H`` with an intercept, its
    penalty the one of ``alphas`` of least generalised cross-validation
    error (Golub, Heath & Wahba 1979), shared by all outputs.

    Parameters
    ----------
    H : ndarray of shape (n_samples, n_inputs)
    Y : ndarray of shape (n_samples, n_outputs)
    weight : ndarray of shape (n_samples,), positive

    Returns
    -------
    coef : ndarray of shape (n_outputs, n_inputs)
    intercept : ndarray of shape (n_outputs,)
    alpha : float
        The penalty chosen; the largest ones shrink to the weighted mean.
    """
    H, Y, weight = (np.asarray(a, np.float64) for a in (H, Y, weight))
    share = weight / weight.sum()
    h_mean, y_mean = share @ H, share @ Y
    root = np.sqrt(weight / weight.mean())[:, None]
    U, S, Vt = np.linalg.svd((H - h_mean) * root, full_matrices=False)
    Yc = (Y - y_mean) * root
    UtY = U.T @ Yc
    # Per alpha: the residual of the fit and the effective degrees of freedom.
    # The residuals are those of the targets divided by a power of two near
    # their largest value: exactly the same choice, and squares that stay
    # finite for targets of any finite size.
    unit = power_of_two_above(np.abs(Yc).max(initial=0.0))
    Yc_unit, UtY_unit = Yc / unit, UtY / unit
    shrink = S**2 / (S**2 + alphas[:, None])
    outside = (Yc_unit**2).sum() - (UtY_unit**2).sum()
    residual = outside + (((1 - shrink)[:, :, None] * UtY_unit) ** 2).sum(axis=(1, 2))
    n = len(H)
    with np.errstate(divide="ignore"):
        gcv = residual / np.maximum(n - shrink.sum(axis=1), 1e-12) ** 2
    alpha = alphas[np.argmin(gcv)]
    coef = (Vt.T @ ((S / (S**2 + alpha))[:, None] * UtY)).T
    return coef, y_mean - coef @ h_mean, float(alpha)
