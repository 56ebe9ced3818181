"""Published grades (公示): the latest published or final rating of each wharf, for the public list and APIs."""
from __future__ import annotations

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import contains_eager

from ..models import Company, RatingRow, Wharf

PUBLIC_STATUSES = ("published", "final")


def latest_published_ids() -> Select:
    return (select(func.max(RatingRow.id).label("id")).where(RatingRow.status.in_(PUBLIC_STATUSES))
            .group_by(RatingRow.wharf_id))


def published_grades(q: str = "", wharf_type: str = "", grade: str = "") -> Select:
    """Ratings (with wharf and company loaded) — the view shows only what the public may see."""
    stmt = (select(RatingRow).join(Wharf, RatingRow.wharf_id == Wharf.id)
            .join(Company, Wharf.company_id == Company.id)
            .options(contains_eager(RatingRow.wharf).contains_eager(Wharf.company))
            .where(RatingRow.id.in_(latest_published_ids())).order_by(Company.name, Wharf.code))
    if q:
        like = f"%{q.strip()}%"
        stmt = stmt.where(or_(Company.name.ilike(like), Wharf.name.ilike(like), Company.uscc.ilike(like)))
    if wharf_type:
        stmt = stmt.where(Wharf.type == wharf_type)
    if grade:
        stmt = stmt.where(RatingRow.grade == grade)
    return stmt
