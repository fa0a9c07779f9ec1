"""Pausing Python's cyclic garbage collector while building many acyclic objects."""

from __future__ import annotations

import gc


class GCPaused:
    """``with GCPaused():`` the cyclic garbage collector is off inside the block.

    For code that allocates many containers that cannot form cycles (query rows, the lists
    and tuples of an index build): each collection the allocations trigger walks everything
    built so far again, so the collector's share grows with the size of the result (half of
    a hub query; a quarter of the 1M-triple index build). Reference counting still frees
    everything; the collector resumes (if it was running) on leaving the block. It is off for
    the whole process meanwhile, so only wrap bounded work.

    A class rather than a ``contextlib`` generator: leaving a generator-based context raises
    StopIteration inside it, and allocating that exception, right after the collector is back
    on with thousands of new objects counted, runs a collection over all of them at once.
    Here nothing is allocated on the way out, so the collector next runs at the caller's next
    allocation, and walks the new objects only if they are still alive then (freeing them
    uncounts them).
    """

    __slots__ = ("enabled",)

    def __enter__(self) -> None:
        self.enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.enabled:
            gc.enable()
