"""Data commands: init-db, users, audit verify, seed-demo. Thin wrappers over services."""
from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup

from ..domain import DomainError
from ..extensions import db
from ..rules import rule_store
from ..services import ServiceError

users_cli = AppGroup("users", help="User accounts.")
audit_cli = AppGroup("audit", help="The hash-chained audit log.")


def fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


@click.command("init-db")
def init_db() -> None:
    """Create or upgrade the database schema (Alembic migrations)."""
    from flask_migrate import upgrade

    upgrade()
    click.echo(f"database ready: {db.engine.url.render_as_string(hide_password=True)}")


@users_cli.command("create")
@click.option("--role", required=True, type=click.Choice(["inspector", "permit_officer", "reviewer", "company", "admin"]))
@click.option("--username", required=True)
@click.option("--company", "company_uscc", default=None, help="USCC of the company (company users only).")
@click.option("--password", default=None, help="Prompted for when omitted.")
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
def audit_verify() -> None:
    """Recompute the audit chain and re-rate every stored rating from its inputs and rule-set hash."""
    from ..services.audit import verify_chain
    from ..services.ratings import recheck_ratings

    chain = verify_chain(db.session)
    try:
        ratings = recheck_ratings(db.session, rule_store().book)
    except DomainError as exc:
        fail(str(exc))
    for p in chain.problems + ratings.problems:
        click.echo(p, err=True)
    click.echo(f"audit chain: {chain.entries} entries, {len(chain.problems)} problems; "
               f"ratings: {ratings.checked} re-rated, {len(ratings.problems)} differences")
    if chain.problems or ratings.problems:
        sys.exit(1)


@click.command("seed-demo")
@click.option("--wharves", default=210, show_default=True, help="How many wharves to create.")
@click.option("--seed", default=2026, show_default=True, help="Random seed (the demo is reproducible).")
@click.option("--password", default="demo-pass-2026", show_default=True, help="Password of the demo users.")
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
