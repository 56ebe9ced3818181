"""Admin: the task worker's work — background jobs (queued, running, ended; retry one that failed), the periodic
duties (schedule, next run, how the last run ended; run one now) and what waits in the queue."""
from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ... import clock
from ...queue import broker, duties, jobs
from ...config import candidates_dir
from ...domain import DomainError, load_ruleset
from ...queue.tasks import start_rerate, start_training, start_whatif
from ..access import requires
from . import bp


DUTY_TITLES = {
    "finalise": _l("Make final the published ratings whose objection window has closed"),
    "reassessment": _l("Flag the wharves due for reassessment (and clear those assessed since)"),
    "draw_reminder": _l("Remind of the quarter's inspection draw (双随机) while it is not made"),
    "audit_verify": _l("Integrity check: the audit chain, and every stored rating re-rated"),
}
RUN_STATUS = {"ok": _l("done"), "problems": _l("found problems"), "failed": _l("failed"),
              "retrying": _l("failed, will be retried"), "running": _l("running"),
              "interrupted": _l("interrupted (its worker stopped)")}
JOB_STATUS = {"queued": _l("queued"), "running": _l("running"), "done": _l("done"), "failed": _l("failed"),
              "cancelled": _l("cancelled"), "interrupted": _l("interrupted")}
JOB_KINDS = {"rerate": _l("Re-rating of every wharf"), "calibrator": _l("Training of a calibrator"),
             "whatif": _l("What-if of a candidate rule set")}
JOB_PAGES = {"rerate": "admin.job", "calibrator": "admin.calibrator_job", "whatif": "admin.whatif_job"}


@bp.get("/tasks")
@requires("administer")
def tasks():
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    zone = ZoneInfo(app.config["TIMEZONE"])
    now = clock.utcnow()
    rows = []
    for name, line in duties.schedules(app).items():
        upcoming = duties.next_run(name, app, now)
        rows.append({"name": name, "schedule": line, "next": upcoming.replace(tzinfo=zone) if upcoming else None,
                     "last": duties.last_run(name)})
    return render_template("admin/tasks.html", duties=rows, jobs=jobs.all_jobs(), titles=DUTY_TITLES,
                           run_status=RUN_STATUS, job_status=JOB_STATUS, job_kinds=JOB_KINDS, job_pages=JOB_PAGES,
                           pending=broker.huey.pending_count(), scheduled=broker.huey.scheduled_count())


@bp.post("/tasks/duties/<name>/run")
@requires("administer")
def run_duty(name: str):
    if name not in duties.DUTIES:
        abort(404)
    duties.run_now(name)  # queued; run at once where the queue is inline
    flash(_("The duty is queued; the task worker runs it within seconds."), "info")
    return redirect(url_for("admin.tasks")), 303


@bp.post("/tasks/jobs/<job_id>/cancel")
@requires("administer")
def cancel_job(job_id: str):
    """Cancel a queued job at once, or stop a running one after its current step (nothing it did is kept)."""
    found = jobs.get(job_id)
    if found is None or found.get("kind") not in JOB_PAGES:
        abort(404)
    state = jobs.cancel(job_id) or {}
    if state.get("status") == "cancelled":
        flash(_("The job was cancelled before it started."), "info")
    elif state.get("cancel_requested"):
        flash(_("The job stops after the step it is doing now; nothing it did is kept."), "info")
    return redirect(url_for(JOB_PAGES[found["kind"]], job_id=job_id)), 303


@bp.post("/tasks/jobs/<job_id>/retry")
@requires("administer")
def retry_job(job_id: str):
    """A new job with the same parameters as one that failed, was interrupted or was cancelled."""
    old = jobs.get(job_id)
    if old is None:
        abort(404)
    if old["status"] in jobs.ACTIVE or old["status"] == "done":
        flash(_("Only a job that failed, was interrupted or was cancelled can be started again."), "error")
        return redirect(url_for("admin.tasks")), 303
    job = _again(old)
    if job is None:
        flash(_("A job of this kind is already queued or running; wait until it has finished."), "error")
        return redirect(url_for("admin.tasks")), 303
    return redirect(url_for(JOB_PAGES[job["kind"]], job_id=job["id"])), 303


def _again(old: dict[str, Any]) -> dict[str, Any] | None:
    if old["kind"] == "rerate":
        return start_rerate(dt.date.fromisoformat(old["as_of"]), old["ruleset"], current_user.username)
    if old["kind"] == "whatif":  # the candidate as it is now
        try:
            cand = load_ruleset(candidates_dir() / old["candidate"], check_examples=False)
        except (DomainError, OSError):
            abort(404)
        return start_whatif(old["candidate"], cand.sha256, dt.date.fromisoformat(old["as_of"]),
                            current_user.username)
    if old["kind"] == "calibrator":  # the same settings, a new artefact id
        settings = {k: old.get(k) for k in ("simulated", "seed", "since", "until", "owner", "components",
                                            "test_fraction", "boot") if k in old}
        return start_training(old["ruleset"], clock.today(), "cal-" + clock.now().strftime("%Y%m%d-%H%M%S"),
                              current_user.username, **{k: _setting(k, v) for k, v in settings.items()})
    abort(404)


def _setting(name: str, value: Any) -> Any:
    """A training setting as stored on the job record, back to what start_training takes."""
    if name in ("since", "until") and value:
        return dt.date.fromisoformat(value)
    if name == "components" and value is not None:
        return tuple(value)
    return value
