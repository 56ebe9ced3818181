"""A company's standing for the permit desk: its grade (worst published wharf), the rating behind it, the measures
that apply today, the vetoes in force, and warnings an officer must see before relying on the grade."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain import RuleBook, RuleSet
from ..domain.calendar import months_before
from ..domain.rules.model import Measures
from ..domain.vocabulary import GRADE_CODES
from ..models import Company, Objection, RatingRow, Wharf
from .dashboard import Page
from .published import PUBLIC_STATUSES
from .ratings import latest_ratings, rating_texts

WARNINGS = ("never_rated", "provisional_newer", "under_objection", "stale", "unrated_wharves")


@dataclass
class Standing:
    company: Company
    ruleset: RuleSet  # today's rule set: the measures applied now
    grade: str | None
    basis: RatingRow | None  # the published rating that sets the company grade (its worst wharf)
    wharves: list[tuple[Wharf, RatingRow | None, RatingRow | None]]  # wharf, latest published, latest of any status
    warnings: list[str] = field(default_factory=list)
    book: RuleBook | None = None

    def basis_texts(self, lang: str) -> dict:
        """The sentences of the rating behind the grade (vetoes, caps, reasons, ...) in `lang`."""
        if self.basis is None or self.book is None:
            return {}
        return rating_texts(self.basis, self.book, lang)

    @property
    def measures(self) -> Measures | None:
        return self.ruleset.measures[self.grade] if self.grade else None

    @property
    def vetoes(self) -> list[dict]:
        if self.basis is None:
            return []
        texts = self.basis_texts("en")
        return list(texts.get("vetoes", [])) + list(texts.get("caps", []))


def company_standing(session: Session, book: RuleBook, company: Company, today: dt.date) -> Standing:
    ruleset = book.for_date(today)
    wharves = list(session.execute(select(Wharf).where(Wharf.company_id == company.id).order_by(Wharf.code))
                   .scalars())
    ids = [w.id for w in wharves]
    published_by, latest_by = latest_ratings(session, ids, published_only=True), latest_ratings(session, ids)
    rows = [(w, published_by.get(w.id), latest_by.get(w.id)) for w in wharves]
    published = [p for _, p, _ in rows if p is not None]
    basis = max(published, key=lambda r: (GRADE_CODES.index(r.grade), r.as_of, r.id), default=None)
    standing = Standing(company, ruleset, basis.grade if basis else None, basis, rows, book=book)
    if basis is None:
        standing.warnings.append("never_rated")
        return standing
    if any(p is None for _, p, _ in rows):
        standing.warnings.append("unrated_wharves")
    if any(latest is not None and latest.status == "provisional" and (p is None or latest.id > p.id)
           for _, p, latest in rows):
        standing.warnings.append("provisional_newer")
    ids = [p.id for p in published]
    if session.execute(select(Objection.id).where(Objection.rating_id.in_(ids), Objection.status == "open")
                       .limit(1)).first():
        standing.warnings.append("under_objection")
    if basis.as_of < months_before(today, ruleset.policy.validity_months):
        standing.warnings.append("stale")
    return standing


def find_companies(session: Session, q: str, page: int = 1, per_page: int = 20) -> Page:
    """Companies whose name or credit code contains `q`, a page at a time (paged in the database, so every match
    can be reached however many there are)."""
    like = f"%{q.strip()}%"
    where = Company.name.ilike(like) | Company.uscc.ilike(like)
    total = session.execute(select(func.count()).select_from(Company).where(where)).scalar_one()
    page = max(page, 1)
    items = list(session.execute(select(Company).where(where).order_by(Company.name, Company.id)
                                 .offset((page - 1) * per_page).limit(per_page)).scalars())
    return Page(items, page, per_page, total)


def published_status(row: RatingRow | None) -> bool:
    return row is not None and row.status in PUBLIC_STATUSES
