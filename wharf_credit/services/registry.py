"""The registry of companies and wharves: create and edit, with an audit entry for every change."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..domain.rules.model import WHARF_TYPES
from ..domain.uscc import uscc_problem
from ..models import Assessment, Company, RatingRow, SafetyEventRow, Wharf
from . import NotFound, ServiceError, audit
from .ratings import actor_name
from .uow import use_case

COMPANY_FIELDS = ("name", "uscc", "permit_no", "permit_valid_until", "safety_evaluation_valid_until",
                  "dg_annex_valid_until", "serious_dishonesty_list", "permit_fraud", "filings_complete",
                  "contact_name", "contact_phone", "address")
WHARF_FIELDS = ("name", "code", "type", "waterway", "berths", "capacity_kt", "max_dwt", "year_built",
                "operating_since", "location", "company_id")


@use_case
def save_company(session: Session, data: dict[str, Any], actor: Any, company_id: int | None = None) -> Company:
    uscc = (data.get("uscc") or "").strip().upper()
    problem = uscc_problem(uscc)
    if problem:
        raise ServiceError("unified social credit code %(problem)s", "uscc", problem=problem)
    clash = session.execute(select(Company.id).where(Company.uscc == uscc)).scalar()
    if clash is not None and clash != company_id:
        raise ServiceError("a company with this unified social credit code is already registered", "uscc")
    company = session.get(Company, company_id) if company_id else Company()
    if company is None:
        raise NotFound("company not found")
    before = company.audit_view() if company_id else None
    for key in COMPANY_FIELDS:
        if key in data:
            setattr(company, key, uscc if key == "uscc" else data[key])
    session.add(company)
    session.flush()
    after = company.audit_view()
    if after != before:  # saving an unchanged record writes no audit entry
        audit.record(session, actor_name(actor), "company.updated" if company_id else "company.created", "company",
                     company.id, before, after)
    return company


@use_case
def save_wharf(session: Session, data: dict[str, Any], actor: Any, wharf_id: int | None = None) -> Wharf:
    if data.get("type") not in WHARF_TYPES:
        raise ServiceError("unknown wharf type", "type")
    if session.get(Company, data.get("company_id")) is None:
        raise ServiceError("company not found", "company_id")
    clash = session.execute(select(Wharf.id).where(Wharf.code == data.get("code"))).scalar()
    if clash is not None and clash != wharf_id:
        raise ServiceError("a wharf with this code is already registered", "code")
    wharf = session.get(Wharf, wharf_id) if wharf_id else Wharf()
    if wharf is None:
        raise NotFound("wharf not found")
    before = wharf.audit_view() if wharf_id else None
    for key in WHARF_FIELDS:
        if key in data:
            setattr(wharf, key, data[key])
    session.add(wharf)
    session.flush()
    after = wharf.audit_view()
    if after != before:  # saving an unchanged record writes no audit entry
        audit.record(session, actor_name(actor), "wharf.updated" if wharf_id else "wharf.created", "wharf",
                     wharf.id, before, after)
    return wharf


def search_companies(session: Session, q: str = ""):
    stmt = select(Company).order_by(Company.name)
    if q:
        like = f"%{q.strip()}%"
        stmt = stmt.where(or_(Company.name.ilike(like), Company.uscc.ilike(like)))
    return stmt


def search_wharves(session: Session, q: str = "", wharf_type: str = "", company_id: int | None = None):
    stmt = select(Wharf).join(Company).order_by(Wharf.code)
    if q:
        like = f"%{q.strip()}%"
        stmt = stmt.where(or_(Wharf.name.ilike(like), Wharf.code.ilike(like), Company.name.ilike(like)))
    if wharf_type:
        stmt = stmt.where(Wharf.type == wharf_type)
    if company_id is not None:
        stmt = stmt.where(Wharf.company_id == company_id)
    return stmt


def count(session: Session, stmt) -> int:
    return session.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar_one()


def companies_by_name(session: Session) -> list[Company]:
    """Every company, by name (to choose one for a wharf)."""
    return list(session.execute(select(Company).order_by(Company.name)).scalars())


@dataclass(frozen=True)
class WharfRecord:
    """A wharf's register page: its assessments (newest first; which of them a later one corrects) and its safety
    events (newest first)."""
    assessments: list[Assessment]
    superseded: set[int]
    events: list[SafetyEventRow]


def wharf_record(session: Session, wharf_id: int) -> WharfRecord:
    assessments = list(session.execute(
        select(Assessment).where(Assessment.wharf_id == wharf_id)
        .order_by(Assessment.assessed_on.desc(), Assessment.id.desc())).scalars())
    events = list(session.execute(
        select(SafetyEventRow).where(SafetyEventRow.wharf_id == wharf_id)
        .order_by(SafetyEventRow.date.desc(), SafetyEventRow.id.desc())).scalars())
    return WharfRecord(assessments, {a.supersedes_id for a in assessments if a.supersedes_id is not None}, events)


def assessment_outcome(session: Session, assessment_id: int) -> tuple[Assessment | None, list[RatingRow]]:
    """The assessment that corrects this one (None if none does) and the ratings made from it, oldest first."""
    correction = session.execute(select(Assessment).where(Assessment.supersedes_id == assessment_id)
                                 .order_by(Assessment.id)).scalars().first()
    ratings = list(session.execute(select(RatingRow).where(RatingRow.assessment_id == assessment_id)
                                   .order_by(RatingRow.id)).scalars())
    return correction, ratings


def company_names(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every company, by name (a filter's choices)."""
    return [(i, name) for i, name in session.execute(select(Company.id, Company.name).order_by(Company.name))]


def wharf_names(session: Session) -> list[tuple[int, str, str, str]]:
    """(id, wharf name, wharf code, company name) of every wharf, by company then code (a form's choices)."""
    return [tuple(r) for r in session.execute(select(Wharf.id, Wharf.name, Wharf.code, Company.name)
                                              .join(Company).order_by(Company.name, Wharf.code))]


def company_by_uscc(session: Session, uscc: str) -> Company | None:
    return session.execute(select(Company).where(Company.uscc == uscc.strip().upper())).scalar()

