"""
===============================
A grid search on a Dask cluster
===============================

scikit-learn parallelises ``GridSearchCV`` with joblib; joblib's "dask"
backend sends the fits to the workers of a ``distributed.Client``. Here the
cluster is local (two worker processes on the loopback interface); for a
real cluster, pass the scheduler's address to ``Client`` instead and make
sure the workers have sklearn-rnn installed.

Needs the ``dask`` extra: ``pip install -e ".[dask]"``. Run it as a script:
``python examples/dask_grid_search.py`` (it plots nothing). The
documentation build does not run it, so this page shows no output.
"""

import time
import warnings

import joblib
from dask.distributed import Client, LocalCluster
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline

from sklearn_rnn import RNNClassifier
from sklearn_rnn.datasets import load_japanese_vowels
from sklearn_rnn.preprocessing import SequenceScaler

# %%
# The search
# ----------
#
# An ordinary grid search. Dask's worker processes import this module, and
# run what is not under the ``if __name__ == "__main__"`` guard below:
# loading the data and building the search cost them little.

warnings.filterwarnings("ignore", category=ConvergenceWarning)
X, y = load_japanese_vowels(split="train", return_X_y=True)
X_test, y_test = load_japanese_vowels(split="test", return_X_y=True)
search = GridSearchCV(
    make_pipeline(
        SequenceScaler(), RNNClassifier(max_iter=60, random_state=0)
    ),
    {
        "rnnclassifier__hidden_layer_sizes": [(16,), (32,)],
        "rnnclassifier__alpha": [1e-4, 1e-2],
    },
    cv=3,
    n_jobs=-1,  # as many tasks at once as the cluster has worker threads
)

# %%
# On the cluster
# --------------
#
# One single-threaded worker per core, listening on the loopback interface
# only. With an integer ``random_state`` the search finds the same best
# parameters and scores as ``search.fit(X, y)`` without Dask.

if __name__ == "__main__":  # worker processes import this module
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        print(f"cluster: {len(client.scheduler_info()['workers'])} workers")
        start = time.perf_counter()
        with joblib.parallel_backend("dask"):
            search.fit(X, y)
        print(f"search on the cluster: {time.perf_counter() - start:.1f} s")
    print(f"best parameters: {search.best_params_}")
    print(f"cross-validated accuracy: {search.best_score_:.3f}")
    print(f"test accuracy: {search.score(X_test, y_test):.3f}")
