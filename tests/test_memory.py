"""reviewgen.memory: the collector paused and given back as it was; freed C memory trimmed where glibc can, and
nothing (never an error) where it cannot."""

from __future__ import annotations

import builtins
import gc
import sys
from typing import Any

import pytest

from reviewgen import memory


def test_the_collector_is_paused_inside_and_as_it_was_after() -> None:
    assert gc.isenabled()
    with memory.cyclic_gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with memory.cyclic_gc_paused():
            pass
        assert not gc.isenabled()  # it was off before: left off
    finally:
        gc.enable()


@pytest.fixture
def fresh_trim() -> Any:
    memory._malloc_trim.cache_clear()
    yield
    memory._malloc_trim.cache_clear()


@pytest.mark.usefixtures("fresh_trim")
def test_no_trim_off_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert memory._malloc_trim() is None
    memory.give_back_freed_memory()  # does nothing, raises nothing


@pytest.mark.usefixtures("fresh_trim")
def test_no_trim_without_ctypes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    real = builtins.__import__

    def without_ctypes(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "ctypes":
            raise ImportError("no _ctypes in this interpreter")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_ctypes)
    assert memory._malloc_trim() is None
    memory.give_back_freed_memory()


@pytest.mark.usefixtures("fresh_trim")
def test_no_trim_on_a_libc_without_malloc_trim(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes

    class Musl:
        def __init__(self, _name: object) -> None:
            pass

        def __getattr__(self, name: str) -> Any:
            raise AttributeError(name)

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(ctypes, "CDLL", Musl)
    assert memory._malloc_trim() is None
    memory.give_back_freed_memory()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc_trim is glibc's")
@pytest.mark.usefixtures("fresh_trim")
def test_glibc_trims() -> None:
    trim = memory._malloc_trim()
    if trim is None:
        pytest.skip("this libc has no malloc_trim (musl)")
    assert trim(0) in (0, 1)
