"""Queries behind the bureau dashboard and the company portal: each wharf's latest rating, grade distributions,
grade shares over time and wharves due for reassessment.

Set-based on purpose: every figure is one statement whatever the number of wharves (no query per wharf), written
in SQLAlchemy Core/ORM that runs the same on SQLite (>= 3.25, window functions) and PostgreSQL.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Date, Select, and_, func, literal, or_, select, union_all
from sqlalchemy.orm import Session, contains_eager, undefer

from ..domain.calendar import first_day_out_of_date, months_before
from ..models import Assessment, Company, RatingRow, ReassessmentDue, Wharf


def latest_rating_ids(*criteria: Any) -> Select:
    """Ids of each wharf's latest rating (latest as_of, then latest id: a same-day re-rating wins), any status.

    `criteria` narrow the ratings considered (e.g. to one company's wharves) before the window is applied.
    """
    rn = func.row_number().over(partition_by=RatingRow.wharf_id,
                                order_by=(RatingRow.as_of.desc(), RatingRow.id.desc()))
    ranked = select(RatingRow.id, rn.label("rn")).where(*criteria).subquery("ranked")
    return select(ranked.c.id).where(ranked.c.rn == 1)


@dataclass(frozen=True)
class Distribution:
    """Wharves per (type, grade) of their latest rating, plus wharves never rated, per type."""

    by_type: dict[str, dict[str, int]]
    unrated: dict[str, int]

    def per_grade(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for grades in self.by_type.values():
            for grade, n in grades.items():
                out[grade] = out.get(grade, 0) + n
        return out

    @property
    def rated(self) -> int:
        return sum(self.per_grade().values())

    @property
    def total_unrated(self) -> int:
        return sum(self.unrated.values())


def grade_distribution(session: Session) -> Distribution:
    """Grade of each wharf's latest rating (any status), counted per wharf type; two statements in all."""
    rows = session.execute(
        select(Wharf.type, RatingRow.grade, func.count())
        .join(RatingRow, RatingRow.wharf_id == Wharf.id)
        .where(RatingRow.id.in_(latest_rating_ids()))
        .group_by(Wharf.type, RatingRow.grade)).all()
    by_type: dict[str, dict[str, int]] = {}
    for wharf_type, grade, n in rows:
        by_type.setdefault(wharf_type, {})[grade] = n
    rated = select(RatingRow.id).where(RatingRow.wharf_id == Wharf.id).exists()
    unrated = dict(session.execute(select(Wharf.type, func.count()).where(~rated).group_by(Wharf.type)).all())
    return Distribution(by_type, {k: int(v) for k, v in unrated.items()})


@dataclass(frozen=True)
class Period:
    """A calendar quarter; `end` is the quarter's last day, or today for the quarter in progress."""

    year: int
    quarter: int
    end: dt.date


def recent_quarters(today: dt.date, count: int = 12) -> list[Period]:
    """The last `count` quarters, oldest first, the current one (to date) last."""
    out = []
    year, q = today.year, (today.month - 1) // 3 + 1
    for i in range(count):
        if i == 0:
            end = today
        else:
            next_start = dt.date(year + (q == 4), (q % 4) * 3 + 1, 1)
            end = next_start - dt.timedelta(days=1)
        out.append(Period(year, q, end))
        year, q = (year - 1, 4) if q == 1 else (year, q - 1)
    return out[::-1]


def grades_over_time(session: Session, periods: Sequence[Period]) -> dict[dt.date, dict[str, int]]:
    """For each period end: how many wharves stood at each grade (their latest rating on or before that day).

    One statement: each rating is in force from its as_of until the wharf's next rating (lead() over the wharf's
    ratings), and each period end is matched to the rating in force on it.
    """
    if not periods:
        return {}
    ends = union_all(*[select(literal(p.end, Date).label("day")) for p in periods]).subquery("ends")
    following = func.lead(RatingRow.as_of).over(partition_by=RatingRow.wharf_id,
                                                order_by=(RatingRow.as_of, RatingRow.id))
    spans = select(RatingRow.grade, RatingRow.as_of.label("start"), following.label("stop")).subquery("spans")
    rows = session.execute(
        select(ends.c.day, spans.c.grade, func.count())
        .join(spans, and_(spans.c.start <= ends.c.day, or_(spans.c.stop.is_(None), spans.c.stop > ends.c.day)))
        .group_by(ends.c.day, spans.c.grade)).all()
    out: dict[dt.date, dict[str, int]] = {p.end: {} for p in periods}
    for day, grade, n in rows:
        if isinstance(day, str):  # SQLite hands a bound literal back as text
            day = dt.date.fromisoformat(day)
        out.setdefault(day, {})[grade] = int(n)
    return out


@dataclass(frozen=True)
class DueWharf:
    wharf: Wharf
    last_assessed: dt.date | None
    grade: str | None
    rating_id: int | None
    due_since: dt.date | None = None  # the first day it was out of date (never assessed: since it was registered)
    days_overdue: int | None = None
    flagged_on: dt.date | None = None  # the day the `reassessment` duty flagged it, if it has


@dataclass(frozen=True)
class Page:
    """A page of results with the attributes the pager macro reads (like Flask-SQLAlchemy's Pagination)."""

    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(math.ceil(self.total / self.per_page), 1) if self.total else 0

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def reassessment_cutoff(today: dt.date, validity_months: int) -> dt.date:
    """An assessment made before this day is out of date (one made exactly validity_months ago still counts)."""
    return months_before(today, validity_months)


def last_assessments() -> Any:
    """Subquery: each assessed wharf's latest assessment day (wharf_id, last)."""
    return (select(Assessment.wharf_id, func.max(Assessment.assessed_on).label("last"))
            .group_by(Assessment.wharf_id).subquery("last_assessment"))


def out_of_date(last: Any, cutoff: dt.date) -> Any:
    """The condition "never assessed, or last assessed before `cutoff`" on a last_assessments() subquery."""
    return or_(last.c.last.is_(None), last.c.last < cutoff)


def due_for_reassessment(session: Session, today: dt.date, validity_months: int, page: int = 1,
                         per_page: int = 25) -> Page:
    """Wharves whose latest assessment is older than `validity_months` on `today`, or that were never assessed:
    never-assessed first, then the longest overdue, each with the day it became due, the days since, and the day the
    `reassessment` duty flagged it. Three statements (count, page, the page's flags)."""
    cutoff = reassessment_cutoff(today, validity_months)
    last = last_assessments()
    latest = (select(RatingRow.id, RatingRow.wharf_id, RatingRow.grade)
              .where(RatingRow.id.in_(latest_rating_ids())).subquery("latest_rating"))
    due = out_of_date(last, cutoff)
    total = session.execute(select(func.count()).select_from(Wharf).outerjoin(last, last.c.wharf_id == Wharf.id)
                            .where(due)).scalar_one()
    page = max(page, 1)
    rows = session.execute(
        select(Wharf, last.c.last, latest.c.grade, latest.c.id)
        .join(Company, Wharf.company_id == Company.id).options(contains_eager(Wharf.company))
        .outerjoin(last, last.c.wharf_id == Wharf.id)
        .outerjoin(latest, latest.c.wharf_id == Wharf.id)
        .where(due)
        .order_by(last.c.last.is_not(None), last.c.last, Wharf.code)
        .limit(per_page).offset((page - 1) * per_page)).all()
    flags = dict(session.execute(select(ReassessmentDue.wharf_id, ReassessmentDue.flagged_on).where(
        ReassessmentDue.cleared_on.is_(None), ReassessmentDue.wharf_id.in_([w.id for w, *_ in rows]))).all())
    items = []
    for w, d, g, rid in rows:
        last_day = as_date(d)
        since = first_day_out_of_date(last_day, validity_months) if last_day else w.created_at.date()
        items.append(DueWharf(w, last_day, g, rid, since, max((today - since).days, 0), flags.get(w.id)))
    return Page(items, page, per_page, int(total))


def company_wharves(session: Session, company_id: int) -> list[tuple[Wharf, RatingRow | None]]:
    """The company's wharves, each with its latest rating (any status) or None: one statement."""
    own = select(Wharf.id).where(Wharf.company_id == company_id)
    latest = latest_rating_ids(RatingRow.wharf_id.in_(own))
    rows = session.execute(
        select(Wharf, RatingRow)
        .outerjoin(RatingRow, and_(RatingRow.wharf_id == Wharf.id, RatingRow.id.in_(latest)))
        .options(undefer(RatingRow.result))  # the portal shows each wharf's reasons: load them in this statement
        .where(Wharf.company_id == company_id).order_by(Wharf.code)).all()
    return [(w, r) for w, r in rows]


def as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
