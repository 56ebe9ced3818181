"""The tasks the consumer runs. Each is thin: find the app, run one service function in its own app context (so its
own database session and transaction), record the outcome on the job."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from huey.exceptions import HueyException
from sqlalchemy.exc import OperationalError

from ..calibration import passes_gate
from ..config import candidates_dir
from ..domain import load_ruleset
from ..extensions import db
from ..rules import rule_store
from ..services.calibrator_training import STAGES, train_calibrator
from ..services.ratings import calibrators_root
from ..services.rerate import rerate_all
from ..services.whatif import diff as whatif_diff
from ..services.whatif import report_json
from . import jobs
from .broker import flask_app, huey, write_json


# A job is retried (RETRIES times, after RETRY_DELAY seconds, doubled each time) only after an error that may pass:
# the database or the disk unavailable for a moment. A refusal (too little history, a changed candidate, a rule-set
# problem) fails at once: trying again would say the same.
RETRIES = 2
RETRY_DELAY = 30
TRANSIENT = (OperationalError, OSError)


@contextmanager
def as_job(job_id: str, task: Any = None) -> Iterator[jobs.Progress | None]:
    """The body runs in the app's own context (its own session and transaction) as job `job_id` (jobs.running);
    None when the job was cancelled before it started. `task`: huey's, for the retries it has left."""
    retries_left = int(getattr(task, "retries", 0) or 0)
    with flask_app().app_context(), jobs.running(job_id, retries_left, TRANSIENT) as progress:
        yield progress


@huey.task(name="rerate", context=True, retries=RETRIES, retry_delay=RETRY_DELAY, retry_backoff=2)
def rerate_task(job_id: str, task: Any = None) -> None:
    """Re-rate every wharf as the job says (services.rerate.rerate_all: one all-or-nothing transaction)."""
    with as_job(job_id, task) as progress:
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
    return _enqueue("rerate", rerate_task, actor, as_of=day.isoformat(), ruleset=ruleset_version)


def _enqueue(kind: str, task: Any, actor: str, **params: Any) -> dict[str, Any] | None:
    """A new job of `kind` with `params`, handed to `task`; None while another job of the kind is queued or runs."""
    job = jobs.create(kind, actor, **params)
    if job is None:
        return None
    try:
        task(job["id"])
    except HueyException as exc:  # the queue's storage refused the task
        jobs.discard(job, str(exc))
        raise
    return jobs.get(job["id"]) or job

@huey.task(name="calibrator", context=True, retries=RETRIES, retry_delay=RETRY_DELAY, retry_backoff=2)
def training_task(job_id: str, task: Any = None) -> None:
    """Train a calibrator as the job says (services.calibrator_training.train_calibrator); progress in stages."""
    with as_job(job_id, task) as progress:
        if progress is None:
            return  # cancelled while queued
        job = progress.job
        root = calibrators_root()
        if root is None:
            raise RuntimeError("no calibrators folder: set CALIBRATOR_DIR")
        report = train_calibrator(
            db.session, root, rule_store().book.version(job["ruleset"]), dt.date.fromisoformat(job["today"]),
            job["ident"], simulated=job.get("simulated"), seed=int(job.get("seed") or 0),
            since=_day(job.get("since")), until=_day(job.get("until")), owner=job.get("owner") or "",
            components=tuple(job.get("components") or ()), test_fraction=float(job.get("test_fraction") or 0.25),
            boot=int(job.get("boot") or 200),
            on_step=lambda stage, _detail: progress(STAGES.index(stage) + 1, len(STAGES)))
        progress.job["report"] = {"id": report.saved.id, "sha256": report.saved.sha256, "kind": report.model.kind,
                                  "reason": report.model.reason, "train_rows": report.train_rows,
                                  "test_rows": report.test_rows, "gate": passes_gate(report.metrics),
                                  "ruleset": report.ruleset}


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def start_training(ruleset_version: str, today: dt.date, ident: str, actor: str, **settings: Any
                   ) -> dict[str, Any] | None:
    """Queue the training of calibrator `ident`: the new job, or None while another training is queued or runs."""
    params = {k: (v.isoformat() if isinstance(v, dt.date) else list(v) if isinstance(v, tuple) else v)
              for k, v in settings.items()}
    return _enqueue("calibrator", training_task, actor, ruleset=ruleset_version, today=today.isoformat(), ident=ident,
                    **params)


@huey.task(name="whatif", context=True, retries=RETRIES, retry_delay=RETRY_DELAY, retry_backoff=2)
def whatif_task(job_id: str, task: Any = None) -> None:
    """The what-if of a candidate rule set over every wharf (services.whatif.diff), stored beside the job."""
    with as_job(job_id, task) as progress:
        if progress is None:
            return  # cancelled while queued
        job = progress.job
        candidate = load_ruleset(candidates_dir() / job["candidate"], check_examples=False)
        if candidate.sha256 != job["sha256"]:
            raise RuntimeError("the candidate's files changed after the what-if was asked for: ask for it again")
        report = whatif_diff(db.engine, rule_store().book, candidate, dt.date.fromisoformat(job["as_of"]),
                             progress=progress)
        write_json(jobs.data_key(job_id), report_json(report))
        progress.job["report"] = {"wharves": report.wharves, "moved": report.moved, "changes": len(report.changes),
                                  "against": report.current.version}
        progress.job.update(done=report.wharves, total=report.wharves)


def start_whatif(candidate: str, sha256: str, day: dt.date, actor: str) -> dict[str, Any] | None:
    """Queue the what-if of candidate folder `candidate` (its content `sha256`) as of `day`."""
    return _enqueue("whatif", whatif_task, actor, candidate=candidate, sha256=sha256, as_of=day.isoformat())
