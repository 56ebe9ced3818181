"""The permission table (wharf_credit/policy.py) is the one place that says who may do what. The route x role
matrix that checks every page against it is generated from it in tests/web/test_authz_matrix.py."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from wharf_credit import policy

from .web.conftest import ROLES


def user(role: str | None, company_id: int | None = None):
    return SimpleNamespace(role=role, company_id=company_id)


def test_every_role_and_action_is_in_the_table():
    assert set(policy.ROLES) == {r for r in ROLES if r != "anonymous"}
    for action, roles in policy.ACTIONS.items():
        assert roles and set(roles) <= set(policy.ROLES), action
    assert not policy.may(user(None), "view_ratings"), "nobody signed in may do nothing of the table"
    with pytest.raises(KeyError):
        policy.may(user("admin"), "launch_rockets")


def test_a_company_user_sees_its_own_company_only_and_staff_see_every_company():
    assert policy.sees_company(user("company", 7), 7) and not policy.sees_company(user("company", 7), 8)
    assert not policy.sees_company(user("company", 7), None)
    assert all(policy.sees_company(user(role), 8) for role in policy.STAFF)
    assert not policy.sees_company(user(None), 8)


def wharf_credit_commands(app):
    """(name, command) for every command wharf_credit adds to `flask` (Flask's and Flask-Migrate's own left out)."""
    import click

    def walk(group, prefix):
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                yield from walk(command, f"{prefix}{name} ")
            elif command.callback.__module__.startswith("wharf_credit."):
                yield f"{prefix}{name}", command

    return list(walk(app.cli, ""))


def test_every_command_names_an_action_the_command_line_may_perform(app):
    from wharf_credit.cli.common import OPERATOR

    commands = wharf_credit_commands(app)
    assert len(commands) >= 20
    for name, command in commands:
        action = getattr(command.callback, "required_action", None)
        assert action in policy.ACTIONS, f"flask {name} names no action of the permission table"
        assert policy.may(OPERATOR, action), (name, action)


def test_a_command_whose_action_the_operator_lacks_refuses_to_run(app):
    import click

    from wharf_credit.cli.common import performs

    @click.command("portal")
    @performs("use_portal")
    def portal():
        click.echo("ran")

    result = app.test_cli_runner().invoke(portal)
    assert result.exit_code == 1 and "ran" not in result.output
    assert "may not use portal" in result.output
    with pytest.raises(KeyError):
        performs("launch_rockets")
