"""Calendar arithmetic shared by the single and batch paths (so both cut windows on the same days)."""
from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache


@lru_cache(maxsize=4096)
def months_before(day: dt.date, months: int) -> dt.date:
    """The same day-of-month `months` earlier, clamped to the month's end (2026-03-31 minus 1 -> 2026-02-28)."""
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def whole_months_between(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from start to end (0 when end is before start)."""
    months = (end.year - start.year) * 12 + end.month - start.month - (1 if end.day < start.day else 0)
    return max(months, 0)
