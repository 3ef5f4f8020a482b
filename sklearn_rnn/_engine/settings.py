"""How to train: the solver, the loss and penalty, the batches, and when to
stop; what the estimators' parameters say, named."""

# SPDX-License-Identifier: BSD-3-Clause

from dataclasses import dataclass, field

from .optimizers import OptimizerSettings

# Without validation data, epochs without improvement count only once the
# training loss is below this fraction of the loss of a constant output
# (the class frequencies, the target mean): a network can sit on that
# plateau for hundreds of epochs before it learns (measured on ArrowHead
# and Trace, benchmarks/bench_accuracy.py).
PLATEAU_FRACTION = 0.1
# Under input noise, training stops once the model's loss on the training
# data without noise is below this fraction of that loss: the stall rule on
# noisy epoch losses ran Trace for 300 to 500 epochs where 50 to 130 fit it
# (benchmarks/results_accuracy.md). Over random_state 0-9, 0.02 stops Gun
# Point after 65-127 epochs and Trace after 32-94 at the test accuracy of
# 0.005 (which took 121-232 and 43-120); Arrow Head stops before max_iter
# (after 351-485, by this rule or the stall rule), where 0.005 reached it for
# most seeds, though its accuracy still rises past that point (median of
# seeds 0-4 0.806 at 0.005, 0.777 at 0.02).
FITTED_FRACTION = 0.02
# The loss without noise is read after every 4th epoch only: its forward
# pass over the training data took 24 %, 27 % and 40 % of an epoch's time
# on Trace, Arrow Head and Gun Point, and reading it 4 times less often
# stops a fit at most three epochs later.
CLEAN_LOSS_EVERY = 4


@dataclass(frozen=True)
class TrainingSettings:
    """How to train.

    ``solver`` is "lbfgs" (scipy's L-BFGS-B on all the data, at most
    ``max_iter`` iterations and ``max_fun`` loss evaluations, until the
    gradient's largest component is below ``tol``), or "adam" or "sgd"
    (minibatch epochs, with ``optimizer``'s step sizes).

    The stochastic solvers stop after ``max_iter`` epochs, or once the
    training loss (with validation data, the validation loss) has not
    improved by ``tol`` for more than ``n_iter_no_change`` epochs, unless
    the optimizer lowers its step size instead. With validation data and
    ``patience_fraction`` set, that patience is the fraction of the epochs
    up to the best validation loss, at least half of ``n_iter_no_change``
    and at most all of it: a fit whose best epoch came first gives up
    sooner. Without validation data,
    epochs are counted only once the training loss is below
    ``plateau_fraction`` of a constant output's. An epoch's samples are
    split into the fewest minibatches of at most ``batch_size`` samples,
    of equal size within one sample, reshuffled each epoch if ``shuffle``.
    A minibatch gradient whose norm exceeds ``max_grad_norm`` is scaled
    down to it (None: no clipping). Gaussian noise of standard deviation
    ``input_noise`` is added to the present steps of each minibatch's
    inputs (0: none). Without validation data, ``averaging`` (None: off) is
    the decay of an exponential moving average of the weights after each
    epoch: under input noise the last weights wander, and their average
    generalises better. Under input noise and without validation data,
    training stops once the model's unpenalised loss on the training data
    without noise is below ``fitted_fraction`` of a constant output's: the
    noisy epoch losses cannot tell when the data are fit. That loss is read
    after every ``clean_loss_every``-th epoch.
    """

    loss: str
    alpha: float
    max_iter: int
    tol: float
    solver: str = "adam"
    optimizer: OptimizerSettings = field(default_factory=OptimizerSettings)
    batch_size: int = 32
    n_iter_no_change: float = 10
    patience_fraction: float = None
    shuffle: bool = True
    max_grad_norm: float = None
    input_noise: float = 0.0
    averaging: float = None
    plateau_fraction: float = PLATEAU_FRACTION
    fitted_fraction: float = FITTED_FRACTION
    clean_loss_every: int = CLEAN_LOSS_EVERY
    max_fun: int = 15000
    verbose: int = 0
