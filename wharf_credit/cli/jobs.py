"""`flask jobs list|show|cancel`: the background jobs on the task queue (the same records the admin pages show).
`flask rate --all --queue` queues a re-rating instead of running it in the command."""
from __future__ import annotations

from typing import Any

import click
from flask import Flask

from ..queue import jobs
from .common import fail, performs

jobs_cli = click.Group("jobs", help="Background jobs on the task queue.")


def describe(job: dict[str, Any]) -> str:
    """One line: id, kind, status, progress (with rate and time left while running), who and when."""
    status = "interrupted" if job.get("interrupted") else job["status"]
    line = f"{job['id']}  {job['kind']:<8} {status:<11} {job.get('done', 0)}/{job.get('total', 0)}"
    if job.get("rate"):
        line += f"  {job['rate']:,.0f}/s, about {job.get('eta_seconds') or 0:,.0f} s left"
    what = f"as of {job['as_of']}" if job.get("as_of") else f"calibrator {job.get('ident', '-')}"
    line += f"  {what}  by {job.get('actor', '-')}  queued {job.get('enqueued', '-')}"
    if job.get("error"):
        line += f"  error: {job['error']}"
    return line


@jobs_cli.command("list")
@click.option("--kind", type=click.Choice(jobs.KINDS), default=None, help="Only jobs of this kind.")
@performs("administer")
def list_cmd(kind: str | None) -> None:
    """The kept jobs, newest first."""
    found = jobs.all_jobs(kind)
    if not found:
        click.echo("no jobs")
    for job in found:
        click.echo(describe(job))


@jobs_cli.command("show")
@click.argument("job_id")
@performs("administer")
def show_cmd(job_id: str) -> None:
    """One job, with its report when done."""
    job = _job_or_fail(job_id)
    click.echo(describe(job))
    report = job.get("report")
    if report and job["kind"] == "rerate":
        grades = ", ".join(f"{g} {n}" for g, n in report["grades"].items())
        click.echo(f"batch {report['batch_id']}: {report['wharves']} wharves rated with {report['ruleset']}: {grades}")
    elif report and job["kind"] == "calibrator":
        gate = "passes" if report["gate"] else "fails"
        click.echo(f"calibrator {report['id']} saved (sha256 {report['sha256'][:12]}): {report['kind']}, "
                   f"{report['train_rows']} rows to train, {report['test_rows']} held out; gate {gate}")


@jobs_cli.command("cancel")
@click.argument("job_id")
@performs("administer")
def cancel_cmd(job_id: str) -> None:
    """Cancel a queued job, or stop a running one after its current chunk (nothing it did is kept)."""
    job = _job_or_fail(job_id)
    if job["status"] not in jobs.ACTIVE:
        fail(f"job {job_id} has already ended ({job['status']})")
    job = jobs.cancel(job_id) or job
    if job["status"] == "cancelled":
        click.echo(f"job {job_id} cancelled")
    else:
        click.echo(f"job {job_id} stops after its current chunk")


def _job_or_fail(job_id: str) -> dict[str, Any]:
    job = jobs.get(job_id)
    if job is None:
        fail(f"no job {job_id!r}")
    return job


def register(app: Flask) -> None:
    app.cli.add_command(jobs_cli)
