"""Rating a stored wharf and keeping the result: inputs, outputs and the rule-set hash, enough to recompute it.

With an active learned calibrator (CALIBRATOR_DIR/active.json, see wharf_credit.calibration.registry) the rating
carries its bounded adjustment; an active but unusable one means rules-only, one `calibrator.fallback` audit entry per
process and reason, and an admin banner (calibrator_fallback()) — never an error.
"""
from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, undefer

from .. import clock
from ..domain import RuleBook, RuleSet, parse_facts, rate
from ..calibration import ArtefactError, ScoreCalibrator, load_artefact
from ..calibration.artefact import ID_PATTERN, MANIFEST, MODEL_FILE, sha256_file
from ..calibration.registry import active_artefact, expired, read_active
from ..domain.rating.engine import CalibratorAdjustment, Rating, ReplayedCalibrator
from ..models import RatingRow, Wharf
from . import audit
from .facts import facts_for


def stored_result(rating: Rating) -> dict[str, Any]:
    """What the rating page needs, in both languages."""
    zh, en = rating.to_dict("zh_CN"), rating.to_dict("en")
    keys = ("vetoes", "caps", "downgrades", "reasons", "next_grade", "measures")
    return {"zh_CN": {k: zh[k] for k in keys}, "en": {k: en[k] for k in keys}, "trace": zh["trace"]}


def rating_row(wharf_id: int, rating: Rating, inputs: dict[str, Any], actor_id: int | None,
               assessment_id: int | None = None) -> RatingRow:
    cal = None if rating.calibrator is None else rating.calibrator.stored()
    return RatingRow(
        wharf_id=wharf_id, assessment_id=assessment_id, as_of=rating.as_of, score=rating.score, grade=rating.grade,
        base_grade=rating.base_grade, components=dict(rating.components), result=stored_result(rating),
        inputs=inputs, ruleset_id=rating.ruleset["id"], ruleset_version=rating.ruleset["version"],
        ruleset_sha256=rating.ruleset["sha256"], calibrator=cal, status="provisional", created_by=actor_id)


# --- the optional learned calibrator --------------------------------------------------------------------------------

_state_lock = threading.Lock()
_audited_fallbacks: set[str] = set()  # reasons already audited by this process: one entry each, not one per rating
_last_fallback: dict[str, Any] | None = None  # the latest fallback of this process, until a rating uses one again
_loaded: dict[tuple, tuple[Any, str | None]] = {}  # (LoadedArtefact | None, why), keyed on the files' identity
LOADED_KEEP = 16


def _no_calibrators() -> Path | None:
    return None


_calibrators_root: Callable[[], Path | None] = _no_calibrators  # until the app factory says where they are


def use_calibrators_root(where: Callable[[], Path | None]) -> None:
    """Tell the services where the learned calibrators are kept: a function asked at each use (the app factory
    installs one that reads the current app's settings, wharf_credit.config.calibrators_dir), so the services
    themselves import nothing of Flask."""
    global _calibrators_root
    _calibrators_root = where


def calibrators_root() -> Path | None:
    """The calibrators folder of the running app (None: there is none, ratings are rules-only). Shared with
    `flask calibrator` and /admin/calibrators."""
    return _calibrators_root()


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def active_for(root: Path | None, ruleset: Any, as_of: dt.date) -> tuple[ScoreCalibrator | None, str | None,
                                                                          dict[str, Any] | None]:
    """(calibrator, why, active record) for a rating under `ruleset` as of `as_of`; see registry.active_calibrator.
    The checked calibrator is kept while active.json and the artefact files are unchanged (a tree model loads in
    ~0.3 s; the files are hashed again whenever they change)."""
    if root is None:
        return None, None, None
    record = read_active(root)
    if record is None:
        return None, None, None
    ident = str(record.get("id") or "")
    folder = Path(root) / ident if ID_PATTERN.match(ident) else None
    # Not keyed on as_of: back-dated ratings (the demo's history, corrections) would load the model every time.
    key = (str(root), json.dumps(record, sort_keys=True, default=str), ruleset.sha256,
           _identity(folder / MANIFEST) if folder else None, _identity(folder / MODEL_FILE) if folder else None)
    with _state_lock:
        hit = _loaded.get(key)
    if hit is None:
        if ident and folder is None:
            hit = (None, f"calibrator {ident!r} not used (corrupt): not a valid calibrator id")
        else:
            hit = active_artefact(root, ruleset)
        with _state_lock:
            if len(_loaded) >= LOADED_KEEP:
                _loaded.clear()
            _loaded[key] = hit
    loaded, why = hit
    if loaded is None:
        return None, why, record
    why = expired(loaded, as_of)
    return (None, why, record) if why else (loaded.calibrator, None, record)


def calibrator_fallback() -> dict[str, Any] | None:
    """The latest fallback to rules-only in this process ({"why", "id", "at"}), or None: for the admin banner."""
    with _state_lock:
        return dict(_last_fallback) if _last_fallback else None


def reset_calibrator_state() -> None:
    """Forget fallbacks and loaded calibrators (after an activation or deactivation, and in tests)."""
    global _last_fallback
    with _state_lock:
        _audited_fallbacks.clear()
        _last_fallback = None
        _loaded.clear()


def _note_fallback(session: Session, why: str, record: dict[str, Any] | None) -> None:
    global _last_fallback
    ident = (record or {}).get("id") or "?"
    with _state_lock:
        _last_fallback = {"why": why, "id": ident, "at": clock.now().replace(microsecond=0).isoformat()}
        first = why not in _audited_fallbacks
        _audited_fallbacks.add(why)
    if first:
        audit.record(session, "system", "calibrator.fallback", "calibrator", ident, record,
                     {"why": why, "rated": "rules-only"})


def _clear_fallback() -> None:
    global _last_fallback
    with _state_lock:
        _last_fallback = None


def calibrated_row(session: Session, ruleset: RuleSet, wharf_id: int, inputs: dict[str, Any], as_of: dt.date,
                   actor_id: int | None, assessment_id: int | None = None) -> RatingRow:
    """The rating row of `inputs` under `ruleset`, with the active calibrator's bounded adjustment if one applies
    (an unusable one means rules-only and a fallback note); not added to the session."""
    calibrator, record = calibrator_in_use(session, ruleset, as_of)
    rating = rate(parse_facts(inputs, ruleset), ruleset, calibrator=calibrator)
    row = rating_row(wharf_id, rating, inputs, actor_id, assessment_id)
    if row.calibrator is not None and record:
        row.calibrator = {**row.calibrator, "artefact_sha256": record.get("artefact_sha256")}
    return row


def calibrator_in_use(session: Session, ruleset: RuleSet, as_of: dt.date
                      ) -> tuple[ScoreCalibrator | None, dict[str, Any] | None]:
    """The active calibrator for ratings under `ruleset` as of `as_of` and its activation record, or (None, None):
    none is active, or the active one is unusable, which is noted (one audit entry per process and reason, the
    admin banner). Single ratings and `rate --all` both ask here."""
    calibrator, why, record = active_for(calibrators_root(), ruleset, as_of)
    if why:
        _note_fallback(session, why, record)
        return None, None
    _clear_fallback()
    return calibrator, record


def rate_wharf(session: Session, book: RuleBook, wharf: Wharf, as_of: dt.date, actor: Any,
               values: dict[str, Any] | None = None, assessment_id: int | None = None) -> RatingRow:
    """Rate a wharf from its stored facts (or `values` for a new assessment) and store the rating (no commit).
    An active calibrator for the rule set adds its bounded adjustment; an unusable one means rules-only."""
    ruleset = book.for_date(as_of)
    inputs = facts_for(session, wharf, as_of, values)
    row = calibrated_row(session, ruleset, wharf.id, inputs, as_of, getattr(actor, "id", None), assessment_id)
    session.add(row)
    session.flush()
    audit.record(session, actor_name(actor), "rating.created", "rating", row.id, None, row.audit_view())
    return row


def rating_result(row: RatingRow, book: RuleBook) -> dict[str, Any]:
    """The stored texts and trace of a rating (zh_CN, en, trace). A batch rating (`flask rate --all`) stores only
    its outcome; its sentences and trace are written here from its stored inputs, which give the same rating."""
    result = row.result or {}
    if "zh_CN" in result:
        return result
    ruleset = next((rs for rs in book.rulesets if rs.sha256 == row.ruleset_sha256), None)
    if ruleset is None:
        return {"zh_CN": {}, "en": {}, "trace": []}
    replayed = None
    if row.calibrator is not None:  # the stored adjustment, replayed: the same rating without loading the model
        replayed = ReplayedCalibrator(CalibratorAdjustment.from_stored(row.calibrator))
    return stored_result(rate(parse_facts(row.inputs, ruleset), ruleset, calibrator=replayed))


def rating_texts(row: RatingRow, book: RuleBook, lang: str) -> dict[str, Any]:
    """A stored rating's sentences (vetoes, caps, reasons, next_grade, measures) in `lang`, else in Chinese."""
    result = rating_result(row, book)
    return result.get(lang) or result.get("zh_CN") or {}


def actor_name(actor: Any) -> str:
    return getattr(actor, "username", None) or str(actor or "system")


def latest_rating(session: Session, wharf_id: int, published_only: bool = False) -> RatingRow | None:
    q = select(RatingRow).where(RatingRow.wharf_id == wharf_id)
    if published_only:
        q = q.where(RatingRow.status.in_(("published", "final")))
    return session.execute(q.order_by(RatingRow.as_of.desc(), RatingRow.id.desc()).limit(1)).scalar()


def latest_ratings(session: Session, wharf_ids: list[int], published_only: bool = False) -> dict[int, RatingRow]:
    """latest_rating for many wharves in one statement (same order: as_of, then id)."""
    if not wharf_ids:
        return {}
    rank = func.row_number().over(partition_by=RatingRow.wharf_id,
                                  order_by=(RatingRow.as_of.desc(), RatingRow.id.desc())).label("rank")
    inner = select(RatingRow.id, rank).where(RatingRow.wharf_id.in_(wharf_ids))
    if published_only:
        inner = inner.where(RatingRow.status.in_(("published", "final")))
    ranked = inner.subquery()
    rows = session.execute(select(RatingRow).where(RatingRow.id.in_(select(ranked.c.id).where(ranked.c.rank == 1)))
                           ).scalars()
    return {r.wharf_id: r for r in rows}


def rating_history(session: Session, wharf_id: int) -> list[RatingRow]:
    return list(session.execute(select(RatingRow).where(RatingRow.wharf_id == wharf_id)
                                .order_by(RatingRow.as_of, RatingRow.id)).scalars())


@dataclass(frozen=True)
class History:
    """A wharf's ratings as a company reads them: `shown` (oldest first) are the ratings that applied or apply, and
    the latest; `superseded` are provisional ratings a later rating replaced before they were ever published (a
    re-rating after a correction, a batch re-rating): they never applied, so they are folded away."""

    shown: list[RatingRow]
    superseded: list[RatingRow]

    @property
    def latest(self) -> RatingRow | None:
        return self.shown[-1] if self.shown else None


def folded_history(rows: list[RatingRow]) -> History:
    """`rows` oldest first (rating_history's order)."""
    if not rows:
        return History([], [])
    superseded = [r for r in rows[:-1] if r.status == "provisional"]
    gone = {r.id for r in superseded}
    return History([r for r in rows if r.id not in gone], superseded)


@dataclass(frozen=True)
class RecheckReport:
    checked: int
    problems: list[str]


def _stored_calibrator(root: Path | None, stored: dict[str, Any], ruleset: Any,
                       cache: dict[tuple, tuple[ScoreCalibrator | None, str | None]]
                       ) -> tuple[ScoreCalibrator | None, str | None]:
    """The calibrator a stored rating was made with, loaded by id (and the artefact sha256 recorded with the rating,
    when there is one), or None and why not. No review-date check: the rating is checked as it was made."""
    ident = str(stored.get("id") or "")
    sha = stored.get("artefact_sha256")
    key = (ident, sha, ruleset.sha256)
    if key in cache:
        return cache[key]
    if root is None:
        out: tuple[ScoreCalibrator | None, str | None] = (None, "no calibrators folder is configured")
    elif not ID_PATTERN.match(ident):
        out = (None, f"{ident!r} is not a calibrator id")
    else:
        folder = root / ident
        try:
            loaded = load_artefact(folder, sha or sha256_file(folder / MANIFEST), ruleset)
            out = (loaded.calibrator, None)
        except FileNotFoundError:
            out = (None, f"its artefact {folder / MANIFEST} is missing")
        except ArtefactError as exc:
            out = (None, f"its artefact cannot be loaded ({exc.reason}): {exc}")
        except Exception as exc:  # noqa: BLE001 — reported, never fatal to the check
            out = (None, f"its artefact cannot be loaded: {exc!r}")
    cache[key] = out
    return out


def recheck_ratings(session: Session, book: RuleBook, batch: int = 500,
                    calibrators: Path | None = None) -> RecheckReport:
    """Re-rate every stored rating from its stored inputs with the rule set of its stored hash (and the calibrator it
    was made with, loaded by id from `calibrators`, default calibrators_root()); list differences."""
    by_sha = {rs.sha256: rs for rs in book.rulesets}
    root = calibrators if calibrators is not None else calibrators_root()
    cals: dict[tuple, tuple[ScoreCalibrator | None, str | None]] = {}
    problems: list[str] = []
    checked = 0
    last = 0
    while True:
        rows = session.execute(select(RatingRow).options(undefer(RatingRow.inputs)).where(RatingRow.id > last)
                               .order_by(RatingRow.id).limit(batch)).scalars().all()
        if not rows:
            break
        for row in rows:
            last = row.id
            checked += 1
            ruleset = by_sha.get(row.ruleset_sha256)
            if ruleset is None:
                problems.append(f"rating {row.id}: rule set {row.ruleset_version} sha256 {row.ruleset_sha256[:12]}"
                                " is not among the loaded rule sets; cannot recompute")
                continue
            calibrator = None
            if row.calibrator is not None:
                calibrator, why = _stored_calibrator(root, row.calibrator, ruleset, cals)
                if calibrator is None:
                    problems.append(f"rating {row.id}: made with calibrator {row.calibrator.get('id')}, but {why};"
                                    " not recomputed")
                    continue
            again = rate(parse_facts(row.inputs, ruleset), ruleset, calibrator=calibrator)
            diffs = []
            if row.calibrator is not None and again.calibrator is not None and \
                    again.calibrator.points != row.calibrator.get("adjustment"):
                diffs.append(f"calibrator adjustment {row.calibrator.get('adjustment')} != {again.calibrator.points}")
            if again.score != row.score:
                diffs.append(f"score {row.score} != {again.score}")
            if again.grade != row.grade:
                diffs.append(f"grade {row.grade} != {again.grade}")
            if dict(again.components) != dict(row.components):
                diffs.append(f"components {row.components} != {dict(again.components)}")
            if diffs:
                problems.append(f"rating {row.id} (wharf {row.wharf_id}, as of {row.as_of}): " + "; ".join(diffs))
        session.expunge_all()
    return RecheckReport(checked, problems)
