"""Real sequence data sets, bundled with the package.

The classification sets come in the estimators' input layout: float64
arrays of shape (n_samples, n_timesteps, n_features), variable-length series
padded with all-NaN time steps at the end, raw (unscaled) values, with the
official train/test split of the UCR/UEA archives. The two series for
forecasting are 1-D arrays with their times; missing observations are NaN.
"""

# SPDX-License-Identifier: BSD-3-Clause

from importlib import resources

import numpy as np
from sklearn.utils import Bunch

_UCR = (
    'H. A. Dau et al., "The UCR time series archive", IEEE/CAA Journal of '
    "Automatica Sinica 6 (2019)"
)
_UEA = 'A. Bagnall et al., "The UEA multivariate time series classification archive, 2018"'

_DESCRIPTIONS = {
    "japanese_vowels": f"""\
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
20 (1999); {_UEA}; {_UCR}.
""",
    "basic_motions": f"""\
Basic Motions
-------------
Students wearing a smartwatch walked, rested, ran or played badminton; each
series is 100 steps of the watch's 3-D accelerometer and 3-D gyroscope. The
task is to tell the activity. 40 training and 40 test series of fixed
length.

Origin: UEA multivariate archive, as shipped in the aeon 1.6.0 package
(BSD-3-Clause); official split.

Published test accuracies: DTW 0.975, best methods 1.00.

References: {_UEA}; {_UCR}.
""",
    "gun_point": f"""\
Gun Point
---------
The x-coordinate of an actor's hand over 150 frames, as they draw a gun from
a holster and point it, or point with the finger alone. The task is to tell
which. 50 training and 150 test series of fixed length, 2 classes.

Origin: UCR archive (C. A. Ratanamahatana, E. Keogh), as shipped in the
aeon 1.6.0 package (BSD-3-Clause); official split.

Published test accuracies: 1-NN Euclidean 0.913, 1-NN DTW 0.907, best 1.00.

References: {_UCR}.
""",
    "arrow_head": f"""\
Arrow Head
----------
Outlines of projectile points (arrowheads) as 1-D series of 251 steps (the
distance from the centre along the outline). The task is to tell one of 3
types. 36 training and 175 test series of fixed length.

Origin: UCR archive, as shipped in the aeon 1.6.0 package (BSD-3-Clause);
official split.

Published test accuracies: 1-NN Euclidean 0.800, 1-NN DTW 0.703, best 0.87.

References: {_UCR}.
""",
    "trace": f"""\
Trace
-----
Synthetic transients of 4 kinds in the instrumentation of a nuclear plant
(D. Roverso), series of 275 steps. 100 training and 100 test series of
fixed length, 4 classes.

Origin: UCR archive, as shipped in the tslearn 0.10.0 package; official
split.

Published test accuracies: 1-NN Euclidean 0.76, 1-NN DTW 1.00.

References: {_UCR}.
""",
    "sunspots": """\
Sunspots
--------
Yearly mean sunspot numbers, 1700 to 2008 (309 values).

Origin: public domain, as shipped in statsmodels 0.15.0
(``statsmodels.datasets.sunspots``).
""",
    "co2": """\
Mauna Loa CO2
-------------
Weekly atmospheric CO2 concentration (ppm) at Mauna Loa, from 29 March 1958
to 29 December 2001 (2284 weeks); the 59 weeks without an observation are
NaN.

Origin: public domain, as shipped in statsmodels 0.15.0
(``statsmodels.datasets.co2``).
""",
}


def _arrays(name):
    with resources.files(__package__).joinpath("data", f"{name}.npz").open("rb") as f:
        with np.load(f, allow_pickle=False) as arrays:
            return {key: arrays[key] for key in arrays.files}


def _load_classification(name, split, return_X_y):
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', got {split!r}.")
    arrays = _arrays(name)
    X, y = arrays[f"X_{split}"], arrays[f"y_{split}"]
    if return_X_y:
        return X, y
    return Bunch(data=X, target=y, target_names=np.unique(y), DESCR=_DESCRIPTIONS[name])


_RETURNS = """
    Parameters
    ----------
    split : {{"train", "test"}}, default="train"
        Which part of the official split to load.

    return_X_y : bool, default=False
        Whether to return ``(X, y)`` instead of a Bunch.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        With ``data`` (ndarray of shape {shape}), ``target`` ({target}),
        ``target_names`` and ``DESCR``.

    (X, y) : tuple of ndarray
        When ``return_X_y`` is True.

    Examples
    --------
    >>> from sklearn_rnn.datasets import {function}
    >>> X, y = {function}(return_X_y=True)
    >>> X.shape
    {train_shape}
"""


def _classification_loader(name, summary, table, shape, target, train_shape):
    def load(*, split="train", return_X_y=False):
        return _load_classification(name, split, return_X_y)

    load.__name__ = load.__qualname__ = f"load_{name}"
    load.__doc__ = f"{summary}\n\n{table}\n" + _RETURNS.format(
        shape=shape, target=target, function=load.__name__, train_shape=train_shape
    )
    return load


load_japanese_vowels = _classification_loader(
    "japanese_vowels",
    "Load the Japanese Vowels speaker-recognition data set.",
    """    ==============  ==========================
    Classes                                  9
    Samples         270 (train) / 370 (test)
    Time steps         7 to 29, NaN-padded to 29
    Features                                12
    ==============  ==========================""",
    "(n_samples, 29, 12)", "the speakers, strings '1' to '9'", "(270, 29, 12)",
)
load_basic_motions = _classification_loader(
    "basic_motions",
    "Load the Basic Motions activity-recognition data set.",
    """    ==============  ==========================
    Classes                                  4
    Samples         40 (train) / 40 (test)
    Time steps                         100
    Features                                 6
    ==============  ==========================""",
    "(n_samples, 100, 6)", "the activities as strings", "(40, 100, 6)",
)
load_gun_point = _classification_loader(
    "gun_point",
    "Load the Gun Point motion data set (UCR).",
    """    ==============  ==========================
    Classes                                  2
    Samples         50 (train) / 150 (test)
    Time steps                         150
    Features                                 1
    ==============  ==========================""",
    "(n_samples, 150, 1)", "strings '1' and '2'", "(50, 150, 1)",
)
load_arrow_head = _classification_loader(
    "arrow_head",
    "Load the Arrow Head shape data set (UCR).",
    """    ==============  ==========================
    Classes                                  3
    Samples         36 (train) / 175 (test)
    Time steps                         251
    Features                                 1
    ==============  ==========================""",
    "(n_samples, 251, 1)", "strings '0' to '2'", "(36, 251, 1)",
)
load_trace = _classification_loader(
    "trace",
    "Load the Trace transients data set (UCR).",
    """    ==============  ==========================
    Classes                                  4
    Samples         100 (train) / 100 (test)
    Time steps                         275
    Features                                 1
    ==============  ==========================""",
    "(n_samples, 275, 1)", "integers 1 to 4", "(100, 275, 1)",
)


def load_sunspots():
    """Load the yearly sunspot numbers, 1700 to 2008.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        With ``series`` (ndarray of shape (309,)), ``years`` (ndarray of
        int of shape (309,)) and ``DESCR``.

    Examples
    --------
    >>> from sklearn_rnn.datasets import load_sunspots
    >>> data = load_sunspots()
    >>> data.series.shape, int(data.years[0])
    ((309,), 1700)
    """
    arrays = _arrays("sunspots")
    return Bunch(series=arrays["series"], years=arrays["years"], DESCR=_DESCRIPTIONS["sunspots"])


def load_co2():
    """Load the weekly Mauna Loa CO2 concentrations, 1958 to 2001.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        With ``series`` (ndarray of shape (2284,), in ppm, NaN for the 59
        weeks without an observation), ``dates`` (ndarray of
        ``datetime64[D]``) and ``DESCR``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rnn.datasets import load_co2
    >>> data = load_co2()
    >>> data.series.shape, int(np.isnan(data.series).sum())
    ((2284,), 59)
    """
    arrays = _arrays("co2")
    dates = np.array([f"{d[:4]}-{d[4:6]}-{d[6:]}" for d in arrays["dates"]], dtype="datetime64[D]")
    return Bunch(series=arrays["series"], dates=dates, DESCR=_DESCRIPTIONS["co2"])


__all__ = [
    "load_arrow_head",
    "load_basic_motions",
    "load_co2",
    "load_gun_point",
    "load_japanese_vowels",
    "load_sunspots",
    "load_trace",
]
