"""Permit checks (许可审批): the route for the company's grade and application type, and the officer's decision."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ..domain import RuleBook
from ..domain.supervision.permits import PermitAdvice, permit_advice
from ..models import PERMIT_DECISIONS, Company, PermitDecision
from . import NotFound, ServiceError, audit
from .ratings import actor_name
from .uow import use_case
from .standing import Standing, company_standing


def permit_check(session: Session, book: RuleBook, company_id: int, application_type: str,
                 today: dt.date) -> tuple[Standing, PermitAdvice]:
    """The route for this application. A company never rated is treated at the rule set's unrated grade."""
    company = session.get(Company, company_id)
    if company is None:
        raise NotFound("company not found")
    standing = company_standing(session, book, company, today)
    proc = standing.ruleset.procedures
    try:
        advice = permit_advice(proc, application_type, standing.grade or proc.unrated_grade)
    except KeyError:
        raise ServiceError("unknown application type %(value)r", "application_type", value=application_type) from None
    return standing, advice


@use_case
def record_permit_decision(session: Session, book: RuleBook, company_id: int, application_type: str,
                           decision: str, actor: Any, today: dt.date, notes: str = "",
                           reference: str = "") -> PermitDecision:
    if decision not in PERMIT_DECISIONS:
        raise ServiceError("decision must be one of %(decisions)s", "decision", decisions=", ".join(PERMIT_DECISIONS))
    standing, advice = permit_check(session, book, company_id, application_type, today)
    row = PermitDecision(
        company_id=company_id, application_type=application_type, reference=reference.strip(),
        grade=standing.grade, rating_id=standing.basis.id if standing.basis else None,
        rating_status=standing.basis.status if standing.basis else "", route_code=advice.route_code,
        ruleset_version=standing.ruleset.version, ruleset_sha256=standing.ruleset.sha256, decision=decision,
        notes=notes.strip(), officer_id=getattr(actor, "id", None), decided_on=today)
    session.add(row)
    session.flush()
    audit.record(session, actor_name(actor), "permit.decided", "permit_decision", row.id, None, row.audit_view())
    return row


def permit_decisions(company_id: int | None = None, application_type: str = "", decision: str = "",
                     grade: str = "") -> Select:
    stmt = select(PermitDecision).order_by(PermitDecision.decided_on.desc(), PermitDecision.id.desc())
    if company_id:
        stmt = stmt.where(PermitDecision.company_id == company_id)
    if application_type:
        stmt = stmt.where(PermitDecision.application_type == application_type)
    if decision:
        stmt = stmt.where(PermitDecision.decision == decision)
    if grade:
        stmt = stmt.where(PermitDecision.grade == grade)
    return stmt
