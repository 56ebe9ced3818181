"""Each use case is one unit of work (services/uow.py): when it fails after it has started writing, nothing of it is
stored. The failure here is the audit trail refusing the use case's last entry, so every write before it (rows,
ratings, nested use cases, earlier audit entries) has already been flushed and must be rolled back."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from wharf_credit import clock
from wharf_credit.models import (
    ApiToken, Assessment, AuditEntry, Company, InspectionDraw, Objection, PenaltyCase, PermitDecision, RatingRow,
    RepairRequest, SafetyEventRow, User, Wharf,
)
from wharf_credit.rules import rule_store
from wharf_credit.services import audit
from wharf_credit.services.assessments import record_event, submit_assessment
from wharf_credit.services.inspections import run_draw
from wharf_credit.services.penalties import record_penalty_case
from wharf_credit.services.permits import record_permit_decision
from wharf_credit.services.publication import decide_objection, file_objection, publish
from wharf_credit.services.registry import save_company, save_wharf
from wharf_credit.services.repairs import request_repair
from wharf_credit.services.tokens import create_token
from wharf_credit.services.users import create_user
from wharf_credit.services.uow import unit_of_work

from ..builders import value_for_level
from ..factories import make_company, make_event, make_rating, make_user, make_wharf

T = dt.date(2026, 11, 24)
TABLES = (Company, Wharf, User, ApiToken, Assessment, SafetyEventRow, RatingRow, Objection, RepairRequest,
          PermitDecision, PenaltyCase, InspectionDraw, AuditEntry)


class AuditRefused(Exception):
    pass


def counts(session) -> dict[str, int]:
    return {m.__name__: session.execute(select(func.count()).select_from(m)).scalar_one() for m in TABLES}


@pytest.fixture
def world(session):
    book = rule_store().book
    company = make_company(session)
    wharf = make_wharf(session, company)
    rating = make_rating(session, wharf, T)
    with clock.pinned(T):
        publish(session, book, [rating.id], "tests", T)
    event = make_event(session, wharf, "hidden_danger", T - dt.timedelta(days=200), severity="general",
                       deadline=(T - dt.timedelta(days=190)).isoformat(),
                       rectified_on=(T - dt.timedelta(days=195)).isoformat())
    return {"book": book, "company": company, "wharf": wharf, "rating": rating, "event": event,
            "inspector": make_user(session, "inspector"), "officer": make_user(session, "permit_officer"),
            "reviewer": make_user(session, "reviewer"), "company_user": make_user(session, "company", company),
            "admin": make_user(session, "admin")}


def objection_of(session, w):
    return file_objection(session, w["rating"].id, w["company_user"], "数据有误", T)


USE_CASES = {  # family -> (the audit action refused, the use case)
    "registry: a company": ("company.created", lambda s, w: save_company(
        s, {"uscc": "91330521MA2B3C4D5Q", "name": "新企业"}, w["inspector"])),
    "registry: a wharf": ("wharf.created", lambda s, w: save_wharf(
        s, {"code": "DQ-NEW-1", "name": "新码头", "type": "bulk", "company_id": w["company"].id}, w["inspector"])),
    "assessments: an assessment and its rating": ("rating.created", lambda s, w: submit_assessment(
        s, w["book"], w["wharf"].id, {i.id: value_for_level(i, 4) for i in
                                      w["book"].for_date(T).by_type[w["wharf"].type]}, w["inspector"],
        assessed_on=T)),
    "assessments: a safety event and its rating": ("rating.created", lambda s, w: record_event(
        s, w["book"], w["wharf"].id, {"kind": "inspection", "date": T.isoformat(), "onsite": True, "findings": 1},
        w["inspector"])),
    "publication: an objection": ("objection.filed", objection_of),
    "publication: a corrected objection publishes a new rating": ("objection.corrected", lambda s, w: decide_objection(
        s, w["book"], objection_of(s, w).id, "corrected", "已更正", w["reviewer"], T)),
    "repairs: a repair request": ("repair.requested", lambda s, w: request_repair(
        s, w["book"], w["event"].id, w["company_user"], "已整改", False, T)),
    "permits: a permit decision": ("permit.decided", lambda s, w: record_permit_decision(
        s, w["book"], w["company"].id, "renewal", "approved", w["officer"], T)),
    "penalties: a penalty case and its safety event": ("penalty.decided", lambda s, w: record_penalty_case(
        s, w["book"], w["wharf"].id, "P-WASTE-01", ["repeated"], T - dt.timedelta(days=5), "fine", 30000,
        w["officer"], T)),
    "inspections: a random draw": ("inspections.drawn", lambda s, w: run_draw(
        s, w["book"], "2026Q4", "seed-1", w["admin"])),
    "accounts: a user": ("user.created", lambda s, w: create_user(s, "newcomer", "a-long-password", "inspector")),
    "accounts: an API token": ("token.created", lambda s, w: create_token(s, w["inspector"].username, "tests")),
}


@pytest.mark.parametrize("family", sorted(USE_CASES))
def test_a_use_case_that_fails_after_writing_stores_nothing(session, world, monkeypatch, family):
    refused, run = USE_CASES[family]
    with clock.pinned(T):
        if family.startswith("publication: a corrected"):
            objection_of(session, world)  # filed (and committed) before the decision that fails
            run = lambda s, w: decide_objection(  # noqa: E731
                s, w["book"], session.execute(select(Objection.id)).scalar_one(), "corrected", "已更正",
                w["reviewer"], T)
        before = counts(session)
        real_record, seen = audit.record, []

        def record(session_, actor, action, *args, **kwargs):
            seen.append(action)
            if action == refused:
                raise AuditRefused(action)
            return real_record(session_, actor, action, *args, **kwargs)

        monkeypatch.setattr(audit, "record", record)
        with pytest.raises(AuditRefused):
            run(session, world)
        assert refused in seen
        monkeypatch.setattr(audit, "record", real_record)
        assert counts(session) == before, f"{family}: something of the failed use case was stored"
        run(session, world)  # the same use case, not refused, is stored: the failure was the only obstacle
        assert counts(session) != before


def test_a_use_case_inside_another_is_stored_with_it_or_not_at_all(session, world):
    before = counts(session)
    with pytest.raises(AuditRefused), unit_of_work(session):
        record_event(session, world["book"], world["wharf"].id, {"kind": "inspection", "date": T.isoformat(),
                                                                 "onsite": True, "findings": 0}, world["inspector"])
        raise AuditRefused("the enclosing use case fails after the nested one returned")
    assert counts(session) == before
