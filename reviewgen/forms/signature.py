"""The signed record of what a form was issued with, and the secret that signs it.

The record lives on a very hidden sheet of the form. It lists the cycle, the form's owner,
its kind and exactly which people, goals and values were issued; an HMAC-SHA256 over its
canonical JSON, keyed with a secret that never leaves HR's folder, shows on collect that
nobody widened the form (added a person, a goal) by editing the hidden sheet.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast, get_args

from reviewgen.errors import ConfigError, FormError, OutputError
from reviewgen.files.atomic import write_file
from reviewgen.forms.layout import FORMAT_VERSION, RECORD_MARKER, FormKind

SECRET_FILE_NAME = ".reviewgen-secret"
_SECRET_BYTES = 32
#: Characters of record JSON per cell; far below every spreadsheet program's cell limit.
_CHUNK = 8000


@dataclass(frozen=True)
class IssuedPerson:
    """One person on a form, with the goal ids and company value names issued for them."""

    id: str
    goals: tuple[str, ...] = ()
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class IssuedRecord:
    """What a form was issued with; signed so that collect can trust it."""

    cycle: str
    owner_id: str
    kind: FormKind
    people: tuple[IssuedPerson, ...]
    version: int = FORMAT_VERSION
    #: The workbook's file name, the forms run (issue id) and the digest of the issued rows (see forms.issue).
    workbook: str = ""
    issue: str = ""
    digest: str = ""

    def person(self, person_id: str) -> IssuedPerson | None:
        for p in self.people:
            if p.id == person_id:
                return p
        return None

    def canonical_json(self) -> str:
        """The exact text the signature covers: sorted keys, no spaces, ASCII only."""
        data = {
            "version": self.version,
            "cycle": self.cycle,
            "owner": self.owner_id,
            "kind": self.kind,
            "people": [{"id": p.id, "goals": list(p.goals), "values": list(p.values)} for p in self.people],
            "workbook": self.workbook,
            "issue": self.issue,
            "digest": self.digest,
        }
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def sign(text: str, secret: bytes) -> str:
    """HMAC-SHA256 of ``text`` with ``secret``, as hex."""
    return hmac.new(secret, text.encode("utf-8"), hashlib.sha256).hexdigest()


def record_rows(record: IssuedRecord, secret: bytes) -> list[str]:
    """The cells (column A, from row 1) of the hidden record sheet."""
    text = record.canonical_json()
    chunks = [text[i : i + _CHUNK] for i in range(0, len(text), _CHUNK)]
    return [RECORD_MARKER, sign(text, secret), *chunks]


def parse_record(cells: list[object], secret: bytes) -> IssuedRecord:
    """The record stored in ``cells`` (column A of the hidden sheet), checked against ``secret``."""
    if len(cells) < 3 or cells[0] != RECORD_MARKER:
        raise FormError("its hidden reviewgen sheet is missing or was changed")
    signature = cells[1]
    text = "".join(c for c in cells[2:] if isinstance(c, str))
    if not isinstance(signature, str) or not hmac.compare_digest(signature, sign(text, secret)):
        raise FormError(
            "its signature does not match (the hidden reviewgen sheet was edited, or the form was issued "
            "for another workbook folder)"
        )
    try:
        data = cast(dict[str, Any], json.loads(text))
        if data["version"] != FORMAT_VERSION:
            raise FormError(f"it is a form of format version {data['version']}; send a fresh form")
        kind = data["kind"]
        if kind not in get_args(FormKind):
            raise FormError(f"it has an unknown form kind {kind!r}")
        people = tuple(
            IssuedPerson(str(p["id"]), tuple(map(str, p["goals"])), tuple(map(str, p["values"])))
            for p in data["people"]
        )
        return IssuedRecord(
            str(data["cycle"]),
            str(data["owner"]),
            kind,
            people,
            int(data["version"]),
            str(data["workbook"]),
            str(data["issue"]),
            str(data["digest"]),
        )
    except (KeyError, TypeError, ValueError) as exc:  # signed but malformed: only a bug could do this
        raise FormError(f"its hidden record cannot be read ({exc})") from exc


def secret_path(workbook_path: Path) -> Path:
    """Where the form secret of ``workbook_path`` lives: ``.reviewgen-secret`` in the same folder."""
    return workbook_path.parent / SECRET_FILE_NAME


def load_or_create_secret(workbook_path: Path) -> bytes:
    """The signing secret kept beside HR's workbook (``.reviewgen-secret``), created on first use.

    The file holds 32 random bytes as hex, readable by its owner only (0600), and is created
    atomically (reviewgen.files.atomic.write_file): a full disk or a crash leaves no empty or half
    secret behind, and two runs at once never replace each other's. It is never written into a
    form: whoever holds it can sign forms.
    """
    path = secret_path(workbook_path)
    if not path.exists():
        try:
            write_file(path, (os.urandom(_SECRET_BYTES).hex() + "\n").encode("ascii"), exclusive=True)
        except FileExistsError:
            pass  # another run created it a moment ago: use theirs
        except OutputError as exc:
            raise ConfigError(f"{path}: cannot create the form secret; {exc.message.split('; ', 1)[-1]}") from exc
    return _read_secret(path)


def load_secret(workbook_path: Path) -> bytes:
    """The existing form secret of ``workbook_path``; ConfigError saying where it should be when it is missing.

    Collect never creates one: a new secret could not verify a single form issued with the old one.
    """
    path = secret_path(workbook_path)
    if not path.exists():
        raise ConfigError(
            f"{path}: the form secret is missing; it must be beside the workbook where `reviewgen forms` created "
            "it: restore it from a backup (forms issued with another secret cannot be verified)"
        )
    return _read_secret(path)


def secret_warning(workbook_path: Path) -> str | None:
    """A warning when the secret can be read by other users of this computer (they could sign forms)."""
    path = secret_path(workbook_path)
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        return f"{path} can be read by other users of this computer, who could then sign forms: run `chmod 600 {path}`"
    return None


def _read_secret(path: Path) -> bytes:
    try:
        text = path.read_text(encoding="ascii").strip()
        secret = bytes.fromhex(text)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(
            f"{path}: the form secret cannot be read; restore it from a backup "
            "(forms issued with another secret cannot be verified)"
        ) from exc
    if len(secret) < 16:
        raise ConfigError(
            f"{path}: the form secret is too short; restore it from a backup "
            "(forms issued with another secret cannot be verified)"
        )
    return secret
