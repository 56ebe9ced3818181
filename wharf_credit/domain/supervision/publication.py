"""Publication of grades: the objection window after a rating is published, and a company's grade from its wharves'."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..rules.procedures import Procedures
from ..vocabulary import GRADE_CODES


def objection_deadline(proc: Procedures, published_on: dt.date) -> dt.date:
    """Last calendar day on which an objection may be filed."""
    return published_on + dt.timedelta(days=proc.objection_days)


def objection_open(proc: Procedures, published_on: dt.date, today: dt.date) -> bool:
    return published_on <= today <= objection_deadline(proc, published_on)


def company_grade(grades: Iterable[str]) -> str | None:
    """A company's grade is the grade of its worst-rated wharf (docs/architecture.md); None when no wharf is rated."""
    worst = None
    for g in grades:
        if worst is None or GRADE_CODES.index(g) > GRADE_CODES.index(worst):
            worst = g
    return worst
