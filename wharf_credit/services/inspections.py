"""双随机 inspection draws: each grade sampled at its rate from the rule set, reproducible from the published seed,
the drawn wharves assigned to inspectors in turn."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .. import policy
from ..domain import RuleBook
from ..domain.supervision.draws import draw_inspections, parse_period, period_of
from ..models import AuditEntry, InspectionDraw, InspectionDrawItem, User, Wharf
from . import ServiceError, audit
from .ratings import actor_name, latest_rating
from .uow import use_case


@use_case
def run_draw(session: Session, book: RuleBook, period: str, seed: str, actor: Any) -> InspectionDraw:
    """Draw the wharves to inspect in `period` (e.g. 2026Q4) under the rule set in force when the period starts.
    Each wharf is pooled under its latest published grade; a period is drawn once."""
    try:
        start, _ = parse_period(period)
    except ValueError:
        raise ServiceError("expected a quarter like 2026Q4, got %(period)s", "period", period=period) from None
    seed = seed.strip()
    if not seed:
        raise ServiceError("a seed is required (publish it with the list)", "seed")
    if session.execute(select(InspectionDraw.id).where(InspectionDraw.period == period)).first():
        raise ServiceError("%(period)s has already been drawn", "period", period=period)
    ruleset = book.for_date(start)
    rates = {g: m.inspection_rate for g, m in ruleset.measures.items()}
    pool = []
    for wharf_id in session.execute(select(Wharf.id).order_by(Wharf.id)).scalars():
        row = latest_rating(session, wharf_id, published_only=True)
        pool.append((wharf_id, row.grade if row else None))
    result = draw_inspections(rates, pool, period, seed, ruleset.procedures.unrated_grade)
    draw = InspectionDraw(period=period, seed=seed, ruleset_version=ruleset.version, ruleset_sha256=ruleset.sha256,
                          rates=rates, population=result.population, created_by=getattr(actor, "id", None))
    inspectors = list(session.execute(select(User.id).where(User.role.in_(policy.roles_for("inspect_assigned")), User.active.is_(True))
                                      .order_by(User.id)).scalars())
    grade_of = dict(pool)
    for n, wharf_id in enumerate(result.wharf_ids):
        draw.items.append(InspectionDrawItem(
            wharf_id=wharf_id, grade=grade_of[wharf_id] or ruleset.procedures.unrated_grade,
            inspector_id=inspectors[n % len(inspectors)] if inspectors else None))
    session.add(draw)
    session.flush()
    audit.record(session, actor_name(actor), "inspections.drawn", "inspection_draw", draw.id, None,
                 {**draw.audit_view(), "wharves": result.wharf_ids})
    return draw


@dataclass(frozen=True)
class DrawDue:
    period: str
    starts: dt.date
    drawn: bool
    reminded: bool  # this run recorded the first reminder of the period


@use_case
def remind_of_draw(session: Session, actor: Any, today: dt.date) -> DrawDue:
    """Whether this quarter's draw has been made; if not, the reminder is recorded in the audit log once per
    quarter (a second run in the same quarter records nothing)."""
    period = period_of(today)
    starts, _ = parse_period(period)
    drawn = draw_made(session, period)
    reminded = False
    if not drawn and not session.execute(select(AuditEntry.id).where(
            AuditEntry.object_type == "inspection_period", AuditEntry.object_id == period,
            AuditEntry.action == "inspections.draw_due")).first():
        audit.record(session, actor_name(actor), "inspections.draw_due", "inspection_period", period, None,
                     {"period": period, "starts": starts.isoformat(), "today": today.isoformat()})
        reminded = True
    return DrawDue(period, starts, drawn, reminded)


def draw_made(session: Session, period: str) -> bool:
    return session.execute(select(InspectionDraw.id).where(InspectionDraw.period == period)).first() is not None


def assigned_to(session: Session, inspector_id: int, today: dt.date) -> list[InspectionDrawItem]:
    """Wharves drawn for the inspector in the periods that have started (newest first)."""
    items = session.execute(select(InspectionDrawItem).join(InspectionDraw)
                            .where(InspectionDrawItem.inspector_id == inspector_id)
                            .order_by(InspectionDraw.period.desc(), InspectionDrawItem.id)).scalars()
    return [i for i in items if parse_period(i.draw.period)[0] <= today]


def draw_with_items(session: Session, draw_id: int) -> InspectionDraw | None:
    """A draw with its wharves, their companies and the inspectors assigned."""
    return session.execute(select(InspectionDraw).where(InspectionDraw.id == draw_id).options(
        selectinload(InspectionDraw.items).selectinload(InspectionDrawItem.wharf).selectinload(Wharf.company),
        selectinload(InspectionDraw.items).selectinload(InspectionDrawItem.inspector))).scalar()


def all_draws(session: Session) -> list[InspectionDraw]:
    """Every draw, the latest period first."""
    return list(session.execute(select(InspectionDraw).options(selectinload(InspectionDraw.items))
                                .order_by(InspectionDraw.period.desc())).scalars())

