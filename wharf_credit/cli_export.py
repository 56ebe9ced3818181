"""`flask export ratings --format csv|xlsx [--output FILE] [--published]`: the latest rating of every wharf."""
from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import func, select

from .extensions import db
from .models import Company, RatingRow, Wharf
from .services.published import PUBLIC_STATUSES
from .web.exports import csv_bytes, xlsx_bytes

export_cli = AppGroup("export", help="Exports for other systems and spreadsheets.")
HEADERS = ("company", "uscc", "wharf_code", "wharf", "type", "as_of", "score", "grade", "status",
           "ruleset_version", "ruleset_sha256", "rating_id")


@export_cli.command("ratings")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="File to write (default: standard output; required for xlsx).")
@click.option("--published", is_flag=True, help="Only published or final ratings (what the public list shows).")
def export_ratings(fmt: str, output: str | None, published: bool) -> None:
    """The latest rating of every wharf, one row each."""
    if fmt == "xlsx" and not output:
        click.echo("error: --output FILE is required for xlsx", err=True)
        raise SystemExit(1)
    latest = select(func.max(RatingRow.id))
    if published:
        latest = latest.where(RatingRow.status.in_(PUBLIC_STATUSES))
    latest = latest.group_by(RatingRow.wharf_id)
    rows = db.session.execute(
        select(Company.name, Company.uscc, Wharf.code, Wharf.name, Wharf.type, RatingRow.as_of, RatingRow.score,
               RatingRow.grade, RatingRow.status, RatingRow.ruleset_version, RatingRow.ruleset_sha256, RatingRow.id)
        .join(Wharf, RatingRow.wharf_id == Wharf.id).join(Company, Wharf.company_id == Company.id)
        .where(RatingRow.id.in_(latest)).order_by(Company.name, Wharf.code)).all()
    body = xlsx_bytes(HEADERS, rows, "ratings") if fmt == "xlsx" else csv_bytes(HEADERS, rows)
    if output:
        with open(output, "wb") as fh:
            fh.write(body)
        click.echo(f"wrote {len(rows)} ratings to {output}", err=True)
    else:
        sys.stdout.buffer.write(body)


def register(app: Flask) -> None:
    app.cli.add_command(export_cli)
