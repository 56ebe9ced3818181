"""Authorisation matrix: every route of the app, every role, one explicit expected status each.

EXPECTED below is the table. A route added without a row fails `test_every_route_has_a_row_in_the_table`; a row
whose checks do not match the route (an id argument gained or lost, a method added) fails the matrix test itself.

Checks per route: "GET" (when the route answers GET) and "POST" with an empty body (when it answers POST). A route
with ids in its URL is checked twice: "A" with company A's objects (the company user's own) and "B" with company
B's objects (someone else's). Cells: an HTTP status, LOGIN (302 to the sign-in page) or REDIRECT (302 anywhere
else). No cell may be 500.
"""
from __future__ import annotations


import pytest
from flask import url_for


from ..factories import PASSWORD
from .conftest import ROLES, client_for, routes

LOGIN = "login"  # 302 to /login?next=...
REDIRECT = "redirect"  # 302 elsewhere

# Shorthands for the usual rows; every row still names its route and check explicitly.
#             anonymous inspector permit_officer reviewer company admin
EVERYONE = (200, 200, 200, 200, 200, 200)
STAFF_READ = (LOGIN, 200, 200, 200, 403, 200)  # staff pages: any staff role reads, a company user may not
STAFF_WRITE = (LOGIN, 200, 403, 403, 403, 200)  # registry and assessment forms: inspector and admin only
STAFF_WRITE_EMPTY_POST = (LOGIN, 400, 403, 403, 403, 400)  # empty form: refused by role, else a validation error
# Empty body on an edit form: Flask-WTF reads no form data at all and keeps the object's values, so the unchanged
# record is saved again (redirect). An assessment with every value blank is refused (nothing assessed, nothing stored).
STAFF_WRITE_EMPTY_POST_SAVES = (LOGIN, REDIRECT, 403, 403, 403, REDIRECT)
OWN = (LOGIN, 200, 200, 200, 200, 200)  # staff, and the company that owns the object
OTHERS = (LOGIN, 200, 200, 200, 404, 200)  # staff; 404 (not 403) for another company: existence does not leak
COMPANY_ONLY = (LOGIN, 403, 403, 403, 200, 403)
API_ONLY = (401,) * 6
ADMIN_ONLY = (LOGIN, 403, 403, 403, 403, 200)
PERMIT_DESK = (LOGIN, 403, 200, 403, 403, 200)  # permit checks and penalty decisions: permit officers and admin
PERMIT_DESK_EMPTY_POST = (LOGIN, 403, 400, 403, 403, 400)  # empty form: refused by role, else a validation error
COMPANY_EMPTY_POST = (LOGIN, 403, 403, 403, 400, 403)  # the company's own form, empty: a validation error
REVIEW = (LOGIN, 403, 403, 200, 403, 200)  # the reviewer's desk: reviewers and administrators
REVIEW_EMPTY_POST = (LOGIN, 403, 403, 400, 403, 400)
REVIEW_EMPTY_ACTION = (LOGIN, 403, 403, REDIRECT, 403, REDIRECT)

EXPECTED: dict[str, dict[str, tuple]] = {
    # public
    "public.index": {"GET": EVERYONE},
    "public.grades": {"GET": EVERYONE},
    "public.health": {"GET": EVERYONE},
    # sign in / out
    "auth.login": {"GET": (200, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
                   "POST": (200, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT)},  # empty form: shown again
    "auth.logout": {"POST": (REDIRECT,) * 6},
    # registry (staff)
    "inspect.wharves": {"GET": STAFF_READ},
    "inspect.companies": {"GET": STAFF_READ},
    "inspect.company": {"GET A": STAFF_READ, "GET B": STAFF_READ},
    "inspect.company_new": {"GET": STAFF_WRITE, "POST": STAFF_WRITE_EMPTY_POST},
    "inspect.company_edit": {"GET A": STAFF_WRITE, "GET B": STAFF_WRITE,
                             "POST A": STAFF_WRITE_EMPTY_POST_SAVES, "POST B": STAFF_WRITE_EMPTY_POST_SAVES},
    "inspect.wharf": {"GET A": STAFF_READ, "GET B": STAFF_READ},
    "inspect.wharf_new": {"GET": STAFF_WRITE, "POST": STAFF_WRITE_EMPTY_POST},
    "inspect.wharf_edit": {"GET A": STAFF_WRITE, "GET B": STAFF_WRITE,
                           "POST A": STAFF_WRITE_EMPTY_POST_SAVES, "POST B": STAFF_WRITE_EMPTY_POST_SAVES},
    "inspect.assessment_new": {"GET A": STAFF_WRITE, "GET B": STAFF_WRITE,
                               "POST A": STAFF_WRITE_EMPTY_POST, "POST B": STAFF_WRITE_EMPTY_POST},
    "inspect.assessment": {"GET A": STAFF_READ, "GET B": STAFF_READ},
    "inspect.photo": {"GET A": STAFF_READ, "GET B": STAFF_READ},
    "inspect.event_new": {"GET A": STAFF_WRITE, "GET B": STAFF_WRITE,
                          "POST A": STAFF_WRITE_EMPTY_POST, "POST B": STAFF_WRITE_EMPTY_POST},
    # rating page: staff and the owning company
    "ratings.show": {"GET A": OWN, "GET B": OTHERS},
    "ratings.latest": {"GET A": (LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),  # -> the latest rating
                       "GET B": (LOGIN, REDIRECT, REDIRECT, REDIRECT, 404, REDIRECT)},
    # company portal
    "portal.index": {"GET": COMPANY_ONLY},
    "portal.wharf": {"GET A": COMPANY_ONLY, "GET B": (LOGIN, 403, 403, 403, 404, 403)},
    # staff dashboard
    "dashboard.index": {"GET": STAFF_READ},
    # inspection draws (双随机一公开): staff read, the admin draws, inspectors see their own; the list is public
    "inspections.index": {"GET": STAFF_READ},
    "inspections.new": {"GET": (LOGIN, 403, 403, 403, 403, 200), "POST": (LOGIN, 403, 403, 403, 403, 400)},
    "inspections.show": {"GET A": STAFF_READ, "GET B": STAFF_READ},
    "inspections.mine": {"GET": (LOGIN, 200, 403, 403, 403, 403)},
    "inspections.public_index": {"GET": EVERYONE},
    "inspections.public_show": {"GET A": EVERYONE, "GET B": EVERYONE},
    # rating certificate: staff and the owning company
    "certificate.show": {"GET A": OWN, "GET B": OTHERS},
    # permit desk: any staff role looks companies up and reads the lists; permit officers (and admin) decide
    "permits.search": {"GET": STAFF_READ},
    "permits.company": {"GET A": STAFF_READ, "GET B": STAFF_READ},
    "permits.check": {"GET A": PERMIT_DESK, "GET B": PERMIT_DESK,
                      "POST A": PERMIT_DESK_EMPTY_POST, "POST B": PERMIT_DESK_EMPTY_POST},
    "permits.decisions": {"GET": STAFF_READ},
    "permits.penalty_new": {"GET": PERMIT_DESK, "POST": PERMIT_DESK_EMPTY_POST},
    "permits.penalties": {"GET": STAFF_READ},
    # reviewer desk: publication, objections, credit repair (reviewer and admin)
    "review.ratings": {"GET": REVIEW},
    "review.publish_selected": {"POST": REVIEW_EMPTY_ACTION},  # nothing selected: back to the list
    "review.finalise": {"POST": REVIEW_EMPTY_ACTION},
    "review.objections": {"GET": REVIEW},
    "review.objection": {"GET A": REVIEW, "GET B": REVIEW, "POST A": REVIEW_EMPTY_POST, "POST B": REVIEW_EMPTY_POST},
    "review.attachment": {"GET A": (LOGIN, 403, 403, 200, 200, 200),  # reviewers, and the objecting company
                          "GET B": (LOGIN, 403, 403, 200, 404, 200)},
    "review.repairs": {"GET": REVIEW},
    "review.repair": {"GET A": REVIEW, "GET B": REVIEW, "POST A": REVIEW_EMPTY_POST, "POST B": REVIEW_EMPTY_POST},
    # company portal: objections and credit repair (own objects only)
    "portal.objection": {"GET A": COMPANY_ONLY, "GET B": (LOGIN, 403, 403, 403, 404, 403),
                         "POST A": COMPANY_EMPTY_POST, "POST B": (LOGIN, 403, 403, 403, 404, 403)},
    "portal.events": {"GET": COMPANY_ONLY},
    "portal.repair": {"GET A": COMPANY_ONLY, "GET B": (LOGIN, 403, 403, 403, 404, 403),
                      "POST A": COMPANY_EMPTY_POST, "POST B": (LOGIN, 403, 403, 403, 404, 403)},
    "portal.requests": {"GET": COMPANY_ONLY},
    # JSON API: bearer tokens only, a browser session is not enough (401 for everyone here; tests/api covers roles)
    "api.preview": {"POST": API_ONLY},
    "api.wharves": {"GET": API_ONLY},
    "api.wharf": {"GET A": API_ONLY, "GET B": API_ONLY},
    "api.wharf_rating": {"GET A": API_ONLY, "GET B": API_ONLY},
    "api.wharf_ratings": {"GET A": API_ONLY, "GET B": API_ONLY},
    "api.company_grade": {"GET A": API_ONLY, "GET B": API_ONLY},
    "api.post_assessment": {"POST A": API_ONLY, "POST B": API_ONLY},
    "api.post_event": {"POST A": API_ONLY, "POST B": API_ONLY},
    "api-docs.openapi_json": {"GET": EVERYONE},
    "apidocs.docs": {"GET": EVERYONE},
    # admin: API tokens
    "admin.tokens": {"GET": ADMIN_ONLY, "POST": (LOGIN, 403, 403, 403, 403, 400)},  # empty form: refused
    "admin.revoke": {"POST A": (LOGIN, 403, 403, 403, 403, 303), "POST B": (LOGIN, 403, 403, 403, 403, 303)},
    # admin: rule sets. `world` names no candidate folder and no job (ids "no-such-candidate", "no-such-job"), so
    # the admin gets 404 there; tests/web/test_admin_rules.py covers the real pages and actions.
    "admin.rules": {"GET": ADMIN_ONLY},
    "admin.candidate_diff": {"GET A": (LOGIN, 403, 403, 403, 403, 404), "GET B": (LOGIN, 403, 403, 403, 403, 404)},
    "admin.activate": {"POST A": (LOGIN, 403, 403, 403, 403, 404), "POST B": (LOGIN, 403, 403, 403, 403, 404)},
    "admin.rerate": {"POST": (LOGIN, 403, 403, 403, 403, 400)},  # empty form (no as-of date): refused, no job
    "admin.job": {"GET A": (LOGIN, 403, 403, 403, 403, 404), "GET B": (LOGIN, 403, 403, 403, 403, 404)},
    # admin: learned calibrators. `world` names no calibrator (id "no-such-calibrator"): activation is refused with
    # a flashed reason (303 back to the page); deactivating with none active says so (303).
    # tests/web/test_admin_calibrators.py covers the real page and actions.
    "admin.calibrators": {"GET": ADMIN_ONLY},
    "admin.calibrator_activate": {"POST A": (LOGIN, 403, 403, 403, 403, 303),
                                  "POST B": (LOGIN, 403, 403, 403, 403, 303)},
    "admin.calibrator_deactivate": {"POST": (LOGIN, 403, 403, 403, 403, 303)},
}


def checks_for(rule) -> set[str]:
    methods = [m for m in ("GET", "POST") if m in rule.methods]
    if not rule.arguments:
        return set(methods)
    return {f"{m} {side}" for m in methods for side in ("A", "B")}


def outcome(response) -> int | str:
    if response.status_code == 302:
        return LOGIN if response.headers["Location"].split("?")[0].endswith("/login") else REDIRECT
    return response.status_code


def test_every_route_has_a_row_in_the_table(app):
    endpoints = {rule.endpoint for rule in routes(app)}
    assert endpoints == set(EXPECTED), (
        f"routes without a row in EXPECTED: {sorted(endpoints - set(EXPECTED))}; "
        f"rows for routes that no longer exist: {sorted(set(EXPECTED) - endpoints)}")


def test_every_row_has_a_cell_per_role():
    assert all(len(cells) == len(ROLES) for row in EXPECTED.values() for cells in row.values())


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_the_table_says(app, world, role):
    ids, users = world
    client = client_for(app, users, role)
    problems = []
    for rule in sorted(routes(app), key=lambda r: (r.endpoint == "auth.logout", r.endpoint)):  # sign out last
        row = EXPECTED.get(rule.endpoint)
        if row is None:
            continue  # reported by test_every_route_has_a_row_in_the_table
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
