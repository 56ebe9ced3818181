"""The audit log: every write appends an entry whose hash covers the previous hash and the entry's content, and
which is signed with a key kept outside the database; checkpoints of the chain's head are written outside it too.

What `verify_chain` detects, and what it cannot (docs/operations.md says the same, tests/services/test_audit.py
has a test for each):
- an entry altered, inserted or deleted in the middle: its hash or the next entry's link does not match;
- an entry rewritten *and* every following hash recomputed: the signatures (HMAC-SHA256 of each hash with the
  audit key) no longer match; forging them needs the key, which is not in the database;
- unsigned entries appended after signed ones;
- entries deleted from the end (or the whole table emptied) up to the newest checkpoint: the checkpointed entry is
  missing or different. Checkpoints are signed too, so one cannot be edited to fit.
Not detected: entries deleted from the end after the newest checkpoint (checkpoint often: `audit verify` writes
one, cron `audit checkpoint` hourly), a checkpoint file deleted together with the entries (export checkpoints off
the machine and pass them back with `audit verify --checkpoint FILE`), and anything done by someone holding the
audit key. Entries from before signing began are chain-checked only (reported as such)."""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ..jsoncodec import json_text, json_value
from ..models import AuditEntry
from ..clock import utcnow

GENESIS = "0" * 64
CHAIN_LOCK = 0x77686172  # PostgreSQL advisory lock held while appending to the chain (any fixed number)


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


@dataclass(frozen=True)
class AuditKey:
    """The secret the entries and checkpoints are signed with (AUDIT_KEY / AUDIT_KEY_FILE, never in the database).
    `ident` names the key in every signature, so a verify with another key says so instead of "altered"."""
    secret: bytes = field(repr=False)

    @property
    def ident(self) -> str:
        return hashlib.sha256(b"wharf-credit audit key id\n" + self.secret).hexdigest()[:8]

    def sign(self, message: bytes) -> str:
        return f"{self.ident}:{hmac.new(self.secret, message, hashlib.sha256).hexdigest()}"

    def signed(self, message: bytes, signature: str | None) -> bool:
        return signature is not None and hmac.compare_digest(self.sign(message), signature)


_keys: weakref.WeakKeyDictionary[Engine, AuditKey] = weakref.WeakKeyDictionary()


def use_key(engine: Engine, key: AuditKey) -> None:
    """Sign every entry written through `engine` with `key` (create_app does this for the app's database)."""
    _keys[engine] = key


def key_for(session: Session) -> AuditKey | None:
    bind = session.get_bind()
    return _keys.get(bind if isinstance(bind, Engine) else bind.engine)


def load_key(text: str | None, path: Path, create: bool) -> AuditKey:
    """The key from `text`, else from the file at `path` (created with a random key when `create`)."""
    if text:
        return AuditKey(text.encode())
    if not path.exists():
        if not create:
            raise FileNotFoundError(f"audit key file {path} does not exist")
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(hashlib.sha256(os.urandom(64)).hexdigest() + "\n")
        try:
            os.link(temporary, path)  # atomic, and never replaces a key another process made meanwhile
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    secret = path.read_text(encoding="utf-8").strip()
    if not secret:
        raise ValueError(f"audit key file {path} is empty")
    return AuditKey(secret.encode())


def lock_chain(session: Session) -> None:
    """Take the database's write lock before reading the chain's head, so two appends wait for each other instead
    of both building on the same head (the second would be refused by the unique prev_hash: a 500). PostgreSQL: an
    advisory lock held to the end of the transaction. SQLite: a write that changes nothing takes its one writer lock
    (or waits busy_timeout for it); a no-op when this transaction already holds it."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": CHAIN_LOCK})
    elif dialect == "sqlite":
        session.execute(text("UPDATE audit_entries SET id = id WHERE 0"))


def record(session: Session, actor: str, action: str, object_type: str, object_id: Any,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> AuditEntry:
    """Append one entry to the chain (in the caller's transaction), signed when the database has a key."""
    lock_chain(session)
    head = session.execute(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).scalar()
    entry = AuditEntry(at=utcnow(), actor=actor, action=action, object_type=object_type, object_id=str(object_id),
                       before=_jsonable(before), after=_jsonable(after), prev_hash=head or GENESIS)
    entry.hash = entry_hash(entry.prev_hash, entry)
    key = key_for(session)
    entry.mac = key.sign(entry.hash.encode()) if key else None
    session.add(entry)
    session.flush()
    return entry


# --- checkpoints of the head ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Checkpoint:
    id: int
    hash: str
    entries: int
    at: str
    mac: str

    def message(self) -> bytes:
        return json.dumps({"id": self.id, "hash": self.hash, "entries": self.entries, "at": self.at},
                          sort_keys=True).encode()

    def line(self) -> str:
        return json.dumps({"id": self.id, "hash": self.hash, "entries": self.entries, "at": self.at,
                           "mac": self.mac}, sort_keys=True)


def checkpoint(session: Session, key: AuditKey) -> Checkpoint | None:
    """A signed record of the chain's head now (None for an empty log)."""
    head = session.execute(select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    if head is None:
        return None
    entries = session.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
    at = utcnow().isoformat(timespec="seconds") + "Z"
    unsigned = Checkpoint(head.id, head.hash, entries, at, "")
    return Checkpoint(head.id, head.hash, entries, at, key.sign(unsigned.message()))


def append_checkpoint(path: Path, point: Checkpoint) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(point.line() + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def read_checkpoints(path: Path) -> tuple[list[Checkpoint], list[str]]:
    """The checkpoints in a file (JSON lines), and a problem per line that is not one."""
    points: list[Checkpoint] = []
    problems: list[str] = []
    if not path.exists():
        return points, problems
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            points.append(Checkpoint(int(raw["id"]), str(raw["hash"]), int(raw["entries"]), str(raw["at"]),
                                     str(raw["mac"])))
        except (ValueError, KeyError, TypeError):
            problems.append(f"checkpoint file {path}:{number}: not a checkpoint")
    return points, problems


@dataclass(frozen=True)
class ChainReport:
    entries: int
    problems: list[str]
    unsigned_before_signing: int = 0
    checkpoints: int = 0


def verify_chain(session: Session, key: AuditKey | None = None, checkpoints: Iterable[Checkpoint] = (),
                 batch: int = 1000) -> ChainReport:
    """Recompute every hash in id order and check every signature; then check each checkpoint against the chain."""
    key = key or key_for(session)
    points = list(checkpoints)
    wanted = {p.id: p for p in points}
    found: dict[int, str] = {}
    problems: list[str] = []
    prev = GENESIS
    count = 0
    last_id = 0
    unsigned = 0
    signing_started = False
    while True:
        rows = session.execute(select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id)
                               .limit(batch)).scalars().all()
        if not rows:
            break
        for e in rows:
            count += 1
            where = f"audit entry {e.id} ({e.action} {e.object_type} {e.object_id})"
            if e.prev_hash != prev:
                problems.append(f"audit entry {e.id}: previous hash does not match entry before it (chain broken)")
            if entry_hash(e.prev_hash, e) != e.hash:
                problems.append(f"{where}: content altered")
            if e.mac is None:
                if signing_started:
                    problems.append(f"{where}: not signed, after signed entries (added without the audit key)")
                else:
                    unsigned += 1
            else:
                signing_started = True
                if key is None:
                    problems.append(f"{where}: signed, but no audit key is configured to check it")
                elif not e.mac.startswith(key.ident + ":"):
                    problems.append(f"{where}: signed with another audit key ({e.mac.split(':')[0]}, "
                                    f"configured: {key.ident})")
                elif not key.signed(e.hash.encode(), e.mac):
                    problems.append(f"{where}: signature does not match (rewritten, hashes recomputed)")
            if e.id in wanted:
                found[e.id] = e.hash
            prev = e.hash
            last_id = e.id
        session.expunge_all()
    for p in points:
        if key is None or not key.signed(p.message(), p.mac):
            problems.append(f"checkpoint of {p.at} (entry {p.id}): signature does not match (edited or forged)")
        elif p.id not in found:
            problems.append(f"checkpoint of {p.at} recorded entry {p.id} as the head of {p.entries} entries; it is "
                            f"missing now (entries deleted from the end?)")
        elif found[p.id] != p.hash:
            problems.append(f"checkpoint of {p.at}: entry {p.id} has another hash than it had then")
    return ChainReport(count, problems, unsigned, len(points))


def history(session: Session, object_type: str, object_id: Any) -> list[AuditEntry]:
    return list(session.execute(select(AuditEntry).where(AuditEntry.object_type == object_type,
                                                         AuditEntry.object_id == str(object_id))
                                .order_by(AuditEntry.id)).scalars())


def head(session: Session) -> tuple[int, str]:
    """(id, hash) of the newest entry, (0, "") for an empty trail: it changes with every write."""
    row = session.execute(select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    return (row[0], row[1]) if row else (0, "")
