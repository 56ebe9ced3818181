"""Credit repair (信用修复): a company asks to repair an adverse event; a reviewer approves or refuses. An approved
event stops counting in later ratings but stays visible, marked repaired, with who, when and why."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from ..domain import RuleBook, parse_facts
from ..domain.rating.events import SafetyEvent
from ..domain.supervision.repair import RepairCheck, repair_check
from ..models import Company, RepairRequest, SafetyEventRow, User
from . import NotFound, ServiceError, audit
from .facts import event_fact_of
from .publication import open_first
from .ratings import actor_name, rate_wharf
from .uow import use_case


def _domain_event(row: SafetyEventRow, book: RuleBook, today: dt.date) -> SafetyEvent:
    facts = parse_facts({"as_of": today.isoformat(), "wharf": {"type": row.wharf.type},
                         "safety_events": [event_fact_of(row, today)]}, book.for_date(today))
    return facts.safety_events[0]


def check_repair(session: Session, book: RuleBook, row: SafetyEventRow, today: dt.date, fulfilled: bool) -> RepairCheck:
    later = session.execute(select(SafetyEventRow).where(SafetyEventRow.wharf_id == row.wharf_id,
                                                         SafetyEventRow.date > row.date,
                                                         SafetyEventRow.date <= today)).scalars()
    return repair_check(book.for_date(today).procedures, _domain_event(row, book, today),
                        [_domain_event(e, book, today) for e in later], today, fulfilled)


@use_case
def request_repair(session: Session, book: RuleBook, event_id: int, user: User, reason: str, fulfilled: bool,
                   today: dt.date) -> RepairRequest:
    row = session.get(SafetyEventRow, event_id)
    if row is None or user.company_id is None or row.wharf.company_id != user.company_id:
        raise NotFound("event not found")
    if not reason.strip():
        raise ServiceError("explain what was done to correct it", "reason")
    if session.execute(select(RepairRequest.id).where(RepairRequest.event_id == event_id,
                                                      RepairRequest.status == "open")).first():
        raise ServiceError("a repair request for this event is already open", "event")
    check = check_repair(session, book, row, today, fulfilled)
    if not check.eligible:
        raise ServiceError("the event cannot be repaired yet", "event", reasons=check.reasons)
    req = RepairRequest(event_id=event_id, company_id=user.company_id, requested_by=user.id, requested_on=today,
                        reason=reason.strip(), fulfilled=fulfilled)
    session.add(req)
    session.flush()
    audit.record(session, actor_name(user), "repair.requested", "repair_request", req.id, None, req.audit_view())
    return req


@use_case
def decide_repair(session: Session, book: RuleBook, request_id: int, approve: bool, reason: str, actor: Any,
                  today: dt.date) -> RepairRequest:
    req = session.get(RepairRequest, request_id)
    if req is None:
        raise NotFound("repair request not found")
    if req.status != "open":
        raise ServiceError("this request was already decided (%(status)s)", "request", status=req.status)
    if not reason.strip():
        raise ServiceError("give the reasons for the decision; the company will read them", "reason")
    event = req.event
    if approve:
        check = check_repair(session, book, event, today, req.fulfilled)
        if not check.eligible:
            raise ServiceError("the event cannot be repaired yet", "request", reasons=check.reasons)
    before = req.audit_view()
    req.status = "approved" if approve else "refused"
    req.decision_reason = reason.strip()
    req.decided_by = getattr(actor, "id", None)
    req.decided_on = today
    audit.record(session, actor_name(actor), f"repair.{req.status}", "repair_request", req.id, before,
                 req.audit_view())
    if approve:
        ev_before = event.audit_view()
        event.status = "repaired"
        audit.record(session, actor_name(actor), "safety_event.repaired", "safety_event", event.id, ev_before,
                     event.audit_view())
        rate_wharf(session, book, event.wharf, today, actor)
    return req


def repairs_for_event(session: Session, event_id: int) -> list[RepairRequest]:
    return list(session.execute(select(RepairRequest).where(RepairRequest.event_id == event_id)
                                .order_by(RepairRequest.id)).scalars())


REPAIR_STATUSES = ("open", "approved", "refused")


def repair_requests_list(status: str = "", company_name: str = "") -> Select:
    """Repair requests for the reviewer's desk, open ones first, then newest; optionally of one status or of
    companies whose name contains `company_name`."""
    stmt = (select(RepairRequest).join(Company, Company.id == RepairRequest.company_id)
            .options(joinedload(RepairRequest.event).joinedload(SafetyEventRow.wharf),
                     joinedload(RepairRequest.company)))
    if status in REPAIR_STATUSES:
        stmt = stmt.where(RepairRequest.status == status)
    if company_name:
        stmt = stmt.where(Company.name.contains(company_name))
    return stmt.order_by(open_first(RepairRequest), RepairRequest.requested_on.desc(), RepairRequest.id.desc())
