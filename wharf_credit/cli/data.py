"""Data commands: init-db, users, audit verify|checkpoint, seed-demo. Thin wrappers over services."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .common import fail, performs
from ..extensions import db
from ..policy import ROLES
from ..rules import rule_store
from ..services import ServiceError

users_cli = AppGroup("users", help="User accounts.")
audit_cli = AppGroup("audit", help="The hash-chained audit log.")


@click.command("init-db")
@performs("administer")
def init_db() -> None:
    """Create or upgrade the database schema (Alembic migrations)."""
    from flask_migrate import upgrade

    upgrade()
    click.echo(f"database ready: {db.engine.url.render_as_string(hide_password=True)}")


@users_cli.command("create")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--username", required=True)
@click.option("--company", "company_uscc", default=None, help="USCC of the company (company users only).")
@click.option("--password", default=None, help="Prompted for when omitted.")
@performs("administer")
def users_create(role: str, username: str, company_uscc: str | None, password: str | None) -> None:
    """Create a user with a role."""
    from ..services.users import create_user

    if password is None:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(db.session, username, password, role, company_uscc, actor="cli")
    except ServiceError as exc:
        fail(str(exc))
    click.echo(f"created {user.role} {user.username}")


@audit_cli.command("verify")
@click.option("--checkpoint", "checkpoint_files", multiple=True, type=click.Path(dir_okay=False, exists=True),
              help="Also check the checkpoints in this file (e.g. ones exported off the machine); repeatable.")
@click.option("--no-checkpoint", is_flag=True, help="Do not write a checkpoint of the head after a clean run.")
@performs("administer")
def audit_verify(checkpoint_files: tuple[str, ...], no_checkpoint: bool) -> None:
    """Check the audit chain (hashes, signatures, checkpoints) and re-rate every stored rating from its inputs and
    rule-set hash. A clean run appends a signed checkpoint of the head to AUDIT_CHECKPOINT_FILE."""
    from ..db_setup import audit_checkpoint_path
    from ..services.integrity import verify_everything

    report = verify_everything(db.session, rule_store().book, audit_checkpoint_path(current_app),
                               [Path(f) for f in checkpoint_files], write_checkpoint=not no_checkpoint)
    for p in report.problems:
        click.echo(p, err=True)
    click.echo(report.summary())
    if not report.ok:
        sys.exit(1)


@audit_cli.command("checkpoint")
@click.option("--print", "print_only", is_flag=True, help="Print the checkpoint (one JSON line) instead of "
                                                          "appending it to AUDIT_CHECKPOINT_FILE.")
@performs("administer")
def audit_checkpoint(print_only: bool) -> None:
    """Record the head of the audit chain, signed: entries deleted from the end before it are found by
    `audit verify`. Run it often (cron, hourly) and keep copies off the machine."""
    from ..db_setup import audit_checkpoint_path
    from ..services.audit import append_checkpoint, checkpoint, key_for

    key = key_for(db.session)
    if key is None:
        fail("no audit key is configured")
    point = checkpoint(db.session, key)
    if point is None:
        click.echo("the audit log is empty: nothing to checkpoint", err=True)
        return
    if print_only:
        click.echo(point.line())
        return
    path = audit_checkpoint_path(current_app)
    append_checkpoint(path, point)
    click.echo(f"checkpoint: entry {point.id} of {point.entries} -> {path}", err=True)


@click.command("seed-demo")
@click.option("--wharves", default=210, show_default=True, help="How many wharves to create.")
@click.option("--seed", default=2026, show_default=True, help="Random seed (the demo is reproducible).")
@click.option("--password", default="demo-pass-2026", show_default=True, help="Password of the demo users.")
@performs("administer")
def seed_demo(wharves: int, seed: int, password: str) -> None:
    """Fill an empty database with a deterministic demo registry and print the demo logins."""
    from ..services.demo import seed as run_seed

    try:
        summary = run_seed(db.session, rule_store().book, wharves=wharves, seed=seed, password=password)
    except ServiceError as exc:
        fail(str(exc))
    click.echo(summary)


def register(app: Flask) -> None:
    for command in (init_db, seed_demo, users_cli, audit_cli):
        app.cli.add_command(command)
