"""The lines that ``verbose`` prints during training."""

# SPDX-License-Identifier: BSD-3-Clause

import math
import time


class Progress:
    """Prints one line per iteration when verbose: with ``verbose=1`` at most
    about one a second (the first and the last always), with ``verbose=2`` or
    more every one."""

    def __init__(self, verbose, unit):
        self.verbose = verbose
        self.unit = unit
        self.start = time.perf_counter()
        self.last_print = -math.inf
        self.pending = None

    def report(self, iteration, loss, validation_score=None):
        if not self.verbose:
            return
        now = time.perf_counter()
        line = f"{self.unit} {iteration}: loss {loss:.8f}"
        if validation_score is not None:
            line += f", validation score {validation_score:.6f}"
        self.pending = line + f", {now - self.start:.2f} s"
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
