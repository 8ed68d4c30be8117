"""An interrupted build (SIGTERM from `kill` or `timeout`) cleans up as Ctrl-C does: nothing is left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SAMPLE = Path(__file__).parents[2] / "samples" / "northwind-2026-q4.xlsx"


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM is POSIX")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_mid_build_leaves_no_temporary_copy(tmp_path: Path, jobs: str) -> None:
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "reviewgen", "build", str(SAMPLE), "-o", str(out), "--jobs", jobs, "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(p.name.startswith(".out.") for p in tmp_path.iterdir()):
        time.sleep(0.02)
    assert proc.poll() is None, "the build finished before it could be interrupted"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM
    assert err == "reviewgen: stopped (SIGTERM); nothing was written.\n"
    assert list(tmp_path.iterdir()) == []
