"""The worker pool stops cleanly: on an error the workers return at their next chunk, none is killed; its stop flag
belongs to one run."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from reviewgen.errors import InputError, WorkerError
from reviewgen.workers import pool

DIED = "a worker stopped before its chunks were done: run it again"

pytestmark = pytest.mark.skipif(pool.fork_context() is None, reason="the workers need the fork start method")


def _slow(chunk: tuple[Path, int]) -> int:
    """A chunk of work that notes it ran (unless the stop flag was already up) and takes a while."""
    folder, number = chunk
    if pool.stopping():
        return -number
    (folder / f"{number}.ran").write_text(str(os.getpid()), encoding="utf-8")
    time.sleep(0.05)
    return number


def test_a_failure_stops_the_workers_without_killing_them(tmp_path: Path) -> None:
    ctx = pool.fork_context()
    assert ctx is not None
    chunks = [(tmp_path, n) for n in range(40)]
    taken: list[int] = []

    def take(result: int, _chunk: tuple[Path, int]) -> None:
        taken.append(result)
        if len(taken) == 2:
            raise RuntimeError("the second document failed")

    with pytest.raises(RuntimeError, match="second document"):
        pool.run_in_workers(ctx, 2, _slow, chunks, take, died=DIED)
    ran = sorted(int(p.stem) for p in tmp_path.glob("*.ran"))
    # Every worker saw the stop flag: far fewer than 40 chunks ran, and every process has ended.
    assert 2 <= len(ran) < 20, ran
    assert multiprocessing.active_children() == []
    assert not pool.stopping()  # the flag belongs to one run


@pytest.mark.parametrize("take_raises", [False, True])
def test_a_worker_that_dies_is_not_waited_for_forever(take_raises: bool) -> None:
    """Pool forgets the chunk of a worker that died (killed by the system): the build stops with an error."""
    ctx = pool.fork_context()
    assert ctx is not None

    def take(_result: int, _chunk: int) -> None:
        if take_raises:
            raise RuntimeError("stop")

    started = time.monotonic()
    with pytest.raises(RuntimeError if take_raises else WorkerError) as err:
        pool.run_in_workers(ctx, 2, _die_on_one, [0, 1, 2, 3], take, died=DIED)
    assert time.monotonic() - started < 20
    assert multiprocessing.active_children() == []
    if not take_raises:
        assert str(err.value) == DIED


def _die_on_one(chunk: int) -> int:
    if chunk == 1:
        os._exit(1)  # as a worker killed by the system: its chunk never comes back
    time.sleep(0.2)
    return chunk


def _handlers(_chunk: int) -> tuple[object, object]:
    return signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)


def test_workers_leave_ctrl_c_to_the_parent_and_die_on_sigterm() -> None:
    ctx = pool.fork_context()
    assert ctx is not None
    seen: list[tuple[object, object]] = []
    pool.run_in_workers(ctx, 2, _handlers, [0, 1, 2], lambda result, _chunk: seen.append(result), died=DIED)
    assert seen == [(signal.SIG_IGN, signal.SIG_DFL)] * 3
    assert multiprocessing.active_children() == []


def test_another_runs_stop_flag_never_reaches_this_process(tmp_path: Path) -> None:
    """Two runs in two threads of one process: while one stops (its flag up, its workers finishing), the other's
    serial path, in this process, must not see the flag, or it would silently skip its own work."""
    ctx = pool.fork_context()
    assert ctx is not None

    def take(_result: int, _chunk: tuple[Path, int]) -> None:
        raise RuntimeError("stop")

    def failing_run() -> None:
        with pytest.raises(RuntimeError):
            pool.run_in_workers(ctx, 2, _slow, [(tmp_path, n) for n in range(8)], take, died=DIED)

    run = threading.Thread(target=failing_run)
    run.start()
    seen = set()
    while run.is_alive():
        seen.add(pool.stopping())
        time.sleep(0.001)
    run.join()
    assert seen == {False}
    assert multiprocessing.active_children() == []


def _fails(chunk: int) -> int:
    if chunk == 2:
        raise InputError("form 2 is damaged", details=["sheet Goals, row 3"])
    return chunk


def test_a_reviewgen_error_in_a_worker_comes_back_whole() -> None:
    ctx = pool.fork_context()
    assert ctx is not None
    with pytest.raises(InputError) as err:
        pool.run_in_workers(ctx, 2, _fails, [0, 1, 2, 3], lambda _r, _c: None, died=DIED)
    assert (err.value.message, err.value.details) == ("form 2 is damaged", ["sheet Goals, row 3"])
    assert multiprocessing.active_children() == []


def test_map_in_workers_runs_an_inherited_closure_and_keeps_the_order() -> None:
    ctx = pool.fork_context()
    assert ctx is not None
    offset = {"n": 1000}  # a closure over local state: inherited by the workers, never pickled
    got = pool.map_in_workers(ctx, 2, lambda n: (n + offset["n"], os.getpid()), list(range(50)), died=DIED, chunk=3)
    assert [n for n, _ in got] == list(range(1000, 1050))
    assert os.getpid() not in {pid for _, pid in got}


class _Unpicklable(Exception):
    """An exception Pool cannot rebuild in the parent: its __init__ needs an argument it does not pass on."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def _raises_unpicklable(chunk: int) -> int:
    if chunk == 3:
        raise _Unpicklable("form 3 is odd", 7)
    return chunk


@pytest.mark.timeout(60)
def test_an_exception_the_parent_cannot_unpickle_stops_the_run_instead_of_hanging() -> None:
    """Before, Pool's result thread died unpickling it and the parent waited for ever (CPython issue 79492)."""
    ctx = pool.fork_context()
    assert ctx is not None
    with pytest.raises(RuntimeError, match=r"^_Unpicklable in a worker process: form 3 is odd\n") as caught:
        pool.run_in_workers(ctx, 2, _raises_unpicklable, list(range(8)), lambda _r, _c: None, died=DIED)
    assert "raise _Unpicklable" in str(caught.value)  # its traceback goes with it
    assert multiprocessing.active_children() == []


def _raises_memory(chunk: int) -> int:
    if chunk == 1:
        raise MemoryError
    return chunk


def test_an_exception_that_pickles_is_raised_again_as_itself() -> None:
    ctx = pool.fork_context()
    assert ctx is not None
    with pytest.raises(MemoryError):
        pool.run_in_workers(ctx, 2, _raises_memory, list(range(4)), lambda _r, _c: None, died=DIED)


def _tagged(chunk: int) -> str:
    """A chunk of work that reports what its run handed its worker."""
    time.sleep(0.01)
    return f"{pool.given()}:{chunk}"


def test_runs_in_two_threads_each_hand_their_workers_their_own_state() -> None:
    """Build and forms hand their workers the run's state through the pool (given), not a module global that a
    run in another thread could change between its assignment and its fork."""
    ctx = pool.fork_context()
    assert ctx is not None
    got: dict[str, list[str]] = {"a": [], "b": []}

    def run(name: str) -> None:
        pool.run_in_workers(ctx, 2, _tagged, list(range(12)), lambda r, _c: got[name].append(r), died=DIED, given=name)

    threads = [threading.Thread(target=run, args=(name,)) for name in got]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert got == {name: [f"{name}:{n}" for n in range(12)] for name in got}
    assert pool.given() is None  # never set in the process that runs the pools
