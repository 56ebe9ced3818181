"""Filing green-guide assessments and safety events: append-only; each submission re-rates the wharf."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from .. import clock
from ..domain import DomainError, FactsError, RuleBook, parse_facts
from ..models import Assessment, AssessmentValue, RatingRow, SafetyEventRow, Wharf
from . import NotFound, ServiceError, audit
from .facts import facts_for
from .ratings import actor_name, rate_wharf
from .uow import use_case


@use_case
def submit_assessment(session: Session, book: RuleBook, wharf_id: int, values: dict[str, Any], actor: Any,
                      assessed_on: dt.date | None = None, evidence: dict[str, str] | None = None,
                      photos: dict[str, str] | None = None, notes: str = "",
                      supersedes_id: int | None = None, form_ruleset: str | None = None
                      ) -> tuple[Assessment, RatingRow]:
    """Store a submitted assessment and the rating it produces, in one transaction.

    Raises FactsError (field paths like `indicators.G-DUST-01`) before anything is written. `form_ruleset`: the
    sha256 of the rule set whose indicators the values were entered for (a form); the assessment is refused when
    another rule set is in force on its date."""
    wharf = session.get(Wharf, wharf_id)
    if wharf is None:
        raise NotFound("wharf not found")
    if not values:
        raise ServiceError("an assessment needs at least one assessed indicator", "indicators")
    day = assessed_on or clock.today()
    try:
        ruleset = book.for_date(day)
    except DomainError:
        if form_ruleset is None:
            raise
        ruleset = None
    if form_ruleset is not None and (ruleset is None or ruleset.sha256 != form_ruleset):
        raise ServiceError("another rule set was in force on this date; file the assessment with that rule set's "
                           "form", "assessed_on")
    parse_facts(facts_for(session, wharf, day, values), ruleset)  # validate first: nothing half-saved
    if supersedes_id is not None:
        old = session.get(Assessment, supersedes_id)
        if old is None or old.wharf_id != wharf_id:
            raise ServiceError("the assessment to correct does not belong to this wharf", "supersedes_id")
    assessment = Assessment(wharf_id=wharf_id, assessed_on=day, ruleset_version=ruleset.version,
                            ruleset_sha256=ruleset.sha256, inspector_id=getattr(actor, "id", None), notes=notes,
                            supersedes_id=supersedes_id)
    evidence = evidence or {}
    photos = photos or {}
    for ident, value in values.items():
        assessment.values.append(AssessmentValue(indicator_id=ident, value=value, evidence=evidence.get(ident, ""),
                                                 photo=photos.get(ident)))
    session.add(assessment)
    session.flush()
    audit.record(session, actor_name(actor), "assessment.submitted", "assessment", assessment.id, None,
                 assessment.audit_view())
    row = rate_wharf(session, book, wharf, day, actor, assessment_id=assessment.id)
    return assessment, row


EVENT_FIELDS_ALLOWED = ("severity", "deaths", "injuries", "loss_cny", "responsible", "deadline", "rectified_on",
                        "measure", "amount_cny", "category", "level", "onsite", "findings")


@use_case
def record_event(session: Session, book: RuleBook, wharf_id: int, event: dict[str, Any], actor: Any,
                 rerate: bool = True) -> tuple[SafetyEventRow, RatingRow | None]:
    """Append one safety event (validated as facts) and, by default, re-rate the wharf as of today. Inside another
    use case's unit of work (a penalty case) the event is stored with it or not at all."""
    wharf = session.get(Wharf, wharf_id)
    if wharf is None:
        raise NotFound("wharf not found")
    today = clock.today()
    ruleset = book.for_date(today)
    probe = {"as_of": today.isoformat(), "wharf": {"type": wharf.type}, "safety_events": [event]}
    try:
        parse_facts(probe, ruleset)
    except FactsError as exc:
        raise FactsError([type(p)(p.where.replace("safety_events[0].", ""), p.message) for p in exc.problems]) from None
    data = {k: v for k, v in event.items() if k in EVENT_FIELDS_ALLOWED and v is not None}
    row = SafetyEventRow(wharf_id=wharf_id, kind=event["kind"], date=dt.date.fromisoformat(event["date"]),
                         data=data, note=event.get("note", "") or "", recorded_by=getattr(actor, "id", None))
    session.add(row)
    session.flush()
    audit.record(session, actor_name(actor), "safety_event.recorded", "safety_event", row.id, None,
                 row.audit_view())
    rating = rate_wharf(session, book, wharf, today, actor) if rerate else None
    return row, rating
