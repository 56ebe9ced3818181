"""Rating a stored wharf and keeping the result: inputs, outputs and the rule-set hash, enough to recompute it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from ..domain import RuleBook, parse_facts, rate
from ..domain.rating import Rating
from ..models import RatingRow, Wharf
from . import audit
from .facts import facts_for


def stored_result(rating: Rating) -> dict[str, Any]:
    """What the rating page needs, in both languages."""
    zh, en = rating.to_dict("zh_CN"), rating.to_dict("en")
    keys = ("vetoes", "caps", "downgrades", "reasons", "next_grade", "measures")
    return {"zh_CN": {k: zh[k] for k in keys}, "en": {k: en[k] for k in keys}, "trace": zh["trace"]}


def rating_row(wharf_id: int, rating: Rating, inputs: dict[str, Any], actor_id: int | None,
               assessment_id: int | None = None) -> RatingRow:
    cal = None
    if rating.calibrator is not None:
        c = rating.calibrator
        cal = {"id": c.id, "probability": c.p_model, "reference_probability": c.p_ref, "adjustment": c.points}
    return RatingRow(
        wharf_id=wharf_id, assessment_id=assessment_id, as_of=rating.as_of, score=rating.score, grade=rating.grade,
        base_grade=rating.base_grade, components=dict(rating.components), result=stored_result(rating),
        inputs=inputs, ruleset_id=rating.ruleset["id"], ruleset_version=rating.ruleset["version"],
        ruleset_sha256=rating.ruleset["sha256"], calibrator=cal, status="provisional", created_by=actor_id)


def rate_wharf(session: Session, book: RuleBook, wharf: Wharf, as_of: dt.date, actor: Any,
               values: dict[str, Any] | None = None, assessment_id: int | None = None) -> RatingRow:
    """Rate a wharf from its stored facts (or `values` for a new assessment) and store the rating (no commit)."""
    ruleset = book.for_date(as_of)
    inputs = facts_for(session, wharf, as_of, values)
    rating = rate(parse_facts(inputs, ruleset), ruleset)
    row = rating_row(wharf.id, rating, inputs, getattr(actor, "id", None), assessment_id)
    session.add(row)
    session.flush()
    audit.record(session, actor_name(actor), "rating.created", "rating", row.id, None, row.audit_view())
    return row


def rating_result(row: RatingRow, book: RuleBook) -> dict[str, Any]:
    """The stored texts and trace of a rating (zh_CN, en, trace). A batch rating (`flask rate --all`) stores only
    its outcome; its sentences and trace are written here from its stored inputs, which give the same rating."""
    result = row.result or {}
    if "zh_CN" in result:
        return result
    ruleset = next((rs for rs in book.rulesets if rs.sha256 == row.ruleset_sha256), None)
    if ruleset is None:
        return {"zh_CN": {}, "en": {}, "trace": []}
    return stored_result(rate(parse_facts(row.inputs, ruleset), ruleset))


def actor_name(actor: Any) -> str:
    return getattr(actor, "username", None) or str(actor or "system")


def latest_rating(session: Session, wharf_id: int, published_only: bool = False) -> RatingRow | None:
    q = select(RatingRow).where(RatingRow.wharf_id == wharf_id)
    if published_only:
        q = q.where(RatingRow.status.in_(("published", "final")))
    return session.execute(q.order_by(RatingRow.as_of.desc(), RatingRow.id.desc()).limit(1)).scalar()


def rating_history(session: Session, wharf_id: int) -> list[RatingRow]:
    return list(session.execute(select(RatingRow).where(RatingRow.wharf_id == wharf_id)
                                .order_by(RatingRow.as_of, RatingRow.id)).scalars())


@dataclass(frozen=True)
class RecheckReport:
    checked: int
    problems: list[str]


def recheck_ratings(session: Session, book: RuleBook, batch: int = 500) -> RecheckReport:
    """Re-rate every stored rating from its stored inputs with the rule set of its stored hash; list differences."""
    by_sha = {rs.sha256: rs for rs in book.rulesets}
    problems: list[str] = []
    checked = 0
    last = 0
    while True:
        rows = session.execute(select(RatingRow).options(undefer(RatingRow.inputs)).where(RatingRow.id > last)
                               .order_by(RatingRow.id).limit(batch)).scalars().all()
        if not rows:
            break
        for row in rows:
            last = row.id
            checked += 1
            ruleset = by_sha.get(row.ruleset_sha256)
            if ruleset is None:
                problems.append(f"rating {row.id}: rule set {row.ruleset_version} sha256 {row.ruleset_sha256[:12]}"
                                " is not among the loaded rule sets; cannot recompute")
                continue
            if row.calibrator is not None:
                problems.append(f"rating {row.id}: made with calibrator {row.calibrator.get('id')}, which this"
                                " check cannot load; not recomputed")
                continue
            again = rate(parse_facts(row.inputs, ruleset), ruleset)
            diffs = []
            if again.score != row.score:
                diffs.append(f"score {row.score} != {again.score}")
            if again.grade != row.grade:
                diffs.append(f"grade {row.grade} != {again.grade}")
            if dict(again.components) != dict(row.components):
                diffs.append(f"components {row.components} != {dict(again.components)}")
            if diffs:
                problems.append(f"rating {row.id} (wharf {row.wharf_id}, as of {row.as_of}): " + "; ".join(diffs))
        session.expunge_all()
    return RecheckReport(checked, problems)
