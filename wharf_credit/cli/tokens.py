"""API token commands: `flask tokens create --username U`, `tokens list`, `tokens revoke ID`."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from .common import fail, performs
from ..extensions import db
from ..services import ServiceError
from ..services.tokens import create_token, list_tokens, revoke_token

tokens_cli = AppGroup("tokens", help="Bearer tokens for the JSON API (/api/v1).")


@tokens_cli.command("create")
@click.option("--username", required=True, help="The user the token acts as (same role rules as the UI).")
@click.option("--name", default="", help="What the token is for, e.g. 'provincial permit platform'.")
@performs("administer")
def tokens_create(username: str, name: str) -> None:
    """Create a token and print it once; only its hash is stored."""
    try:
        row, plain = create_token(db.session, username, "cli", name)
    except ServiceError as exc:
        fail(str(exc))
    click.echo(plain)
    click.echo(f"token {row.id} ({row.prefix}…) for {username}: store it now, it is not shown again", err=True)


@tokens_cli.command("list")
@performs("administer")
def tokens_list() -> None:
    """Tokens with their user, prefix, last use and state."""
    for t in list_tokens(db.session):
        state = f"revoked {t.revoked_at:%Y-%m-%d}" if t.revoked_at else "active"
        used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
        click.echo(f"{t.id}\t{t.prefix}…\t{t.user.username}\t{t.user.role}\t{t.name}\tlast used {used}\t{state}")


@tokens_cli.command("revoke")
@click.argument("token_id", type=int)
@performs("administer")
def tokens_revoke(token_id: int) -> None:
    """Revoke a token: it stops working at once."""
    try:
        revoke_token(db.session, token_id, "cli")
    except ServiceError as exc:
        fail(str(exc))
    click.echo(f"token {token_id} revoked")


def register(app: Flask) -> None:
    app.cli.add_command(tokens_cli)
