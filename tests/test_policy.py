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
