"""Forms built in worker processes (--jobs): the same files, in the same order, or nothing at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from testkit.builders import clean_sheets, write_workbook

from reviewgen.errors import FormError, OutputError
from reviewgen.forms import parallel
from reviewgen.forms import write as forms
from reviewgen.load.workbook import load_workbook
from reviewgen.workers import fork_context

SECRET = b"k" * 32

pytestmark = pytest.mark.skipif(fork_context() is None, reason="the workers need the fork start method")


@pytest.fixture
def workers_for_few(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers even for the five forms of the small cycle (below POOL_FROM_FORMS a run builds them here)."""
    monkeypatch.setattr(parallel, "POOL_FROM_FORMS", 1)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.usefixtures("workers_for_few")
@pytest.mark.parametrize("goals", [False, True])
def test_forms_from_workers_are_the_same_files_in_the_same_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, goals: bool
) -> None:
    wb = load_workbook(write_workbook(tmp_path / "cycle.xlsx", clean_sheets()))
    done: list[int] = []
    here = forms.write_forms(wb, tmp_path / "here", self_forms=True, goals=goals, secret=SECRET, processes=1)
    parent, real = os.getpid(), forms.build_form

    def elsewhere(*args: object, **kwargs: object) -> bytes:
        assert os.getpid() != parent, "a form was built in the parent, not in a worker"
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(forms, "build_form", elsewhere)
    there = forms.write_forms(
        wb, tmp_path / "there", self_forms=True, goals=goals, secret=SECRET, processes=2, progress=done.append
    )
    assert [p.name for p in there] == [p.name for p in here] and len(here) == 5
    assert _files(tmp_path / "there") == _files(tmp_path / "here")  # every form and the manifest, byte for byte
    assert sum(done) == 5


@pytest.mark.usefixtures("workers_for_few")
@pytest.mark.parametrize(
    ("error", "expected", "message"),
    [
        (OSError("disk full"), OutputError, r"^cannot write the output folder .*: disk full$"),  # as when built here
        (FormError("P3: a form that cannot be made"), FormError, r"^P3: a form that cannot be made$"),
    ],
)
def test_an_error_in_a_worker_stops_forms_with_nothing_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception, expected: type[Exception], message: str
) -> None:
    wb = load_workbook(write_workbook(tmp_path / "cycle.xlsx", clean_sheets()))
    real = forms.build_form

    def failing(*args: object, **kwargs: object) -> bytes:
        if args[1] == wb.person_by_id["P3"]:  # the owner of one form, built in whichever worker takes it
            raise error
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(forms, "build_form", failing)
    with pytest.raises(expected, match=message):
        forms.write_forms(wb, tmp_path / "forms", self_forms=True, secret=SECRET, processes=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cycle.xlsx"]  # no forms folder, no temporary one
