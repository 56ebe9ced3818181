"""What every command shares: its door in the permission table, and how it fails.

The command line runs on the server, so whoever can run it administers the system: a command acts with the role
`policy.OPERATOR_ROLE`. Each command still names the action of the table it performs (`@performs`), so the table lists
what can be done through every door, and a command whose action the operator's role lacks refuses to run."""
from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any, NoReturn

import click

from .. import policy

OPERATOR = SimpleNamespace(role=policy.OPERATOR_ROLE, company_id=None, username="cli")


def fail(lines: list[str] | str) -> NoReturn:
    """Print each line as an error and stop with exit status 1."""
    for line in [lines] if isinstance(lines, str) else lines:
        click.echo(f"error: {line}", err=True)
    sys.exit(1)


def performs(action: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The action of the permission table the command performs (put it right above the function)."""
    policy.roles_for(action)  # an unknown action fails at import time, not when someone runs the command

    def door(command: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(command)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not policy.may(OPERATOR, action):
                fail(f"the command line may not {action.replace('_', ' ')} (the permission table does not give it "
                     f"to the {policy.OPERATOR_ROLE} role)")
            return command(*args, **kwargs)

        guarded.required_action = action  # type: ignore[attr-defined]
        return guarded

    return door
