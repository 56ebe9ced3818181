"""Calendar arithmetic: months back with month ends clamped, and the first day something is out of date."""
from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from wharf_credit.domain.calendar import first_day_out_of_date, months_before

DAYS = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31))


def test_months_before_clamps_to_the_end_of_a_shorter_month():
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2024, 3, 31), 1) == dt.date(2024, 2, 29)
    assert months_before(dt.date(2026, 1, 15), 12) == dt.date(2025, 1, 15)


def test_the_day_exactly_the_validity_later_still_counts_and_the_next_does_not():
    assert first_day_out_of_date(dt.date(2025, 12, 8), 12) == dt.date(2026, 12, 9)
    assert first_day_out_of_date(dt.date(2026, 1, 31), 1) == dt.date(2026, 3, 1)  # Feb 28 - 1 month = Jan 28
    assert first_day_out_of_date(dt.date(2024, 2, 29), 12) == dt.date(2025, 3, 1)
    # the end of a short month: May 31 minus a month is Apr 30 again (clamped), so May 31 still counts
    assert first_day_out_of_date(dt.date(2026, 4, 30), 1) == dt.date(2026, 6, 1)
    assert first_day_out_of_date(dt.date(2025, 2, 28), 12) == dt.date(2026, 3, 1)


@given(DAYS, st.integers(min_value=1, max_value=60))
def test_first_day_out_of_date_is_where_months_before_first_passes_the_day(last, months):
    day = first_day_out_of_date(last, months)
    assert months_before(day, months) > last
    assert months_before(day - dt.timedelta(days=1), months) <= last
