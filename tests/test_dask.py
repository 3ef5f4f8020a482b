"""Grid searches on a Dask cluster through joblib, the path scikit-learn
documents for scaling out. Skipped when dask.distributed is not installed
(``pip install -e ".[dask]"``)."""

import joblib
import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline

from sklearn_rnn import RNNClassifier
from sklearn_rnn.datasets import load_japanese_vowels
from sklearn_rnn.preprocessing import SequenceScaler

distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.slow


@pytest.mark.filterwarnings("ignore", category=ConvergenceWarning)
def test_grid_search_on_a_local_dask_cluster_matches_local_run():
    X, y = load_japanese_vowels(split="train", return_X_y=True)
    search = GridSearchCV(
        make_pipeline(
            SequenceScaler(),
            RNNClassifier(hidden_layer_sizes=(8,), max_iter=20, random_state=0),
        ),
        {"rnnclassifier__alpha": [1e-4, 1.0], "rnnclassifier__learning_rate_init": [1e-2, 1e-3]},
        cv=3,
    )
    local = clone(search).fit(X, y)

    # Two worker processes, one thread each, everything on the loopback
    # interface and no dashboard; the context managers shut it all down.
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        with distributed.get_task_stream(client) as tasks:
            with joblib.parallel_backend("dask"):
                on_dask = clone(search).set_params(n_jobs=-1).fit(X, y)
        workers = {task["worker"] for task in tasks.data}
        assert workers and all(w.startswith("tcp://127.0.0.1:") for w in workers)
        assert workers <= set(client.scheduler_info()["workers"])

    assert on_dask.best_params_ == local.best_params_
    assert local.best_params_ == {
        "rnnclassifier__alpha": 1e-4,
        "rnnclassifier__learning_rate_init": 1e-2,
    }
    for key in ("mean_test_score", "std_test_score", "rank_test_score"):
        np.testing.assert_array_equal(on_dask.cv_results_[key], local.cv_results_[key])
    np.testing.assert_array_equal(on_dask.predict(X), local.predict(X))


@pytest.mark.filterwarnings("ignore", category=ConvergenceWarning)
def test_partial_fit_over_the_blocks_of_a_dask_array_on_a_local_cluster():
    """Data larger than memory: the workers load the blocks, partial_fit
    trains on one at a time; as good as a fit on the data in memory."""
    import dask
    import dask.array as da

    X, y = load_japanese_vowels(split="train", return_X_y=True)
    X_test, y_test = load_japanese_vowels(split="test", return_X_y=True)
    classes = np.unique(y)
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                 host="127.0.0.1", dashboard_address=None) as cluster,
        distributed.Client(cluster),
    ):
        X_dask = da.from_array(X, chunks=(90,) + X.shape[1:])
        y_dask = da.from_array(y, chunks=90)
        clf = RNNClassifier(cell="gru", random_state=0)
        for _ in range(30):
            for X_block, y_block in zip(X_dask.blocks, y_dask.blocks):
                clf.partial_fit(*dask.compute(X_block, y_block), classes=classes)
    assert clf.n_iter_ == 90 and clf.t_ == 30 * len(X)
    # Measured at random_state 0-2: 0.962-0.984 after 30 epochs over chunks
    # of a memory-mapped file, 0.970-0.976 for fit in memory.
    assert clf.score(X_test, y_test) > 0.93
