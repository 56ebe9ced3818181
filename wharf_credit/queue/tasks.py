"""The tasks the consumer runs. Each is thin: find the app, run one service function in its own app context (so its
own database session and transaction), record the outcome on the job."""
from __future__ import annotations

import datetime as dt
from typing import Any

from huey.exceptions import HueyException

from ..extensions import db
from ..rules import rule_store
from ..services.rerate import rerate_all
from . import jobs
from .broker import flask_app, huey


@huey.task(name="rerate", context=False)
def rerate_task(job_id: str) -> None:
    """Re-rate every wharf as the job says (services.rerate.rerate_all: one all-or-nothing transaction)."""
    app = flask_app()
    with app.app_context(), jobs.running(job_id) as progress:
        if progress is None:
            return  # cancelled while queued
        job = progress.job
        day = dt.date.fromisoformat(job["as_of"])
        ruleset = rule_store().book.version(job["ruleset"])
        report = rerate_all(db.engine, ruleset, day, job["actor"], progress=progress)
        progress.job["report"] = {"batch_id": report.batch_id, "ruleset": report.ruleset,
                                  "as_of": report.as_of.isoformat(), "wharves": report.wharves,
                                  "grades": report.grades, "calibrator": report.calibrator}
        progress.job.update(done=report.wharves, total=report.wharves)


def start_rerate(day: dt.date, ruleset_version: str, actor: str) -> dict[str, Any] | None:
    """Queue a re-rating of every wharf as of `day`: the new job, or None while one is queued or running."""
    job = jobs.create("rerate", actor, as_of=day.isoformat(), ruleset=ruleset_version)
    if job is None:
        return None
    try:
        rerate_task(job["id"])
    except HueyException as exc:  # the queue's storage refused the task
        jobs.discard(job, str(exc))
        raise
    return jobs.get(job["id"]) or job
