import time

import numpy as np

from sklearn_rnn._engine.progress import Progress


def test_a_line_at_most_about_once_a_second_and_the_last(capsys, monkeypatch):
    # A clock that advances 0.3 s at every reading: a line every 4 reports.
    clock = iter(np.arange(100) * 0.3)
    monkeypatch.setattr(time, "perf_counter", lambda: float(next(clock)))
    progress = Progress(1, "Epoch")
    for epoch in range(1, 22):
        progress.report(epoch, 1.0 / epoch, validation_score=0.5)
    progress.close("Stopped.")
    lines = capsys.readouterr().out.splitlines()
    epochs = [int(line.split()[1].rstrip(":")) for line in lines[:-1]]
    assert epochs == [1, 5, 9, 13, 17, 21]
    assert lines[0] == "Epoch 1: loss 1.00000000, validation score 0.500000, 0.30 s"
    assert lines[-1] == "Stopped."


def test_silent_unless_verbose(capsys):
    progress = Progress(0, "Iteration")
    progress.report(1, 0.5)
    progress.message("a message")
    progress.close("done")
    assert capsys.readouterr().out == ""


def test_every_line_from_verbose_two(capsys, monkeypatch):
    clock = iter(np.arange(100) * 0.01)
    monkeypatch.setattr(time, "perf_counter", lambda: float(next(clock)))
    progress = Progress(2, "Epoch")
    for epoch in range(1, 6):
        progress.report(epoch, 1.0)
    progress.close()
    lines = capsys.readouterr().out.splitlines()
    assert [int(line.split()[1].rstrip(":")) for line in lines] == [1, 2, 3, 4, 5]
