"""The one facts builder: database rows -> the facts document of docs/architecture.md (what the domain rates, and
what a rating stores as its inputs). A single rating (`facts_for`) and the batch re-rating (`read_facts`, many
wharves per query) both get their facts from `read_facts`, so the two cannot disagree on a wharf's facts.

The two big tables (indicator values, safety events) are read as the driver's own rows: no per-value result
processing in SQLAlchemy (that was a third of a registry re-rating); JSON and dates are decoded here instead."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from ..jsoncodec import json_value
from ..models import Assessment, AssessmentValue, Company, SafetyEventRow, Wharf

CHUNK = 2000  # wharves read (and, in a re-rating, written) per step


def current_assessment(session: Session, wharf_id: int, as_of: dt.date) -> Assessment | None:
    """The newest assessment on or before as_of that no later assessment supersedes: the one whose values
    `read_facts` rates (asked of it, so the rule is written once)."""
    session.flush()
    ident = next(read_facts(session.connection(), as_of, wharf_ids=[wharf_id])).assessment_ids[0]
    return session.get(Assessment, ident) if ident is not None else None


def wharf_part(w: Any) -> dict[str, Any]:
    """The wharf part of the facts from anything with the wharf's columns (a Wharf, a row of `read_facts`)."""
    out: dict[str, Any] = {"type": w.type}
    for key in ("berths", "capacity_kt", "year_built"):
        if getattr(w, key) is not None:
            out[key] = getattr(w, key)
    if w.operating_since:
        out["operating_since"] = w.operating_since.isoformat()
    return out


def company_part(c: Any) -> dict[str, Any]:
    """The company part of the facts from anything with the company's columns (a Company, a row of `read_facts`)."""
    out: dict[str, Any] = {"uscc": c.uscc, "serious_dishonesty_list": c.serious_dishonesty_list,
                           "permit_fraud": c.permit_fraud, "filings_complete": c.filings_complete}
    for key in ("permit_valid_until", "safety_evaluation_valid_until", "dg_annex_valid_until"):
        if getattr(c, key):
            out[key] = getattr(c, key).isoformat()
    return out


def event_fact(event_id: int, kind: str, day: str, data: dict[str, Any] | None, status: str, as_of: str
               ) -> dict[str, Any]:
    """A safety event in the facts shape, as known on `as_of` (ISO day): a later rectification had not happened."""
    fact = {"kind": kind, "date": day, "id": f"E{event_id}", **(data or {})}
    if fact.get("rectified_on") and fact["rectified_on"] > as_of:
        fact.pop("rectified_on")
    if status != "active":
        fact["status"] = status
    return fact


def event_fact_of(row: SafetyEventRow, as_of: dt.date) -> dict[str, Any]:
    return event_fact(row.id, row.kind, row.date.isoformat(), row.data, row.status, as_of.isoformat())


def facts_for(session: Session, wharf: Wharf, as_of: dt.date,
              values: dict[str, Any] | None = None) -> dict[str, Any]:
    """The facts of one wharf as of a date (read_facts for that wharf, in the session's transaction, after its
    pending changes). `values` replaces the stored assessment's values (a submission not stored yet)."""
    session.flush()
    facts = next(read_facts(session.connection(), as_of, wharf_ids=[wharf.id])).facts[0]
    if values is not None:
        facts["indicators"] = dict(values)
    return facts


@dataclass(frozen=True)
class Chunk:
    wharf_ids: list[int]
    assessment_ids: list[int | None]
    facts: list[dict[str, Any]]


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


def read_facts(conn: Connection, as_of: dt.date, chunk: int = CHUNK,
               wharf_ids: Sequence[int] | None = None) -> Iterator[Chunk]:
    """The facts document of every wharf (or of `wharf_ids`) as of `as_of`, in wharf id order, chunk by chunk.

    The two big tables (indicator values, safety events) are read as the driver's own rows: no per-value result
    processing in SQLAlchemy (that was a third of the run); JSON and dates are decoded here instead."""
    w, c = Wharf.__table__, Company.__table__
    a, v, e = Assessment.__table__, AssessmentValue.__table__, SafetyEventRow.__table__
    superseded = select(a.c.supersedes_id).where(a.c.supersedes_id.is_not(None))
    decode = _Decoder()
    only = [] if wharf_ids is None else [w.c.id.in_(list(wharf_ids))]
    last = 0
    while True:
        wharves = conn.execute(
            select(w.c.id, w.c.type, w.c.berths, w.c.capacity_kt, w.c.year_built, w.c.operating_since, c.c.uscc,
                   c.c.serious_dishonesty_list, c.c.permit_fraud, c.c.filings_complete, c.c.permit_valid_until,
                   c.c.safety_evaluation_valid_until, c.c.dg_annex_valid_until)
            .join(c, w.c.company_id == c.c.id).where(w.c.id > last, *only).order_by(w.c.id).limit(chunk)).all()
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
            events.setdefault(wharf_id, []).append(
                event_fact(event_id, kind, _iso_text(day), decode.document(data), status, cutoff))
        facts = []
        for r in wharves:  # a row carries the wharf's columns and its company's
            facts.append({"as_of": as_of.isoformat(), "wharf": wharf_part(r), "company": company_part(r),
                          "indicators": dict(values.get(current.get(r.id, -1), {})),
                          "safety_events": events.get(r.id, [])})
        yield Chunk([r.id for r in wharves], [current.get(r.id) for r in wharves], facts)
