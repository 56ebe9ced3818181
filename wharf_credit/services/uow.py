"""The one place a use case's writes are committed: `with unit_of_work(session): ...` commits when the block ends and
rolls back when it (or the commit) raises, so a refused or failed use case leaves nothing half-written.

Units of work nest: a use case run inside another one's block (a penalty case records its safety event; a request
runs a use case under `retrying`) joins the enclosing unit, which alone commits or rolls back, so the two are stored
together or not at all. Nothing else in the code calls `commit()` or `rollback()` (a test checks).

`retrying(session, work)` runs `work` in a unit of work and runs it again, from a clean session, when it lost a race
for the audit chain's head. audit.record takes the database's write lock before reading the head, so appends wait
for each other; this is the fallback for what the lock cannot prevent: a write lock that timed out ("database is
locked" after SQLite's busy_timeout) or a unique prev_hash refused by a writer that bypassed audit.record."""
from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

T = TypeVar("T")
CONFLICTS = ("audit_entries.prev_hash", "uq_audit_entries_prev_hash", "audit_entries.hash",
             "uq_audit_entries_hash", "database is locked")


OPEN = "wharf_credit.unit_of_work"  # key in session.info while a unit of work is open on the session


@contextmanager
def unit_of_work(session: Session) -> Iterator[Session]:
    if session.info.get(OPEN):
        yield session  # the enclosing unit of work commits or rolls back
        return
    session.info[OPEN] = True
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.info.pop(OPEN, None)


def use_case(function: Callable[..., T]) -> Callable[..., T]:
    """Run `function(session, ...)` as one unit of work: committed when it returns, rolled back when it raises,
    a refusal (ServiceError) included, so the caller never has to clean up after it."""
    @functools.wraps(function)
    def run(session: Session, *args: Any, **kwargs: Any) -> T:
        with unit_of_work(session):
            return function(session, *args, **kwargs)

    return run


def is_write_conflict(exc: BaseException) -> bool:
    return isinstance(exc, IntegrityError | OperationalError) and any(c in str(exc) for c in CONFLICTS)


def retrying(session: Session, work: Callable[[], T], attempts: int = 8) -> T:
    """`work()` committed; re-run after a lost race (up to `attempts` times), anything else raised at once."""
    for attempt in range(1, attempts + 1):
        try:
            with unit_of_work(session):
                return work()
        except (IntegrityError, OperationalError) as exc:
            if attempt == attempts or not is_write_conflict(exc):
                raise
            time.sleep(random.uniform(0.002, 0.01) * attempt)
    raise AssertionError("unreachable")
