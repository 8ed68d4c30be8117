"""The worker processes of a build: chunks of documents rendered in a ``fork`` pool that always stops cleanly.

``Pool.terminate()`` kills workers with SIGTERM wherever they are. A worker killed while it sends its result
keeps the result queue's lock for good, and the pool's own threads then wait for that lock forever: a build
that failed on one document hung that way, rarely, under load. So the pool is not terminated on the usual
paths. On success it is closed and joined. On an error or an interrupt the parent sets the stop flag, each
worker returns at its next document (:func:`stopping`), the parent takes the chunks still out, then joins.
Only a worker that died (its chunk never comes back) makes the parent terminate the pool, after
:data:`DRAIN_SECONDS` without a result.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.context
import multiprocessing.pool
import multiprocessing.synchronize
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

C = TypeVar("C")
R = TypeVar("R")

#: Seconds the parent waits for each chunk still out after asking the workers to stop, before terminating them.
DRAIN_SECONDS = 30.0

#: Set by the parent when the build stops early; forked workers inherit it.
_STOP: multiprocessing.synchronize.Event | None = None


def stopping() -> bool:
    """In a worker: whether the parent has asked every worker to stop after its current document."""
    return _STOP is not None and _STOP.is_set()


def fork_context() -> multiprocessing.context.BaseContext | None:
    """The ``fork`` start method (workers inherit the build's state), or None where the platform has none."""
    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


def worker_signals() -> None:
    """Pool initializer: a worker dies at once on SIGTERM, as a process does by default, and leaves Ctrl-C to the
    parent.

    A forked worker inherits the parent's Python SIGTERM handler (the CLI's, which turns SIGTERM into a
    clean stop). A Python handler only runs between bytecodes: a SIGTERM from Pool.terminate() that lands
    just before an idle worker blocks on the task queue's lock is never acted on: the parent waits forever.
    The parent forks with SIGTERM held (:func:`_sigterm_held`); the mask is released here, after SIG_DFL.
    Ctrl-C reaches every process of the terminal: a worker that died of it mid-result would hang the pool, so
    workers ignore it and the parent, which gets it too, asks them to stop.
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


@contextlib.contextmanager
def _sigterm_held() -> Iterator[None]:
    """SIGTERM waits while the pool forks: one landing between a fork and the pool's record of the new
    worker left a worker nobody stopped, holding stderr open after the build ended."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def run_in_workers(
    ctx: multiprocessing.context.BaseContext,
    processes: int,
    work: Callable[[C], R],
    chunks: Sequence[C],
    take: Callable[[R, C], None],
) -> None:
    """Run ``work`` on every chunk in ``processes`` forked workers; hand each result to ``take``, in chunk order.

    Whatever ``work`` or ``take`` raises, and an interrupt, is raised again once every worker has stopped: no
    worker is still writing when this returns or raises.
    """
    global _STOP
    stop = _STOP = ctx.Event()
    pool: multiprocessing.pool.Pool | None = None
    results: multiprocessing.pool.IMapIterator[R] | None = None
    try:
        with _sigterm_held():
            pool = ctx.Pool(processes=processes, initializer=worker_signals)
        results = pool.imap(work, chunks)
        for chunk in chunks:
            take(results.next(), chunk)
    except BaseException:
        stop.set()
        if pool is not None:
            _stop(pool, results)
        raise
    else:
        pool.close()
        pool.join()
    finally:
        _STOP = None


def _stop(pool: multiprocessing.pool.Pool, results: multiprocessing.pool.IMapIterator[R] | None) -> None:
    """Take the chunks still out (the stop flag is set: each comes back at its worker's next document), then join.
    A chunk that does not come back within DRAIN_SECONDS had its worker die: only then is the pool terminated."""
    try:
        while results is not None:
            try:
                results.next(timeout=DRAIN_SECONDS)
            except StopIteration:
                break
            except multiprocessing.TimeoutError:
                pool.terminate()
                return
            except Exception:
                continue
        pool.close()
        pool.join()
    except BaseException:
        pool.terminate()  # a second Ctrl-C while waiting: stop now
        raise
