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


def first_day_out_of_date(last: dt.date, validity_months: int) -> dt.date:
    """The first day on which something done on `last` is older than `validity_months`: the first day d with
    months_before(d, validity_months) > last (so the day exactly validity_months later still counts as in date)."""
    total = last.year * 12 + (last.month - 1) + validity_months
    year, month = divmod(total, 12)
    day = dt.date(year, month + 1, min(last.day, calendar.monthrange(year, month + 1)[1])) - dt.timedelta(days=3)
    while months_before(day, validity_months) <= last:
        day += dt.timedelta(days=1)
    return day
