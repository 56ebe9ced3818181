"""Uploaded files: photos documenting an indicator value, documents supporting an objection.

A file is kept in UPLOAD_FOLDER under a random name; its kind is decided by its first bytes (never by its name or its
declared type) and only the kinds the form accepts are kept."""
from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import format_decimal

PHOTO_KINDS = ("png", "jpg")
DOCUMENT_KINDS = ("pdf", "png", "jpg")
MAGIC = ((b"%PDF-", "pdf"), (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"))
STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(pdf|png|jpg)$")


def upload_folder() -> Path:
    return Path(current_app.config.get("UPLOAD_FOLDER") or Path(current_app.instance_path) / "uploads")


def file_kind(blob: bytes, accepted: tuple[str, ...]) -> str | None:
    """The file's kind by its first bytes when it is one of `accepted`; None otherwise."""
    kind = next((ext for magic, ext in MAGIC if blob.startswith(magic)), None)
    return kind if kind in accepted else None


def is_stored_name(name: str, accepted: tuple[str, ...]) -> bool:
    """Whether `name` is one this module gives a stored file of an accepted kind (nothing else is ever served)."""
    match = STORED_NAME.match(name)
    return match is not None and match.group(1) in accepted


def read_upload(field: Any, accepted: tuple[str, ...], too_large: Callable[[str], str],
                wrong_kind: Callable[[], str]) -> tuple[bytes, str] | None | bool:
    """(bytes, kind) of the file uploaded in form field `field`; None when there is none; False, with the reason
    added to the field's errors, when it is refused (larger than UPLOAD_MAX_BYTES, or not of an accepted kind)."""
    upload = field.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    blob = upload.stream.read(limit + 1)
    kind = file_kind(blob, accepted)
    if len(blob) > limit:
        problem = too_large(format_decimal(limit / 1024 / 1024, "0.#"))
    elif kind is None:
        problem = wrong_kind()
    else:
        return blob, kind
    field.errors = [*field.errors, problem]
    return False


def store(blob: bytes, kind: str) -> str:
    """Keep the file; its stored name."""
    folder = upload_folder()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{kind}"
    (folder / name).write_bytes(blob)
    return name


def drop(*names: str | None) -> None:
    """Remove stored files (after the use case they belonged to was refused)."""
    for name in names:
        if name:
            (upload_folder() / name).unlink(missing_ok=True)
