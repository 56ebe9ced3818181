"""Rule-set candidates: an administrator views a candidate's what-if diff (recorded), then activates exactly that
content (copied into the rules folder, the rule book reloaded, audited). One use case each, shared by the admin pages;
a refused activation changes nothing on disk, in the rule book or in the database."""
from __future__ import annotations

import re
import secrets
import shutil
import threading
import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import DomainError, RuleSet, load_ruleset
from ..models import AuditEntry
from . import ServiceError, audit
from .uow import unit_of_work, use_case

SAFE_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")  # a version becomes a folder name under RULES_DIR
_activate_lock = threading.Lock()  # one activation at a time in this process (copy, reload, roll back)


class CandidateRefused(ServiceError):
    """An activation refused; `problems` lists the rule files' own problems (file:line:col) when they are why."""

    def __init__(self, message: str, problems: Iterable[str] = (), **params: Any):
        super().__init__(message, "candidate", **params)
        self.problems = list(problems)


def problems_of(exc: Exception) -> list[str]:
    """The problems a rule-set error lists (file:line:col each), or the error itself."""
    return [str(p) for p in getattr(exc, "problems", None) or []] or [str(exc) or exc.__class__.__name__]


@use_case
def record_diff_viewed(session: Session, actor: str, candidate: str, cand: RuleSet, day: dt.date, report: Any) -> None:
    """Record that `actor` has seen what activating exactly this content would change (activation requires it)."""
    audit.record(session, actor, "rules.diff_viewed", "ruleset", cand.sha256, None,
                 {"candidate": candidate, "version": cand.version, "sha256": cand.sha256, "as_of": day.isoformat(),
                  "against": report.current.version, "wharves": report.wharves, "moved": report.moved,
                  "changes": len(report.changes)})


def diff_viewed(session: Session, sha256: str) -> bool:
    """An administrator has opened the what-if diff of exactly this rule-set content."""
    return session.execute(select(AuditEntry.id).where(
        AuditEntry.action == "rules.diff_viewed", AuditEntry.object_type == "ruleset",
        AuditEntry.object_id == sha256).limit(1)).first() is not None


def activate_candidate(session: Session, folder: Path, rules_root: Path, actor: str,
                       reload: Callable[[], Any]) -> RuleSet:
    """Copy the candidate `folder` into `rules_root`/<version> and `reload` the rule book; raises CandidateRefused.

    The folder is first copied to a hidden staging folder (ignored by the rule book) and the copy is what is checked
    and moved into place, so an edit of the candidate after its diff was viewed cannot slip through. When the rules
    folder does not load with it, the copy is taken away again and the rule book in force stays as it was."""
    with _activate_lock:
        staging = rules_root / f".staging-{secrets.token_hex(6)}"
        copy = staging / folder.name
        try:
            try:
                shutil.copytree(folder, copy)
                cand = load_ruleset(copy, check_examples=False)
            except DomainError as exc:
                raise CandidateRefused("Candidate %(name)s does not load:", problems_of(exc), name=folder.name) \
                    from exc
            except OSError as exc:
                raise CandidateRefused("The candidate could not be copied into the rules folder: %(error)s",
                                       error=str(exc)) from exc
            if not diff_viewed(session, cand.sha256):
                raise CandidateRefused("Not activated: open the what-if diff of this exact candidate first (its "
                                       "content, sha256 %(sha)s, has no viewed diff).", sha=cand.sha256[:12])
            if not SAFE_VERSION.match(cand.version):
                raise CandidateRefused("Not activated: version %(version)s cannot be used as a folder name.",
                                       version=cand.version)
            target = rules_root / cand.version
            if target.exists():
                raise CandidateRefused("Not activated: version %(version)s already exists in the rules folder; give "
                                       "the candidate a new version.", version=cand.version)
            copy.rename(target)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
        try:
            reload()
        except Exception as exc:  # noqa: BLE001 — any failure: take the copy away, the old book stays in force
            shutil.rmtree(target, ignore_errors=True)
            raise CandidateRefused("Not activated: with %(version)s the rules folder does not load, so it was removed "
                                   "again and the rule sets in force are unchanged.", problems_of(exc),
                                   version=cand.version) from exc
    with unit_of_work(session):
        audit.record(session, actor, "rules.activated", "ruleset", cand.sha256, None,
                     {"candidate": folder.name, "version": cand.version, "sha256": cand.sha256,
                      "effective_from": cand.effective_from.isoformat(),
                      "effective_to": cand.effective_to.isoformat() if cand.effective_to else None})
    return cand
