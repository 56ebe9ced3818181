"""The clock: what day and what moment it is for wharf_credit. Nothing else reads the system clock (a test checks).

`today()` is the day the use cases run on (objection windows, validity, overdue deadlines, "in force today");
`now()` the moment, aware and in UTC; `utcnow()` the same moment as the database columns store it (naive UTC).

A test pins the clock to a day (`pin`, or the `pinned` context manager): from then on every page, API answer and use
case sees that day, and the moment noon UTC of it, until `unpin`. Pinning is process-wide on purpose, so that a live
server in another thread (the browser tests) sees the same day as the test driving it."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

_pinned: dt.date | None = None


def today() -> dt.date:
    """The day the use cases run on."""
    return _pinned if _pinned is not None else dt.date.today()


def now() -> dt.datetime:
    """The moment (aware, UTC)."""
    if _pinned is not None:
        return dt.datetime.combine(_pinned, dt.time(12, 0), tzinfo=dt.UTC)
    return dt.datetime.now(dt.UTC)


def wall_seconds() -> float:
    """Seconds since the epoch from the system clock, never pinned: how long ago another process was last heard of
    (a job's heartbeat). Not for business dates."""
    return dt.datetime.now(dt.UTC).timestamp()


def utcnow() -> dt.datetime:
    """The moment as the database stores it: naive, UTC."""
    return now().replace(tzinfo=None)


def pin(day: dt.date) -> None:
    global _pinned
    _pinned = day


def unpin() -> None:
    global _pinned
    _pinned = None


@contextmanager
def pinned(day: dt.date) -> Iterator[dt.date]:
    """`with clock.pinned(day):` the clock says `day`; afterwards it says what it said before."""
    before = _pinned
    pin(day)
    try:
        yield day
    finally:
        pin(before) if before is not None else unpin()
