"""Published grades (公示): the latest published or final rating of each wharf, for the public list and APIs."""
from __future__ import annotations

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, contains_eager

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


def wharves_with_grades(session: Session, page: int, size: int, company_id: int | None = None,
                        wharf_type: str = "", grade: str = "", q: str = "") -> tuple[int, list[tuple[Wharf, RatingRow | None]]]:
    """A page of wharves (by id) with their latest published rating, and how many there are in all; optionally
    of one company, one type, one published grade, or with `q` in the wharf's name or code or the company's name."""
    latest = latest_published_ids().subquery()
    graded = select(RatingRow).where(RatingRow.id.in_(select(latest.c.id))).subquery()
    stmt = (select(Wharf, graded.c.id).join(Company, Wharf.company_id == Company.id)
            .outerjoin(graded, graded.c.wharf_id == Wharf.id)
            .options(contains_eager(Wharf.company)).order_by(Wharf.id))
    if company_id is not None:
        stmt = stmt.where(Wharf.company_id == company_id)
    if wharf_type:
        stmt = stmt.where(Wharf.type == wharf_type)
    if grade:
        stmt = stmt.where(graded.c.grade == grade)
    if q:
        like = f"%{q}%"
        stmt = stmt.where(Wharf.name.ilike(like) | Wharf.code.ilike(like) | Company.name.ilike(like))
    total = session.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar_one()
    rows = session.execute(stmt.limit(size).offset((page - 1) * size)).all()
    ids = [rid for _, rid in rows if rid]
    ratings = {r.id: r for r in session.execute(select(RatingRow).where(RatingRow.id.in_(ids))).scalars()}
    return total, [(w, ratings.get(rid)) for w, rid in rows]


def ratings_page(session: Session, wharf_id: int, page: int, size: int, published_only: bool
                 ) -> tuple[int, list[RatingRow]]:
    """A page of a wharf's ratings, newest first, and how many there are in all."""
    stmt = select(RatingRow).where(RatingRow.wharf_id == wharf_id)
    if published_only:
        stmt = stmt.where(RatingRow.status.in_(PUBLIC_STATUSES))
    total = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    rows = list(session.execute(stmt.order_by(RatingRow.as_of.desc(), RatingRow.id.desc()).limit(size)
                                .offset((page - 1) * size)).scalars())
    return total, rows

