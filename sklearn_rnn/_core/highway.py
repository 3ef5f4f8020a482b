"""The linear path beside the recurrent one: the output also reads the last
``k`` present input steps of each sequence linearly (LSTNet's autoregressive
highway, Lai et al. 2018).

A recurrent network is slow to learn what a linear model of the recent
past gets at once (the level, a seasonal lag); the highway gives it that
for ``k * n_features`` weights per output, and the recurrent layers learn
what is left. The features are the present steps newest first, ``[x_last,
x_last-1, ..., x_last-k+1]``, each with its features side by side; a
sequence of fewer than ``k`` present steps repeats its earliest one in the
remaining places (so that every place holds an observation, and the
standardisation folds into the weights exactly), and a sequence with no
present step reads zeros.
"""

# SPDX-License-Identifier: BSD-3-Clause

import numpy as np


def last_present_steps(X, present, k):
    """The highway's features, of shape (batch, k * n_features).

    ``X`` is time-major, (n_timesteps, batch, n_features), ``present``
    (n_timesteps, batch).
    """
    n_steps, batch, n_features = X.shape
    # Present steps' indices, newest first, then -1 for the absent ones.
    position = np.where(present, np.arange(n_steps)[:, None], -1)
    newest_first = -np.sort(-position, axis=0)
    counts = present.sum(axis=0)
    places = np.minimum(np.arange(k)[:, None], np.maximum(counts - 1, 0))
    if n_steps:
        index = np.take_along_axis(newest_first, np.minimum(places, n_steps - 1), axis=0)
    else:
        index = np.full((k, batch), -1)
    gathered = X[np.maximum(index, 0), np.arange(batch)]
    gathered[:, counts == 0] = 0
    return np.ascontiguousarray(gathered.transpose(1, 0, 2)).reshape(batch, k * n_features)
