"""Activating and deactivating the learned calibrator: one use case each, shared by /admin/calibrators and
`flask calibrator activate|deactivate`. Activation only succeeds when the artefact loads cleanly for the rule set in
force on `today` and passes the gate; every change is audited in the same unit of work."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ..calibration import ArtefactError, load_artefact, passes_gate, registry
from ..calibration.artefact import ID_PATTERN
from ..domain import DomainError, RuleBook
from . import ServiceError, audit
from .ratings import reset_calibrator_state
from .uow import unit_of_work


class CalibratorRefused(ServiceError):
    """`kind` says why (no_folder, unknown, does_not_load, gate), so the web can word it in the UI language."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


def activate_calibrator(session: Session, root: Path | None, ident: str, book: RuleBook, actor: str,
                        today: dt.date) -> dict[str, Any]:
    """The new active record, after checks; raises CalibratorRefused."""
    if root is None:
        raise CalibratorRefused("no_folder", "no calibrators folder: set CALIBRATOR_DIR "
                                             "(under TESTING there is no default)")
    folder = root / ident
    if not ID_PATTERN.match(ident) or not folder.is_dir():
        raise CalibratorRefused("unknown", f"calibrator {ident} cannot be activated: there is no calibrator {ident}")
    try:
        ruleset = book.for_date(today)
        sha = registry.sha256_file(folder / registry.MANIFEST)
        loaded = load_artefact(folder, sha, ruleset, today=today)
    except (ArtefactError, DomainError, KeyError, LookupError, OSError) as exc:
        raise CalibratorRefused("does_not_load", f"calibrator {ident} cannot be activated: {exc}") from exc
    card = next((i["card"] for i in registry.list_artefacts(root) if i["id"] == ident), None) or {}
    if not passes_gate(card.get("metrics") or {}):
        raise CalibratorRefused("gate", f"calibrator {ident} cannot be activated: the 10th bootstrap percentile of "
                                        f"its skill gain over rules-only is below 0 (or it has no held-out metrics)")
    with unit_of_work(session):
        before = registry.read_active(root)
        record = registry.activation_record(loaded.meta, sha, actor)
        registry.write_active(root, record)
        reset_calibrator_state()
        audit.record(session, actor, "calibrator.activate", "calibrator", ident, before, record)
    return record


def deactivate_calibrator(session: Session, root: Path | None, actor: str,
                          reason: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The record that was active (None when none was); `reason` is audited as the entry's `after`."""
    with unit_of_work(session):
        before = registry.clear_active(root) if root else None
        reset_calibrator_state()
        if before is not None:
            audit.record(session, actor, "calibrator.deactivate", "calibrator", before.get("id") or "?", before,
                         reason)
    return before
