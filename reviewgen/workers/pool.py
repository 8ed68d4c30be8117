"""Worker processes (build, collect, forms): chunks of work run in a ``fork`` pool that always stops cleanly.

``Pool.terminate()`` kills workers with SIGTERM wherever they are. A worker killed while it sends its result
keeps the result queue's lock for good, and the pool's own threads then wait for that lock forever: a build
that failed on one document hung that way, rarely, under load. So the pool is not terminated on the usual
paths. On success it is closed and joined. On an error or an interrupt the parent sets the run's stop flag,
each worker returns at its next item (:func:`stopping`), the parent takes the chunks still out, then joins.
A worker that died (killed by the system: its chunk never comes back, and Pool would wait for it forever) is
noticed while the parent waits (:func:`_next`): the run stops with :class:`WorkerError`, and only then is
the pool terminated.

The stop flag belongs to one run: it is handed to that run's workers by the pool initializer and kept in a
per-process variable set only in a worker. The process that runs the pool never sets it, so work done in this
process (the serial path, or another run in another thread) never sees some other run's flag.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import multiprocessing
import multiprocessing.context
import multiprocessing.pool
import multiprocessing.synchronize
import os
import pickle
import signal
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar, cast

from reviewgen.errors import ReviewgenError, WorkerError

C = TypeVar("C")
R = TypeVar("R")
T = TypeVar("T")

#: Seconds between two looks for a worker that died, while the parent waits for a chunk.
POLL_SECONDS = 0.5

#: In a worker process only: its run's stop flag, set by the parent when the run stops early. Never set in the
#: process that starts pools (a fork copies it as None, and the initializer sets it in the new worker).
_WORKER_STOP: multiprocessing.synchronize.Event | None = None


#: In a worker process only: what its run handed it through the initializer (map_in_workers' function).
_WORKER_GIVEN: object = None


def stopping() -> bool:
    """In a worker: whether the parent has asked every worker to stop after its current item. Always False in
    the process that runs a pool, whatever other runs do."""
    return _WORKER_STOP is not None and _WORKER_STOP.is_set()


def default_jobs() -> int:
    """The number of cores this process may use: the default number of worker processes."""
    counter: Callable[[], int | None] | None = getattr(os, "process_cpu_count", None)
    if counter is not None:
        return counter() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def fork_context() -> multiprocessing.context.BaseContext | None:
    """The ``fork`` start method (workers inherit the build's state), or None where the platform has none."""
    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


def _start_worker(stop: multiprocessing.synchronize.Event, given: object) -> None:
    """Pool initializer: keep this run's stop flag for :func:`stopping` and what it hands its workers, then set
    the worker's signals. With ``fork`` the arguments are inherited, never pickled."""
    global _WORKER_STOP, _WORKER_GIVEN
    _WORKER_STOP, _WORKER_GIVEN = stop, given
    worker_signals()


def worker_signals() -> None:
    """A worker dies at once on SIGTERM, as a process does by default, and leaves Ctrl-C to the parent.

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
    *,
    died: str,
    given: object = None,
) -> None:
    """Run ``work`` on every chunk in ``processes`` forked workers; hand each result to ``take``, in chunk order.

    Whatever ``work`` or ``take`` raises, and an interrupt, is raised again once every worker has stopped: no
    worker is still writing when this returns or raises. A ReviewgenError raised by ``work`` comes back whole
    (class, message, details: pickling the exception itself would lose its details). A worker that dies stops
    the run with ``WorkerError(died)``: one line saying what stopped and what to do.

    ``given`` is handed to each worker as it starts (inherited, never pickled): see :func:`map_in_workers`.
    Objects made before the pool starts are frozen (``gc.freeze``) while it runs: the workers' collector then never
    touches, and so never copies, the pages they inherit.
    """
    stop = ctx.Event()
    pool: multiprocessing.pool.Pool | None = None
    results: multiprocessing.pool.IMapIterator[tuple[R | None, Failure | None]] | None = None
    workers: frozenset[int] = frozenset()
    gc.freeze()
    try:
        with _sigterm_held():
            pool = ctx.Pool(processes=processes, initializer=_start_worker, initargs=(stop, given))
        workers = _workers(pool)
        results = pool.imap(functools.partial(_carrying, work), chunks)
        for chunk in chunks:
            take(_unwrap(_next(results, pool, workers, died)), chunk)
    except BaseException:
        stop.set()
        if pool is not None:
            _stop(pool, results, workers)
        raise
    else:
        pool.close()
        pool.join()
    finally:
        gc.unfreeze()


def map_in_workers(
    ctx: multiprocessing.context.BaseContext,
    processes: int,
    function: Callable[[T], R],
    items: Sequence[T],
    *,
    died: str,
    chunk: int,
) -> list[R]:
    """``[function(item) for item in items]``, in ``processes`` forked workers, ``chunk`` items at a time.

    ``function`` (a closure or partial is fine: workers inherit it, only the items and results are pickled) runs
    in the workers; the results come back in item order. Stops as :func:`run_in_workers` does."""
    out: list[R] = []
    each_in_workers(ctx, processes, function, items, lambda _item, result: out.append(result), died=died, chunk=chunk)
    return out


def each_in_workers(
    ctx: multiprocessing.context.BaseContext,
    processes: int,
    function: Callable[[T], R],
    items: Sequence[T],
    take: Callable[[T, R], None],
    *,
    died: str,
    chunk: int,
) -> None:
    """``take(item, function(item))`` for every item, in item order, ``function`` running in at most ``processes``
    forked workers, ``chunk`` items at a time: results are handed over as their chunk comes back, not held to
    the end (forms writes each one as it comes). Stops as :func:`run_in_workers` does."""
    chunks = [items[start : start + chunk] for start in range(0, len(items), max(1, chunk))]

    def took(got: list[object], sent: Sequence[T]) -> None:
        for item, result in zip(sent, got, strict=True):
            take(item, cast("R", result))  # each came from function

    run_in_workers(ctx, min(processes, len(chunks)), _map_chunk, chunks, took, died=died, given=function)


def given() -> object:
    """In a worker: what its run handed it (``run_in_workers(..., given=...)``); None in any other process.

    Each run's workers get their own at start, so runs in two threads of one process never see each other's: the
    way to hand a worker its state, rather than a module global set before the pool starts."""
    return _WORKER_GIVEN


def _map_chunk(chunk: Sequence[object]) -> list[object]:
    """In a worker: each_in_workers' function over one chunk, up to the run's stop."""
    function = given()
    assert callable(function), "worker started without its function"
    out: list[object] = []
    for item in chunk:
        if stopping():
            break  # the run stopped elsewhere: the parent discards this chunk
        out.append(function(item))
    return out


#: What a worker sends back instead of a result: a ReviewgenError as data, or another exception that survives
#: pickling (:func:`_portable`).
Failure = tuple[type[ReviewgenError], str, list[str]] | Exception


def _carrying(work: Callable[[C], R], chunk: C) -> tuple[R | None, Failure | None]:
    """In a worker: ``work(chunk)``, or the exception it raised as data the parent can always read back."""
    try:
        return work(chunk), None
    except ReviewgenError as exc:
        return None, (type(exc), exc.message, exc.details)
    except Exception as exc:
        return None, _portable(exc)


def _portable(exc: Exception) -> Exception:
    """``exc`` when it can be pickled and read back; otherwise a RuntimeError carrying its name, text and traceback.

    Pool reads results back in a thread of the parent: an exception whose class cannot be rebuilt from its
    arguments (a required argument its ``__init__`` does not pass on) kills that thread there, and the parent then
    waits forever for results nobody will deliver (CPython issues 79492 and 103061)."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        trace = "".join(traceback.format_exception(exc)).rstrip()
        return RuntimeError(f"{type(exc).__name__} in a worker process: {exc}\n{trace}")
    return exc


def _unwrap(result: tuple[R | None, Failure | None]) -> R:
    """In the parent: a chunk's result, or the exception its worker raised, raised again."""
    value, failure = result
    if isinstance(failure, Exception):
        raise failure
    if failure is not None:
        cls, message, details = failure
        raise cls(message, details=details)
    return value  # type: ignore[return-value]  # None only beside a failure


def _stop(
    pool: multiprocessing.pool.Pool,
    results: multiprocessing.pool.IMapIterator[tuple[R | None, Failure | None]] | None,
    workers: frozenset[int],
) -> None:
    """Take the chunks still out (the stop flag is set: each comes back at its worker's next document), then join.
    Only when a worker has died, so that its chunk never comes back, is the pool terminated."""
    try:
        while results is not None:
            try:
                _next(results, pool, workers, "")
            except StopIteration:
                break
            except WorkerError:
                pool.terminate()
                return
            except Exception:
                continue
        pool.close()
        pool.join()
    except BaseException:
        pool.terminate()  # a second Ctrl-C while waiting: stop now
        raise


def _next(
    results: multiprocessing.pool.IMapIterator[tuple[R | None, Failure | None]],
    pool: multiprocessing.pool.Pool,
    workers: frozenset[int],
    died: str,
) -> tuple[R | None, Failure | None]:
    """The next chunk's result, or WorkerError(died) once a worker has died (Pool forgets the chunk it was doing) or
    the pool's thread that reads results back has (a result it could not unpickle): no result would come again."""
    while True:
        try:
            return results.next(timeout=POLL_SECONDS)
        except multiprocessing.TimeoutError:
            reader = getattr(pool, "_result_handler", None)  # Pool's own thread; no public view of it either
            if _workers(pool) != workers or (reader is not None and not reader.is_alive()):
                raise WorkerError(died) from None


def _workers(pool: multiprocessing.pool.Pool) -> frozenset[int]:
    """The pool's live workers. Pool has no public view of them (``_pool``); a worker never leaves before the pool
    is closed, so a dead one still listed, or a replacement, means one died."""
    return frozenset(p.pid for p in pool._pool if p.exitcode is None and p.pid is not None)  # type: ignore[attr-defined]
