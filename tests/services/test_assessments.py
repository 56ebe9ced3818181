import datetime as dt

import pytest
from sqlalchemy import func, select

from wharf_credit.domain import FactsError
from wharf_credit.models import Assessment, AuditEntry, RatingRow, SafetyEventRow
from wharf_credit.services import ServiceError
from wharf_credit.services.assessments import record_event, submit_assessment
from wharf_credit.services.facts import current_assessment

from ..factories import make_user, make_wharf


def counts(session):
    return tuple(session.execute(select(func.count()).select_from(t)).scalar_one()
                 for t in (Assessment, RatingRow, SafetyEventRow, AuditEntry))


def test_submitting_an_assessment_stores_it_and_the_rating_it_produces(session, book):
    inspector = make_user(session, "inspector")
    wharf = make_wharf(session, type="sand_gravel")
    assessment, rating = submit_assessment(session, book, wharf.id, {"G-DUST-01": 5, "G-DUST-05": 0.06}, inspector,
                                           evidence={"G-DUST-01": "全封闭料仓"})
    assert rating.assessment_id == assessment.id and rating.status == "provisional"
    assert rating.inputs["indicators"] == {"G-DUST-01": 5, "G-DUST-05": 0.06}
    assert rating.ruleset_version == book.for_date(dt.date.today()).version and len(rating.ruleset_sha256) == 64
    # two indicators assessed, the rest count as level 0: 65.58 points, C by score (its caps at A do not bite)
    assert (rating.grade, float(rating.score)) == ("C", 65.58)
    assert assessment.values[0].evidence == "全封闭料仓"
    actions = session.execute(select(AuditEntry.action).order_by(AuditEntry.id)).scalars().all()
    assert actions[-2:] == ["assessment.submitted", "rating.created"]


def test_bad_values_are_refused_with_their_field_path_and_nothing_is_saved(session, book):
    inspector = make_user(session, "inspector")
    wharf = make_wharf(session, type="dangerous_goods")
    before = counts(session)
    with pytest.raises(FactsError) as exc:
        submit_assessment(session, book, wharf.id, {"G-DUST-01": 7, "G-SHORE-01": 3}, inspector)
    paths = {p.where for p in exc.value.problems}
    assert paths == {"indicators.G-DUST-01", "indicators.G-SHORE-01"}
    session.rollback()
    assert counts(session) == before


def test_a_correction_supersedes_the_old_assessment_and_both_are_kept(session, book):
    inspector = make_user(session, "inspector")
    wharf = make_wharf(session)
    first, _ = submit_assessment(session, book, wharf.id, {"G-DUST-01": 1}, inspector)
    second, rating = submit_assessment(session, book, wharf.id, {"G-DUST-01": 4}, inspector, supersedes_id=first.id)
    assert session.get(Assessment, first.id).values[0].value == 1, "submitted assessments never change"
    assert current_assessment(session, wharf.id, dt.date.today()).id == second.id
    assert rating.inputs["indicators"] == {"G-DUST-01": 4}


def test_a_correction_must_belong_to_the_same_wharf(session, book):
    inspector = make_user(session, "inspector")
    other, _ = submit_assessment(session, book, make_wharf(session).id, {"G-MGT-01": 3}, inspector)
    with pytest.raises(ServiceError) as err:
        submit_assessment(session, book, make_wharf(session).id, {"G-MGT-01": 4}, inspector, supersedes_id=other.id)
    assert err.value.field == "supersedes_id"


def test_an_assessment_with_nothing_assessed_is_refused(session, book):
    with pytest.raises(ServiceError) as err:
        submit_assessment(session, book, make_wharf(session).id, {}, make_user(session, "inspector"))
    assert err.value.field == "indicators"


def test_recording_a_safety_event_appends_it_and_re_rates_the_wharf(session, book):
    inspector = make_user(session, "inspector")
    wharf = make_wharf(session)
    day = (dt.date.today() - dt.timedelta(days=10)).isoformat()
    row, rating = record_event(session, book, wharf.id, {"kind": "accident", "severity": "general", "date": day,
                                                         "deaths": 1, "injuries": 0}, inspector)
    assert row.kind == "accident" and row.data["deaths"] == 1
    assert rating is not None and rating.grade == "D"
    assert rating.inputs["safety_events"][0]["id"] == f"E{row.id}"


def test_an_event_in_the_future_is_refused_by_field(session, book):
    inspector = make_user(session, "inspector")
    wharf = make_wharf(session)
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    with pytest.raises(FactsError) as exc:
        record_event(session, book, wharf.id, {"kind": "penalty", "date": future, "amount_cny": 500}, inspector)
    assert [p.where for p in exc.value.problems] == ["date"]


def test_values_entered_on_one_rule_set_s_form_are_refused_for_a_day_another_rule_set_rates(session, book):
    inspector = make_user(session, "inspector")
    wharf = make_wharf(session, type="sand_gravel")
    form_of_2026 = book.version("2026.1").sha256
    before = counts(session)
    with pytest.raises(ServiceError) as exc:
        submit_assessment(session, book, wharf.id, {"G-DUST-01": 5}, inspector, assessed_on=dt.date(2025, 6, 1),
                          form_ruleset=form_of_2026)
    assert exc.value.field == "assessed_on" and "another rule set" in str(exc.value)
    with pytest.raises(ServiceError):  # before the first rule set: none is in force
        submit_assessment(session, book, wharf.id, {"G-DUST-01": 5}, inspector, assessed_on=dt.date(2000, 1, 1),
                          form_ruleset=form_of_2026)
    assert counts(session) == before
    _, rating = submit_assessment(session, book, wharf.id, {"G-DUST-01": 5}, inspector,
                                  assessed_on=dt.date(2026, 6, 1), form_ruleset=form_of_2026)
    assert rating.ruleset_sha256 == form_of_2026
