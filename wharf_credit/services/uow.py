"""The one place a use case's writes are committed: `with unit_of_work(session): ...` commits when the block ends and
rolls back when it raises, so a refused or failed use case leaves nothing half-written."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session


@contextmanager
def unit_of_work(session: Session) -> Iterator[Session]:
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    session.commit()
