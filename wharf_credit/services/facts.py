"""Translators: database rows -> the facts document of docs/architecture.md (what the domain rates, and what is stored)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..models import Assessment, Company, SafetyEventRow, Wharf


def current_assessment(session: Session, wharf_id: int, as_of: dt.date) -> Assessment | None:
    """The newest assessment on or before as_of that no later assessment supersedes."""
    superseded = select(Assessment.supersedes_id).where(Assessment.supersedes_id.is_not(None))
    return session.execute(
        select(Assessment).options(selectinload(Assessment.values))
        .where(Assessment.wharf_id == wharf_id, Assessment.assessed_on <= as_of, Assessment.id.not_in(superseded))
        .order_by(Assessment.assessed_on.desc(), Assessment.id.desc()).limit(1)
    ).scalar()


def wharf_part(w: Wharf) -> dict[str, Any]:
    out: dict[str, Any] = {"type": w.type}
    for key in ("berths", "capacity_kt", "year_built"):
        if getattr(w, key) is not None:
            out[key] = getattr(w, key)
    if w.operating_since:
        out["operating_since"] = w.operating_since.isoformat()
    return out


def company_part(c: Company) -> dict[str, Any]:
    out: dict[str, Any] = {"uscc": c.uscc, "serious_dishonesty_list": c.serious_dishonesty_list,
                           "permit_fraud": c.permit_fraud, "filings_complete": c.filings_complete}
    for key in ("permit_valid_until", "safety_evaluation_valid_until", "dg_annex_valid_until"):
        if getattr(c, key):
            out[key] = getattr(c, key).isoformat()
    return out


def facts_for(session: Session, wharf: Wharf, as_of: dt.date,
              values: dict[str, Any] | None = None) -> dict[str, Any]:
    """The facts of one wharf as of a date. `values` replaces the stored assessment (a new submission)."""
    if values is None:
        assessment = current_assessment(session, wharf.id, as_of)
        values = {v.indicator_id: v.value for v in assessment.values} if assessment else {}
    events = session.execute(
        select(SafetyEventRow).where(SafetyEventRow.wharf_id == wharf.id, SafetyEventRow.date <= as_of)
        .order_by(SafetyEventRow.date, SafetyEventRow.id)).scalars()
    return {
        "as_of": as_of.isoformat(),
        "wharf": wharf_part(wharf),
        "company": company_part(wharf.company),
        "indicators": dict(values),
        "safety_events": [e.as_fact(as_of) for e in events],
    }
