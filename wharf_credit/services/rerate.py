"""Re-rate the whole registry at once (`flask rate --all`): SQLAlchemy Core reads in chunks, the vectorised
domain/batch.py path, executemany writes — all in ONE transaction, so an interrupted run (an exception, a kill -9)
leaves the previous ratings exactly as they were, and the next run simply succeeds.

Stored batch ratings keep the facts they were computed from (`inputs`) and the compact outcome (grade, score,
components, the rules that fired); their sentences and trace are written from the inputs when a page first shows
them (`ratings.rating_result`), since a rating is a pure function of (facts, rule set, applied calibrator shift).

With an active calibrator the batch applies it exactly as a single rating does (the same check of the active
artefact, the same bounded shift before downgrades and caps); an unusable one means rules-only and a fallback note."""
from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ..domain import RuleSet, parse_facts
from ..jsoncodec import json_value
from ..domain.batch import BatchInput, BatchResult, rate_batch
from ..domain.batch_dicts import from_fact_dicts
from ..domain.rating import Calibrator
from ..models import Assessment, AssessmentValue, Company, RatingRow, SafetyEventRow, Wharf
from .. import clock
from ..clock import utcnow
from . import audit
from .uow import unit_of_work
from .ratings import calibrator_in_use

CHUNK = 2000


class _Active:
    """rerate_all(calibrator=ACTIVE): the calibrator a single rating would use now."""

    def __repr__(self) -> str:
        return "ACTIVE"


ACTIVE = _Active()


@dataclass(frozen=True)
class Chunk:
    wharf_ids: list[int]
    assessment_ids: list[int | None]
    facts: list[dict[str, Any]]


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


class _Decoder:
    """JSON column values as Python values. SQLite hands over the stored text, PostgreSQL's driver decoded values;
    indicator values are few distinct scalars ("3", "true", "0.5"), so each distinct text is decoded once."""

    def __init__(self) -> None:
        self.seen: dict[str, Any] = {}

    def scalar(self, raw: Any) -> Any:
        if type(raw) is not str:
            return raw
        value = self.seen.get(raw, _MISSING)
        if value is _MISSING:
            value = self.seen[raw] = json_value(raw)
        return value

    @staticmethod
    def document(raw: Any) -> Any:
        return json_value(raw) if type(raw) is str else raw


_MISSING = object()


def _iso_text(value: Any) -> str:
    """A DATE column read without SQLAlchemy's per-value processing: SQLite's stored text, or a driver date."""
    return value if type(value) is str else value.isoformat()


def _driver_rows(conn: Connection, stmt: Any) -> list[tuple[Any, ...]]:
    """The statement's rows as the DB-API driver returns them (SQLAlchemy compiles and binds the statement, but no
    Row objects or result processors: dates and JSON arrive as SQLite's text or psycopg's Python values)."""
    result = conn.execute(stmt)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def read_chunks(conn: Connection, as_of: dt.date, chunk: int = CHUNK) -> Iterator[Chunk]:
    """The facts JSON of every wharf as of `as_of` (the shape services/facts.facts_for builds), chunk by chunk.

    The two big tables (indicator values, safety events) are read as the driver's own rows: no per-value result
    processing in SQLAlchemy (that was a third of the run); JSON and dates are decoded here instead."""
    w, c = Wharf.__table__, Company.__table__
    a, v, e = Assessment.__table__, AssessmentValue.__table__, SafetyEventRow.__table__
    superseded = select(a.c.supersedes_id).where(a.c.supersedes_id.is_not(None))
    decode = _Decoder()
    last = 0
    while True:
        wharves = conn.execute(
            select(w.c.id, w.c.type, w.c.berths, w.c.capacity_kt, w.c.year_built, w.c.operating_since, c.c.uscc,
                   c.c.serious_dishonesty_list, c.c.permit_fraud, c.c.filings_complete, c.c.permit_valid_until,
                   c.c.safety_evaluation_valid_until, c.c.dg_annex_valid_until)
            .join(c, w.c.company_id == c.c.id).where(w.c.id > last).order_by(w.c.id).limit(chunk)).all()
        if not wharves:
            return
        lo, hi = wharves[0].id, wharves[-1].id
        last = hi
        current: dict[int, int] = {}
        for assessment_id, wharf_id in conn.execute(select(a.c.id, a.c.wharf_id).where(
                a.c.wharf_id.between(lo, hi), a.c.assessed_on <= as_of, a.c.id.not_in(superseded))
                .order_by(a.c.wharf_id, a.c.assessed_on.desc(), a.c.id.desc())).all():
            current.setdefault(wharf_id, assessment_id)
        values: dict[int, dict[str, Any]] = {}
        ids = list(current.values())
        for i in range(0, len(ids), 900):  # stay under SQLite's bound-parameter limit
            for assessment_id, indicator_id, raw in _driver_rows(conn, select(
                    v.c.assessment_id, v.c.indicator_id, v.c.value)
                    .where(v.c.assessment_id.in_(ids[i:i + 900])).order_by(v.c.id)):
                values.setdefault(assessment_id, {})[indicator_id] = decode.scalar(raw)
        events: dict[int, list[dict[str, Any]]] = {}
        cutoff = as_of.isoformat()
        for event_id, wharf_id, kind, day, data, status in _driver_rows(conn, select(
                e.c.id, e.c.wharf_id, e.c.kind, e.c.date, e.c.data, e.c.status)
                .where(e.c.wharf_id.between(lo, hi), e.c.date <= as_of)
                .order_by(e.c.wharf_id, e.c.date, e.c.id)):
            fact = {"kind": kind, "date": _iso_text(day), "id": f"E{event_id}", **(decode.document(data) or {})}
            if fact.get("rectified_on") and fact["rectified_on"] > cutoff:  # not yet known on as_of
                fact.pop("rectified_on")
            if status != "active":
                fact["status"] = status
            events.setdefault(wharf_id, []).append(fact)
        facts = []
        for r in wharves:
            wharf: dict[str, Any] = {"type": r.type}
            for key in ("berths", "capacity_kt", "year_built"):
                if getattr(r, key) is not None:
                    wharf[key] = getattr(r, key)
            if r.operating_since:
                wharf["operating_since"] = r.operating_since.isoformat()
            company: dict[str, Any] = {"uscc": r.uscc, "serious_dishonesty_list": r.serious_dishonesty_list,
                                       "permit_fraud": r.permit_fraud, "filings_complete": r.filings_complete}
            for key in ("permit_valid_until", "safety_evaluation_valid_until", "dg_annex_valid_until"):
                if getattr(r, key):
                    company[key] = getattr(r, key).isoformat()
            facts.append({"as_of": as_of.isoformat(), "wharf": wharf, "company": company,
                          "indicators": dict(values.get(current.get(r.id, -1), {})),
                          "safety_events": events.get(r.id, [])})
        yield Chunk([r.id for r in wharves], [current.get(r.id) for r in wharves], facts)


def applicable(facts: dict[str, Any], ruleset: RuleSet) -> dict[str, Any]:
    """The facts with only the indicator values `ruleset` rates for the wharf's type: an assessment filed under an
    older rule set may hold indicators a newer one dropped, and those must not stop a re-rating."""
    known = ruleset.indicator_ids_by_type.get(facts["wharf"]["type"], frozenset())
    values = facts["indicators"]
    if all(k in known for k in values):
        return facts
    return {**facts, "indicators": {k: v for k, v in values.items() if k in known}}


def rate_chunk(chunk: Chunk, ruleset: RuleSet, as_of: dt.date, calibrator: Calibrator | None = None) -> BatchResult:
    """Rate a chunk: columns straight from the facts dicts, or, if anything in them needs a closer look, through
    parse_facts, which names every problem (FactsError) or vouches for facts the fast path was unsure of."""
    chunk.facts[:] = [applicable(f, ruleset) for f in chunk.facts]  # what is rated is what is stored as inputs
    columns = from_fact_dicts(chunk.facts, ruleset)
    if columns is None:
        columns = BatchInput.from_facts([parse_facts(f, ruleset) for f in chunk.facts], ruleset)
    return rate_batch(columns, ruleset, as_of, calibrator)


@dataclass(frozen=True)
class RerateReport:
    batch_id: str
    ruleset: str
    as_of: dt.date
    wharves: int
    grades: dict[str, int]
    calibrator: str | None = None  # the id of the calibrator applied, if any


def rerate_all(engine: Engine, ruleset: RuleSet, as_of: dt.date, actor: str, chunk: int = CHUNK,
               progress: Callable[[int, int], None] | None = None,
               after_chunk: Callable[[int], None] | None = None,
               calibrator: Calibrator | _Active | None = ACTIVE) -> RerateReport:
    """Rate every wharf as of `as_of` under `ruleset` and store the ratings in one all-or-nothing transaction.

    `calibrator`: ACTIVE (the default) uses the one a single rating would use now (services.ratings
    .calibrator_in_use), None rates rules-only. `progress(done, total)` is called after each chunk;
    `after_chunk(n)` is a test hook (to inject a failure)."""
    record: dict[str, Any] | None = None
    if isinstance(calibrator, _Active):
        calibrator, record = _active_calibrator(engine, ruleset, as_of)
    artefact = {"artefact_sha256": record["artefact_sha256"]} if record and record.get("artefact_sha256") else {}
    batch_id = clock.utcnow().strftime("%Y%m%d%H%M%S") + "-" + secrets.token_hex(4)
    grades = {g.code: 0 for g in ruleset.grades}
    done = 0
    now = utcnow()
    with engine.begin() as conn:  # one transaction: commit at the end, roll back on any error or a killed process
        total = conn.execute(select(func.count()).select_from(Wharf.__table__)).scalar_one()
        for n, part in enumerate(read_chunks(conn, as_of, chunk)):
            result = rate_chunk(part, ruleset, as_of, calibrator)
            rows = []
            for i, (wharf_id, out) in enumerate(zip(part.wharf_ids, result.rows(), strict=True)):
                grades[out["grade"]] += 1
                rows.append({
                    "wharf_id": wharf_id, "assessment_id": part.assessment_ids[i], "as_of": as_of,
                    "score": out["score"], "grade": out["grade"], "base_grade": out["base_grade"],
                    "components": out["components"],
                    "result": {"batch": batch_id, "vetoes": out["vetoes"], "caps": out["caps"],
                               "downgrades": out["downgrades"]},
                    "inputs": part.facts[i], "ruleset_id": ruleset.id, "ruleset_version": ruleset.version,
                    "ruleset_sha256": ruleset.sha256,
                    "calibrator": {**out["calibrator"], **artefact} if out["calibrator"] else None,
                    "status": "provisional",
                    "created_by": None, "created_at": now, "batch_id": batch_id})
            conn.execute(insert(RatingRow.__table__), rows)
            done += len(rows)
            if progress:
                progress(done, total)
            if after_chunk:
                after_chunk(n)
        cal_id = calibrator.id if calibrator is not None else None
        _audit(conn, actor, batch_id, ruleset, as_of, done, grades, cal_id)
    return RerateReport(batch_id, f"{ruleset.id} {ruleset.version}", as_of, done, grades, cal_id)


def _active_calibrator(engine: Engine, ruleset: RuleSet, as_of: dt.date
                       ) -> tuple[Calibrator | None, dict[str, Any] | None]:
    """The calibrator a single rating would use now. A fallback's audit entry is committed on its own: it stands
    whatever becomes of the batch."""
    with Session(bind=engine) as session, unit_of_work(session):
        found = calibrator_in_use(session, ruleset, as_of)
    return found


def _audit(conn: Connection, actor: str, batch_id: str, ruleset: RuleSet, as_of: dt.date, count: int,
           grades: dict[str, int], calibrator: str | None) -> None:
    """One audit entry for the batch, chained like every other (written with the batch, in its transaction)."""
    with Session(bind=conn) as session:
        audit.record(session, actor, "ratings.batch", "rating_batch", batch_id, None,
                     {"ruleset": ruleset.version, "sha256": ruleset.sha256, "as_of": as_of.isoformat(),
                      "ratings": count, "grades": grades, "calibrator": calibrator})
        session.flush()


__all__ = ["ACTIVE", "Chunk", "RerateReport", "read_chunks", "rate_chunk", "rerate_all"]
