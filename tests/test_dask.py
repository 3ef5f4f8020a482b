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
