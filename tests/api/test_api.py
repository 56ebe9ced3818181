"""The JSON API a permit system integrates with: tokens, roles, problem+json errors, the documented shapes."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from wharf_credit.models import ApiToken, AuditEntry, SafetyEventRow
from wharf_credit.services.tokens import create_token, revoke_token

from ..builders import clean_facts_dict
from ..factories import make_company, make_event, make_rating, make_user, make_wharf

T = dt.date.today()


def published_wharf(session, book, company=None, **kw):
    company = company or make_company(session, **kw)
    wharf = make_wharf(session, company, type="bulk", operating_since=dt.date(2010, 1, 1))
    make_event(session, wharf, "inspection", T - dt.timedelta(days=30), onsite=True)
    row = make_rating(session, wharf, as_of=T, status="published", book=book, assess=True)
    return company, wharf, row


def test_every_call_needs_a_valid_bearer_token(client, session):
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}):
        resp = client.get("/api/v1/wharves", headers=headers)
        assert resp.status_code == 401
        assert resp.content_type == "application/problem+json"
        assert resp.headers["WWW-Authenticate"] == "Bearer"


def test_a_token_is_stored_hashed_and_stops_working_when_revoked(client, session):
    user = make_user(session, "permit_officer")
    row, plain = create_token(session, user.username, "tests")
    assert plain not in {row.token_hash, row.prefix} and len(row.token_hash) == 64
    assert client.get("/api/v1/wharves", headers={"Authorization": f"Bearer {plain}"}).status_code == 200
    revoke_token(session, row.id, "tests")
    assert client.get("/api/v1/wharves", headers={"Authorization": f"Bearer {plain}"}).status_code == 401
    assert session.query(AuditEntry).filter(AuditEntry.action.in_(("token.created", "token.revoked"))).count() == 2


def test_the_company_grade_for_permit_systems_carries_grade_measures_and_warnings(session, book, as_role):
    company, _, row = published_wharf(session, book)
    resp = as_role("permit_officer").get(f"/api/v1/companies/{company.uscc}/grade?lang=en")
    assert resp.status_code == 200
    body = resp.get_json()
    assert (body["grade"], body["status"], body["rating_id"]) == ("AA", "published", row.id)
    assert body["measures"]["permit_route"]["code"] == "fast_track"
    assert body["warnings"] == [] and body["ruleset"]["version"] == book.for_date(T).version


def test_chinese_comes_back_readable_not_escaped(session, book, as_role):
    company, _, _ = published_wharf(session, book)
    resp = as_role("permit_officer").get(f"/api/v1/companies/{company.uscc}/grade")
    raw = resp.get_data(as_text=True)
    assert "告知承诺" in raw and "\\u" not in raw


def test_a_company_token_sees_its_own_company_and_gets_404_for_another(session, book, as_role):
    mine, my_wharf, _ = published_wharf(session, book)
    other, other_wharf, _ = published_wharf(session, book)
    me = as_role("company", mine)
    assert me.get(f"/api/v1/companies/{mine.uscc}/grade").status_code == 200
    for url in (f"/api/v1/companies/{other.uscc}/grade", f"/api/v1/wharves/{other_wharf.id}",
                f"/api/v1/wharves/{other_wharf.id}/rating", f"/api/v1/wharves/{other_wharf.id}/ratings"):
        resp = me.get(url)
        assert resp.status_code == 404 and resp.content_type == "application/problem+json", url
    listed = me.get("/api/v1/wharves").get_json()
    assert [w["id"] for w in listed] == [my_wharf.id]


def test_wharves_are_paginated_and_filtered_by_type_and_grade(session, book, as_role):
    for _ in range(3):
        published_wharf(session, book)
    make_wharf(session, type="container")
    caller = as_role("inspector")
    page = caller.get("/api/v1/wharves?page=1&page_size=2")
    assert page.status_code == 200 and len(page.get_json()) == 2
    assert json.loads(page.headers["X-Pagination"])["total"] == 4
    assert {w["type"] for w in caller.get("/api/v1/wharves?type=container").get_json()} == {"container"}
    aa = caller.get("/api/v1/wharves?grade=AA").get_json()
    assert len(aa) == 3 and all(w["grade"] == "AA" for w in aa)
    bad = caller.get("/api/v1/wharves?grade=Z&type=boat")
    assert bad.status_code == 422
    assert {e["field"] for e in bad.get_json()["errors"]} == {"grade", "type"}


def test_preview_rates_without_storing_and_equals_the_cli(session, book, ruleset, as_role, runner, tmp_path):
    facts = clean_facts_dict(ruleset, "dangerous_goods")
    officer = as_role("permit_officer")
    before = session.query(AuditEntry).count()
    resp = officer.post("/api/v1/ratings/preview?lang=en", json=facts)
    assert resp.status_code == 200
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts), encoding="utf-8")
    cli = runner.invoke(args=["rules", "rate", str(path), "--lang", "en"])
    assert cli.exit_code == 0, cli.output
    assert resp.get_json() == json.loads(cli.stdout)
    assert session.query(AuditEntry).count() == before, "a preview stores nothing"


def test_preview_lists_every_bad_field_with_its_path(session, as_role, ruleset):
    facts = clean_facts_dict(ruleset)
    facts["indicators"]["G-DUST-01"] = 7
    facts["indicators"]["G-NOPE-99"] = 1
    facts["safety_events"].append({"kind": "accident", "severity": "huge", "date": "2099-01-01"})
    resp = as_role("inspector").post("/api/v1/ratings/preview", json=facts)
    assert resp.status_code == 422 and resp.content_type == "application/problem+json"
    fields = {e["field"] for e in resp.get_json()["errors"]}
    assert {"indicators.G-DUST-01", "indicators.G-NOPE-99", "safety_events[1].severity",
            "safety_events[1].date"} <= fields


def test_strict_types_an_integer_field_refuses_two_and_a_half(session, book, as_role):
    _, wharf, _ = published_wharf(session, book)
    inspector = as_role("inspector")
    resp = inspector.post(f"/api/v1/wharves/{wharf.id}/safety-events",
                          json={"kind": "inspection", "date": T.isoformat(), "onsite": True, "findings": 2.5})
    assert resp.status_code == 422
    assert resp.get_json()["errors"][0]["field"] == "findings"
    resp = inspector.post(f"/api/v1/wharves/{wharf.id}/safety-events",
                          json={"kind": "penalty", "date": T.isoformat(), "amount_cny": "5000"})
    assert resp.status_code == 422 and resp.get_json()["errors"][0]["field"] == "amount_cny"
    assert session.query(SafetyEventRow).filter_by(wharf_id=wharf.id).count() == 1


def test_an_inspector_files_an_assessment_and_an_event_and_a_permit_officer_may_not(session, book, as_role):
    _, wharf, _ = published_wharf(session, book)
    inspector = as_role("inspector")
    resp = inspector.post(f"/api/v1/wharves/{wharf.id}/assessments", json={"values": {"G-MGT-01": 2}})
    assert resp.status_code == 201
    assert resp.get_json()["rating"]["status"] == "provisional"
    resp = inspector.post(f"/api/v1/wharves/{wharf.id}/safety-events",
                          json={"kind": "inspection", "date": T.isoformat(), "onsite": True, "findings": 0})
    assert resp.status_code == 201 and resp.get_json()["event_id"]
    officer = as_role("permit_officer")
    assert officer.post(f"/api/v1/wharves/{wharf.id}/assessments", json={"values": {"G-MGT-01": 2}}
                        ).status_code == 403
    bad = inspector.post(f"/api/v1/wharves/{wharf.id}/assessments", json={"values": {"G-MGT-01": 9}})
    assert bad.status_code == 422 and bad.get_json()["errors"][0]["field"] == "indicators.G-MGT-01"


def test_a_wrong_method_keeps_its_allow_header(session, as_role):
    resp = as_role("inspector").delete("/api/v1/wharves")
    assert resp.status_code == 405 and "GET" in resp.headers["Allow"]
    assert resp.content_type == "application/problem+json"


def test_the_openapi_document_describes_every_operation_and_the_bearer_scheme(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    ops = {(path, method) for path, item in spec["paths"].items() for method in item if method != "parameters"}
    assert {("/api/v1/ratings/preview", "post"), ("/api/v1/wharves", "get"),
            ("/api/v1/companies/{uscc}/grade", "get"), ("/api/v1/wharves/{wharf_id}/rating", "get"),
            ("/api/v1/wharves/{wharf_id}/assessments", "post"),
            ("/api/v1/wharves/{wharf_id}/safety-events", "post")} <= ops


def test_tokens_cli_prints_the_token_once_and_revokes(session, runner):
    user = make_user(session, "permit_officer")
    out = runner.invoke(args=["tokens", "create", "--username", user.username, "--name", "platform"])
    assert out.exit_code == 0 and out.stdout.strip().startswith("wct_")
    row = session.query(ApiToken).one()
    assert runner.invoke(args=["tokens", "revoke", str(row.id)]).exit_code == 0
    again = runner.invoke(args=["tokens", "revoke", str(row.id)])
    assert again.exit_code == 1 and "already revoked" in again.stderr
    assert runner.invoke(args=["tokens", "create", "--username", "ghost"]).exit_code == 1


def test_an_admin_creates_a_token_shown_once_and_revokes_it_after_confirming(client, session):
    from ..factories import login
    admin = make_user(session, "admin")
    officer = make_user(session, "permit_officer")
    login(client, admin)
    page = client.post("/admin/tokens", data={"username": officer.username, "name": "permit platform"})
    assert page.status_code == 200
    plain = re.search(r"wct_[A-Za-z0-9_-]+", page.get_data(as_text=True)).group(0)
    assert client.get("/api/v1/wharves", headers={"Authorization": f"Bearer {plain}"}).status_code == 200
    listing = client.get("/admin/tokens").get_data(as_text=True)
    assert plain not in listing and "data-confirm" in listing, "shown once; revoking asks first"
    row = session.query(ApiToken).one()
    assert client.post(f"/admin/tokens/{row.id}/revoke").status_code == 303
    assert client.get("/api/v1/wharves", headers={"Authorization": f"Bearer {plain}"}).status_code == 401
    bad = client.post("/admin/tokens", data={"username": "nobody"})
    assert bad.status_code == 400 and session.query(ApiToken).count() == 1
    for empty in ({}, {"username": "", "name": "permit platform"}, {"username": officer.username, "name": "  "}):
        refused = client.post("/admin/tokens", data=empty)  # nobody chosen, or no purpose: no token
        assert refused.status_code == 400 and session.query(ApiToken).count() == 1, empty


def test_the_api_documentation_page_lists_every_operation_without_a_token(client):
    page = client.get("/api/v1/docs")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and page.content_type.startswith("text/html")
    for op in ("POST /api/v1/ratings/preview", "GET /api/v1/companies/{uscc}/grade", "GET /api/v1/wharves"):
        assert op in text


def test_a_cached_grade_answer_changes_as_soon_as_anything_is_written(session, book, as_role):
    from wharf_credit.services.publication import publish
    company, wharf, first = published_wharf(session, book)
    officer = as_role("permit_officer")
    url = f"/api/v1/companies/{company.uscc}/grade"
    assert officer.get(url).get_json()["rating_id"] == first.id
    assert officer.get(url).get_json()["rating_id"] == first.id  # served from the cache
    newer = make_rating(session, wharf, as_of=T, levels={"G-MGT-01": 0}, book=book, assess=True)
    publish(session, book, [newer.id], "tests", T)  # an audited write: the cache key moves on
    body = officer.get(url).get_json()
    assert body["rating_id"] == newer.id and body["status"] == "published"


@pytest.mark.parametrize("number", ["1e400", "-1e400", "Infinity", "NaN"])
def test_non_finite_numbers_in_a_body_are_refused_with_the_field_and_store_nothing(session, book, as_role, ruleset,
                                                                                    number):
    _, wharf, _ = published_wharf(session, book)
    inspector = as_role("inspector")
    events = session.query(SafetyEventRow).count()
    audited = session.query(AuditEntry).count()
    headers = {"Content-Type": "application/json"}
    resp = inspector.post(f"/api/v1/wharves/{wharf.id}/safety-events", headers=headers,
                          data=f'{{"kind": "penalty", "date": "{T.isoformat()}", "amount_cny": {number}}}')
    assert resp.status_code == 422 and resp.get_json()["errors"][0]["field"] == "amount_cny"
    measured = next(i for i in ruleset.by_type[wharf.type] if i.kind == "number")
    resp = inspector.post(f"/api/v1/wharves/{wharf.id}/assessments", headers=headers,
                          data=f'{{"values": {{"{measured.id}": {number}}}}}')
    assert resp.status_code == 422 and resp.get_json()["errors"][0]["field"] == f"indicators.{measured.id}"
    facts = clean_facts_dict(ruleset)
    body = json.dumps(facts).replace('"capacity_kt": 1200', f'"capacity_kt": {number}')
    assert f'"capacity_kt": {number}' in body
    resp = inspector.post("/api/v1/ratings/preview", headers=headers, data=body)
    assert resp.status_code == 422 and "wharf.capacity_kt" in {e["field"] for e in resp.get_json()["errors"]}
    session.expire_all()
    assert (session.query(SafetyEventRow).count(), session.query(AuditEntry).count()) == (events, audited)


@pytest.mark.parametrize("role", ["company", "permit_officer", "reviewer"])
def test_a_caller_without_the_role_gets_403_before_its_body_or_query_is_looked_at(session, book, as_role, role):
    company, wharf, _ = published_wharf(session, book)
    caller = as_role(role, company) if role == "company" else as_role(role)
    for path in (f"/api/v1/wharves/{wharf.id}/assessments", f"/api/v1/wharves/{wharf.id}/safety-events"):
        for body in ({}, {"values": "not a mapping", "unknown": 1}, {"kind": 7}):
            resp = caller.post(path, json=body)
            assert resp.status_code == 403 and "errors" not in resp.get_json(), (path, body, resp.get_json())
        assert caller.post(f"{path}?nonsense=1", json={}).status_code == 403


def test_every_write_operation_names_its_action_in_the_permission_table(app):
    from wharf_credit import policy
    from wharf_credit.api import OPERATION_ACTIONS

    writes = {rule.endpoint for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("api.") and rule.methods & {"POST", "PUT", "PATCH", "DELETE"}}
    assert writes - {"api.preview"} <= set(OPERATION_ACTIONS), writes - set(OPERATION_ACTIONS)
    assert set(OPERATION_ACTIONS.values()) <= set(policy.ACTIONS)


def test_timestamps_carry_their_time_zone(session, book, as_role):
    _, wharf, row = published_wharf(session, book)
    row.published_at = dt.datetime(2026, 3, 4, 5, 6, 7)  # stored naive, in UTC
    session.commit()
    rating = as_role("inspector").get(f"/api/v1/wharves/{wharf.id}/rating").get_json()
    assert rating["published_at"].startswith("2026-03-04T05:06:07")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(\+00:00|Z)", rating["published_at"]), rating
