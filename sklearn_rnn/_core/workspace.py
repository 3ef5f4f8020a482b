"""Arrays reused from one batch to the next.

The forward and backward passes need arrays of the size of a batch's states
and gates for every layer.  Allocated anew for every batch, arrays of more
than a few hundred kilobytes are mapped fresh from the operating system each
time, and faulting their pages in costs more than the arithmetic on them at
small hidden sizes (a third of an LSTM epoch at T=100, B=256, H=32).  A
workspace keeps one buffer per name and hands out views of it.
"""

# SPDX-License-Identifier: BSD-3-Clause

import copy
import math

import numpy as np


class Workspace:
    """Named buffers, grown on demand and reused.

    A view handed out for a name stays valid until the same name is asked
    for again; callers give every array that must coexist a name of its own.
    ``scope`` returns a workspace on the same buffers whose names are
    prefixed, so that each layer and direction can use the same short names.
    """

    def __init__(self):
        self._buffers = {}
        self._prefix = ()

    def scope(self, *prefix):
        """Workspace on the same buffers, its names prefixed by ``prefix``."""
        scoped = copy.copy(self)
        scoped._prefix = self._prefix + prefix
        return scoped

    def empty(self, name, shape, dtype):
        """Uninitialised array of ``shape`` and ``dtype``, C-contiguous."""
        key = self._prefix + (name,)
        size = math.prod(shape)
        buffer = self._buffers.get(key)
        if buffer is None or buffer.dtype != dtype or buffer.size < size:
            buffer = self._buffers[key] = np.empty(size, dtype=dtype)
        return buffer[:size].reshape(shape)

    def zeros(self, name, shape, dtype):
        """Array of zeros of ``shape`` and ``dtype``, C-contiguous."""
        array = self.empty(name, shape, dtype)
        array.fill(0)
        return array
