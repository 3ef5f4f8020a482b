"""The step scorer: the present, labelled steps pooled, also through a
pipeline."""

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, f1_score
from sklearn.pipeline import make_pipeline

from sklearn_rnn import RNNStepClassifier
from sklearn_rnn.metrics import make_step_scorer
from sklearn_rnn.preprocessing import SequenceScaler




def _task():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(40, 6, 2)) * [1, 50]
    y = np.where(X[:, :, 0] > 0, "pos", "neg")
    X[:15, 4:], y[:15, 4:] = np.nan, "pad"
    y[20:, 0] = "pad"  # present steps without a label
    return X, y


def test_scores_the_present_labelled_steps_of_a_pipeline():
    X, y = _task()
    pipe = make_pipeline(SequenceScaler(), RNNStepClassifier((4,), fill_value="pad",
                                                              max_iter=20, random_state=0))
    pipe.fit(X, y)
    kept = (y != "pad") & ~np.isnan(X[:, :, 0])
    predicted = pipe.predict(X)
    assert make_step_scorer(accuracy_score)(pipe, X, y) == accuracy_score(
        y[kept], predicted[kept]
    )
    f1 = make_step_scorer(f1_score, pos_label="pos")
    assert f1(pipe, X, y) == f1_score(y[kept], predicted[kept], pos_label="pos")
    assert repr(f1) == "make_step_scorer(f1_score)"
    loss = make_step_scorer(accuracy_score, greater_is_better=False)
    assert loss(pipe, X, y) == -accuracy_score(y[kept], predicted[kept])


def test_refuses_what_it_cannot_score():
    X, y = _task()
    clf = RNNStepClassifier((2,), fill_value="pad", max_iter=2).fit(X, y)
    with pytest.raises(ValueError, match=r"y of shape \(n_samples, n_timesteps\)"):
        make_step_scorer(accuracy_score)(clf, X, y[:, 0])
    with pytest.raises(TypeError, match="metric must be callable"):
        make_step_scorer("accuracy")
