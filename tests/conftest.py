"""Shared fixtures."""

from __future__ import annotations

import shutil

import pytest


@pytest.fixture(scope="session")  # a lookup only: module fixtures that convert files may use it
def soffice() -> str:
    """Path of LibreOffice's soffice; skips the test, saying why, when it is not installed."""
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed; .ci/run installs it (libreoffice-writer-nogui, -calc-nogui)"
        )
    return path
