"""Periodic duties: each on its schedule in the bureau's time zone, each runnable by hand, each idempotent (a second
run changes nothing) and recorded; a failing one retried with backoff, then shown as failed with its error."""
from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import func, select

from wharf_credit.config import ConfigError
from wharf_credit.models import AuditEntry, RatingRow
from wharf_credit.queue import broker, duties, jobs

from ..cli.test_measures_cli import invoke, rated
from ..conftest import make_app, queue_consumer


def audit_count(session, action: str | None = None) -> int:
    query = select(func.count()).select_from(AuditEntry)
    if action:
        query = query.where(AuditEntry.action == action)
    return session.scalar(query)


@pytest.fixture
def windows(session, book):
    """One published rating whose objection window closed yesterday, one whose window is still open."""
    _, closed = rated(session, book, status="published")
    _, open_ = rated(session, book, status="published")
    closed.objection_until = dt.date.today() - dt.timedelta(days=1)
    open_.objection_until = dt.date.today() + dt.timedelta(days=3)
    session.commit()
    return closed, open_


def test_finalise_makes_closed_windows_final_once_and_a_second_run_changes_nothing(app, session, windows):
    closed, open_ = windows
    first = duties.run("finalise", "cli")
    assert first.ok and first.summary == "1 published ratings made final" and first.details == {"finalised": [closed.id]}
    session.expire_all()
    assert session.get(RatingRow, closed.id).status == "final" and session.get(RatingRow, open_.id).status == "published"
    entries = audit_count(session)
    [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "rating.finalised")).all()
    assert entry.actor == duties.ACTOR and entry.object_id == str(closed.id)
    second = duties.run("finalise", "cli")
    assert second.summary == "0 published ratings made final" and audit_count(session) == entries
    last = duties.last_run("finalise")
    assert last["status"] == "ok" and last["trigger"] == "cli" and last["summary"] == second.summary
    assert last["started"] <= last["finished"]


def test_audit_verify_passes_on_a_clean_log_writes_one_checkpoint_and_reports_tampering(app, session, windows,
                                                                                      tmp_path):
    app.config["AUDIT_CHECKPOINT_FILE"] = str(tmp_path / "checkpoints.jsonl")
    clean = duties.run("audit_verify", "cli")
    assert clean.ok and clean.details["checkpoint"] is not None and clean.summary.startswith("audit chain: ")
    assert duties.run("audit_verify", "cli").details["checkpoint"] is None  # the same head: no second checkpoint
    assert len((tmp_path / "checkpoints.jsonl").read_text().splitlines()) == 1
    entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).first()
    entry.action = "rating.rewritten"
    session.commit()
    found = duties.run("audit_verify", "cli")
    assert not found.ok and any("content altered" in p for p in found.details["problems"])
    assert duties.last_run("audit_verify")["status"] == "problems"


def test_a_failing_duty_is_recorded_with_its_error_and_raised_for_the_queue_to_retry(app, monkeypatch):
    def broken():
        raise RuntimeError("database gone")

    monkeypatch.setitem(duties.DUTIES, "finalise", duties.Duty("finalise", broken))
    with pytest.raises(RuntimeError, match="database gone"):
        duties.run("finalise", "schedule", retries_left=2)
    assert duties.last_run("finalise")["status"] == "retrying"
    with pytest.raises(RuntimeError):
        duties.run("finalise", "schedule", retries_left=0)
    last = duties.last_run("finalise")
    assert last["status"] == "failed" and last["error"] == "database gone"


def test_the_worker_retries_a_failing_duty_with_backoff_until_it_succeeds(app, tmp_path, monkeypatch):
    attempts = []

    def flaky():
        attempts.append(time.monotonic())
        if len(attempts) < 3:
            raise RuntimeError(f"attempt {len(attempts)} failed")
        return duties.Outcome(True, "done on the third attempt", {})

    monkeypatch.setitem(duties.DUTIES, "finalise", duties.Duty("finalise", flaky))
    with queue_consumer(app, f"sqlite:///{tmp_path / 'queue.sqlite3'}"):
        task = duties.run_now.s("finalise")
        task.retry_delay = 0.2  # backoff doubles it: 0.2 s, then 0.4 s
        broker.huey.enqueue(task)
        deadline = time.monotonic() + 20
        while (duties.last_run("finalise") or {}).get("status") != "ok":
            assert time.monotonic() < deadline, duties.last_run("finalise")
            time.sleep(0.05)
    assert len(attempts) == 3 and duties.last_run("finalise")["summary"] == "done on the third attempt"
    # each retry waits at least its delay, doubled the second time (huey's scheduler then picks it up on its next
    # tick, up to a second later, so only the lower bounds are certain)
    assert attempts[1] - attempts[0] >= 0.2 and attempts[2] - attempts[1] >= 0.4


def test_a_duty_is_due_at_its_crontab_minute_in_the_bureau_time_zone(app):
    assert app.config["TIMEZONE"] == "Asia/Shanghai" and duties.schedules(app)["finalise"] == "10 1 * * *"
    due = {t.name.rsplit(".", 1)[-1] for t in broker.huey.read_periodic(dt.datetime(2026, 12, 7, 17, 10))}
    assert due == {"finalise"}  # 17:10 UTC is 01:10 in Shanghai
    assert not broker.huey.read_periodic(dt.datetime(2026, 12, 8, 1, 10))  # 01:10 UTC is 09:10 there
    assert duties.next_run("finalise", app, dt.datetime(2026, 12, 7, 17, 10)) == dt.datetime(2026, 12, 9, 1, 10)
    assert duties.next_run("audit_verify", app, dt.datetime(2026, 12, 7, 17, 10)) == dt.datetime(2026, 12, 8, 2, 30)


def test_an_empty_line_turns_a_duty_off(app):
    app.config["DUTY_SCHEDULE"] = {**app.config["DUTY_SCHEDULE"], "finalise": ""}
    assert duties.next_run("finalise", app, dt.datetime(2026, 12, 7, 17, 0)) is None
    assert not duties.is_due("finalise", dt.datetime(2026, 12, 7, 17, 10))


@pytest.mark.parametrize(("schedule", "message"), [
    ({"finalise": "10 1 * *"}, r"DUTY_SCHEDULE\['finalise'\]: '10 1 \* \*' has 4 fields, a crontab line has 5"),
    ({"finalise": "61 1 * * *"}, r"DUTY_SCHEDULE\['finalise'\]: "),
    ({"finalize": "10 1 * * *"}, r"DUTY_SCHEDULE names unknown duties \['finalize'\]"),
])
def test_a_schedule_that_is_not_a_crontab_line_stops_the_app(schedule, message):
    with pytest.raises(ConfigError, match=message):
        make_app("sqlite://", DUTY_SCHEDULE=schedule)


def test_the_cli_lists_each_duty_with_its_next_run_and_runs_one_by_hand(runner, session, windows):
    listed = invoke(runner, "duties", "list").stdout.splitlines()
    assert listed[0] == "times in Asia/Shanghai"
    assert listed[1].startswith("finalise       10 1 * * *     next ") and listed[1].endswith("never run")
    ran = invoke(runner, "duties", "run", "finalise")
    assert ran.exit_code == 0 and ran.stdout == "finalise: 1 published ratings made final\n"
    assert "last ok " in invoke(runner, "duties", "list").stdout
    unknown = invoke(runner, "duties", "run", "nope")
    assert unknown.exit_code == 2 and "'nope' is not one of 'audit_verify', 'draw_reminder', 'finalise', 'reassessment'" in unknown.stderr


def test_reassessment_flags_out_of_date_wharves_once_and_clears_them_when_assessed(app, session, book):
    from wharf_credit.domain.calendar import first_day_out_of_date
    from wharf_credit.models import ReassessmentDue

    from ..factories import make_bare_assessment, make_company, make_wharf

    today = dt.date.today()
    company = make_company(session)
    old = make_wharf(session, company, name="两年前评估码头")
    make_bare_assessment(session, old, today - dt.timedelta(days=730))
    fresh = make_wharf(session, company, name="上月评估码头")
    make_bare_assessment(session, fresh, today - dt.timedelta(days=30))
    never = make_wharf(session, company, name="从未评估码头")
    session.commit()
    first = duties.run("reassessment", "cli")
    assert first.details == {"flagged": sorted([old.id, never.id]), "cleared": [], "open": 2}
    flags = {f.wharf_id: f for f in session.scalars(select(ReassessmentDue))}
    assert set(flags) == {old.id, never.id} and flags[old.id].flagged_on == today
    assert flags[old.id].due_since == first_day_out_of_date(today - dt.timedelta(days=730), 12)
    assert flags[never.id].last_assessed_on is None and flags[never.id].due_since == never.created_at.date()
    [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "reassessment.flagged")).all()
    assert entry.actor == duties.ACTOR and entry.after["flagged"] == sorted([old.id, never.id])
    assert duties.run("reassessment", "cli").details == {"flagged": [], "cleared": [], "open": 2}
    assert audit_count(session, "reassessment.flagged") == 1  # nothing changed, nothing recorded
    make_bare_assessment(session, old, today)
    session.commit()
    third = duties.run("reassessment", "cli")
    assert third.details == {"flagged": [], "cleared": [old.id], "open": 1}
    session.expire_all()
    assert session.get(ReassessmentDue, flags[old.id].id).cleared_on == today


def test_the_draw_reminder_is_recorded_once_a_quarter_and_stops_when_the_draw_is_made(app, session, book):
    from wharf_credit.domain.supervision.draws import period_of
    from wharf_credit.services.inspections import run_draw

    period = period_of(dt.date.today())
    first = duties.run("draw_reminder", "cli")
    assert first.details["period"] == period and first.details["drawn"] is False and first.details["reminded"] is True
    assert f"the {period} inspection draw is not made yet" in first.summary
    assert duties.run("draw_reminder", "cli").details["reminded"] is False  # once a quarter
    assert audit_count(session, "inspections.draw_due") == 1
    run_draw(session, book, period, "seed-1", "tests")
    made = duties.run("draw_reminder", "cli")
    assert made.details["drawn"] is True and made.summary == f"the {period} inspection draw has been made"
    assert audit_count(session, "inspections.draw_due") == 1


def test_a_run_whose_worker_died_is_shown_as_interrupted(app):
    import subprocess
    import sys

    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    duties._record("finalise", status="running", started="2026-12-08T01:10:00", trigger="schedule",
                   **{**jobs.worker_identity(), "pid": ended.pid})
    assert duties.last_run("finalise")["status"] == "interrupted"
    duties._record("finalise", status="running", started="2026-12-08T01:10:00", trigger="schedule",
                   **jobs.worker_identity())  # this process: alive
    assert duties.last_run("finalise")["status"] == "running"


def test_one_duty_is_rescheduled_from_the_environment_and_only_in_that_app(monkeypatch):
    monkeypatch.setenv("WHARF_CREDIT_DUTY_SCHEDULE__audit_verify", "0 3 * * *")
    moved = make_app("sqlite://")
    assert duties.schedules(moved) == {"finalise": "10 1 * * *", "reassessment": "20 1 * * *",
                                       "draw_reminder": "0 9 * * 1-5", "audit_verify": "0 3 * * *"}
    monkeypatch.delenv("WHARF_CREDIT_DUTY_SCHEDULE__audit_verify")
    assert duties.schedules(make_app("sqlite://"))["audit_verify"] == "30 2 * * *"
