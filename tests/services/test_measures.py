"""Grades that act: permit routes, penalty discretion, inspection draws, publication, objections and credit repair,
as use cases on a real database with fixed dates."""
from __future__ import annotations

import datetime as dt

import pytest

from wharf_credit.models import AuditEntry, InspectionDraw, PenaltyCase, RatingRow, SafetyEventRow
from wharf_credit.services import NotFound, ServiceError
from wharf_credit.services.audit import verify_chain
from wharf_credit.services.inspections import assigned_to, run_draw
from wharf_credit.services.penalties import penalty_suggestion, record_penalty_case
from wharf_credit.services.permits import permit_check, permit_decisions, record_permit_decision
from wharf_credit.services.publication import decide_objection, file_objection, finalise_expired, publish
from wharf_credit.services.repairs import decide_repair, request_repair
from wharf_credit.services.standing import company_standing

from ..factories import make_company, make_event, make_rating, make_user, make_wharf

T = dt.date(2026, 11, 24)
D = "vetoed to D"  # rated_company(grade_levels=D): a company on the serious-dishonesty list


@pytest.fixture
def officer(session):
    return make_user(session, "permit_officer")


@pytest.fixture
def reviewer(session):
    return make_user(session, "reviewer")


def rated_company(session, book, grade_levels=None, status="published", when=T):
    company = make_company(session, serious_dishonesty_list=grade_levels is D)
    wharf = make_wharf(session, company, type="bulk", operating_since=dt.date(2010, 1, 1))
    make_event(session, wharf, "inspection", when - dt.timedelta(days=40), onsite=True, findings=0)
    levels = None if grade_levels is D else grade_levels
    row = make_rating(session, wharf, as_of=when, levels=levels, status=status, book=book, assess=True)
    return company, wharf, row


def test_an_aa_and_a_d_company_get_different_routes_and_discretion(session, book):
    good, good_wharf, good_row = rated_company(session, book)
    bad, bad_wharf, bad_row = rated_company(session, book, D)
    assert good_row.grade == "AA" and bad_row.grade == "D"
    _, fast = permit_check(session, book, good.id, "change_scope", T)
    _, stopped = permit_check(session, book, bad.id, "change_scope", T)
    assert (fast.route_code, stopped.route_code) == ("fast_track", "suspended")
    circumstances = ["first_offence", "minor_harm", "corrected_promptly"]
    _, lenient = penalty_suggestion(session, book, good_wharf.id, "P-DUST-01", circumstances, T)
    _, heavy = penalty_suggestion(session, book, bad_wharf.id, "P-DUST-01", circumstances, T)
    assert lenient.exempt and not heavy.exempt and heavy.band.id == "upper"


def test_the_company_grade_is_its_worst_published_wharf(session, book):
    company, _, _ = rated_company(session, book)
    second = make_wharf(session, company, type="container", operating_since=dt.date(2010, 1, 1))
    make_event(session, second, "inspection", T - dt.timedelta(days=30), onsite=True)
    make_rating(session, second, as_of=T, levels={"G-SHORE-01": 0, "G-SHORE-02": 0}, status="published", book=book)
    standing = company_standing(session, book, company, T)
    assert standing.grade == "A" and standing.basis.wharf_id == second.id
    assert standing.measures.grade == "A"


def test_warnings_for_a_provisional_newer_rating_an_old_rating_and_no_rating(session, book):
    company, wharf, _ = rated_company(session, book, when=dt.date(2025, 6, 1))
    make_rating(session, wharf, as_of=T, status="provisional", book=book)
    warnings = company_standing(session, book, company, T).warnings
    assert "provisional_newer" in warnings and "stale" in warnings
    never = make_company(session)
    standing = company_standing(session, book, never, T)
    assert standing.grade is None and standing.warnings == ["never_rated"]
    _, advice = permit_check(session, book, never.id, "new_operation", T)
    assert advice.grade == "A", "never rated: treated at the rule set's unrated grade"


def test_a_permit_decision_keeps_the_grade_and_rule_set_it_was_made_under(session, book, officer):
    company, _, row = rated_company(session, book)
    decision = record_permit_decision(session, book, company.id, "renewal", "approved", officer, T, notes="ok",
                                      reference="DQ-2026-117")
    assert (decision.grade, decision.route_code, decision.rating_id) == ("AA", "fast_track", row.id)
    assert decision.ruleset_version == "2026.1" and len(decision.ruleset_sha256) == 64
    assert session.execute(permit_decisions(grade="AA")).scalars().all() == [decision]
    assert session.execute(permit_decisions(decision="rejected")).scalars().all() == []
    with pytest.raises(ServiceError) as err:
        record_permit_decision(session, book, company.id, "renewal", "maybe", officer, T)
    assert err.value.field == "decision"
    with pytest.raises(ServiceError):
        record_permit_decision(session, book, company.id, "fishing", "approved", officer, T)


def test_a_penalty_becomes_a_safety_event_and_the_wharf_is_rated_again(session, book, officer):
    company, wharf, _ = rated_company(session, book)
    ratings_before = session.query(RatingRow).count()
    case = record_penalty_case(session, book, wharf.id, "P-WASTE-01", ["repeated"], T - dt.timedelta(days=5),
                               "fine", 30000, officer, T)
    event = session.get(SafetyEventRow, case.event_id)
    assert (event.kind, event.data["measure"], event.data["amount_cny"], event.data["category"]) == \
        ("penalty", "fine", 30000.0, "pollution")
    assert session.query(RatingRow).count() == ratings_before + 1
    assert case.suggested_band == "middle" and case.grade == "AA"


def test_an_exempted_offence_records_no_event_and_a_fine_outside_the_range_stores_nothing(session, book, officer):
    _, wharf, _ = rated_company(session, book)
    case = record_penalty_case(session, book, wharf.id, "P-DUST-01",
                               ["first_offence", "minor_harm", "corrected_promptly"], T, "none", 0, officer, T)
    assert case.event_id is None and case.suggestion["exempt"] is True
    with pytest.raises(ServiceError) as err:
        record_penalty_case(session, book, wharf.id, "P-DUST-01", [], T, "fine", 500, officer, T)
    assert err.value.field == "final_amount_cny"
    session.rollback()
    assert session.query(PenaltyCase).count() == 1
    assert session.query(SafetyEventRow).filter_by(kind="penalty").count() == 0


def test_the_draw_samples_each_grade_at_its_rate_and_assigns_inspectors(session, book):
    inspectors = [make_user(session, "inspector") for _ in range(2)]
    admin = make_user(session, "admin")
    for _ in range(3):
        rated_company(session, book, D)  # three D wharves: all drawn
    for _ in range(4):
        rated_company(session, book)  # four AA wharves: ceil(1 % x 4) = 1 drawn
    draw = run_draw(session, book, "2026Q4", "bureau-2026-10-01", admin)
    grades = sorted(i.grade for i in draw.items)
    assert grades == ["AA", "D", "D", "D"]
    assert {i.inspector_id for i in draw.items} == {u.id for u in inspectors}
    assert len(assigned_to(session, inspectors[0].id, T)) == 2
    assert assigned_to(session, inspectors[0].id, dt.date(2026, 9, 30)) == [], "not before the period starts"
    with pytest.raises(ServiceError):
        run_draw(session, book, "2026Q4", "another", admin)
    with pytest.raises(ServiceError):
        run_draw(session, book, "Q4-2026", "x", admin)


def test_the_same_seed_gives_the_same_draw_on_a_fresh_database(session, book):
    admin = make_user(session, "admin")
    for _ in range(30):
        rated_company(session, book)
    first = [i.wharf_id for i in run_draw(session, book, "2026Q4", "s1", admin).items]
    again = [i.wharf_id for i in run_draw(session, book, "2027Q1", "s1", admin).items]
    from wharf_credit.domain.supervision.draws import draw_inspections
    rates = session.query(InspectionDraw).first().rates
    pool = [(w, "AA") for w in sorted(r.wharf_id for r in session.query(RatingRow))]
    assert first == draw_inspections(rates, pool, "2026Q4", "s1", "A").wharf_ids
    assert again == draw_inspections(rates, pool, "2027Q1", "s1", "A").wharf_ids


def test_publishing_opens_the_window_and_only_the_latest_provisional_rating_is_published(session, book, reviewer):
    _, wharf, old = rated_company(session, book, status="provisional", when=T - dt.timedelta(days=30))
    new = make_rating(session, wharf, as_of=T, book=book)
    report = publish(session, book, [old.id, new.id, new.id, 99999], reviewer, T)
    assert report.published == [new.id]
    assert report.skipped == {old.id: "a newer rating of this wharf exists", 99999: "not found"}
    assert new.status == "published" and new.objection_until == dt.date(2026, 12, 8)


def test_an_objection_inside_the_window_is_filed_and_upheld_and_then_the_rating_becomes_final(session, book,
                                                                                             reviewer):
    company, _, row = rated_company(session, book, status="provisional")
    publish(session, book, [row.id], reviewer, T)
    user = make_user(session, "company", company)
    obj = file_objection(session, row.id, user, "The inspection of 10-15 was not ours", T + dt.timedelta(days=3))
    assert company_standing(session, book, company, T).warnings == ["under_objection"]
    assert finalise_expired(session, reviewer, T + dt.timedelta(days=30)) == [], "an open objection blocks finality"
    with pytest.raises(ServiceError):
        decide_objection(session, book, obj.id, "upheld", " ", reviewer, T)
    decide_objection(session, book, obj.id, "upheld", "The inspection record is signed by your manager", reviewer,
                     T + dt.timedelta(days=5))
    assert obj.status == "upheld" and obj.decided_on == T + dt.timedelta(days=5)
    assert finalise_expired(session, reviewer, T + dt.timedelta(days=15)) == [row.id]
    assert row.status == "final"


def test_objections_outside_the_window_or_on_another_company_are_refused(session, book, reviewer):
    company, _, row = rated_company(session, book, status="provisional")
    other, _, other_row = rated_company(session, book, status="provisional")
    publish(session, book, [row.id, other_row.id], reviewer, T)
    user = make_user(session, "company", company)
    with pytest.raises(ServiceError):
        file_objection(session, row.id, user, "late", T + dt.timedelta(days=15))
    with pytest.raises(NotFound):
        file_objection(session, other_row.id, user, "not ours", T)
    with pytest.raises(ServiceError):
        file_objection(session, row.id, user, "   ", T)


def test_a_corrected_objection_publishes_a_new_rating_after_the_facts_are_fixed(session, book, reviewer):
    company, wharf, row = rated_company(session, book, status="provisional")
    make_event(session, wharf, "penalty", T - dt.timedelta(days=2), measure="fine", amount_cny=20000,
               category="pollution")
    disputed = make_rating(session, wharf, as_of=T, book=book)
    publish(session, book, [disputed.id], reviewer, T)
    assert disputed.grade == "A"
    obj = file_objection(session, disputed.id, make_user(session, "company", company), "That fine was annulled", T)
    event = session.query(SafetyEventRow).filter_by(kind="penalty").one()
    event.status = "dismissed"  # the reviewer's colleague records the court's annulment
    session.commit()
    decide_objection(session, book, obj.id, "corrected", "The fine was annulled on appeal", reviewer, T)
    new = session.get(RatingRow, obj.corrected_rating_id)
    assert (new.grade, new.status) == ("AA", "published")
    assert company_standing(session, book, company, T).grade == "AA"


def test_a_repair_is_refused_too_early_and_approved_later_and_the_next_rating_improves(session, book, reviewer):
    company, wharf, _ = rated_company(session, book)
    penalty = make_event(session, wharf, "penalty", dt.date(2026, 6, 1), measure="fine", amount_cny=20000,
                         category="operation")
    user = make_user(session, "company", company)
    with pytest.raises(ServiceError) as err:
        request_repair(session, book, penalty.id, user, "Paid and corrected", True, dt.date(2026, 8, 1))
    assert "minimum period" in str(err.value)
    with pytest.raises(ServiceError):
        request_repair(session, book, penalty.id, user, "Paid", False, T)
    before = make_rating(session, wharf, as_of=T, book=book)
    req = request_repair(session, book, penalty.id, user, "Fine paid on 2026-06-20; filings fixed", True, T)
    decide_repair(session, book, req.id, True, "Receipt and rectification report checked", reviewer, T)
    assert penalty.status == "repaired" and req.status == "approved" and req.decided_by == reviewer.id
    after = session.query(RatingRow).filter_by(wharf_id=wharf.id).order_by(RatingRow.id.desc()).first()
    assert after.id != before.id and after.score > before.score and after.grade == "AA" and before.grade == "A"
    assert session.query(AuditEntry).filter_by(action="safety_event.repaired").count() == 1
    assert verify_chain(session).problems == []


def test_a_company_cannot_ask_to_repair_another_company_s_event_and_accidents_are_not_repairable(session, book):
    company, wharf, _ = rated_company(session, book)
    other, other_wharf, _ = rated_company(session, book)
    theirs = make_event(session, other_wharf, "penalty", dt.date(2025, 1, 1), measure="fine", amount_cny=5000)
    accident = make_event(session, wharf, "accident", dt.date(2023, 1, 1), severity="general")
    user = make_user(session, "company", company)
    with pytest.raises(NotFound):
        request_repair(session, book, theirs.id, user, "x", True, T)
    with pytest.raises(ServiceError) as err:
        request_repair(session, book, accident.id, user, "long ago", True, T)
    assert "cannot be repaired" in str(err.value)


def test_a_refused_repair_keeps_the_event_counting(session, book, reviewer):
    company, wharf, _ = rated_company(session, book)
    ev = make_event(session, wharf, "pledge_broken", dt.date(2026, 1, 5))
    req = request_repair(session, book, ev.id, make_user(session, "company", company), "We kept it since", False, T)
    decide_repair(session, book, req.id, False, "The pledge was broken again in another county", reviewer, T)
    assert req.status == "refused" and ev.status == "active"
    with pytest.raises(ServiceError):
        decide_repair(session, book, req.id, True, "changed my mind", reviewer, T)
