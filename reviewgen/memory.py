"""How reviewgen's process uses memory: Python's cyclic garbage collector paused while long-lived objects are made,
and memory freed by C code given back to the system.

Below every stage (pyproject.toml's layers): the loader and the checks both use it.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import sys
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (reference counting still frees everything not in a cycle).

    Loading allocates millions of objects that all stay alive, none in a cycle; the collector would re-scan
    them again and again (about 30 % of a 10,000-person load). The checks pause it too: at 50,000 people two
    full collections scanning the loaded workbook took 1.7 of the checks' 9 s. Cycles made meanwhile are
    collected once it runs again.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def give_back_freed_memory() -> None:
    """Hand the C heap's free pages back to the system (glibc's ``malloc_trim``; nothing elsewhere).

    python-calamine parses a sheet in a thread (reviewgen.load.xlsx_fast) into that thread's own malloc arena,
    and glibc keeps what a thread frees for that thread: at 50,000 people the process ended the load 80 MB
    larger than when calamine parsed in the main thread. Trimming after each sheet returns it: the load then
    ends at about 400 MB instead of 470. A few milliseconds a call.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes  # here: an interpreter built without _ctypes must still load workbooks, untrimmed
    except ImportError:
        return None
    try:
        # The symbols already loaded into Python (libc among them): ctypes.util.find_library would run ldconfig
        # in a child process, as large as this one at the moment it forks.
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim  # musl and others lack it: AttributeError
    except (OSError, AttributeError):
        return None
    return trim
