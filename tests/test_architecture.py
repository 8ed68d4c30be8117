"""The architecture is enforced, not hoped for: import-linter's contracts in pyproject.toml, the tests tree
mirroring the package tree, and modules kept small."""

from __future__ import annotations

from pathlib import Path

import pytest
from importlinter.cli import lint_imports

import reviewgen

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(reviewgen.__file__).resolve().parent


def test_import_contracts_are_kept(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Contracts: 3 kept, 0 broken." in out


def test_every_subpackage_has_a_tests_folder() -> None:
    packages = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    assert packages, "no subpackages found"
    missing = [name for name in packages if not (ROOT / "tests" / name).is_dir()]
    assert missing == [], f"tests/ has no folder for reviewgen/{missing}"


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}


def test_architecture_doc_names_every_module() -> None:
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    modules = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")
    missing = [m for m in modules if f"`{m}`" not in doc and f"{m.rsplit('/', 1)[-1]}`" not in doc]
    assert missing == [], f"docs/architecture.md does not name {missing}"
