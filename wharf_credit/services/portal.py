"""What a port company reads of its own affairs in the portal: its safety events with what credit repair would say
of each, and its objections and repair requests with their decisions. Every query is narrowed to one company."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ..domain import RuleBook
from ..models import Objection, RatingRow, RepairRequest, SafetyEventRow, Wharf
from .repairs import check_repair

# Kinds of event a company may ask to repair (the others do not count against it).
REPAIRABLE_KINDS = ("accident", "hidden_danger", "penalty", "obstruction", "pledge_broken")


@dataclass(frozen=True)
class RepairOutlook:
    """Whether the company may ask to repair an event now (assuming a penalty decision fulfilled), else when or
    why not. `reasons` are domain texts in both languages."""
    applies: bool
    eligible: bool = False
    earliest: dt.date | None = None
    reasons: tuple[Any, ...] = ()
    fulfilment: bool = False

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {"applies": self.applies, "eligible": self.eligible, "earliest": self.earliest,
                "reasons": [r.get(lang) for r in self.reasons], "fulfilment": self.fulfilment}


def repair_outlook(session: Session, book: RuleBook, event: SafetyEventRow, today: dt.date) -> RepairOutlook:
    if event.kind not in REPAIRABLE_KINDS:
        return RepairOutlook(applies=False)
    check = check_repair(session, book, event, today, True)
    return RepairOutlook(True, check.eligible, check.earliest, tuple(check.reasons),
                         bool(check.rule and check.rule.needs_fulfilled))


@dataclass
class CompanyEvent:
    event: SafetyEventRow
    outlook: RepairOutlook
    requests: list[RepairRequest] = field(default_factory=list)


def company_events(session: Session, book: RuleBook, company_id: int, today: dt.date) -> list[CompanyEvent]:
    """The company's safety events, newest first, each with its repair outlook and the requests filed for it."""
    events = session.execute(
        select(SafetyEventRow).join(Wharf, Wharf.id == SafetyEventRow.wharf_id)
        .where(Wharf.company_id == company_id)
        .options(joinedload(SafetyEventRow.wharf))
        .order_by(SafetyEventRow.date.desc(), SafetyEventRow.id.desc())).scalars().all()
    requests: dict[int, list[RepairRequest]] = {}
    for req in session.execute(select(RepairRequest).where(RepairRequest.company_id == company_id)
                               .order_by(RepairRequest.id)).scalars():
        requests.setdefault(req.event_id, []).append(req)
    return [CompanyEvent(e, repair_outlook(session, book, e, today), requests.get(e.id, [])) for e in events]


@dataclass(frozen=True)
class CompanyRequests:
    objections: list[Objection]
    repairs: list[RepairRequest]
    corrected: dict[int, RatingRow]  # rating id -> the rating a corrected objection produced


def company_requests(session: Session, company_id: int) -> CompanyRequests:
    """The company's objections and repair requests, newest first, with the ratings corrections produced."""
    objections = list(session.execute(
        select(Objection).where(Objection.company_id == company_id)
        .options(joinedload(Objection.rating).joinedload(RatingRow.wharf))
        .order_by(Objection.filed_on.desc(), Objection.id.desc())).scalars())
    repairs = list(session.execute(
        select(RepairRequest).where(RepairRequest.company_id == company_id)
        .options(joinedload(RepairRequest.event).joinedload(SafetyEventRow.wharf))
        .order_by(RepairRequest.requested_on.desc(), RepairRequest.id.desc())).scalars())
    corrected_ids = [o.corrected_rating_id for o in objections if o.corrected_rating_id]
    corrected = {r.id: r for r in session.execute(select(RatingRow).where(RatingRow.id.in_(corrected_ids)))
                 .scalars()} if corrected_ids else {}
    return CompanyRequests(objections, repairs, corrected)
