"""The record of training."""

from sklearn_rnn._engine.history import TrainingHistory


def test_a_snapshot_restores_the_history_of_its_time():
    history = TrainingHistory.for_validation()
    history.loss_curve += [0.9, 0.7]
    history.validation_loss_curve += [1.0, 0.8]
    history.validation_scores += [0.5, 0.6]
    history.best_validation_loss, history.n_iter = 0.8, 2
    saved = history.snapshot()
    before = {name: list(v) if isinstance(v, list) else v for name, v in vars(history).items()}
    # An epoch appends, creates the clean curve, moves the scalars.
    history.loss_curve.append(0.5)
    history.validation_loss_curve.append(0.6)
    history.validation_scores.append(0.7)
    history.clean_loss_curve = [0.4]
    history.best_validation_loss, history.n_iter = 0.6, 3
    history.restore(saved)
    assert vars(history) == before
    assert history.clean_loss_curve is None and history.best_loss is None
