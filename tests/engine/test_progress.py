import time

import numpy as np

from sklearn_rnn._engine.history import EpochReport
from sklearn_rnn._engine.progress import Progress


def _report(epoch, **kwargs):
    return EpochReport(epoch, 21, 1.0 / epoch, **kwargs)


def test_a_line_at_most_about_once_a_second_and_the_last(capsys, monkeypatch):
    # A clock that advances 0.3 s at every reading: a line every 4 reports.
    clock = iter(np.arange(100) * 0.3)
    monkeypatch.setattr(time, "perf_counter", lambda: float(next(clock)))
    progress = Progress(1, "Epoch")
    for epoch in range(1, 22):
        progress.report(_report(epoch, validation_score=0.5))
    progress.close("Stopped.")
    lines = capsys.readouterr().out.splitlines()
    epochs = [int(line.split()[1].split("/")[0]) for line in lines[:-1]]
    assert epochs == [1, 5, 9, 13, 17, 21]
    assert lines[-1] == "Stopped."


def test_a_line_names_the_budget_the_losses_and_the_time_left(capsys):
    progress = Progress(2, "Epoch")
    progress.report(_report(4, clean_loss=0.125, validation_loss=0.5, validation_score=0.75,
                            elapsed=2.0, remaining=190.4))
    progress.report(_report(5, elapsed=3.5))
    assert capsys.readouterr().out.splitlines() == [
        "Epoch 4/21: loss 0.25000000, without noise 0.12500000, validation loss "
        "0.50000000, validation score 0.750000, 2.00 s, at most 3 min 10 s left",
        # The loss without noise is read every few epochs: the last reading.
        "Epoch 5/21: loss 0.20000000, without noise 0.12500000 (epoch 4), 3.50 s",
    ]


def test_silent_unless_verbose(capsys):
    progress = Progress(0, "Iteration")
    progress.report(_report(1))
    progress.message("a message")
    progress.close("done")
    assert capsys.readouterr().out == ""


def test_every_line_from_verbose_two(capsys, monkeypatch):
    clock = iter(np.arange(100) * 0.01)
    monkeypatch.setattr(time, "perf_counter", lambda: float(next(clock)))
    progress = Progress(2, "Epoch")
    for epoch in range(1, 6):
        progress.report(_report(epoch))
    progress.close()
    lines = capsys.readouterr().out.splitlines()
    assert [int(line.split()[1].split("/")[0]) for line in lines] == [1, 2, 3, 4, 5]
