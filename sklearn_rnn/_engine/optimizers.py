"""Stochastic optimizers that update one flat parameter vector in place."""

# SPDX-License-Identifier: BSD-3-Clause

from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class OptimizerSettings:
    """The step sizes and moments of the stochastic solvers, as the
    estimators' parameters name them; each solver reads its own."""

    learning_rate_init: float = 1e-3
    beta_1: float = 0.9
    beta_2: float = 0.999
    epsilon: float = 1e-8
    momentum: float = 0.9
    nesterovs_momentum: bool = True
    learning_rate: str = "constant"
    power_t: float = 0.5


def make_optimizer(solver, settings, params):
    """A new optimizer of ``solver`` ("adam" or "sgd") with the
    :class:`OptimizerSettings` ``settings``, updating ``params``."""
    if solver == "adam":
        return AdamOptimizer(params, settings.learning_rate_init, settings.beta_1,
                             settings.beta_2, settings.epsilon)
    return SGDOptimizer(params, settings.learning_rate_init, settings.momentum,
                        settings.nesterovs_momentum, settings.learning_rate,
                        settings.power_t)


class BaseOptimizer(ABC):
    """What the training loop asks of an optimizer.

    Parameters
    ----------
    params : ndarray of shape (n_params,)
        The parameters, updated in place by :meth:`update`.

    learning_rate_init : float
        Initial step size.

    Attributes
    ----------
    learning_rate : float
        The current step size.
    """

    def __init__(self, params, learning_rate_init):
        self.params = params
        self.learning_rate_init = learning_rate_init
        self.learning_rate = learning_rate_init

    @abstractmethod
    def settings(self):
        """The hyperparameters of this optimizer: training continues with
        its state only while they stay the same."""

    def rebind(self, params):
        """Go on updating ``params``, a new parameter vector; state arrays
        that cannot be written (loaded from a memory-mapped pickle) are
        copied first."""
        self.params = params
        for name, value in vars(self).items():
            if isinstance(value, np.ndarray) and not value.flags.writeable:
                setattr(self, name, value.copy())

    def state(self):
        """A copy of what the optimizer has learnt (moments, step counts,
        step size), for :meth:`load_state`."""
        return {name: value.copy() if isinstance(value, np.ndarray) else value
                for name, value in vars(self).items() if name != "params"}

    def load_state(self, state):
        """Go back to a :meth:`state`, in place."""
        for name, value in state.items():
            current = getattr(self, name)
            if isinstance(value, np.ndarray) and current.flags.writeable:
                np.copyto(current, value)
            else:
                setattr(self, name, value.copy() if isinstance(value, np.ndarray) else value)

    @abstractmethod
    def update(self, grad):
        """Take one step along ``grad``."""

    def iteration_ends(self, time_step):  # noqa: B027 (a hook, optional)
        """Called after each epoch; ``time_step`` is the number of samples
        seen so far. No schedule by default."""

    def trigger_stopping(self):
        """Whether training that stalled should stop; an optimizer with an
        adaptive schedule may lower its step size and go on instead."""
        return True


class SGDOptimizer(BaseOptimizer):
    """Stochastic gradient descent with momentum, optionally Nesterov's.

    Parameters
    ----------
    params : ndarray of shape (n_params,)
        The parameters, updated in place.

    learning_rate_init : float
        Initial step size.

    momentum : float
        Momentum, in [0, 1].

    nesterov : bool
        Whether to use Nesterov's momentum.

    lr_schedule : {"constant", "invscaling", "adaptive"}, default="constant"
        "constant" keeps ``learning_rate_init``; "invscaling" sets the step
        size to ``learning_rate_init / (t + 1) ** power_t`` after each epoch,
        ``t`` being the number of samples seen; "adaptive" divides it by 5
        each time training stalls, instead of stopping, until it is below
        1e-6.

    power_t : float, default=0.5
        Exponent of "invscaling".
    """

    def __init__(
        self,
        params,
        learning_rate_init,
        momentum,
        nesterov,
        lr_schedule="constant",
        power_t=0.5,
    ):
        super().__init__(params, learning_rate_init)
        self.momentum = momentum
        self.nesterov = nesterov
        self.lr_schedule = lr_schedule
        self.power_t = power_t
        self.velocity = np.zeros_like(params)
        self._scratch = np.empty_like(params)

    def settings(self):
        return ("sgd", self.learning_rate_init, self.momentum, self.nesterov,
                self.lr_schedule, self.power_t)

    def update(self, grad):
        # The scratch buffer spares temporaries the size of the parameters.
        v, scratch = self.velocity, self._scratch
        v *= self.momentum
        v -= np.multiply(grad, self.learning_rate, out=scratch)
        if self.nesterov:
            self.params += np.multiply(v, self.momentum, out=scratch)
            self.params -= np.multiply(grad, self.learning_rate, out=scratch)
        else:
            self.params += v

    def iteration_ends(self, time_step):
        if self.lr_schedule == "invscaling":
            self.learning_rate = self.learning_rate_init / (time_step + 1) ** self.power_t

    def trigger_stopping(self):
        if self.lr_schedule != "adaptive" or self.learning_rate <= 1e-6:
            return True
        self.learning_rate /= 5.0
        return False


class AdamOptimizer(BaseOptimizer):
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
        super().__init__(params, learning_rate_init)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.t = 0
        self.m = np.zeros_like(params)
        self.v = np.zeros_like(params)
        self._step = np.empty_like(params)

    def settings(self):
        return ("adam", self.learning_rate_init, self.beta_1, self.beta_2, self.epsilon)

    def update(self, grad):
        self.t += 1
        # The step buffer serves as scratch: no temporaries the size of the
        # parameters.
        step = self._step
        self.m *= self.beta_1
        np.multiply(grad, 1 - self.beta_1, out=step)
        self.m += step
        self.v *= self.beta_2
        np.multiply(grad, 1 - self.beta_2, out=step)
        step *= grad
        self.v += step
        lr = float(
            self.learning_rate_init
            * np.sqrt(1 - self.beta_2**self.t)
            / (1 - self.beta_1**self.t)
        )
        np.sqrt(self.v, out=step)
        step += self.epsilon
        np.divide(self.m, step, out=step)
        step *= lr
        self.params -= step
