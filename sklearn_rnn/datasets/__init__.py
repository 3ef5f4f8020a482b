"""Real sequence-classification data sets, bundled with the package.

Both come in the estimators' input layout: float64 arrays of shape
(n_samples, n_timesteps, n_features), variable-length series padded with
all-NaN time steps at the end, raw (unscaled) values, and string labels.
The train/test split is the official one of the UCR/UEA archives.
"""

# SPDX-License-Identifier: BSD-3-Clause

from importlib import resources

import numpy as np
from sklearn.utils import Bunch

_JAPANESE_VOWELS_DESCR = """\
Japanese Vowels
---------------
Nine male speakers uttered the Japanese vowels /ae/ in succession; each
utterance is a series of 7 to 29 frames of 12 LPC cepstrum coefficients.
The task is to tell the speaker. 270 training and 370 test series, padded
to 29 steps.

Origin: UCI Machine Learning Repository, as shipped in the aeon 1.6.0 and
sktime 1.2.0 packages (BSD-3-Clause); official UEA split.

Published test accuracies: 1-NN DTW 0.949, MLP 0.976, echo-state network
0.965, FCN 0.993.

References: M. Kudo, J. Toyama, M. Shimbo, "Multidimensional Curve
Classification Using Passing-Through Regions", Pattern Recognition Letters
20 (1999); A. Bagnall et al., "The UEA multivariate time series
classification archive, 2018"; H. A. Dau et al., "The UCR time series
archive", IEEE/CAA Journal of Automatica Sinica 6 (2019).
"""

_BASIC_MOTIONS_DESCR = """\
Basic Motions
-------------
Students wearing a smartwatch walked, rested, ran or played badminton; each
series is 100 steps of the watch's 3-D accelerometer and 3-D gyroscope. The
task is to tell the activity. 40 training and 40 test series of fixed
length.

Origin: UEA multivariate archive, as shipped in the aeon 1.6.0 package
(BSD-3-Clause); official split.

Published test accuracies: DTW 0.975, best methods 1.00.

References: A. Bagnall et al., "The UEA multivariate time series
classification archive, 2018"; H. A. Dau et al., "The UCR time series
archive", IEEE/CAA Journal of Automatica Sinica 6 (2019).
"""


def _load(filename, descr, split, return_X_y):
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', got {split!r}.")
    with resources.files(__package__).joinpath("data", filename).open("rb") as f:
        with np.load(f, allow_pickle=False) as arrays:
            X, y = arrays[f"X_{split}"], arrays[f"y_{split}"]
    if return_X_y:
        return X, y
    return Bunch(data=X, target=y, target_names=np.unique(y), DESCR=descr)


def load_japanese_vowels(*, split="train", return_X_y=False):
    """Load the Japanese Vowels speaker-recognition data set.

    ==============  ==========================
    Classes                                  9
    Samples         270 (train) / 370 (test)
    Time steps         7 to 29, NaN-padded to 29
    Features                                12
    ==============  ==========================

    Parameters
    ----------
    split : {"train", "test"}, default="train"
        Which part of the official split to load.

    return_X_y : bool, default=False
        Whether to return ``(X, y)`` instead of a Bunch.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        With ``data`` (ndarray of shape (n_samples, 29, 12)), ``target``
        (the speakers, strings '1' to '9'), ``target_names`` and ``DESCR``.

    (X, y) : tuple of ndarray
        When ``return_X_y`` is True.

    Examples
    --------
    >>> from sklearn_rnn.datasets import load_japanese_vowels
    >>> X, y = load_japanese_vowels(return_X_y=True)
    >>> X.shape
    (270, 29, 12)
    """
    return _load("japanese_vowels.npz", _JAPANESE_VOWELS_DESCR, split, return_X_y)


def load_basic_motions(*, split="train", return_X_y=False):
    """Load the Basic Motions activity-recognition data set.

    ==============  ==========================
    Classes                                  4
    Samples         40 (train) / 40 (test)
    Time steps                         100
    Features                                 6
    ==============  ==========================

    Parameters
    ----------
    split : {"train", "test"}, default="train"
        Which part of the official split to load.

    return_X_y : bool, default=False
        Whether to return ``(X, y)`` instead of a Bunch.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        With ``data`` (ndarray of shape (n_samples, 100, 6)), ``target``
        (the activities as strings), ``target_names`` and ``DESCR``.

    (X, y) : tuple of ndarray
        When ``return_X_y`` is True.

    Examples
    --------
    >>> from sklearn_rnn.datasets import load_basic_motions
    >>> X, y = load_basic_motions(return_X_y=True)
    >>> X.shape
    (40, 100, 6)
    """
    return _load("basic_motions.npz", _BASIC_MOTIONS_DESCR, split, return_X_y)


__all__ = ["load_japanese_vowels", "load_basic_motions"]
