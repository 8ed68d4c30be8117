"""README's quarter walk-through runs as written, in the order HR runs it."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewgen.cli import main

REPO = Path(__file__).resolve().parents[1]


def walkthrough() -> list[str]:
    """The command lines of the README's "A typical quarter" section, in order."""
    section = (REPO / "README.md").read_text(encoding="utf-8").split("### A typical quarter", 1)[1]
    section = section.split("\n## ", 1)[0]
    lines: list[str] = []
    for block in section.split("```sh\n")[1:]:
        lines += [line for line in block.split("```", 1)[0].splitlines() if line.startswith("reviewgen ")]
    return lines


def test_the_walkthrough_names_every_step_in_order() -> None:
    commands = [shlex.split(line, comments=True)[1] for line in walkthrough()]
    assert commands[:3] == ["init", "init", "check"]
    goals = next(i for i, line in enumerate(walkthrough()) if "--goals" in line)
    assert commands[goals : goals + 3] == ["forms", "collect", "check"]  # goal setting, weeks 1-2
    assert commands[goals + 3] == "status"  # whose goal form is not back yet
    forms = commands.index("forms", goals + 1)
    assert goals < forms < commands.index("status", forms) < commands.index("collect", forms)
    assert commands.index("collect", forms) < commands.index("calibrate")
    assert commands.index("calibrate") < commands.index("build", 4)
    assert commands[-2:] == ["init", "init"]


def test_the_walkthrough_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(REPO / "samples" / "hr-export", tmp_path / "samples" / "hr-export")
    monkeypatch.chdir(tmp_path)
    for line in walkthrough():
        args = shlex.split(line, comments=True)[1:]
        target = None
        if ">" in args:
            args, target = args[: args.index(">")], args[args.index(">") + 1]
        if args[0] == "collect" and "goals-returned/" in args:
            shutil.copytree(tmp_path / "goal-forms", tmp_path / "goals-returned")  # sent back as issued
        if args[0] == "collect" and "returned/" in args:
            # The managers' and employees' forms come back (as sent: collect takes them all the same).
            shutil.copytree(tmp_path / "forms", tmp_path / "returned")
        result = CliRunner().invoke(main, args, prog_name="reviewgen")
        assert result.exit_code == 0, f"{line}\n{result.stderr}"
        if target is not None:
            Path(target).write_text(result.stdout, encoding="utf-8")
    assert (tmp_path / "q2" / "cycle.xlsx").is_file() and (tmp_path / "first" / "cycle.xlsx").is_file()
    assert (tmp_path / "chase.csv").read_text(encoding="utf-8").startswith("person id,name,email,")
