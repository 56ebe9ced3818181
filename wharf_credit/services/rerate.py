"""Re-rate the whole registry at once (`flask rate --all`): SQLAlchemy Core reads in chunks, the vectorised
domain/rating/batch.py path, executemany writes — all in ONE transaction, so an interrupted run (an exception, a kill -9)
leaves the previous ratings exactly as they were, and the next run simply succeeds.

Stored batch ratings keep the facts they were computed from (`inputs`) and the compact outcome (grade, score,
components, the rules that fired); their sentences and trace are written from the inputs when a page first shows
them (`ratings.rating_result`), since a rating is a pure function of (facts, rule set, applied calibrator shift).

With an active calibrator the batch applies it exactly as a single rating does (the same check of the active
artefact, the same bounded shift before downgrades and caps); an unusable one means rules-only and a fallback note."""
from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ..domain import RuleSet, parse_facts
from ..domain.rating.batch import BatchInput, BatchResult, rate_batch
from ..domain.rating.batch_dicts import from_fact_dicts
from ..domain.rating.engine import Calibrator
from ..models import RatingRow, Wharf
from .. import clock
from ..clock import utcnow
from . import audit
from .facts import CHUNK, Chunk, read_facts
from .ratings import calibrator_in_use
from .uow import unit_of_work



class _Active:
    """rerate_all(calibrator=ACTIVE): the calibrator a single rating would use now."""

    def __repr__(self) -> str:
        return "ACTIVE"


ACTIVE = _Active()


def applicable(facts: dict[str, Any], ruleset: RuleSet) -> dict[str, Any]:
    """The facts with only the indicator values `ruleset` rates for the wharf's type: an assessment filed under an
    older rule set may hold indicators a newer one dropped, and those must not stop a re-rating."""
    known = ruleset.indicator_ids_by_type.get(facts["wharf"]["type"], frozenset())
    values = facts["indicators"]
    if all(k in known for k in values):
        return facts
    return {**facts, "indicators": {k: v for k, v in values.items() if k in known}}


def rate_chunk(chunk: Chunk, ruleset: RuleSet, as_of: dt.date, calibrator: Calibrator | None = None) -> BatchResult:
    """Rate a chunk: columns straight from the facts dicts, or, if anything in them needs a closer look, through
    parse_facts, which names every problem (FactsError) or vouches for facts the fast path was unsure of."""
    chunk.facts[:] = [applicable(f, ruleset) for f in chunk.facts]  # what is rated is what is stored as inputs
    columns = from_fact_dicts(chunk.facts, ruleset)
    if columns is None:
        columns = BatchInput.from_facts([parse_facts(f, ruleset) for f in chunk.facts], ruleset)
    return rate_batch(columns, ruleset, as_of, calibrator)


@dataclass(frozen=True)
class RerateReport:
    batch_id: str
    ruleset: str
    as_of: dt.date
    wharves: int
    grades: dict[str, int]
    calibrator: str | None = None  # the id of the calibrator applied, if any


def rerate_all(engine: Engine, ruleset: RuleSet, as_of: dt.date, actor: str, chunk: int = CHUNK,
               progress: Callable[[int, int], None] | None = None,
               after_chunk: Callable[[int], None] | None = None,
               calibrator: Calibrator | _Active | None = ACTIVE) -> RerateReport:
    """Rate every wharf as of `as_of` under `ruleset` and store the ratings in one all-or-nothing transaction.

    `calibrator`: ACTIVE (the default) uses the one a single rating would use now (services.ratings
    .calibrator_in_use), None rates rules-only. `progress(done, total)` is called after each chunk;
    `after_chunk(n)` is a test hook (to inject a failure)."""
    record: dict[str, Any] | None = None
    if isinstance(calibrator, _Active):
        calibrator, record = _active_calibrator(engine, ruleset, as_of)
    artefact = {"artefact_sha256": record["artefact_sha256"]} if record and record.get("artefact_sha256") else {}
    batch_id = clock.utcnow().strftime("%Y%m%d%H%M%S") + "-" + secrets.token_hex(4)
    grades = {g.code: 0 for g in ruleset.grades}
    done = 0
    now = utcnow()
    with engine.begin() as conn:  # one transaction: commit at the end, roll back on any error or a killed process
        total = conn.execute(select(func.count()).select_from(Wharf.__table__)).scalar_one()
        for n, part in enumerate(read_facts(conn, as_of, chunk)):
            result = rate_chunk(part, ruleset, as_of, calibrator)
            rows = []
            for i, (wharf_id, out) in enumerate(zip(part.wharf_ids, result.rows(), strict=True)):
                grades[out["grade"]] += 1
                rows.append({
                    "wharf_id": wharf_id, "assessment_id": part.assessment_ids[i], "as_of": as_of,
                    "score": out["score"], "grade": out["grade"], "base_grade": out["base_grade"],
                    "components": out["components"],
                    "result": {"batch": batch_id, "vetoes": out["vetoes"], "caps": out["caps"],
                               "downgrades": out["downgrades"]},
                    "inputs": part.facts[i], "ruleset_id": ruleset.id, "ruleset_version": ruleset.version,
                    "ruleset_sha256": ruleset.sha256,
                    "calibrator": {**out["calibrator"], **artefact} if out["calibrator"] else None,
                    "status": "provisional",
                    "created_by": None, "created_at": now, "batch_id": batch_id})
            conn.execute(insert(RatingRow.__table__), rows)
            done += len(rows)
            if progress:
                progress(done, total)
            if after_chunk:
                after_chunk(n)
        cal_id = calibrator.id if calibrator is not None else None
        _audit(conn, actor, batch_id, ruleset, as_of, done, grades, cal_id)
    return RerateReport(batch_id, f"{ruleset.id} {ruleset.version}", as_of, done, grades, cal_id)


def _active_calibrator(engine: Engine, ruleset: RuleSet, as_of: dt.date
                       ) -> tuple[Calibrator | None, dict[str, Any] | None]:
    """The calibrator a single rating would use now. A fallback's audit entry is committed on its own: it stands
    whatever becomes of the batch."""
    with Session(bind=engine) as session, unit_of_work(session):
        found = calibrator_in_use(session, ruleset, as_of)
    return found


def _audit(conn: Connection, actor: str, batch_id: str, ruleset: RuleSet, as_of: dt.date, count: int,
           grades: dict[str, int], calibrator: str | None) -> None:
    """One audit entry for the batch, chained like every other (written with the batch, in its transaction)."""
    with Session(bind=conn) as session:
        audit.record(session, actor, "ratings.batch", "rating_batch", batch_id, None,
                     {"ruleset": ruleset.version, "sha256": ruleset.sha256, "as_of": as_of.isoformat(),
                      "ratings": count, "grades": grades, "calibrator": calibrator})
        session.flush()


__all__ = ["ACTIVE", "Chunk", "RerateReport", "rate_chunk", "read_facts", "rerate_all"]
