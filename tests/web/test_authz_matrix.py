"""Authorisation matrix: every route of the app, every role, one expected outcome each, generated from the
permission table (wharf_credit/policy.py) and the app's URL map.

Who gets through a page's door is the table's: anonymous visitors are sent to sign in, a role the page's action does
not name gets 403, and a company user asking for another company's object gets 404 (existence does not leak). What
happens once through the door is written below, route by route (`THROUGH_THE_DOOR`): a route added without an entry
there fails `test_every_route_has_an_entry`, so nobody adds a page without saying what it does for whom.

Checks per route: "GET" (when the route answers GET) and "POST" with an empty body (when it answers POST). A route
with ids in its URL is checked twice: "A" with company A's objects (the company user's own) and "B" with company
B's objects (someone else's). Outcomes: an HTTP status, LOGIN (302 to the sign-in page) or REDIRECT (302 anywhere
else). No outcome may be 500.
"""
from __future__ import annotations


import pytest
from flask import url_for

from wharf_credit import policy

from ..factories import PASSWORD
from .conftest import ROLES, client_for, routes

LOGIN = "login"  # 302 to /login?next=...
REDIRECT = "redirect"  # 302 elsewhere

# What a role the page's action names gets, for its own company's objects ("A") and another company's ("B"; staff
# get the same as for "A"). An empty POST: a form is refused with 400 and shown again; an edit form with no form
# data at all keeps the object's values and saves the unchanged record (REDIRECT).
THROUGH_THE_DOOR: dict[str, dict[str, int | str]] = {
    # registry (staff)
    "inspect.wharves": {"GET": 200},
    "inspect.companies": {"GET": 200},
    "inspect.company": {"GET": 200},
    "inspect.company_new": {"GET": 200, "POST": 400},
    "inspect.company_edit": {"GET": 200, "POST": REDIRECT},
    "inspect.wharf": {"GET": 200},
    "inspect.wharf_new": {"GET": 200, "POST": 400},
    "inspect.wharf_edit": {"GET": 200, "POST": REDIRECT},
    "inspect.assessment_new": {"GET": 200, "POST": 400},  # every value blank: nothing assessed, nothing stored
    "inspect.assessment": {"GET": 200},
    "inspect.photo": {"GET": 200},
    "inspect.event_new": {"GET": 200, "POST": 400},
    # rating page and certificate: staff and the owning company
    "ratings.show": {"GET": 200},
    "ratings.latest": {"GET": REDIRECT},  # -> the latest rating
    "certificate.show": {"GET": 200},
    # company portal, objections and credit repair
    "portal.index": {"GET": 200},
    "portal.wharf": {"GET": 200},
    "portal.events": {"GET": 200},
    "portal.requests": {"GET": 200},
    "portal.objection": {"GET": 200, "POST": 400},
    "portal.repair": {"GET": 200, "POST": 400},
    # staff dashboard
    "dashboard.index": {"GET": 200},
    # inspection draws (双随机一公开)
    "inspections.index": {"GET": 200},
    "inspections.new": {"GET": 200, "POST": 400},
    "inspections.show": {"GET": 200},
    "inspections.mine": {"GET": 200},
    # permit desk
    "permits.search": {"GET": 200},
    "permits.company": {"GET": 200},
    "permits.check": {"GET": 200, "POST": 400},
    "permits.decisions": {"GET": 200},
    "permits.penalty_new": {"GET": 200, "POST": 400},
    "permits.penalties": {"GET": 200},
    # reviewer desk
    "review.ratings": {"GET": 200},
    "review.publish_selected": {"POST": REDIRECT},  # nothing selected: back to the list
    "review.finalise": {"POST": REDIRECT},
    "review.objections": {"GET": 200},
    "review.objection": {"GET": 200, "POST": 400},
    "review.attachment": {"GET": 200},
    "review.repairs": {"GET": 200},
    "review.repair": {"GET": 200, "POST": 400},
    # admin: API tokens
    "admin.tokens": {"GET": 200, "POST": 400},
    "admin.revoke": {"POST": 303},
    # admin: rule sets. `world` names no candidate folder and no job (ids "no-such-candidate", "no-such-job"), so
    # the admin gets 404 there; tests/web/test_admin_rules.py covers the real pages and actions.
    "admin.rules": {"GET": 200},
    "admin.candidate_diff": {"GET": 404},
    "admin.candidate_whatif": {"POST": 404},
    "admin.whatif_job": {"GET": 404},
    "admin.activate": {"POST": 404},
    "admin.rerate": {"POST": 400},  # empty form (no as-of date): refused, no job
    "admin.job": {"GET": 404},
    "admin.cancel_job": {"POST": 404},
    # admin: background tasks. `world` names no duty (its `name` is a photo's) and no job: 404.
    "admin.tasks": {"GET": 200},
    "admin.run_duty": {"POST": 404},
    "admin.retry_job": {"POST": 404},
    # admin: learned calibrators. `world` names no calibrator: activation is refused with a flashed reason (303 back
    # to the page); deactivating with none active says so (303). tests/web/test_admin_calibrators.py covers the rest.
    "admin.calibrators": {"GET": 200},
    "admin.calibrator_activate": {"POST": 303},
    "admin.calibrator_deactivate": {"POST": 303},
    # an empty training form is valid (all stored history): the job is queued (and fails for lack of history): 303
    "admin.calibrator_train": {"POST": 303},
    "admin.calibrator_job": {"GET": 404},
}

#             anonymous inspector permit_officer reviewer company admin
EVERYONE = (200, 200, 200, 200, 200, 200)
API_ONLY = (401,) * 6  # bearer tokens only, a browser session is not enough; tests/api covers the API's roles

# Pages without a door (open to anyone on purpose) and the API, written out in full.
WITHOUT_A_DOOR: dict[str, dict[str, tuple]] = {
    "public.index": {"GET": EVERYONE},
    "public.grades": {"GET": EVERYONE},
    "public.health": {"GET": EVERYONE},
    "auth.login": {"GET": (200, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
                   "POST": (200, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT)},  # empty form: shown again
    "auth.logout": {"POST": (REDIRECT,) * 6},
    "inspections.public_index": {"GET": EVERYONE},
    "inspections.public_show": {"GET A": EVERYONE, "GET B": EVERYONE},
    "api-docs.openapi_json": {"GET": EVERYONE},
    "apidocs.docs": {"GET": EVERYONE},
    "api.preview": {"POST": API_ONLY},
    "api.wharves": {"GET": API_ONLY},
    "api.wharf": {"GET A": API_ONLY, "GET B": API_ONLY},
    "api.wharf_rating": {"GET A": API_ONLY, "GET B": API_ONLY},
    "api.wharf_ratings": {"GET A": API_ONLY, "GET B": API_ONLY},
    "api.company_grade": {"GET A": API_ONLY, "GET B": API_ONLY},
    "api.post_assessment": {"POST A": API_ONLY, "POST B": API_ONLY},
    "api.post_event": {"POST A": API_ONLY, "POST B": API_ONLY},
}


def cell(action: str, role: str, side: str, inside: int | str) -> int | str:
    """What `role` gets at a door guarded by `action`, for an object of company `side` ("" when no object)."""
    if role == "anonymous":
        return LOGIN
    if role not in policy.roles_for(action):
        return 403
    if side == "B" and role in policy.OWN_COMPANY_ONLY:
        return 404
    return inside


def matrix(app) -> dict[str, dict[str, tuple]]:
    """Every route's expected outcomes, role by role (ROLES order), from the table and THROUGH_THE_DOOR."""
    expected = dict(WITHOUT_A_DOOR)
    for rule in routes(app):
        action = getattr(app.view_functions[rule.endpoint], "required_action", None)
        if action is None or rule.endpoint not in THROUGH_THE_DOOR:
            continue
        inside = THROUGH_THE_DOOR[rule.endpoint]
        expected[rule.endpoint] = {
            check: tuple(cell(action, role, check.partition(" ")[2], inside[check.partition(" ")[0]]) for role in ROLES)
            for check in checks_for(rule)}
    return expected


def checks_for(rule) -> set[str]:
    methods = [m for m in ("GET", "POST") if m in rule.methods]
    if not rule.arguments:
        return set(methods)
    return {f"{m} {side}" for m in methods for side in ("A", "B")}


def outcome(response) -> int | str:
    if response.status_code == 302:
        return LOGIN if response.headers["Location"].split("?")[0].endswith("/login") else REDIRECT
    return response.status_code


def test_every_route_has_an_entry(app):
    doors = {rule.endpoint: getattr(app.view_functions[rule.endpoint], "required_action", None)
             for rule in routes(app)}
    behind_a_door = {endpoint for endpoint, action in doors.items() if action}
    assert behind_a_door == set(THROUGH_THE_DOOR), (
        f"routes without an entry in THROUGH_THE_DOOR: {sorted(behind_a_door - set(THROUGH_THE_DOOR))}; "
        f"entries for routes without a door: {sorted(set(THROUGH_THE_DOOR) - behind_a_door)}")
    open_routes = set(doors) - behind_a_door
    assert open_routes == set(WITHOUT_A_DOOR), (
        f"routes without a door and without a row: {sorted(open_routes - set(WITHOUT_A_DOOR))}; "
        f"rows for routes that no longer exist or have a door: {sorted(set(WITHOUT_A_DOOR) - open_routes)}")


def test_a_door_refuses_exactly_the_roles_its_action_does_not_name(app):
    expected = matrix(app)
    for endpoint, action in (("review.ratings", "review"), ("permits.check", "decide_permits")):
        assert app.view_functions[endpoint].required_action == action
        refused = {role for role, got in zip(ROLES, next(iter(expected[endpoint].values())), strict=True) if got in (403, LOGIN)}
        assert refused == set(ROLES) - set(policy.roles_for(action)), endpoint


def test_every_row_has_a_cell_per_role(app):
    assert all(len(cells) == len(ROLES) for row in matrix(app).values() for cells in row.values())


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_the_table_says(app, world, role):
    ids, users = world
    client = client_for(app, users, role)
    expected = matrix(app)
    problems = []
    for rule in sorted(routes(app), key=lambda r: (r.endpoint == "auth.logout", r.endpoint)):  # sign out last
        row = expected.get(rule.endpoint)
        if row is None:
            continue  # reported by test_every_route_has_an_entry
        assert set(row) == checks_for(rule), (rule.endpoint, sorted(row), sorted(checks_for(rule)))
        for check in sorted(row):
            method, _, side = check.partition(" ")
            args = ids[side or "A"]
            missing = rule.arguments - set(args)
            assert not missing, f"{rule.endpoint}: no test id for URL arguments {missing}; add them to `world`"
            with app.test_request_context():
                url = url_for(rule.endpoint, **{a: args[a] for a in rule.arguments})
            response = client.open(url, method=method, data={} if method == "POST" else None)
            got = outcome(response)
            assert got != 500, f"{role} {method} {url} -> 500"
            want = row[check][ROLES.index(role)]
            if got != want:
                problems.append(f"{rule.endpoint} [{check}] {method} {url}: expected {want}, got {got}")
    assert not problems, f"{role}:\n" + "\n".join(problems)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example/",
                                    "/\\/evil.example/", "\\\\evil.example/", "/\t/evil.example/"])
def test_sign_in_never_redirects_to_another_site(app, world, target):
    _, users = world
    client = app.test_client()
    response = client.post("/login", query_string={"next": target},
                           data={"username": users["inspector"], "password": PASSWORD})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "evil" not in location and not location.startswith(("//", "/\\")), location
