"""`flask rate --all [--as-of DATE] [--ruleset VERSION]`: re-rate every wharf in one all-or-nothing batch."""
from __future__ import annotations

import datetime as dt

import click
from flask import Flask

from .. import clock
from .common import fail, performs
from ..domain import DomainError
from ..extensions import db
from ..rules import rule_store
from ..queue.tasks import start_rerate
from ..services.rerate import rerate_all


@click.command("rate")
@click.option("--all", "all_", is_flag=True, required=True, help="Every wharf in the registry.")
@click.option("--as-of", "as_of", default=None, help="Rating date YYYY-MM-DD (default: today).")
@click.option("--ruleset", "version", default=None, help="Rule-set version (default: the one in force on as-of).")
@click.option("--chunk", default=2000, show_default=True, help="Wharves read and written per step.")
@click.option("--queue", "queued", is_flag=True,
              help="Queue it as a background job (run by the task worker; `flask jobs show ID`) instead.")
@performs("administer")
def rate_all(all_: bool, as_of: str | None, version: str | None, chunk: int, queued: bool) -> None:
    """Re-rate every wharf (vectorised), writing all ratings in one transaction: all or nothing."""
    try:
        day = dt.date.fromisoformat(as_of) if as_of else clock.today()
    except ValueError:
        fail(f"--as-of must be a date YYYY-MM-DD, got {as_of!r}")
    book = rule_store().book
    try:
        ruleset = book.version(version) if version else book.for_date(day)
    except KeyError:
        fail(f"no rule set {version!r} is loaded (loaded: {', '.join(book.versions())})")
    except DomainError as exc:
        fail("; ".join(p.message for p in exc.problems))
    if not ruleset.effective_on(day):
        fail(f"rule set {ruleset.version} is not in force on {day} (its window starts {ruleset.effective_from})")
    if queued:
        job = start_rerate(day, ruleset.version, "cli")
        if job is None:
            fail("a re-rating job is already queued or running (`flask jobs list`)")
        click.echo(f"job {job['id']} {job['status']}: re-rating every wharf as of {day} with {ruleset.version}")
        return
    with click.progressbar(length=1, label=f"rating as of {day} with {ruleset.version}", file=None) as bar:
        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        report = rerate_all(db.engine, ruleset, day, "cli", chunk=chunk, progress=progress)
    grades = ", ".join(f"{g} {n}" for g, n in report.grades.items())
    click.echo(f"batch {report.batch_id}: {report.wharves} wharves rated with {report.ruleset} as of {day}: {grades}")


def register(app: Flask) -> None:
    app.cli.add_command(rate_all)
