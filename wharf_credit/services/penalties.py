"""Penalty cases (行政处罚): the discretion the rule set suggests for the company's grade, and the final decision.
A decided penalty (anything but "none") becomes a `penalty` safety event of the wharf and re-rates it."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ..domain import RuleBook
from ..domain.vocabulary import I18n
from ..domain.supervision.penalties import ContradictoryCircumstances, DiscretionAdvice, discretion_advice
from ..models import PENALTY_MEASURES_FINAL, PenaltyCase, Wharf
from . import NotFound, ServiceError, audit
from .assessments import record_event
from .ratings import actor_name
from .uow import use_case
from .standing import Standing, company_standing


def penalty_suggestion(session: Session, book: RuleBook, wharf_id: int, violation_id: str,
                       circumstances: Iterable[str], today: dt.date) -> tuple[Standing, DiscretionAdvice]:
    wharf = session.get(Wharf, wharf_id)
    if wharf is None:
        raise NotFound("wharf not found")
    standing = company_standing(session, book, wharf.company, today)
    proc = standing.ruleset.procedures
    grade = standing.grade or proc.unrated_grade
    code = standing.ruleset.measures[grade].penalty_discretion.code
    try:
        advice = discretion_advice(proc, code, grade, violation_id, circumstances)
    except KeyError as exc:
        field = "violation_id" if str(exc.args[0]) == violation_id else "circumstances"
        raise ServiceError("unknown %(what)s %(value)r", field, what=field.replace("_id", ""), value=exc.args[0]) from None
    except ContradictoryCircumstances as exc:
        pair = I18n(f"{exc.first.text.zh_CN}与{exc.second.text.zh_CN}", f"{exc.first.text.en} and {exc.second.text.en}")
        raise ServiceError("these circumstances cannot both apply", "circumstances", reasons=[pair]) from None
    return standing, advice


@use_case
def record_penalty_case(session: Session, book: RuleBook, wharf_id: int, violation_id: str,
                        circumstances: Iterable[str], occurred_on: dt.date, final_measure: str,
                        final_amount_cny: float, actor: Any, today: dt.date, notes: str = "") -> PenaltyCase:
    circumstances = sorted(set(circumstances))
    if final_measure not in PENALTY_MEASURES_FINAL:
        raise ServiceError("final measure must be one of %(measures)s", "final_measure",
                           measures=", ".join(PENALTY_MEASURES_FINAL))
    if occurred_on > today:
        raise ServiceError("the violation cannot be in the future", "occurred_on")
    standing, advice = penalty_suggestion(session, book, wharf_id, violation_id, circumstances, today)
    v = advice.violation
    amount = float(final_amount_cny or 0)
    if final_measure == "fine" and not v.fine_min <= amount <= v.fine_max:
        raise ServiceError("a fine for this violation must be within %(low)s-%(high)s CNY", "final_amount_cny",
                           low=v.fine_min, high=v.fine_max)
    if final_measure != "fine" and amount:
        raise ServiceError("only a fine has an amount", "final_amount_cny")
    event_id = None
    if final_measure != "none":
        event, _ = record_event(session, book, wharf_id, {
            "kind": "penalty", "date": today.isoformat(), "measure": final_measure, "amount_cny": amount,
            "category": v.category, "note": f"{v.id} {v.name.zh_CN}"}, actor)
        event_id = event.id
    case = PenaltyCase(
        company_id=standing.company.id, wharf_id=wharf_id, violation_id=v.id, circumstances=circumstances,
        occurred_on=occurred_on, grade=standing.grade, rating_id=standing.basis.id if standing.basis else None,
        ruleset_version=standing.ruleset.version, ruleset_sha256=standing.ruleset.sha256,
        suggested_band=advice.band.id, suggested_low=advice.fine_low, suggested_high=advice.fine_high,
        suggestion={"exempt": advice.exempt, "band": advice.band.text.as_dict(),
                    "reasons": [r.as_dict() for r in advice.reasons]},
        final_measure=final_measure, final_amount_cny=amount, notes=notes.strip(), event_id=event_id,
        officer_id=getattr(actor, "id", None), decided_on=today)
    session.add(case)
    session.flush()
    audit.record(session, actor_name(actor), "penalty.decided", "penalty_case", case.id, None, case.audit_view())
    return case


def penalty_cases(company_id: int | None = None, violation_id: str = "", measure: str = "") -> Select:
    stmt = select(PenaltyCase).order_by(PenaltyCase.decided_on.desc(), PenaltyCase.id.desc())
    if company_id:
        stmt = stmt.where(PenaltyCase.company_id == company_id)
    if violation_id:
        stmt = stmt.where(PenaltyCase.violation_id == violation_id)
    if measure:
        stmt = stmt.where(PenaltyCase.final_measure == measure)
    return stmt
