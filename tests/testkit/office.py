"""LibreOffice in tests: a file opened and saved again, as a user's spreadsheet program would."""

from __future__ import annotations

import subprocess
from pathlib import Path


def convert(soffice: str, src: Path, out_dir: Path, fmt: str, profile: Path) -> Path:
    """``soffice --headless --convert-to fmt`` with a private profile; the converted file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(out_dir),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out_dir / (src.stem + "." + fmt.split(":")[0])
