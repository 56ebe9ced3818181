"""Malformed input over every route (hardening item 2): huge ids in paths, malformed query strings and bad form values
answer 400 or 404 (or the page they would show anyway), never 500, for the roles that get past the door.

The sweep is generated from the app's URL map and its form classes, so a new route or a new form field is covered
without editing this file. A hypothesis test adds arbitrary values on the list pages' query parameters."""
from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import IntegerConverter
from wtforms.fields.core import UnboundField

from wharf_credit.extensions import db
from wharf_credit.limits import DB_INT_MAX, PAGE_MAX
from wharf_credit.models import User
from wharf_credit.services.tokens import create_token
from wharf_credit.web import forms, forms_permits, forms_review

from .conftest import client_for, routes

HUGE_INTEGERS = [str(2**31), str(2**63), str(2**64 + 1), "1" + "0" * 30, "9" * 19]
MALFORMED = [*HUGE_INTEGERS, "-1", "0", "-9223372036854775809", "abc", "1e400", "inf", "nan", "1.5", "", " ",
             "²", "١٢", "１２", "%00", "\x00", "a" * 3000, "2026-13-45", "9999-12-31", "0000-00-00", "<script>",
             "'; DROP TABLE wharves; --", "[]", "{}", "zh-CN", "../../etc/passwd"]
# every query parameter some page or the API reads (a route ignores the ones it does not know)
QUERY_NAMES = ["page", "page_size", "q", "type", "grade", "status", "company", "company_id", "corrects", "wharf",
               "as_of", "format", "lang", "next", "application_type", "decision", "violation", "measure"]
ALLOWED = {200, 302, 303, 400, 403, 404, 405, 422}
SKIP_POST = {"auth.logout"}  # it only signs the client out; checked in tests/web/test_auth.py


def form_field_names() -> set[str]:
    """Every field name of every form class of the web package (assessment value fields: see `indicator_fields`)."""
    names: set[str] = set()
    for module in (forms, forms_permits, forms_review):
        for value in vars(module).values():
            if isinstance(value, type):
                names |= {name for name in dir(value) if isinstance(getattr(value, name, None), UnboundField)}
    return names - {"csrf_token"}


def indicator_fields(book) -> set[str]:
    return {f"v_{i.id}" for rs in book.rulesets for i in rs.indicators}


def int_arguments(rule) -> list[str]:
    return [name for name, conv in rule._converters.items() if isinstance(conv, IntegerConverter)]


def url_with(rule, args: dict[str, Any]) -> str:
    """The rule's path with `args` put in verbatim (no converter check: the point is to send what it would refuse)."""
    path = rule.rule
    for name, value in args.items():
        path = re.sub(rf"<(?:[a-z]+(?:\([^)]*\))?:)?{name}>", str(value), path)
    return path


@pytest.fixture
def sweep(app, world):
    """A signed-in client per role, each also carrying that user's API token, and the ids of `world`."""
    ids, users = world
    clients = {}
    with app.app_context():
        for role in ("admin", "inspector", "permit_officer", "reviewer", "company", "anonymous"):
            client = client_for(app, users, role)
            if role != "anonymous":
                user = db.session.query(User).filter_by(username=users[role]).one()
                client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {create_token(db.session, user.username, 'sweep')[1]}"
            clients[role] = client
    return ids, clients


def roles_for(rule) -> tuple[str, ...]:
    """Who gets past the door of a route: the company user for its portal, staff (admin first) elsewhere."""
    if rule.endpoint.startswith("portal."):
        return ("company",)
    if rule.endpoint.startswith("api."):
        return ("admin", "company")
    return ("admin", "anonymous")


def status(client, url: str, method: str = "GET", **kw: Any) -> int | str:
    """The status code, or the exception a 500 would have been (the test app propagates exceptions)."""
    try:
        return client.open(url, method=method, **kw).status_code
    except Exception as exc:  # noqa: BLE001 - any exception here is the finding
        return f"500 ({type(exc).__name__}: {str(exc)[:120]})"


def check(got: int | str, what: str, problems: list[str]) -> None:
    if got not in ALLOWED:
        problems.append(f"{what} -> {got}")


def test_huge_ids_in_any_path_answer_404(app, sweep):
    ids, clients = sweep
    problems: list[str] = []
    checked = 0
    for rule in routes(app):
        huge_args = int_arguments(rule)
        if not huge_args:
            continue
        for name in huge_args:
            for value in HUGE_INTEGERS:
                args = {a: ids["A"].get(a, "x") for a in rule.arguments}
                args[name] = value
                url = url_with(rule, args)
                for method in sorted({"GET", "POST"} & rule.methods):
                    for role in roles_for(rule):
                        got = status(clients[role], url, method, data={})
                        checked += 1
                        if got != 404:
                            problems.append(f"{role} {method} {url} -> {got}")
    assert checked > 150, checked
    assert not problems, "\n".join(problems)


def test_malformed_query_strings_never_give_a_server_error(app, sweep):
    ids, clients = sweep
    problems: list[str] = []
    checked = 0
    for rule in routes(app):
        if "GET" not in rule.methods or rule.endpoint in ("static", "public.health"):
            continue
        url = url_with(rule, {a: ids["A"][a] for a in rule.arguments})
        for role in roles_for(rule):
            client = clients[role]
            for value in MALFORMED:  # every parameter at once, then each alone with the huge integers
                check(status(client, url, query_string={n: value for n in QUERY_NAMES}),
                      f"{role} {url} all={value!r}", problems)
                checked += 1
            for name in QUERY_NAMES:
                for value in (HUGE_INTEGERS[1], "²"):  # the others are sent with every parameter at once
                    check(status(client, url, query_string={name: value}), f"{role} {url}?{name}={value}", problems)
                    checked += 1
    assert checked > 4000, checked
    assert not problems, "\n".join(problems)


def test_bad_form_values_never_give_a_server_error(app, sweep, book):
    ids, clients = sweep
    fields = sorted(form_field_names() | indicator_fields(book))
    assert {"max_dwt", "capacity_kt", "final_amount_cny", "deaths", "findings"} <= set(fields)
    problems: list[str] = []
    checked = 0
    for rule in routes(app):
        if "POST" not in rule.methods or rule.endpoint in SKIP_POST:
            continue
        url = url_with(rule, {a: ids["A"][a] for a in rule.arguments})
        for role in roles_for(rule):
            client = clients[role]
            for action in ("suggest", "decide", "check"):
                for value in MALFORMED:
                    data = {name: value for name in fields}
                    data.update(action=action, rating_id=value)
                    body = {"json": {n: value for n in fields}} if rule.endpoint.startswith("api.") else {"data": data}
                    checked += 1
                    check(status(client, url, "POST", **body), f"{role} POST {url} action={action} every field={value!r}",
                          problems)
    assert checked > 450, checked
    assert not problems, "\n".join(problems)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=st.sampled_from(["public.grades", "inspect.wharves", "inspect.companies", "permits.search",
                             "permits.decisions", "permits.penalties", "dashboard.index", "review.ratings",
                             "review.objections", "review.repairs", "inspections.index", "inspections.public_index",
                             "api.wharves"]),
       name=st.sampled_from(QUERY_NAMES),
       value=st.one_of(st.integers().map(str), st.floats(allow_nan=True, allow_infinity=True).map(repr),
                       st.text(max_size=40)))
def test_any_value_of_a_list_page_parameter_answers_without_a_server_error(app, sweep, page, name, value):
    _, clients = sweep
    path = next(rule.rule for rule in routes(app) if rule.endpoint == page)
    got = status(clients["admin"], path, query_string={name: value})
    assert got in ALLOWED, (path, name, value, got)


def test_a_page_number_past_the_limit_is_a_400_that_says_so_and_junk_is_page_one(app, sweep):
    _, clients = sweep
    response = clients["admin"].get("/wharves", query_string={"page": "9223372036854775808", "lang": "zh_CN"})
    assert response.status_code == 400
    assert "页码" in response.get_data(as_text=True)
    assert clients["admin"].get("/wharves", query_string={"page": "abc"}).status_code == 200
    assert clients["anonymous"].get("/grades", query_string={"page": str(PAGE_MAX + 1)}).status_code == 400
    assert clients["anonymous"].get("/grades", query_string={"page": str(PAGE_MAX)}).status_code == 200


def test_an_id_filter_out_of_range_is_a_400_naming_it(app, sweep):
    _, clients = sweep
    response = clients["admin"].get("/penalties/", query_string={"company": str(2**31), "lang": "en"})
    assert response.status_code == 400 and "company must be a whole number" in response.get_data(as_text=True)


def test_the_openapi_document_states_the_bounds_the_server_enforces(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    params = {(path, p["name"]): p["schema"] for path, ops in spec["paths"].items() for op in ops.values()
              if isinstance(op, dict) for p in op.get("parameters", [])}
    params |= {(path, p["name"]): p["schema"] for path, ops in spec["paths"].items()
               for p in ops.get("parameters", [])}
    assert params[("/api/v1/wharves", "page")]["maximum"] == PAGE_MAX
    assert params[("/api/v1/wharves/{wharf_id}", "wharf_id")]["maximum"] == DB_INT_MAX
    response = client.get("/api/v1/wharves", query_string={"page": str(PAGE_MAX + 1)},
                          headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401  # the door first


def test_a_nul_character_anywhere_is_a_400_on_every_database(app, sweep):
    ids, clients = sweep
    assert clients["admin"].get("/wharves", query_string={"q": "a\x00b"}).status_code == 400
    assert clients["anonymous"].get("/grades", query_string={"q\x00": "x"}).status_code == 400
    response = clients["admin"].post("/companies/new", data={"name": "港\x00务", "uscc": "x"})
    assert response.status_code == 400 and "NUL" in response.get_data(as_text=True)
    response = clients["admin"].post(f"/api/v1/wharves/{ids['A']['wharf_id']}/safety-events",
                                     json={"kind": "inspection", "date": "2026-01-05", "note": "\u0000"})
    assert response.status_code == 400 and response.content_type == "application/problem+json"
