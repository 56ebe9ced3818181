"""Boundary days, with the clock pinned (wharf_credit.clock): what the pages and the API show on the last day of a
rating's objection window and the day after, and on the last day a rating is valid and the day after."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from wharf_credit import clock
from wharf_credit.models import Objection, RatingRow
from wharf_credit.rules import rule_store
from wharf_credit.services.publication import finalise_expired, publish
from wharf_credit.services.tokens import create_token

from ..api.conftest import Caller
from ..factories import login, make_company, make_rating, make_user, make_wharf, page_text
from .test_review import post

RATED_ON = dt.date(2026, 3, 10)  # a day of month every month has, so "N months later" needs no clamping
ENDED = "The objection window has closed."


@pytest.fixture
def published(session):
    """A company, its wharf and a rating of RATED_ON published that day (objection window opened by the service)."""
    company = make_company(session)
    wharf = make_wharf(session, company)
    with clock.pinned(RATED_ON):
        row = make_rating(session, wharf, RATED_ON)
        publish(session, rule_store().book, [row.id], "tests", clock.today())
    assert row.status == "published" and row.objection_until > RATED_ON
    return company, wharf, row


def api_for(client, session, role, company=None) -> Caller:
    user = make_user(session, role, company)
    return Caller(client, create_token(session, user.username, "tests")[1])


def objections(session) -> int:
    return session.execute(select(func.count()).select_from(Objection)).scalar_one()


def test_on_the_last_day_of_the_objection_window_the_company_may_object_and_the_day_after_it_may_not(
        client, session, published):
    company, wharf, row = published
    last_day = row.objection_until
    login(client, make_user(session, "company", company))
    api = api_for(client, session, "inspector")

    clock.pin(last_day)
    page = page_text(client, f"/ratings/{row.id}?lang=en")
    assert f'href="/portal/ratings/{row.id}/objection"' in page
    form = page_text(client, f"/portal/ratings/{row.id}/objection")
    assert ENDED not in form and 'name="reason"' in form
    assert finalise_expired(session, "tests", clock.today()) == []
    assert api.get(f"/api/v1/wharves/{wharf.id}/rating").get_json()["status"] == "published"

    clock.pin(last_day + dt.timedelta(days=1))
    page = page_text(client, f"/ratings/{row.id}")
    assert f'href="/portal/ratings/{row.id}/objection"' not in page
    assert ENDED in page_text(client, f"/portal/ratings/{row.id}/objection")
    response = post(client, f"/portal/ratings/{row.id}/objection", {"reason": "迟到的异议"})
    assert response.status_code == 400 and ENDED in response.get_data(as_text=True)
    assert objections(session) == 0
    assert finalise_expired(session, "tests", clock.today()) == [row.id]
    assert session.get(RatingRow, row.id).status == "final"
    assert api.get(f"/api/v1/wharves/{wharf.id}/rating").get_json()["status"] == "final"


def test_on_the_last_day_a_rating_is_valid_it_is_not_stale_and_the_day_after_it_is(client, session, published):
    company, wharf, row = published
    months = rule_store().book.for_date(RATED_ON).policy.validity_months
    total = RATED_ON.month - 1 + months
    last_valid = RATED_ON.replace(year=RATED_ON.year + total // 12, month=total % 12 + 1)
    assert rule_store().book.for_date(last_valid).policy.validity_months == months
    login(client, make_user(session, "permit_officer"))
    api = api_for(client, session, "permit_officer")
    stale_page = f"older than the {months} months a rating stays valid"

    clock.pin(last_valid)
    assert stale_page not in page_text(client, f"/ratings/{row.id}?lang=en")
    assert "stale" not in api.get(f"/api/v1/companies/{company.uscc}/grade").get_json()["warnings"]

    clock.pin(last_valid + dt.timedelta(days=1))
    assert stale_page in page_text(client, f"/ratings/{row.id}?lang=en")
    answer = api.get(f"/api/v1/companies/{company.uscc}/grade").get_json()
    assert "stale" in answer["warnings"] and answer["grade"] == row.grade
    assert f"older than {months} months" in page_text(client, f"/permits/companies/{company.id}?lang=en")
