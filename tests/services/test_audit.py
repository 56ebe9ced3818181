import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from wharf_credit.extensions import db as _db
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


# --- what verify detects and what it cannot (docs/operations.md, "Integrity check") ----------------------------------

def _chain(session, n=5):
    for i in range(n):
        audit.record(session, "tester", "thing.done", "thing", i, None, {"n": i})
    session.commit()
    return session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars().all()


def _rewrite_from(session, entry_id, **changes):
    """What someone with write access to the database but not the key can do: change an entry and recompute the
    unkeyed hash of it and of every entry after it, so the hash chain itself is consistent again."""
    session.execute(update(AuditEntry).where(AuditEntry.id == entry_id).values(**changes))
    session.commit()
    session.expire_all()
    prev = audit.GENESIS
    for e in session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars().all():
        if e.id >= entry_id:
            e.prev_hash = prev
            e.hash = audit.entry_hash(prev, e)
        prev = e.hash
    # unique hash columns: move the rewritten rows out of the way first
    session.flush()
    session.commit()


def test_every_entry_is_signed_with_the_key_outside_the_database(session):
    entries = _chain(session, 2)
    key = audit.key_for(session)
    assert key is not None and all(e.mac.startswith(key.ident + ":") for e in entries)
    assert all(key.signed(e.hash.encode(), e.mac) for e in entries)
    assert key.secret.decode() not in str([(e.hash, e.mac, e.before, e.after) for e in entries])


def test_detected_an_entry_rewritten_with_every_following_hash_recomputed(session):
    entries = _chain(session)
    _rewrite_from(session, entries[1].id, actor="mallory")
    problems = audit.verify_chain(session).problems
    assert problems and all("signature does not match" in p for p in problems)
    assert any(f"audit entry {entries[1].id}" in p for p in problems)


def test_detected_entries_deleted_from_the_end_up_to_a_checkpoint(session):
    entries = _chain(session)
    point = audit.checkpoint(session, audit.key_for(session))
    session.execute(delete(AuditEntry).where(AuditEntry.id >= entries[3].id))
    session.commit()
    problems = audit.verify_chain(session, checkpoints=[point]).problems
    assert len(problems) == 1 and f"entry {entries[-1].id}" in problems[0] and "missing" in problems[0]


def test_detected_the_whole_log_emptied_after_a_checkpoint(session):
    _chain(session, 2)
    point = audit.checkpoint(session, audit.key_for(session))
    session.execute(delete(AuditEntry))
    session.commit()
    assert "missing" in audit.verify_chain(session, checkpoints=[point]).problems[0]


def test_detected_a_checkpoint_edited_to_fit_a_shortened_log(session):
    entries = _chain(session)
    point = audit.checkpoint(session, audit.key_for(session))
    session.execute(delete(AuditEntry).where(AuditEntry.id >= entries[3].id))
    session.commit()
    forged = dataclasses.replace(point, id=entries[2].id, hash=entries[2].hash, entries=3)
    problems = audit.verify_chain(session, checkpoints=[forged]).problems
    assert len(problems) == 1 and "signature does not match (edited or forged)" in problems[0]


def test_detected_an_unsigned_entry_added_after_signed_ones(session):
    entries = _chain(session, 2)
    forged = AuditEntry(at=entries[-1].at, actor="mallory", action="thing.done", object_type="thing", object_id="x",
                        before=None, after=None, prev_hash=entries[-1].hash)
    forged.hash = audit.entry_hash(forged.prev_hash, forged)
    session.add(forged)
    session.commit()
    problems = audit.verify_chain(session).problems
    assert len(problems) == 1 and "not signed, after signed entries" in problems[0]


def test_detected_a_verify_with_another_key_says_so_instead_of_altered(session):
    _chain(session, 2)
    problems = audit.verify_chain(session, key=audit.AuditKey(b"some other key")).problems
    assert len(problems) == 2 and all("signed with another audit key" in p for p in problems)


def test_not_detected_entries_deleted_from_the_end_after_the_newest_checkpoint(session):
    entries = _chain(session)
    point = audit.checkpoint(session, audit.key_for(session))
    audit.record(session, "tester", "thing.done", "thing", "late")
    session.commit()
    session.execute(delete(AuditEntry).where(AuditEntry.id > entries[-1].id))
    session.commit()
    assert audit.verify_chain(session, checkpoints=[point]).problems == []  # a known limit: checkpoint often


def test_not_detected_a_truncation_when_no_checkpoint_is_given(session):
    entries = _chain(session)
    session.execute(delete(AuditEntry).where(AuditEntry.id >= entries[3].id))
    session.commit()
    assert audit.verify_chain(session).problems == []  # a known limit: keep checkpoints off the machine too


def test_entries_from_before_signing_are_chain_checked_and_counted(session):
    entries = _chain(session, 3)
    session.execute(update(AuditEntry).where(AuditEntry.id <= entries[1].id).values(mac=None))
    session.commit()
    report = audit.verify_chain(session)
    assert (report.problems, report.unsigned_before_signing) == ([], 2)


def test_checkpoints_round_trip_through_their_file_and_a_bad_line_is_named(tmp_path, session):
    _chain(session, 2)
    path = tmp_path / "points.jsonl"
    point = audit.checkpoint(session, audit.key_for(session))
    audit.append_checkpoint(path, point)
    with path.open("a") as fh:
        fh.write("not json\n")
    points, problems = audit.read_checkpoints(path)
    assert points == [point] and problems == [f"checkpoint file {path}:2: not a checkpoint"]


def test_audit_verify_writes_a_checkpoint_and_then_finds_a_truncation(app, session, runner):
    entries = _chain(session)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "0 checkpoints" in result.output, result.output
    points, _ = audit.read_checkpoints(Path(app.config["AUDIT_CHECKPOINT_FILE"]))
    assert [(p.id, p.entries) for p in points] == [(entries[-1].id, 5)]
    session.execute(delete(AuditEntry).where(AuditEntry.id >= entries[3].id))
    session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "missing now (entries deleted from the end?)" in result.output


def test_audit_checkpoint_prints_a_line_that_verify_accepts_back(app, session, runner, tmp_path):
    entries = _chain(session)
    result = runner.invoke(args=["audit", "checkpoint", "--print"])
    assert result.exit_code == 0
    exported = tmp_path / "exported.jsonl"
    exported.write_text(result.stdout)
    session.execute(delete(AuditEntry).where(AuditEntry.id >= entries[4].id))
    session.commit()
    assert runner.invoke(args=["audit", "verify", "--no-checkpoint"]).exit_code == 0  # the local file knows nothing
    result = runner.invoke(args=["audit", "verify", "--checkpoint", str(exported)])
    assert result.exit_code == 1 and "missing" in result.output


def test_two_writers_racing_for_the_chain_head_both_land_when_the_loser_retries(app, session):
    """The loser of a race for the head (the unique prev_hash refuses its entry) runs its use case again."""
    from wharf_credit.services.uow import retrying

    audit.record(session, "tester", "thing.done", "thing", 0)
    session.commit()
    other = Session(_db.engine)  # a second connection, like another worker
    runs = []

    def racing_work():
        runs.append(1)
        if len(runs) == 1:  # while this use case runs, the other worker appends and commits first
            audit.record(other, "other-worker", "thing.done", "thing", "theirs")
            other.commit()
            entry = AuditEntry(at=dt.datetime(2026, 1, 1), actor="loser", action="thing.done", object_type="thing",
                               object_id="mine", before=None, after=None, prev_hash=session.execute(
                                   select(AuditEntry.prev_hash).where(AuditEntry.object_id == "theirs")).scalar())
            entry.hash = audit.entry_hash(entry.prev_hash, entry)  # built on the head this writer had read
            session.add(entry)
            session.flush()
        else:
            audit.record(session, "tester", "thing.done", "thing", "mine")

    retrying(session, racing_work)
    other.close()
    assert len(runs) == 2
    assert audit.verify_chain(session).problems == []
    assert session.execute(select(func.count()).select_from(AuditEntry)).scalar_one() == 3


def test_anything_but_a_lost_race_is_not_retried(app, session):
    from wharf_credit.services.uow import retrying

    runs = []

    def failing():
        runs.append(1)
        raise ValueError("a refused use case")

    with pytest.raises(ValueError):
        retrying(session, failing)
    assert runs == [1]
