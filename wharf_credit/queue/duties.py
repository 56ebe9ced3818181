"""Periodic duties: what has to happen because time passes, run by the task worker on a schedule in the bureau's time
zone, each also runnable by hand (`flask duties run NAME`, "run now" on /admin/tasks).

Each duty is one service function: one transaction, audited where it changes something, and idempotent (a second run
on the same day changes nothing). A duty that raises is retried with exponential backoff (RETRIES times, starting
after RETRY_DELAY seconds), then recorded as failed with its error. The last run of each duty (when, how it ended,
what it did) is kept in the queue's storage beside the job records, for the admin page and the CLI.

DUTY_SCHEDULE (config.py holds the defaults) maps each duty to a crontab line "minute hour day month weekday" in
TIMEZONE; an empty line, or no line, turns the duty off. An unknown duty or a line that is not a crontab line stops
the app at start.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask
from huey import crontab

from .. import clock
from ..config import ConfigError
from ..db_setup import audit_checkpoint_path
from ..extensions import db
from ..rules import rule_store
from ..services.inspections import remind_of_draw
from ..services.integrity import verify_everything
from ..services.publication import finalise_expired
from ..services.reassessment import flag_due
from .broker import flask_app, huey, read_json, write_json
from .jobs import process_gone, worker_identity

RETRIES = 3
RETRY_DELAY = 60  # seconds before the first retry; doubled for each further one
ACTOR = "schedule"  # the actor of what a duty changes, in the audit trail
LOOKAHEAD_DAYS = 40  # how far ahead "next run" is searched


@dataclass(frozen=True)
class Outcome:
    ok: bool  # False: the duty ran and found something wrong (a failed integrity check), not an error
    summary: str
    details: dict[str, Any]


@dataclass(frozen=True)
class Duty:
    name: str
    perform: Callable[[], Outcome]  # runs inside an app context


def _finalise() -> Outcome:
    done = finalise_expired(db.session, ACTOR, clock.today())
    return Outcome(True, f"{len(done)} published ratings made final", {"finalised": done})


def _reassessment() -> Outcome:
    today = clock.today()
    validity = rule_store().book.for_date(today).policy.validity_months
    report = flag_due(db.session, ACTOR, today, validity)
    return Outcome(True, f"{len(report.flagged)} wharves flagged as due for reassessment, {len(report.cleared)} "
                         f"cleared; {report.open} due", {"flagged": report.flagged, "cleared": report.cleared,
                                                         "open": report.open})


def _draw_reminder() -> Outcome:
    due = remind_of_draw(db.session, ACTOR, clock.today())
    said = f"the {due.period} inspection draw has been made" if due.drawn else \
        f"the {due.period} inspection draw is not made yet (the quarter began {due.starts.isoformat()})"
    return Outcome(True, said, {"period": due.period, "starts": due.starts.isoformat(), "drawn": due.drawn,
                                "reminded": due.reminded})


def _audit_verify() -> Outcome:
    app = flask_app()
    report = verify_everything(db.session, rule_store().book, audit_checkpoint_path(app))
    return Outcome(report.ok, report.summary(), {
        "entries": report.entries, "ratings": report.ratings_checked, "problem_count": len(report.problems),
        "problems": report.problems[:50], "checkpoint": report.checkpoint_written})


DUTIES: dict[str, Duty] = {d.name: d for d in (
    Duty("finalise", _finalise),
    Duty("reassessment", _reassessment),
    Duty("draw_reminder", _draw_reminder),
    Duty("audit_verify", _audit_verify),
)}


def schedules(app: Flask) -> dict[str, str]:
    """Each duty's crontab line ("" = off), from DUTY_SCHEDULE."""
    configured = app.config.get("DUTY_SCHEDULE") or {}
    return {name: str(configured.get(name) or "").strip() for name in DUTIES}


def parse(line: str) -> Callable[[dt.datetime], bool] | None:
    """A crontab line -> the test of a (local, minute) time; None for an empty line (the duty is off)."""
    if not line:
        return None
    fields = line.split()
    if len(fields) != 5:
        raise ValueError(f"{line!r} has {len(fields)} fields, a crontab line has 5: minute hour day month weekday")
    minute, hour, day, month, weekday = fields
    return crontab(minute=minute, hour=hour, day=day, month=month, day_of_week=weekday, strict=True)


def check_schedule(app: Flask) -> None:
    """Refuse unknown duties and lines that are not crontab lines (called by create_app)."""
    unknown = set(app.config.get("DUTY_SCHEDULE") or {}) - set(DUTIES)
    if unknown:
        raise ConfigError(f"DUTY_SCHEDULE names unknown duties {sorted(unknown)}; known: {sorted(DUTIES)}")
    for name, line in schedules(app).items():
        try:
            parse(line)
        except ValueError as exc:
            raise ConfigError(f"DUTY_SCHEDULE[{name!r}]: {exc}") from exc


def to_local(utc_naive: dt.datetime, app: Flask) -> dt.datetime:
    """A naive UTC time (huey's timestamps, the stored times) as the bureau's wall-clock time, naive."""
    zone = ZoneInfo(app.config.get("TIMEZONE") or "UTC")
    return utc_naive.replace(tzinfo=dt.UTC).astimezone(zone).replace(tzinfo=None)


def local_minute(utc_naive: dt.datetime, app: Flask) -> dt.datetime:
    return to_local(utc_naive, app).replace(second=0, microsecond=0)


def is_due(name: str, utc_naive: dt.datetime) -> bool:
    app = flask_app()
    test = parse(schedules(app)[name])
    return test is not None and test(local_minute(utc_naive, app))


def next_run(name: str, app: Flask, after_utc: dt.datetime) -> dt.datetime | None:
    """The next local minute after `after_utc` the duty is due at (None: off, or not within LOOKAHEAD_DAYS)."""
    test = parse(schedules(app)[name])
    if test is None:
        return None
    moment = local_minute(after_utc, app) + dt.timedelta(minutes=1)
    for _ in range(LOOKAHEAD_DAYS * 24 * 60):
        if test(moment):
            return moment
        moment += dt.timedelta(minutes=1)
    return None


def _key(name: str) -> str:
    return f"duty:{name}"


def last_run(name: str) -> dict[str, Any] | None:
    """How the duty's last run ended; a run whose process has ended without saying so is "interrupted"."""
    run = read_json(_key(name))
    if not isinstance(run, dict):
        return None
    if run.get("status") == "running" and process_gone(run):
        return {**run, "status": "interrupted"}
    return run


def _record(name: str, **state: Any) -> None:
    write_json(_key(name), {"name": name, **state})


def run(name: str, trigger: str, retries_left: int = 0) -> Outcome:
    """Perform duty `name` now, in its own app context and transaction, and record how it ended. An error is
    recorded (as retrying while `retries_left`) and raised again, for huey to retry."""
    duty = DUTIES[name]
    app = flask_app()
    started = clock.utcnow().isoformat(timespec="seconds")
    _record(name, status="running", started=started, trigger=trigger, **worker_identity())
    with app.app_context():
        try:
            outcome = duty.perform()
        except Exception as exc:  # its unit of work rolled back; the app context's end discards the session
            _record(name, status="retrying" if retries_left else "failed", started=started, trigger=trigger,
                    finished=clock.utcnow().isoformat(timespec="seconds"),
                    error=str(exc) or exc.__class__.__name__, retries_left=retries_left)
            raise
    _record(name, status="ok" if outcome.ok else "problems", started=started, trigger=trigger,
            finished=clock.utcnow().isoformat(timespec="seconds"), summary=outcome.summary, details=outcome.details)
    return outcome


def _periodic(name: str) -> None:
    @huey.periodic_task(lambda ts: is_due(name, ts), retries=RETRIES, retry_delay=RETRY_DELAY, retry_backoff=2,
                        context=True, name=f"duty.{name}")
    def scheduled(task: Any = None) -> None:
        run(name, "schedule", retries_left=task.retries if task is not None else 0)


for _name in DUTIES:
    _periodic(_name)


@huey.task(retries=RETRIES, retry_delay=RETRY_DELAY, retry_backoff=2, context=True, name="duty.now")
def run_now(name: str, task: Any = None) -> None:
    """A duty run outside its schedule (an admin's "run now" or "retry"), retried like a scheduled one."""
    run(name, "admin", retries_left=task.retries if task is not None else 0)
