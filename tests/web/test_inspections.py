"""Inspection draws (双随机一公开) on the web: the admin's draw form, the staff and public lists, the inspector's own
wharves, and the printable rating certificate."""
from __future__ import annotations

import datetime as dt

import pytest
from markupsafe import escape

from wharf_credit.domain.supervision.draws import parse_period
from wharf_credit.models import InspectionDraw
from wharf_credit.services.inspections import run_draw
from wharf_credit.domain.supervision.draws import period_of

from ..factories import login, make_company, make_event, make_rating, make_user, make_wharf, page_text

TODAY = dt.date.today()
PERIOD = period_of(TODAY)
NEXT_YEAR = f"{TODAY.year + 1}Q1"  # not started yet


def rated(session, book, status="published", dishonest=False, name=None):
    company = make_company(session, serious_dishonesty_list=dishonest)
    wharf = make_wharf(session, company, operating_since=dt.date(2010, 1, 1), **({"name": name} if name else {}))
    make_event(session, wharf, "inspection", TODAY - dt.timedelta(days=30), onsite=True, findings=0)
    return wharf, make_rating(session, wharf, status=status, book=book)


@pytest.fixture
def registry(session, book):
    """Two D wharves (always drawn), three AA wharves (one drawn), one inspector."""
    inspector = make_user(session, "inspector")
    bad = [rated(session, book, dishonest=True, name=f"禹越危险码头{n}")[0] for n in range(2)]
    good = [rated(session, book, name=f"新市优秀码头{n}")[0] for n in range(3)]
    return inspector, bad, good


def fresh():
    """Forget the locale and user cached on the `session` fixture's app context (see factories.page_text)."""
    from flask import g
    from flask_babel import refresh

    refresh()
    g.pop("_login_user", None)


def signed_in(client, session, role, company=None, lang="en"):
    user = make_user(session, role, company)
    fresh()
    login(client, user)
    if lang:
        page_text(client, f"/grades?lang={lang}")
    return user


def post(client, url, data):
    fresh()
    return client.post(url, data=data)


def test_an_admin_draws_a_quarter_and_the_list_is_published(client, session, registry, book):
    inspector, bad, good = registry
    signed_in(client, session, "admin")
    form = page_text(client, "/inspections/new")
    assert f'value="{PERIOD}"' in form and 'name="confirm"' in form
    response = post(client, "/inspections/new", {"period": PERIOD, "seed": "bureau-meeting-1", "confirm": "y"})
    assert response.status_code == 302
    draw = session.query(InspectionDraw).one()
    assert response.headers["Location"].endswith(f"/inspections/{draw.id}")
    page = page_text(client, f"/inspections/{draw.id}")
    assert "bureau-meeting-1" in page and PERIOD in page
    assert "SHA-256" in page and f'<code translate="no">"bureau-meeting-1|{PERIOD}|grade"</code>' in page
    assert f"Rule set {book.for_date(parse_period(PERIOD)[0]).version}" in page
    for w in bad:
        assert w.name in page and f'href="/wharves/{w.id}"' in page
    assert sum(w.name in page for w in good) == 1
    assert inspector.username in page or (inspector.display_name or "") in page
    assert "<td>D</td>" in page and "100%" in page  # the D row: rate, pool 2, drawn 2
    listing = page_text(client, "/inspections/")
    assert "bureau-meeting-1" in listing and f'href="/inspections/{draw.id}"' in listing


@pytest.mark.parametrize(("data", "message"), [
    ({"period": "2026Q5", "seed": "x", "confirm": "y"}, "Expected a quarter like 2026Q4, got 2026Q5."),
    ({"period": PERIOD, "seed": "x"}, "Confirm the draw first."),
    ({"period": PERIOD, "seed": "", "confirm": "y"}, "This field is required."),
    ({"period": PERIOD, "seed": "x" * 65, "confirm": "y"}, "64"),
])
def test_bad_input_is_shown_again_with_a_message_and_nothing_is_drawn(client, session, registry, data, message):
    signed_in(client, session, "admin")
    response = post(client, "/inspections/new", data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page and 'role="alert"' in page
    assert f'value="{data["period"]}"' in page
    assert session.query(InspectionDraw).count() == 0


def test_a_quarter_is_drawn_once(client, session, registry, book):
    run_draw(session, book, PERIOD, "first", "tests")
    signed_in(client, session, "admin")
    response = post(client, "/inspections/new", {"period": PERIOD, "seed": "second", "confirm": "y"})
    assert response.status_code == 400
    assert f"{PERIOD} has already been drawn." in response.get_data(as_text=True)
    assert session.query(InspectionDraw).one().seed == "first"


@pytest.mark.parametrize("role", ["inspector", "permit_officer", "reviewer"])
def test_only_an_admin_may_draw(client, session, registry, role):
    signed_in(client, session, role)
    assert post(client, "/inspections/new", {"period": PERIOD, "seed": "x", "confirm": "y"}).status_code == 403
    page = page_text(client, "/inspections/")
    assert 'href="/inspections/new"' not in page
    assert session.query(InspectionDraw).count() == 0


def test_the_public_page_shows_seed_method_and_names_but_not_the_inspectors(client, session, registry, book):
    inspector, bad, _ = registry
    draw = run_draw(session, book, PERIOD, "public-seed", "tests")
    page = page_text(client, f"/grades/inspections/{draw.id}?lang=en")
    assert "public-seed" in page and "SHA-256" in page and "random.sample" in page
    assert all(w.name in page for w in bad)
    assert inspector.username not in page and "/wharves/" not in page
    listing = page_text(client, "/grades/inspections")
    assert f'href="/grades/inspections/{draw.id}"' in listing and "public-seed" in listing
    page_text(client, "/grades/inspections/9999", 404)
    page_text(client, "/inspections/9999", 302)  # staff page: sign in first


def test_the_method_is_explained_in_chinese(client, session, registry, book):
    draw = run_draw(session, book, PERIOD, "种子", "tests")
    page = page_text(client, f"/grades/inspections/{draw.id}?lang=zh_CN")
    assert "随机抽查" in page and "种子" in page and "SHA-256" in page


def test_an_inspector_sees_the_wharves_drawn_for_them_in_started_quarters(client, session, registry, book):
    inspector, bad, _ = registry
    run_draw(session, book, PERIOD, "now", "tests")
    later = make_wharf(session, make_company(session, serious_dishonesty_list=True), name="未来抽查码头")
    make_rating(session, later, status="published", book=book)
    run_draw(session, book, NEXT_YEAR, "later", "tests")
    fresh()
    login(client, inspector)
    page_text(client, "/grades?lang=en")
    page = page_text(client, "/inspections/mine")
    for w in bad:
        assert f'href="/wharves/{w.id}"' in page and w.name in page
    assert PERIOD in page and NEXT_YEAR not in page and "未来抽查码头" not in page
    assert 'href="/inspections/mine"' in page  # the nav link


def test_an_inspector_with_nothing_drawn_gets_an_empty_list_and_others_may_not_look(client, session, registry):
    signed_in(client, session, "inspector")
    assert "No wharf has been drawn for you." in page_text(client, "/inspections/mine")
    other = app_client(client)
    signed_in(other, session, "reviewer")
    page_text(other, "/inspections/mine", 403)


def app_client(client):
    return client.application.test_client()


# --- the certificate ----------------------------------------------------------------------------------------------

def test_the_owning_company_prints_its_certificate(client, session, book):
    wharf, rating = rated(session, book, name="钟管绿色码头")
    signed_in(client, session, "company", wharf.company)
    page = page_text(client, f"/wharves/{wharf.id}/certificate")
    assert "Green wharf credit rating certificate" in page
    for text in (wharf.company.name, wharf.company.uscc, wharf.name, wharf.code, "Bulk cargo", f"{rating.score:.2f}",
                 rating.ruleset_version, rating.ruleset_sha256[:12], f"DQ-GWC-{rating.id:06d}", "Permit route"):
        assert text in page, text
    assert 'class="grade-badge grade-aa large"' in page and "Published" in page
    assert "<script" not in page.split("<main>")[1]


def test_the_certificate_shows_the_latest_published_rating_not_a_newer_provisional_one(client, session, book):
    wharf, published = rated(session, book)
    make_rating(session, wharf, levels={"G-DUST-01": 0}, book=book)
    signed_in(client, session, "inspector")
    page = page_text(client, f"/wharves/{wharf.id}/certificate")
    assert f"DQ-GWC-{published.id:06d}" in page and "newer rating of this wharf is provisional" in page


def test_no_certificate_without_a_published_rating(client, session, book):
    wharf, _ = rated(session, book, status="provisional")
    signed_in(client, session, "admin")
    page = page_text(client, f"/wharves/{wharf.id}/certificate")
    assert "has no published rating" in page and "DQ-GWC-" not in page


def test_another_company_gets_404_and_a_visitor_must_sign_in(client, session, book):
    wharf, _ = rated(session, book)
    other = make_company(session)
    signed_in(client, session, "company", other)
    page_text(client, f"/wharves/{wharf.id}/certificate", 404)
    page_text(client, "/wharves/99999/certificate", 404)
    anonymous = app_client(client)
    fresh()
    assert anonymous.get(f"/wharves/{wharf.id}/certificate").status_code == 302


def test_the_certificate_in_chinese(client, session, book):
    wharf, _ = rated(session, book)
    signed_in(client, session, "reviewer", lang="zh_CN")
    page = page_text(client, f"/wharves/{wharf.id}/certificate")
    assert "绿色码头信用评价证书" in page and "发证日期" in page


def test_the_certificate_of_a_batch_rating_carries_its_measures(client, session, book, db):
    from wharf_credit.models import RatingRow
    from wharf_credit.services.rerate import rerate_all

    wharf, _ = rated(session, book)
    report = rerate_all(db.engine, book.for_date(TODAY), TODAY, "tests")
    batch = session.query(RatingRow).filter_by(batch_id=report.batch_id).one()
    batch.status = "published"
    session.commit()
    signed_in(client, session, "inspector")
    page = page_text(client, f"/wharves/{wharf.id}/certificate?lang=en")
    route = book.for_date(TODAY).measures[batch.grade].permit_route.text.en
    assert f"DQ-GWC-{batch.id:06d}" in page and str(escape(route)) in page
