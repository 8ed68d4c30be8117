"""A form read again at the end of collect must be the file first read: one replaced meanwhile stops collect."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from testkit.cycle import ADA, GRACE, Cycle

from reviewgen.collect import run
from reviewgen.errors import InputError
from reviewgen.forms import read, xlsx_read
from reviewgen.forms.read import ReturnedForm

CONFLICT = ["Goals G4 / P3 › manager rating"]


def sharing_a_cell(tmp_path: Path) -> tuple[Cycle, Path, Path]:
    """Grace's form sent back twice: an untouched copy and one she edited. They share every cell, so collect reads
    them again at the end to report the conflict. The cycle, the untouched copy and the edited form."""
    c = Cycle(tmp_path)
    untouched = c.returned / "grace-untouched.xlsx"
    shutil.copy(c.forms[GRACE], untouched)
    edited = c.fill(GRACE, [("Goals", {"Goal ID": "G4"}, "Manager rating", "5 - Outstanding")])
    return c, untouched, edited


def before_reading_again(monkeypatch: pytest.MonkeyPatch, act: Callable[[Path], object]) -> list[str]:
    """Make collect call ``act(path)`` just before it reads a form a second time; the names of the forms read."""
    seen: list[str] = []
    real = run.read_form

    def reading(path: Path, secret: bytes) -> ReturnedForm:
        if path.name in seen:
            act(path)
        seen.append(path.name)
        return real(path, secret)

    monkeypatch.setattr(run, "read_form", reading)
    return seen


def test_a_form_replaced_before_it_is_read_again_stops_collect(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A sync client replaces the untouched copy with the edited one first: read again silently, its 4 would become
    # a 5 and the conflict between the two would go unreported.
    c, untouched, edited = sharing_a_cell(tmp_path)
    shutil.copy(c.forms[ADA], c.returned / ADA)
    before_reading_again(monkeypatch, lambda path: shutil.copy(edited, untouched) if path == untouched else None)
    with pytest.raises(InputError) as err:
        c.collect()
    assert str(err.value) == (
        f"{untouched}: this returned form changed while collect was reading it; wait until it is saved or synced, "
        "then run collect again; nothing was written"
    )
    assert not c.merged.exists()


def test_an_unchanged_form_read_again_is_collected(tmp_path: Path) -> None:
    c, _, _ = sharing_a_cell(tmp_path)
    assert [str(x.target) for x in c.collect().conflicts] == CONFLICT


def test_a_form_only_touched_before_it_is_read_again_is_collected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A sync client or a backup tool stamps a new time on a file it did not change: same bytes, no alarm.
    c, untouched, _ = sharing_a_cell(tmp_path)
    seen = before_reading_again(monkeypatch, lambda path: os.utime(path, (1_900_000_000, 1_900_000_000)))
    result = c.collect()
    assert seen.count(untouched.name) == 2  # it was read again, after its time changed
    assert [str(x.target) for x in result.conflicts] == CONFLICT


def test_a_form_deleted_before_it_is_read_again_stops_collect_saying_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    c, untouched, _ = sharing_a_cell(tmp_path)
    before_reading_again(monkeypatch, lambda path: path.unlink() if path == untouched else None)
    with pytest.raises(InputError) as err:
        c.collect()
    assert str(err.value) == (
        f"{untouched}: this returned form could not be read again (the file does not exist); make sure nothing has "
        "it open or is syncing it, then run collect again; nothing was written"
    )
    assert not c.merged.exists()


def _rejected(c: Cycle) -> list[tuple[str, str, str]]:
    return [(f.path.name, f.status, f.reason) for f in c.collect().forms]


def test_a_file_far_larger_than_a_form_is_rejected_without_reading_it_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = Cycle(tmp_path)
    shutil.copy(c.forms[GRACE], c.returned / GRACE)
    monkeypatch.setattr(read, "FORM_MAX_MB", 0)
    assert _rejected(c) == [
        (GRACE, "rejected", "it is larger than 0 MB, far larger than any form: check that it is the form sent")
    ]


def test_a_file_that_would_unpack_to_far_more_than_a_form_is_rejected_before_any_part_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = Cycle(tmp_path)
    shutil.copy(c.forms[GRACE], c.returned / GRACE)
    monkeypatch.setattr(xlsx_read, "UNPACKED_MAX_MB", 0)
    [(name, status, reason)] = _rejected(c)
    assert (name, status) == (GRACE, "rejected")
    assert reason.startswith("it unpacks to ") and reason.endswith(
        " MB, far more than any form (at most 0 MB): check that it is the form sent"
    )


def test_a_form_that_cannot_be_read_is_rejected_saying_why_not_as_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Excel on Windows locks a form it has open; reading it then fails with a permission error.
    c = Cycle(tmp_path)
    shutil.copy(c.forms[GRACE], c.returned / GRACE)
    real_open = open

    def locked(file: object, *args: object, **kwargs: object) -> object:
        if str(file).endswith(GRACE):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", locked)
    assert _rejected(c) == [
        (
            GRACE,
            "rejected",
            "it cannot be read (Permission denied): close it where it is open, or ask for access to it, and collect "
            "again",
        )
    ]
