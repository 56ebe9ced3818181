"""`flask export ratings --format csv|xlsx [--output FILE] [--published]`: the latest rating of every wharf."""
from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup

from .common import performs
from ..extensions import db
from ..services.exports import RATING_HEADERS, csv_bytes, latest_ratings, xlsx_bytes

export_cli = AppGroup("export", help="Exports for other systems and spreadsheets.")


@export_cli.command("ratings")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="File to write (default: standard output; required for xlsx).")
@click.option("--published", is_flag=True, help="Only published or final ratings (what the public list shows).")
@performs("view_unpublished_ratings")
def export_ratings(fmt: str, output: str | None, published: bool) -> None:
    """The latest rating of every wharf, one row each."""
    if fmt == "xlsx" and not output:
        click.echo("error: --output FILE is required for xlsx", err=True)
        raise SystemExit(1)
    rows = latest_ratings(db.session, published)
    body = xlsx_bytes(RATING_HEADERS, rows, "ratings") if fmt == "xlsx" else csv_bytes(RATING_HEADERS, rows)
    if output:
        with open(output, "wb") as fh:
            fh.write(body)
        click.echo(f"wrote {len(rows)} ratings to {output}", err=True)
    else:
        sys.stdout.buffer.write(body)


def register(app: Flask) -> None:
    app.cli.add_command(export_cli)
