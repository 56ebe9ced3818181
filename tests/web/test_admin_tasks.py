"""Admin: background tasks — each periodic duty with its schedule, next run and last run, run by hand; the jobs, a
failed one started again; a failed integrity check shown to admins on every page."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from wharf_credit.models import AuditEntry, RatingRow
from wharf_credit.queue import duties, jobs, tasks


from ..cli.test_measures_cli import rated
from ..services.test_rerate import T, random_registry
from .test_admin_rules import text, wait_for_job


def test_each_duty_shows_its_schedule_and_next_run_and_runs_by_hand(app, admin_client, session, book):
    _, closed = rated(session, book, status="published")
    closed.objection_until = dt.date.today() - dt.timedelta(days=1)
    session.commit()
    page = text(admin_client.get("/admin/tasks"))
    assert "Make final the published ratings whose objection window has closed" in page
    assert "<code translate=\"no\">10 1 * * *</code>" in page and "China Standard Time" in page
    assert page.count("never run") == 4 and "Waiting in the queue: 0 tasks; 0 waiting to be retried." in page
    ran = admin_client.post("/admin/tasks/duties/finalise/run")
    assert ran.status_code == 303 and ran.headers["Location"].endswith("/admin/tasks")
    page = text(admin_client.get("/admin/tasks"))
    assert "1 ratings made final" in page and page.count("never run") == 3
    session.expire_all()
    assert session.get(RatingRow, closed.id).status == "final"
    assert admin_client.post("/admin/tasks/duties/nope/run").status_code == 404


ALARM = "The last integrity check (audit chain and stored ratings) did not pass."


def tampered(session, book) -> tuple[AuditEntry, str]:
    """The first audit entry altered in place, and its action as it was."""
    rated(session, book)
    entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).first()
    action, entry.action = entry.action, "rating.rewritten"
    session.commit()
    return entry, action


def test_a_failed_integrity_check_is_shown_to_admins_on_every_page_until_one_passes(app, admin_client, session, book,
                                                                                  tmp_path):
    app.config["AUDIT_CHECKPOINT_FILE"] = str(tmp_path / "checkpoints.jsonl")
    entry, action = tampered(session, book)
    admin_client.post("/admin/tasks/duties/audit_verify/run")
    alarm = ALARM
    assert alarm in text(admin_client.get("/admin/rules"))
    tasks_page = text(admin_client.get("/admin/tasks"))
    assert alarm in tasks_page and "found problems" in tasks_page and "content altered" in tasks_page
    entry.action = action  # put back as it was
    session.commit()
    admin_client.post("/admin/tasks/duties/audit_verify/run")
    assert alarm not in text(admin_client.get("/admin/rules"))
    assert duties.last_run("audit_verify")["status"] == "ok"


def test_the_public_sees_nothing_of_a_failed_integrity_check(app, client, session, book, tmp_path):
    app.config["AUDIT_CHECKPOINT_FILE"] = str(tmp_path / "checkpoints.jsonl")
    tampered(session, book)
    assert duties.run("audit_verify", "cli").ok is False
    page = text(client.get("/grades?lang=en"))
    assert "Published grades" in page and ALARM not in page


def test_a_failed_job_is_listed_with_its_error_and_started_again_with_the_same_settings(app, admin_client, session,
                                                                                       ruleset, monkeypatch):
    random_registry(session, ruleset, 4)

    def broken(*args, **kw):
        raise RuntimeError("disk full")

    monkeypatch.setattr(tasks, "rerate_all", broken)
    failed = tasks.start_rerate(T, ruleset.version, "admin")
    page = text(admin_client.get("/admin/tasks"))
    assert "Re-rating of every wharf" in page and "disk full" in page and "Start again" in page
    monkeypatch.undo()
    again = admin_client.post(f"/admin/tasks/jobs/{failed['id']}/retry")
    assert again.status_code == 303 and f"/admin/rules/jobs/{failed['id']}" not in again.headers["Location"]
    done = wait_for_job(admin_client, again.headers["Location"])
    assert "Done: 4 wharves rated" in done
    new = jobs.current("rerate")
    assert (new["as_of"], new["ruleset"]) == (failed["as_of"], failed["ruleset"]) and new["actor"] != "admin"
    refused = admin_client.post(f"/admin/tasks/jobs/{new['id']}/retry")  # done: nothing to start again
    assert refused.status_code == 303
    assert "Only a job that failed" in text(admin_client.get("/admin/tasks"))
    assert admin_client.post("/admin/tasks/jobs/0123456789abcdef/retry").status_code == 404


def test_the_menu_leads_admins_to_the_tasks_page(admin_client):
    assert 'href="/admin/tasks"' in text(admin_client.get("/admin/rules"))


def test_admins_see_the_draw_reminder_until_the_quarters_draw_is_made(app, admin_client, session, book):
    from wharf_credit.domain.supervision.draws import period_of
    from wharf_credit.services.inspections import run_draw

    period = period_of(dt.date.today())
    assert "draw-reminder" not in text(admin_client.get("/admin/tasks"))  # the duty has not run
    admin_client.post("/admin/tasks/duties/draw_reminder/run")
    page = text(admin_client.get("/admin/tasks"))
    assert f"The inspection draw (双随机) for {period} has not been made yet" in page
    assert 'href="/inspections/new">Make the draw</a>' in page and f"The {period} draw is not made yet." in page
    run_draw(session, book, period, "seed-1", "tests")
    assert "draw-reminder" not in text(admin_client.get("/admin/tasks"))
