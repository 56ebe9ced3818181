"""Grades that act, from the command line: `flask inspections draw` (双随机 draw), `flask ratings publish|finalise`.
Thin wrappers over services; a user mistake is one line on stderr and exit 1, never a traceback."""
from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from .. import clock
from .common import fail, performs
from ..domain import DomainError
from ..domain.vocabulary import GRADE_CODES
from ..extensions import db
from ..models import InspectionDraw, RatingRow
from ..rules import rule_store
from ..services import ServiceError

inspections_cli = AppGroup("inspections", help="Random inspection draws (双随机一公开).")
ratings_cli = AppGroup("ratings", help="Publication (公示) and finality of ratings.")


def method_text(draw: InspectionDraw) -> str:
    """How the list was drawn, in words anyone can follow to repeat it."""
    return (f"for each grade, ceil(rate x wharves of that grade) wharves are drawn from the grade's pool sorted by id, "
            f"using Python's random.Random seeded with the first 8 bytes (big-endian) of "
            f"sha256(\"{draw.seed}|{draw.period}|<grade>\"); each wharf is pooled under its latest published grade "
            f"(rule set {draw.ruleset_version}, sha256 {draw.ruleset_sha256[:12]})")


def drawn_per_grade(draw: InspectionDraw) -> dict[str, int]:
    counts = dict.fromkeys(GRADE_CODES, 0)
    for item in draw.items:
        counts[item.grade] = counts.get(item.grade, 0) + 1
    return counts


@inspections_cli.command("draw")
@click.option("--period", required=True, help="The quarter, e.g. 2026Q4.")
@click.option("--seed", required=True, help="The seed, published with the list.")
@performs("make_draw")
def inspections_draw(period: str, seed: str) -> None:
    """Draw the wharves to inspect in a quarter and print the published list."""
    from ..services.inspections import run_draw

    try:
        draw = run_draw(db.session, rule_store().book, period.strip(), seed, "cli")
    except (ServiceError, DomainError) as exc:
        fail(str(exc))
    click.echo(f"inspection draw {draw.period}, seed {draw.seed!r}")
    click.echo(f"method: {method_text(draw)}")
    drawn = drawn_per_grade(draw)
    click.echo(f"{'grade':<6}{'rate':>8}{'population':>12}{'drawn':>8}")
    for grade in GRADE_CODES:
        rate = draw.rates.get(grade, 0)
        click.echo(f"{grade:<6}{rate * 100:>7.4g}%{draw.population.get(grade, 0):>12}{drawn.get(grade, 0):>8}")
    click.echo(f"drawn: {len(draw.items)} wharves")
    for item in draw.items:
        inspector = item.inspector.username if item.inspector else "-"
        click.echo(f"  {item.wharf.code}  {item.wharf.name}  {item.grade}  {inspector}")


@ratings_cli.command("publish")
@click.option("--all-provisional", is_flag=True, help="Publish every wharf's latest rating that is provisional.")
@click.option("--id", "ids", type=int, multiple=True, help="A rating id (repeatable).")
@performs("review")
def ratings_publish(all_provisional: bool, ids: tuple[int, ...]) -> None:
    """Publish provisional ratings (opens each one's objection window, from today)."""
    from ..services.dashboard import latest_rating_ids
    from ..services.publication import publish

    if all_provisional == bool(ids):
        raise click.UsageError("give either --all-provisional or one or more --id N")
    if all_provisional:
        ids = tuple(db.session.execute(select(RatingRow.id).where(
            RatingRow.id.in_(latest_rating_ids()), RatingRow.status == "provisional").order_by(RatingRow.id)
        ).scalars())
    try:
        report = publish(db.session, rule_store().book, ids, "cli", clock.today())
    except (ServiceError, DomainError) as exc:
        fail(str(exc))
    for rid, why in report.skipped.items():
        click.echo(f"skipped rating {rid}: {why}", err=True)
    click.echo(f"published {len(report.published)} ratings, skipped {len(report.skipped)}")
    if not all_provisional and not report.published:
        sys.exit(1)


@ratings_cli.command("finalise")
@performs("review")
def ratings_finalise() -> None:
    """Make final the published ratings whose objection window has passed with no open objection (as of today)."""
    from ..services.publication import finalise_expired

    today = clock.today()
    waiting = db.session.execute(select(RatingRow.id).where(RatingRow.status == "published")).scalars().all()
    done = finalise_expired(db.session, "cli", today)
    click.echo(f"finalised {len(done)} ratings as of {today.isoformat()}; {len(waiting) - len(done)} still published")


def register(app: Flask) -> None:
    for command in (inspections_cli, ratings_cli):
        app.cli.add_command(command)
