import datetime as dt

import pytest
from sqlalchemy import select, update

from wharf_credit.models import AuditEntry, RatingRow
from wharf_credit.services import audit
from wharf_credit.services.assessments import submit_assessment
from wharf_credit.services.ratings import recheck_ratings

from ..factories import make_user, make_wharf


def test_each_entry_links_to_the_previous_one_and_the_chain_verifies(session):
    for i in range(3):
        audit.record(session, "tester", "thing.done", "thing", i, None, {"n": i, "名称": "码头"})
    session.commit()
    entries = session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars().all()
    assert entries[0].prev_hash == audit.GENESIS
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    report = audit.verify_chain(session)
    assert (report.entries, report.problems) == (3, [])


def test_an_altered_entry_is_detected(session):
    for i in range(3):
        audit.record(session, "tester", "thing.done", "thing", i, None, {"n": i})
    session.commit()
    middle = session.execute(select(AuditEntry.id).order_by(AuditEntry.id).offset(1).limit(1)).scalar()
    session.execute(update(AuditEntry).where(AuditEntry.id == middle).values(actor="mallory"))
    session.commit()
    problems = audit.verify_chain(session).problems
    assert len(problems) == 1 and f"audit entry {middle}" in problems[0] and "altered" in problems[0]


def test_a_deleted_entry_breaks_the_chain(session):
    for i in range(3):
        audit.record(session, "tester", "thing.done", "thing", i)
    session.commit()
    middle = session.execute(select(AuditEntry).order_by(AuditEntry.id).offset(1).limit(1)).scalar()
    session.delete(middle)
    session.commit()
    assert any("chain broken" in p for p in audit.verify_chain(session).problems)


def test_stored_ratings_recompute_identically_and_a_tampered_score_is_reported(session, book):
    inspector = make_user(session, "inspector")
    wharf = make_wharf(session)
    submit_assessment(session, book, wharf.id, {"G-DUST-01": 4}, inspector)
    assert recheck_ratings(session, book).problems == []
    session.execute(update(RatingRow).values(score=99.99))
    session.commit()
    problems = recheck_ratings(session, book).problems
    assert len(problems) == 1 and "score 99.99" in problems[0]


@pytest.mark.parametrize("bad", [float("inf"), float("-inf"), float("nan")])
def test_a_non_finite_number_is_refused_rather_than_stored_as_null_under_a_hash_of_infinity(session, bad):
    with pytest.raises(ValueError):
        audit.record(session, "tester", "thing.done", "thing", 1, None, {"capacity_kt": bad})
    session.rollback()
    assert audit.verify_chain(session) == audit.ChainReport(0, [])


def test_what_is_hashed_is_what_the_database_gives_back(session):
    values = {"x": 0.1 + 0.2, "big": 2**53 + 1, "tiny": 5e-324, "名称": "码头", "day": dt.date(2026, 1, 2),
              "nested": [{"a": None, "b": True}], 3: "non-string key"}
    entry = audit.record(session, "tester", "thing.done", "thing", 1, None, values)
    session.commit()
    hashed = entry.after
    session.expire_all()
    stored = session.get(AuditEntry, entry.id).after
    assert stored == hashed and stored["day"] == "2026-01-02" and stored["3"] == "non-string key"
    assert audit.verify_chain(session).problems == []
