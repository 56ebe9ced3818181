"""What the calibrator learns to predict (ruleset.yaml `policy.calibrator.label`): which later events count as a
serious adverse outcome, at each criterion's boundary, and how the definition is written on a model card."""
from __future__ import annotations

import pytest

from wharf_credit.domain import load_rulebook
from wharf_credit.domain.rules.model import OutcomeLabel

from ..conftest import RULES_DIR

DEFAULT = OutcomeLabel()
NOTHING_ON = OutcomeLabel(accident_severities=(), accident_min_deaths=None, hidden_danger_severities=(),
                          penalty_min_amount_cny=None, penalty_measures=())

SERIOUS_UNDER_THE_DEFAULT = [
    ({"kind": "accident", "severity": "major", "deaths": 0}, True),
    ({"kind": "accident", "severity": "extraordinary"}, True),
    ({"kind": "accident", "severity": "large", "deaths": 0}, False),
    ({"kind": "accident", "severity": "general", "deaths": 1}, True),  # the minimum number of deaths reached
    ({"kind": "accident", "severity": "general", "deaths": 0}, False),
    ({"kind": "accident", "severity": "general", "deaths": None}, False),
    ({"kind": "accident", "severity": "major", "status": "dismissed"}, False),
    ({"kind": "accident", "severity": "major", "status": "repaired"}, True),  # repaired, but it happened
    ({"kind": "hidden_danger", "severity": "major"}, True),
    ({"kind": "hidden_danger", "severity": "general"}, False),
    ({"kind": "penalty", "measure": "fine", "amount_cny": 50_000}, True),  # the minimum amount reached
    ({"kind": "penalty", "measure": "fine", "amount_cny": 49_999}, False),
    ({"kind": "penalty", "measure": "fine", "amount_cny": None}, False),
    ({"kind": "penalty", "measure": "suspension", "amount_cny": 0}, True),
    ({"kind": "penalty", "measure": "revocation"}, True),
    ({"kind": "penalty", "measure": "warning"}, False),
    ({"kind": "inspection", "onsite": True, "findings": 9}, False),
    ({"kind": "obstruction"}, False),
]


@pytest.mark.parametrize(("event", "serious"), SERIOUS_UNDER_THE_DEFAULT,
                         ids=[f"{n}-{e['kind']}" for n, (e, _) in enumerate(SERIOUS_UNDER_THE_DEFAULT)])
def test_an_event_is_serious_exactly_when_one_criterion_of_its_kind_holds(event, serious):
    assert DEFAULT.serious(event) is serious


def test_the_rule_sets_in_force_use_the_default_definition():
    book = load_rulebook(RULES_DIR)
    assert book.version("2026.1").policy.calibrator_label == DEFAULT


def test_a_criterion_switched_off_never_counts():
    assert not NOTHING_ON.serious({"kind": "accident", "severity": "extraordinary", "deaths": 30})
    assert not NOTHING_ON.serious({"kind": "hidden_danger", "severity": "major"})
    assert not NOTHING_ON.serious({"kind": "penalty", "measure": "revocation", "amount_cny": 10**9})
    one_yuan = OutcomeLabel(penalty_min_amount_cny=1, penalty_measures=())
    assert not one_yuan.serious({"kind": "penalty", "measure": "warning", "amount_cny": None})  # no amount is 0
    assert one_yuan.serious({"kind": "penalty", "measure": "fine", "amount_cny": 1})
    two_deaths = OutcomeLabel(accident_severities=(), accident_min_deaths=2)
    assert not two_deaths.serious({"kind": "accident", "severity": "major", "deaths": 1})
    assert two_deaths.serious({"kind": "accident", "severity": "general", "deaths": 2})


def test_the_definition_is_written_in_the_rule_set_shape_with_only_the_criteria_that_are_on():
    assert DEFAULT.as_dict() == {
        "horizon_days": 365,
        "accident": {"severities": ["major", "extraordinary"], "min_deaths": 1},
        "hidden_danger": {"severities": ["major"]},
        "penalty": {"min_amount_cny": 50_000.0, "measures": ["suspension", "revocation"]},
    }
    assert NOTHING_ON.as_dict() == {"horizon_days": 365}
    assert OutcomeLabel(horizon_days=180, accident_severities=(), hidden_danger_severities=(),
                        penalty_measures=()).as_dict() == {"horizon_days": 180, "accident": {"min_deaths": 1},
                                                           "penalty": {"min_amount_cny": 50_000.0}}


def test_the_model_card_says_the_definition_in_both_languages():
    text = DEFAULT.description()
    assert text.zh_CN == ("评价日期后 365 天内发生严重不良事件：等级为重大或特别重大或死亡至少 1 人的事故；重大隐患；"
                          "金额至少 50,000 元或处罚种类为责令停业整顿或吊销许可证的行政处罚（已撤销的事件不计入）；"
                          "仅对评价日期已满 365 天的评价结果标注")
    assert text.en == ("a serious adverse outcome within 365 days after the rating's as_of: an accident with severity "
                       "major or extraordinary or at least 1 death; a hidden danger of severity major; a penalty of "
                       "at least 50,000 CNY or with measure suspension or revocation (dismissed events never count); "
                       "only ratings at least 365 days old are labelled")
    assert DEFAULT.describe() == text.en
    nothing = NOTHING_ON.description()
    assert nothing.en == ("a serious adverse outcome within 365 days after the rating's as_of: no event kind (nothing "
                          "counts) (dismissed events never count); only ratings at least 365 days old are labelled")
    assert nothing.zh_CN == ("评价日期后 365 天内发生严重不良事件：无（任何事件都不计入）（已撤销的事件不计入）；"
                             "仅对评价日期已满 365 天的评价结果标注")
    assert "at least 2 deaths" in OutcomeLabel(accident_min_deaths=2).description().en
    general = OutcomeLabel(horizon_days=90, accident_severities=("general", "large"), penalty_measures=("warning", "fine"))
    assert general.description().zh_CN.startswith("评价日期后 90 天内发生严重不良事件：等级为一般或较大或死亡至少 1 人的事故")
    assert "处罚种类为警告或罚款的行政处罚" in general.description().zh_CN
    # a code without a Chinese name is written as it is; several severities are joined with "or"
    odd = OutcomeLabel(accident_severities=("catastrophic",), accident_min_deaths=None,
                       hidden_danger_severities=("general", "unlisted"), penalty_min_amount_cny=None,
                       penalty_measures=("closure",))
    assert odd.description().zh_CN == ("评价日期后 365 天内发生严重不良事件：等级为catastrophic的事故；一般或unlisted隐患；"
                                       "处罚种类为closure的行政处罚（已撤销的事件不计入）；仅对评价日期已满 365 天的评价结果标注")
    assert ("an accident with severity catastrophic; a hidden danger of severity general or unlisted; a penalty with "
            "measure closure") in odd.description().en
    assert "within 90 days" in general.description().en and "only ratings at least 90 days old" in general.description().en
