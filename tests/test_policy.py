"""The permission table (wharf_credit/policy.py) is the one place that says who may do what: every page names an
action of it (or is public on purpose), and the authorisation matrix of tests/web/test_authz_matrix.py, written out
route by route, agrees with it role by role."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from wharf_credit import policy

from .web.test_authz_matrix import EXPECTED, LOGIN, ROLES

# Pages anyone may open, signed in or not (the door is not the permission table's).
PUBLIC = {"public.index", "public.grades", "public.health", "auth.login", "auth.logout",
          "inspections.public_index", "inspections.public_show", "api-docs.openapi_json", "apidocs.docs"}


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


def test_every_page_names_its_action_or_is_public_on_purpose(app):
    pages = {rule.endpoint for rule in app.url_map.iter_rules()
             if rule.endpoint != "static" and not rule.endpoint.startswith("api.")}
    doors = {endpoint: getattr(app.view_functions[endpoint], "required_action", None) for endpoint in pages}
    unnamed = sorted(e for e, action in doors.items() if action is None and e not in PUBLIC)
    assert not unnamed, f"pages without an action of the permission table: {unnamed}"
    assert not (PUBLIC & {e for e, action in doors.items() if action}), "a public page with a door"


def test_the_written_out_matrix_agrees_with_the_table_role_by_role(app):
    checked = 0
    for endpoint, checks in EXPECTED.items():
        view = app.view_functions.get(endpoint)
        action = getattr(view, "required_action", None)
        if action is None:
            continue
        for check, cells in checks.items():
            for role, cell in zip(ROLES, cells, strict=True):
                if role == "anonymous":
                    assert cell == LOGIN, (endpoint, check, role, cell)
                elif role in policy.ACTIONS[action]:
                    assert cell not in (403, LOGIN), (endpoint, check, role, cell, action)
                else:
                    assert cell == 403, (endpoint, check, role, cell, action)
                checked += 1
    assert checked > 300
