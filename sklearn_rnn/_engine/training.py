"""One entry to the engine: train a network's parameters on prepared data."""

# SPDX-License-Identifier: BSD-3-Clause

from .lbfgs import train_lbfgs
from .stochastic import train_stochastic


def train(network, flat, data, settings, validation=None, *, rng, resume=None,
          incremental=False, on_epoch=None):
    """Train ``flat``, the parameters of ``network``, in place on
    :class:`~.data.TrainingData` ``data`` as the
    :class:`~.settings.TrainingSettings` ``settings`` say; returns a
    :class:`~.history.TrainingResult`.

    ``validation`` (a :class:`~.data.Validation`, stochastic solvers only)
    holds rows out to decide when to stop. ``rng`` shuffles the samples and
    draws the input noise. ``incremental`` runs one epoch, going on from
    ``resume``, the previous increment's result (``partial_fit``).
    ``on_epoch(report, model)`` is called after each epoch (L-BFGS:
    iteration) with an :class:`~.history.EpochReport` and the model's
    weights, and stops training by returning True.
    """
    if settings.solver == "lbfgs":
        if validation is not None or incremental:
            raise ValueError("L-BFGS trains on all the data at once.")
        return train_lbfgs(network, flat, data, settings, on_epoch)
    return train_stochastic(network, flat, data, settings, validation, rng=rng,
                            resume=resume, incremental=incremental, on_epoch=on_epoch)
