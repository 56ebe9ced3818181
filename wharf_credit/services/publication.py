"""Publication (公示), objections (异议) and finality: provisional -> published (objection window) -> final."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, case, exists, select
from sqlalchemy.orm import Session, aliased, joinedload

from ..domain import RuleBook
from ..domain.supervision.publication import objection_deadline
from ..models import Company, Objection, RatingRow, RepairRequest, SafetyEventRow, User, Wharf
from ..clock import utcnow
from . import NotFound, ServiceError, audit
from .ratings import actor_name, latest_rating, rate_wharf
from .uow import use_case


@dataclass(frozen=True)
class PublishReport:
    published: list[int]
    skipped: dict[int, str]  # rating id -> why


@use_case
def publish(session: Session, book: RuleBook, rating_ids: Iterable[int], actor: Any, today: dt.date) -> PublishReport:
    """Publish provisional ratings that are the latest of their wharf; opens each one's objection window."""
    done, skipped = [], {}
    for rid in dict.fromkeys(rating_ids):
        row = session.get(RatingRow, rid)
        if row is None:
            skipped[rid] = "not found"
            continue
        if row.status != "provisional":
            skipped[rid] = f"already {row.status}"
            continue
        latest = latest_rating(session, row.wharf_id)
        if latest is not None and latest.id != row.id:
            skipped[rid] = "a newer rating of this wharf exists"
            continue
        before = row.audit_view()
        row.status = "published"
        row.published_at = utcnow()
        row.objection_until = objection_deadline(book.for_date(today).procedures, today)
        audit.record(session, actor_name(actor), "rating.published", "rating", row.id, before, row.audit_view())
        done.append(row.id)
    return PublishReport(done, skipped)


@use_case
def finalise_expired(session: Session, actor: Any, today: dt.date) -> list[int]:
    """Published ratings whose window has passed with no open objection become final."""
    rows = session.execute(select(RatingRow).where(RatingRow.status == "published",
                                                   RatingRow.objection_until < today)).scalars().all()
    done = []
    for row in rows:
        if open_objection(session, row.id) is not None:
            continue
        before = row.audit_view()
        row.status = "final"
        audit.record(session, actor_name(actor), "rating.finalised", "rating", row.id, before, row.audit_view())
        done.append(row.id)
    return done


def open_objection(session: Session, rating_id: int) -> Objection | None:
    return session.execute(select(Objection).where(Objection.rating_id == rating_id, Objection.status == "open")
                           ).scalar()


def objection_refusal(session: Session, row: RatingRow, today: dt.date) -> ServiceError | None:
    """Why the owning company cannot object to rating `row` on `today` (None when it can)."""
    if row.status != "published":
        return ServiceError("only a published rating can be objected to", "rating")
    if row.objection_until is None or today > row.objection_until:
        return ServiceError("the objection window has closed", "rating")
    if open_objection(session, row.id) is not None:
        return ServiceError("an objection to this rating is already open", "rating")
    return None


@use_case
def file_objection(session: Session, rating_id: int, user: User, reason: str, today: dt.date,
                   attachment: str | None = None) -> Objection:
    row = session.get(RatingRow, rating_id)
    if row is None or user.company_id is None or row.wharf.company_id != user.company_id:
        raise NotFound("rating not found")  # another company's rating does not exist for this user
    refusal = objection_refusal(session, row, today)
    if refusal is not None:
        raise refusal
    if not reason.strip():
        raise ServiceError("give the reason for the objection", "reason")
    obj = Objection(rating_id=rating_id, company_id=user.company_id, filed_by=user.id, filed_on=today,
                    reason=reason.strip(), attachment=attachment)
    session.add(obj)
    session.flush()
    audit.record(session, actor_name(user), "objection.filed", "objection", obj.id, None, obj.audit_view())
    return obj


@use_case
def decide_objection(session: Session, book: RuleBook, objection_id: int, outcome: str, reason: str, actor: Any,
                     today: dt.date) -> Objection:
    """`upheld`: the rating stands. `corrected`: the disputed facts have been fixed (new assessment, dismissed event)
    and the wharf is rated again; the new rating is published at once with a fresh objection window."""
    obj = session.get(Objection, objection_id)
    if obj is None:
        raise NotFound("objection not found")
    if obj.status != "open":
        raise ServiceError("this objection was already decided (%(status)s)", "objection", status=obj.status)
    if outcome not in ("upheld", "corrected"):
        raise ServiceError("outcome must be upheld or corrected", "outcome")
    if not reason.strip():
        raise ServiceError("give the reasons for the decision; the company will read them", "reason")
    before = obj.audit_view()
    if outcome == "corrected":
        new = rate_wharf(session, book, obj.rating.wharf, today, actor)
        new.status = "published"
        new.published_at = utcnow()
        new.objection_until = objection_deadline(book.for_date(today).procedures, today)
        audit.record(session, actor_name(actor), "rating.published", "rating", new.id, None, new.audit_view())
        obj.corrected_rating_id = new.id
    obj.status = outcome
    obj.decision_reason = reason.strip()
    obj.decided_by = getattr(actor, "id", None)
    obj.decided_on = today
    audit.record(session, actor_name(actor), f"objection.{outcome}", "objection", obj.id, before, obj.audit_view())
    return obj


OBJECTION_STATUSES = ("open", "upheld", "corrected")


def open_first(model: Any) -> Any:
    """An ORDER BY term: open requests before decided ones."""
    return case((model.status == "open", 0), else_=1)


def publishable(grade: str = "", wharf_type: str = "") -> Select:
    """Provisional ratings that are the latest of their wharf (no rating with a later date, or the same date and a
    higher id), oldest first; optionally of one grade or one wharf type."""
    newer = aliased(RatingRow)
    later = exists().where(newer.wharf_id == RatingRow.wharf_id,
                           (newer.as_of > RatingRow.as_of) | ((newer.as_of == RatingRow.as_of) & (newer.id > RatingRow.id)))
    stmt = (select(RatingRow).join(Wharf, Wharf.id == RatingRow.wharf_id)
            .where(RatingRow.status == "provisional", ~later)
            .options(joinedload(RatingRow.wharf).joinedload(Wharf.company)))
    if grade:
        stmt = stmt.where(RatingRow.grade == grade)
    if wharf_type:
        stmt = stmt.where(Wharf.type == wharf_type)
    return stmt.order_by(RatingRow.as_of, RatingRow.id)


def ratings_with_ids(session: Session, ids: Iterable[int]) -> list[RatingRow]:
    """The ratings of `ids` that exist, with their wharf and company, in id order (a selection to confirm)."""
    return list(session.execute(select(RatingRow).where(RatingRow.id.in_(list(ids)))
                                .options(joinedload(RatingRow.wharf).joinedload(Wharf.company))
                                .order_by(RatingRow.id)).scalars())


def objections_list(status: str = "", company_name: str = "") -> Select:
    """Objections for the reviewer's desk, open ones first, then newest; optionally of one status or of companies
    whose name contains `company_name`."""
    stmt = (select(Objection).join(Company, Company.id == Objection.company_id)
            .options(joinedload(Objection.rating).joinedload(RatingRow.wharf), joinedload(Objection.company)))
    if status in OBJECTION_STATUSES:
        stmt = stmt.where(Objection.status == status)
    if company_name:
        stmt = stmt.where(Company.name.contains(company_name))
    return stmt.order_by(open_first(Objection), Objection.filed_on.desc(), Objection.id.desc())


def wharf_requests(session: Session, wharf_id: int) -> tuple[list[Objection], list[RepairRequest]]:
    """Objections to any rating of the wharf and repair requests for any of its events, newest first (the rating
    page shows them with their decisions and reasons)."""
    ratings_of_wharf = select(RatingRow.id).where(RatingRow.wharf_id == wharf_id)
    objections = list(session.execute(
        select(Objection).where(Objection.rating_id.in_(ratings_of_wharf))
        .order_by(Objection.filed_on.desc(), Objection.id.desc())).scalars())
    repairs = list(session.execute(
        select(RepairRequest).join(SafetyEventRow, SafetyEventRow.id == RepairRequest.event_id)
        .where(SafetyEventRow.wharf_id == wharf_id)
        .order_by(RepairRequest.requested_on.desc(), RepairRequest.id.desc())).scalars())
    return objections, repairs

