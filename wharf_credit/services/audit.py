"""The audit log: every write appends an entry whose hash covers the previous hash and the entry's content."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..jsoncodec import json_text, json_value
from ..models import AuditEntry, utcnow

GENESIS = "0" * 64


def canonical(entry: AuditEntry) -> bytes:
    body = {"at": entry.at.isoformat(timespec="microseconds"), "actor": entry.actor, "action": entry.action,
            "object_type": entry.object_type, "object_id": entry.object_id, "before": entry.before,
            "after": entry.after}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str,
                      allow_nan=False).encode()


def entry_hash(prev_hash: str, entry: AuditEntry) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(entry)).hexdigest()


def _jsonable(view: dict[str, Any] | None) -> dict[str, Any] | None:
    """`view` as the database will give it back, so what is hashed now is what `audit verify` reads later.

    Non-finite numbers are refused (ValueError): the standard library would hash them as `Infinity`/`NaN` while the
    JSON column stores `null`, and every later verify would report the entry as altered. Input is checked for them
    before it gets here; this is the last line of defence, and it fails the write rather than the audit chain."""
    if view is None:
        return None
    return json_value(json_text(json.loads(json.dumps(view, ensure_ascii=False, default=str, allow_nan=False))))


def record(session: Session, actor: str, action: str, object_type: str, object_id: Any,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> AuditEntry:
    """Append one entry to the chain (in the caller's transaction)."""
    head = session.execute(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).scalar()
    entry = AuditEntry(at=utcnow(), actor=actor, action=action, object_type=object_type, object_id=str(object_id),
                       before=_jsonable(before), after=_jsonable(after), prev_hash=head or GENESIS)
    entry.hash = entry_hash(entry.prev_hash, entry)
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class ChainReport:
    entries: int
    problems: list[str]


def verify_chain(session: Session, batch: int = 1000) -> ChainReport:
    """Recompute every hash in id order; report broken links and altered entries."""
    problems: list[str] = []
    prev = GENESIS
    count = 0
    last_id = 0
    while True:
        rows = session.execute(select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id)
                               .limit(batch)).scalars().all()
        if not rows:
            break
        for e in rows:
            count += 1
            if e.prev_hash != prev:
                problems.append(f"audit entry {e.id}: previous hash does not match entry before it (chain broken)")
            if entry_hash(e.prev_hash, e) != e.hash:
                problems.append(f"audit entry {e.id} ({e.action} {e.object_type} {e.object_id}): content altered")
            prev = e.hash
            last_id = e.id
        session.expunge_all()
    return ChainReport(count, problems)


def history(session: Session, object_type: str, object_id: Any) -> list[AuditEntry]:
    return list(session.execute(select(AuditEntry).where(AuditEntry.object_type == object_type,
                                                         AuditEntry.object_id == str(object_id))
                                .order_by(AuditEntry.id)).scalars())


def today() -> dt.date:
    return dt.date.today()
