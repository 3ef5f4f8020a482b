"""Inspecting fitted estimators: feature-level permutation importance for
3-D sequences, and the loss curves of a fit (:class:`LossCurveDisplay`).

:func:`sklearn.inspection.permutation_importance` permutes the columns
``X[:, j]`` of a 2-D table between samples and rejects 3-D input (``Found
array with dim 3``); on a 2-D array of univariate sequences its columns are
time steps. :func:`feature_permutation_importance` asks the same question
per feature of 3-D sequences.
"""

# SPDX-License-Identifier: BSD-3-Clause

import numpy as np
from sklearn.metrics import check_scoring
from sklearn.utils import Bunch, check_random_state
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import check_array

from ._display import LossCurveDisplay
from ._sequences import check_positive_integer, present_steps

__all__ = ["LossCurveDisplay", "feature_permutation_importance"]


def _permuted_scores(estimator, X, y, groups, feature, seed, n_repeats, scorer, kw):
    rng = check_random_state(seed)
    X_permuted = X.copy()
    scores = []
    for _ in range(n_repeats):
        for group in groups:
            X_permuted[group, :, feature] = X[rng.permutation(group), :, feature]
        scores.append(scorer(estimator, X_permuted, y, **kw))
    return np.array(scores)


def feature_permutation_importance(
    estimator,
    X,
    y,
    *,
    scoring=None,
    n_repeats=5,
    n_jobs=None,
    random_state=None,
    sample_weight=None,
):
    """Permutation importance of each feature of 3-D sequences.

    Feature ``j`` is made uninformative by giving every sequence the whole
    trajectory ``X[k, :, j]`` of feature ``j`` of another sequence ``k``
    drawn by a random permutation of the samples, leaving the other
    features and the time order untouched; its importance is the decrease
    of the score, as in :func:`sklearn.inspection.permutation_importance`
    for the columns of a table.

    Sequences with absent (all-NaN) steps at different places cannot
    exchange trajectories, so the permutation is drawn within each group of
    sequences with the same absent steps (for end-padded data: the same
    length). A sequence alone in its group keeps its own trajectory, which
    biases the importances towards zero when there are many such
    sequences; ``n_singletons`` reports how many.

    Parameters
    ----------
    estimator : object
        A fitted estimator (or pipeline) of 3-D input.

    X : array-like of shape (n_samples, n_timesteps, n_features)
        NaN-padded sequences.

    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Targets.

    scoring : str, callable or None, default=None
        A scorer name or a callable ``scorer(estimator, X, y)``; None uses
        the estimator's ``score``.

    n_repeats : int, default=5
        Number of permutations of each feature, at least 1.

    n_jobs : int or None, default=None
        Number of jobs computing the features in parallel.

    random_state : int, RandomState instance or None, default=None
        Seed of the permutations; an int makes the result reproducible.

    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights of the scoring.

    Returns
    -------
    result : :class:`~sklearn.utils.Bunch`
        With ``importances_mean`` and ``importances_std`` of shape
        (n_features,), ``importances`` of shape (n_features, n_repeats),
        ``baseline_score`` (the score on the unpermuted data) and
        ``n_singletons`` (the number of sequences that could not be
        permuted).

    See Also
    --------
    sklearn.inspection.permutation_importance : The same for 2-D tables.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rnn import RNNClassifier
    >>> from sklearn_rnn.inspection import feature_permutation_importance
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(400, 5, 2))
    >>> y = (X[:, :, 0].sum(axis=1) > 0).astype(int)  # feature 1 is noise
    >>> clf = RNNClassifier(hidden_layer_sizes=(8,), random_state=0).fit(X[:200], y[:200])
    >>> result = feature_permutation_importance(clf, X[200:], y[200:], random_state=0)
    >>> result.importances_mean.round(1)  # on held-out data
    array([0.4, 0. ])
    """
    X = check_array(
        X, allow_nd=True, ensure_all_finite=False, dtype=(np.float64, np.float32)
    )
    if X.ndim != 3:
        raise ValueError(
            "feature_permutation_importance takes 3-D X of shape (n_samples, "
            f"n_timesteps, n_features), got shape {X.shape}; for 2-D X use "
            "sklearn.inspection.permutation_importance."
        )
    check_positive_integer("n_repeats", n_repeats)
    if not (scoring is None or isinstance(scoring, str) or callable(scoring)):
        raise ValueError(f"scoring must be None, a string or a callable, got {scoring!r}.")
    absent = ~present_steps(X)
    _, group_of = np.unique(absent, axis=0, return_inverse=True)
    group_of = group_of.ravel()
    groups = [np.flatnonzero(group_of == g) for g in np.unique(group_of)]
    n_singletons = sum(len(g) == 1 for g in groups)
    groups = [g for g in groups if len(g) > 1]

    scorer = check_scoring(estimator, scoring=scoring)
    kw = {} if sample_weight is None else {"sample_weight": sample_weight}
    baseline = scorer(estimator, X, y, **kw)
    seed = check_random_state(random_state).randint(np.iinfo(np.int32).max + 1)
    scores = Parallel(n_jobs=n_jobs)(
        delayed(_permuted_scores)(
            estimator, X, y, groups, feature, seed, n_repeats, scorer, kw
        )
        for feature in range(X.shape[2])
    )
    importances = baseline - np.array(scores)
    return Bunch(
        importances_mean=importances.mean(axis=1),
        importances_std=importances.std(axis=1),
        importances=importances,
        baseline_score=baseline,
        n_singletons=n_singletons,
    )
