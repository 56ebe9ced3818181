"""Fixtures of the route-wide web tests (the authorisation matrix and the malformed-input sweep): two companies'
worth of objects (`world`), a user per role, and a signed-in client per role."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from wharf_credit.extensions import db
from wharf_credit.models import Company, Objection, RepairRequest, Wharf
from wharf_credit.services.tokens import create_token

from ..factories import login, make_company, make_event, make_rating, make_user, make_wharf

ROLES = ("anonymous", "inspector", "permit_officer", "reviewer", "company", "admin")
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def routes(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


@pytest.fixture
def world(app):
    """Company A (wharf, assessment, rating, photo) and company B (the same), a user per role; ids only."""
    photos = Path(app.config["UPLOAD_FOLDER"])
    photos.mkdir(parents=True, exist_ok=True)
    with app.app_context():
        session = db.session
        ids = {}
        for side in ("A", "B"):
            company = make_company(session)
            wharf = make_wharf(session, company)
            make_event(session, wharf, "inspection", dt.date.today() - dt.timedelta(days=30), onsite=True, findings=0)
            rating = make_rating(session, wharf, assess=True)
            name = ("a" if side == "A" else "b") * 32 + ".png"
            (photos / name).write_bytes(PNG)
            ids[side] = {"company_id": company.id, "wharf_id": wharf.id, "assessment_id": rating.assessment_id,
                         "rating_id": rating.id, "name": name, "uscc": company.uscc}
        for side in ("A", "B"):  # an objection (with a document) and a repair request per company
            side_ids = ids[side]
            objection = Objection(rating_id=side_ids["rating_id"], company_id=side_ids["company_id"],
                                  filed_on=dt.date.today(), reason="安全评价行为记录有误", attachment=side_ids["name"])
            event = make_event(session, session.get(Wharf, side_ids["wharf_id"]), "hidden_danger",
                               dt.date.today() - dt.timedelta(days=200), severity="general",
                               rectified_on=(dt.date.today() - dt.timedelta(days=190)).isoformat())
            repair = RepairRequest(event_id=event.id, company_id=side_ids["company_id"], requested_on=dt.date.today(),
                                   reason="隐患已整改完毕")
            session.add_all([objection, repair])
            session.commit()
            side_ids.update(objection_id=objection.id, event_id=event.id, request_id=repair.id)
        users = {role: make_user(session, role).username for role in ROLES if role not in ("anonymous", "company")}
        for side in ("A", "B"):  # an API token to revoke (each role's client revokes its own fresh one)
            ids[side]["token_id"] = create_token(session, users["inspector"], "tests")[0].id
        company_a = session.get(Company, ids["A"]["company_id"])
        users["company"] = make_user(session, "company", company=company_a).username
        assert all(ids[side]["assessment_id"] for side in ids)
        from wharf_credit.rules import rule_store
        from wharf_credit.services.inspections import run_draw

        for side, period in (("A", "2026Q1"), ("B", "2026Q2")):  # inspection draws (not owned by a company)
            ids[side]["candidate"], ids[side]["job_id"] = "no-such-candidate", "no-such-job"  # admin: 404
            ids[side]["ident"] = "no-such-calibrator"  # admin: refused, 303
            ids[side]["draw_id"] = run_draw(session, rule_store().book, period, f"matrix-{side}", "tests").id
    return ids, users


def client_for(app, users, role):
    client = app.test_client()
    if role != "anonymous":
        response = login(client, SimpleNamespace(username=users[role]))
        assert response.status_code == 302, (role, response.status_code)
    return client


@pytest.fixture
def admin_client(app, session):
    """A signed-in admin's client, answered in English."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"  # English pages and flash messages
    assert login(client, make_user(session, "admin")).status_code == 302
    return client
