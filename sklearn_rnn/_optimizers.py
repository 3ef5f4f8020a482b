"""Stochastic optimizers that update one flat parameter vector in place."""

# SPDX-License-Identifier: BSD-3-Clause

import numpy as np


class SGDOptimizer:
    """Stochastic gradient descent with momentum, optionally Nesterov's.

    Parameters
    ----------
    params : ndarray of shape (n_params,)
        The parameters, updated in place.

    learning_rate_init : float
        Step size.

    momentum : float
        Momentum, in [0, 1].

    nesterov : bool
        Whether to use Nesterov's momentum.
    """

    def __init__(self, params, learning_rate_init, momentum, nesterov):
        self.params = params
        self.learning_rate = learning_rate_init
        self.momentum = momentum
        self.nesterov = nesterov
        self.velocity = np.zeros_like(params)

    def update(self, grad):
        """Take one step along ``grad``."""
        v = self.velocity
        v *= self.momentum
        v -= self.learning_rate * grad
        if self.nesterov:
            self.params += self.momentum * v
            self.params -= self.learning_rate * grad
        else:
            self.params += v


class AdamOptimizer:
    """Adam (Kingma and Ba, 2014).

    Parameters
    ----------
    params : ndarray of shape (n_params,)
        The parameters, updated in place.

    learning_rate_init : float
        Step size.

    beta_1, beta_2 : float
        Decay rates of the first and second moment estimates, in [0, 1).

    epsilon : float
        Added to the denominator for numerical stability.
    """

    def __init__(self, params, learning_rate_init, beta_1, beta_2, epsilon):
        self.params = params
        self.learning_rate_init = learning_rate_init
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.t = 0
        self.m = np.zeros_like(params)
        self.v = np.zeros_like(params)
        self._step = np.empty_like(params)

    def update(self, grad):
        """Take one step along ``grad``."""
        self.t += 1
        self.m *= self.beta_1
        self.m += (1 - self.beta_1) * grad
        self.v *= self.beta_2
        self.v += (1 - self.beta_2) * grad * grad
        lr = (
            self.learning_rate_init
            * np.sqrt(1 - self.beta_2**self.t)
            / (1 - self.beta_1**self.t)
        )
        step = self._step
        np.sqrt(self.v, out=step)
        step += self.epsilon
        np.divide(self.m, step, out=step)
        step *= lr
        self.params -= step
