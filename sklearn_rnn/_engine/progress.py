"""The lines that ``verbose`` prints during training."""

# SPDX-License-Identifier: BSD-3-Clause

import math
import time


class Progress:
    """Prints a line per :class:`~.history.EpochReport` when verbose: with
    ``verbose=1`` at most about one a second (the first and the last
    always), with ``verbose=2`` or more every one. ``unit`` names an
    epoch ("Epoch", "Iteration")."""

    def __init__(self, verbose, unit):
        self.verbose = verbose
        self.unit = unit
        self.start = time.perf_counter()
        self.last_print = -math.inf
        self.pending = None
        # The loss without noise is read every few epochs: its last reading.
        self.clean = None

    def elapsed(self):
        """Seconds since the run began."""
        return time.perf_counter() - self.start

    def report(self, report):
        if not self.verbose:
            return
        now = time.perf_counter()
        if report.clean_loss is not None:
            self.clean = (report.epoch, report.clean_loss)
        self.pending = _line(self.unit, report, self.clean)
        if self.verbose >= 2 or now - self.last_print >= 1.0:
            self.message(self.pending)
            self.last_print = now

    def message(self, text):
        if self.verbose:
            print(text, flush=True)
            self.pending = None

    def close(self, text=None):
        if self.pending is not None:
            self.message(self.pending)
        if text is not None:
            self.message(text)


def _line(unit, report, clean=None):
    """``Epoch 12/500: loss 0.4, without noise 0.02, ..., 3.1 s, 40 s left``;
    ``clean``, the epoch and value of the last loss without noise, named
    with its epoch if that was an earlier one."""
    parts = [f"{unit} {report.epoch}/{report.max_epochs}: loss {report.loss:.8f}"]
    if clean is not None:
        epoch, loss = clean
        parts.append(f"without noise {loss:.8f}"
                     + ("" if epoch == report.epoch else f" (epoch {epoch})"))
    if report.validation_loss is not None:
        parts.append(f"validation loss {report.validation_loss:.8f}")
    if report.validation_score is not None:
        parts.append(f"validation score {report.validation_score:.6f}")
    parts.append(f"{report.elapsed:.2f} s")
    if report.remaining:
        parts.append(f"at most {_duration(report.remaining)} left")
    return ", ".join(parts)


def _duration(seconds):
    """Seconds as ``42 s``, ``3 min 5 s`` or ``1 h 2 min``."""
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"
