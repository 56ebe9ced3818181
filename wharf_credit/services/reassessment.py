"""Wharves due for reassessment, as a record: the `reassessment` duty flags each wharf on the day it finds it out of
date (its latest assessment older than the rule set's validity, or never assessed) and clears the flag once a newer
assessment exists. One audit entry per run that changed something; a second run on the same day changes nothing."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.calendar import first_day_out_of_date, months_before
from ..models import ReassessmentDue, Wharf
from . import audit
from .dashboard import as_date, last_assessments, out_of_date
from .ratings import actor_name
from .uow import use_case


@dataclass(frozen=True)
class FlagReport:
    flagged: list[int]  # wharf ids newly flagged
    cleared: list[int]  # wharf ids whose flag a newer assessment cleared
    open: int  # flags open after the run


@use_case
def flag_due(session: Session, actor: Any, today: dt.date, validity_months: int) -> FlagReport:
    """Flag every out-of-date wharf not flagged yet; clear the flags of wharves assessed since."""
    cutoff = months_before(today, validity_months)
    last = last_assessments()
    due = {wharf_id: (as_date(when), created) for wharf_id, when, created in session.execute(
        select(Wharf.id, last.c.last, Wharf.created_at).outerjoin(last, last.c.wharf_id == Wharf.id)
        .where(out_of_date(last, cutoff)))}
    flags = open_flags(session)
    flagged = sorted(set(due) - set(flags))
    cleared = sorted(set(flags) - set(due))
    for wharf_id in flagged:
        when, created = due[wharf_id]
        since = first_day_out_of_date(when, validity_months) if when else created.date()
        session.add(ReassessmentDue(wharf_id=wharf_id, last_assessed_on=when, due_since=since, flagged_on=today))
    for wharf_id in cleared:
        flags[wharf_id].cleared_on = today
    if flagged or cleared:
        audit.record(session, actor_name(actor), "reassessment.flagged", "reassessment", today.isoformat(), None,
                     {"flagged": flagged, "cleared": cleared, "validity_months": validity_months,
                      "cutoff": cutoff.isoformat()})
    return FlagReport(flagged, cleared, len(flags) - len(cleared) + len(flagged))


def open_flags(session: Session) -> dict[int, ReassessmentDue]:
    """wharf id -> its open flag."""
    return {f.wharf_id: f for f in session.scalars(select(ReassessmentDue).where(ReassessmentDue.cleared_on.is_(None)))}
