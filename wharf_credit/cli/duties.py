"""`flask duties list|run NAME`: the periodic duties the task worker performs on its schedule, and running one by
hand (the same function, recorded the same way)."""
from __future__ import annotations

import datetime as dt
from typing import Any

import click
from flask import Flask, current_app

from .. import clock
from ..queue import duties
from .common import fail, performs

duties_cli = click.Group("duties", help="Periodic duties (finalise ratings, audit verify, ...).")


@duties_cli.command("list")
@performs("administer")
def list_cmd() -> None:
    """Each duty: its schedule (bureau time), its next run, and how its last run ended."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    click.echo(f"times in {app.config['TIMEZONE']}")
    for name, line in duties.schedules(app).items():
        upcoming = duties.next_run(name, app, clock.utcnow())
        click.echo(f"{name:<14} {line or 'off':<14} next {upcoming.isoformat(sep=' ') if upcoming else '-':<19}  "
                   f"{_last(duties.last_run(name), app)}")


def _last(run: dict[str, Any] | None, app: Flask) -> str:
    if run is None:
        return "never run"
    when = duties.to_local(dt.datetime.fromisoformat(run.get("finished") or run["started"]), app)
    said = run.get("summary") or run.get("error")
    return f"last {run['status']} {when.isoformat(sep=' ')}" + (f": {said}" if said else "")


@duties_cli.command("run")
@click.argument("name", type=click.Choice(sorted(duties.DUTIES)))
@performs("administer")
def run_cmd(name: str) -> None:
    """Perform one duty now (idempotent: a second run changes nothing)."""
    try:
        outcome = duties.run(name, "cli")
    except Exception as exc:  # noqa: BLE001 — recorded as the duty's failure; the command says it in one line
        fail(f"{name} failed: {exc}")
    click.echo(f"{name}: {outcome.summary}")
    if not outcome.ok:
        for problem in outcome.details.get("problems", []):
            click.echo(problem, err=True)
        fail(f"{name} found problems")


def register(app: Flask) -> None:
    app.cli.add_command(duties_cli)
