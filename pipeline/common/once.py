"""Read once per run: what several documents of one build share (the unit registry, the
plan, a workbook, the returned files and their aggregation) is read the first time it is asked
for and reused until the run ends.

A run is :func:`one_run` (``build.assemble`` and the commands that read a year's data use
it); outside a run, a function marked :func:`once_per_run` reads every time, as before.
Nothing is kept between runs, so an edit to the data is always seen by the next command.
An error is not kept: the next caller reads again and gets the error located at its own cell.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Hashable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TypeVar

Result = TypeVar("Result")

_RUN: ContextVar[dict | None] = ContextVar("vanban_run", default=None)


@contextlib.contextmanager
def one_run() -> Iterator[None]:
    """A run during which :func:`once_per_run` functions read once (nested runs share the outer one).

    Usable as ``with one_run():`` or as a decorator ``@one_run()``.
    """
    token = _RUN.set({}) if _RUN.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _RUN.reset(token)


def path_key(path: Path | str, *ignored: Any) -> Hashable:
    """The key of a read by its first argument, a file or folder (resolved, so ``data/2024/ke_hoach``
    and ``../2024/ke_hoach`` are one read); the other arguments (e.g. the cell that named the
    file, for errors) do not change what is read."""
    return Path(path).resolve()


def once_per_run(key: Callable[..., Hashable] = path_key) -> Callable[[Callable[..., Result]], Callable[..., Result]]:
    """Mark a reading function to run once per :func:`one_run` for each ``key(*args)``.

    The value returned is shared by every caller of the run: the function must return
    something its callers do not change.
    """
    def decorate(func: Callable[..., Result]) -> Callable[..., Result]:
        @functools.wraps(func)
        def read(*args: Any) -> Result:
            cache = _RUN.get()
            if cache is None:
                return func(*args)
            slot = (func.__module__, func.__qualname__, key(*args))
            if slot not in cache:
                cache[slot] = func(*args)
            return cache[slot]
        return read
    return decorate
