"""Keep Python's cyclic garbage collector out of bulk work that builds many acyclic objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_keep_survivors = False


def keep_survivors(on: bool = True) -> None:
    """Let `paused` blocks move what they built out of the collector's sight for good.

    For a process that ends after one command (the CLI): the objects a block leaves alive
    then live to the end anyway. Library callers keep the default (off), so that nothing of
    theirs is frozen behind their back.
    """
    global _keep_survivors
    _keep_survivors = on


@contextmanager
def paused() -> Iterator[None]:
    """Run a block with the cyclic collector off (nested blocks leave it to the outermost).

    A loaded bank or a rich-text cache holds millions of objects and no reference cycles:
    collecting while they are built only rescans the growing heap (superlinear on big banks).
    Switching the collector back on makes its next pass walk every survivor once (~0.1 s per
    10,000 questions); with `keep_survivors` on, they are frozen first (`gc.freeze`), so that
    pass never comes. Frozen objects are still freed by reference counting when dropped.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if _keep_survivors:
                gc.freeze()
            gc.enable()
