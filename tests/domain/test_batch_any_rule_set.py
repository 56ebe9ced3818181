"""batch == single under a rule set that reads what the shipped ones do not: a rule on every fact of the catalogue,
a deduction matched on category and measure together, items of two keys each (findings and off-site, on-site and findings, severity and the veto bar), and two bonuses of equal points with different targets. A
rule set may start reading any of these; the batch must already agree with rate() when it does."""
from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from wharf_credit.domain import load_rulebook, load_ruleset, parse_facts
from wharf_credit.domain.rules.conditions import FACT_CATALOGUE

from ..builders import AS_OF, clean_facts_dict, with_events
from ..strategies import random_facts
from .test_batch import assert_batch_equals_single

SHIPPED = load_rulebook("rules").for_date(AS_OF)
THRESHOLDS = {  # a value that splits a random registry into wharves on both sides
    "wharf.months_operating": 100, "wharf.age_years": 10, "safety.score": 90, "green.score": 70,
    "green.mandatory_unmet": 1, "penalties.amount_12m": 5000,
}
SAFETY_DEDUCTION = """\
  - {id: S-PEN-POLLUTION-WARNING, kind: penalty, match: {category: [pollution], measure: [warning]}, points: 7,
     text: {zh_CN: 污染类警告, en: Pollution warning}}
"""
# Items whose match has two keys, each a narrowing of the other: losing either key changes which events match.
SAFETY_TWO_KEYS = """\
  - {id: S-INSPECTION-DESK, kind: inspection, match: {min_findings: 1, onsite: false}, points: 1, window_months: 12,
     text: {zh_CN: 非现场检查发现问题, en: Desk inspection with a finding}}
  - {id: S-INSPECTION-ONSITE, kind: inspection, match: {onsite: true, min_findings: 2}, points: 1.5,
     window_months: 12, text: {zh_CN: 现场检查发现2项问题, en: On-site inspection with 2 findings}}
  - {id: S-ACC-GENERAL-AT-VETO-BAR, kind: accident, match: {severity: [general], veto_bar: true}, points: 90,
     window_months: 36, text: {zh_CN: 一般事故但达否决线, en: General accident at the veto bar}}
  - {id: S-ACC-MAJOR-NOT-RESPONSIBLE, kind: accident, match: {severity: [major], responsible: false}, points: 70,
     window_months: 36, text: {zh_CN: 非责任重大事故, en: Major accident without company responsibility}}
"""
# An item worth nothing: it matches (so no other item scores the event) and costs 0 points.
SAFETY_ZERO = """\
  - {id: S-INSPECTION-ROUTINE, kind: inspection, match: {onsite: true}, points: 0, window_months: 12,
     text: {zh_CN: 例行现场检查, en: Routine on-site inspection}}
"""
SAFETY_BONUS_TIE = """\
  - {id: S-COMMEND-NATIONAL-SAFETY, kind: commendation, match: {level: [national]}, points: 3,
     text: {zh_CN: 国家级表彰（安全）, en: National commendation (safety)}}
"""


def rule_on(fact: str, n: int) -> str:
    kind = FACT_CATALOGUE[fact][0]
    if kind == "bool":
        when = f'{{fact: {fact}, op: "==", value: true}}'
    elif kind == "type":
        when = f'{{fact: {fact}, op: "==", value: container}}'
    else:
        when = f'{{fact: {fact}, op: ">=", value: {THRESHOLDS.get(fact, 1)}}}'
    return (f"  - id: DOWN-TEST-{n:02d}\n    steps: 1\n    when: {when}\n"
            f"    text: {{zh_CN: 测试{n}, en: Test {n} on {fact}}}\n")


@pytest.fixture(scope="module")
def wide_ruleset(tmp_path_factory):
    folder = Path(tmp_path_factory.mktemp("rules")) / SHIPPED.version
    shutil.copytree(Path("rules") / SHIPPED.version, folder)
    vetoes = folder / "vetoes.yaml"
    text = vetoes.read_text(encoding="utf-8")
    assert text.rstrip().splitlines()[-1].startswith("    text:"), "downgrades must be the file's last list"
    vetoes.write_text(text + "".join(rule_on(fact, n) for n, fact in enumerate(FACT_CATALOGUE)), encoding="utf-8")
    safety = folder / "safety.yaml"
    lines = safety.read_text(encoding="utf-8").splitlines(keepends=True)
    at = lines.index("deductions:\n") + 1
    lines[at:at] = [SAFETY_DEDUCTION, SAFETY_TWO_KEYS, SAFETY_ZERO]
    national = next(i for i, line in enumerate(lines) if "id: S-COMMEND-NATIONAL," in line)
    lines[national + 2:national + 2] = [SAFETY_BONUS_TIE]
    safety.write_text("".join(lines), encoding="utf-8")
    green = folder / "green.yaml"  # G-DUST-02 counts for nothing: weight 0
    text = green.read_text(encoding="utf-8")
    at = text.index("  - id: G-DUST-02\n")
    green.write_text(text[:at] + text[at:].replace("    weight: 3\n", "    weight: 0\n", 1), encoding="utf-8")
    rs = load_ruleset(folder, check_examples=False)
    assert len(rs.rules) == len(SHIPPED.rules) + len(FACT_CATALOGUE)
    assert all(w == 0 for ind, w, _ in rs.scoring_plan["bulk"] if ind.id == "G-DUST-02")
    return rs


def test_every_fact_of_the_catalogue_fires_a_rule_somewhere_in_a_random_registry_and_batch_equals_single(
        wide_ruleset):
    rng = random.Random(24)
    items = [parse_facts(random_facts(rng, wide_ruleset), wide_ruleset) for _ in range(300)]
    assert_batch_equals_single(items, wide_ruleset, AS_OF)
    from wharf_credit.domain import rate

    fired = {d.id for f in items for d in rate(f, wide_ruleset, AS_OF).downgrades}
    never = [fact for n, fact in enumerate(FACT_CATALOGUE) if f"DOWN-TEST-{n:02d}" not in fired]
    assert never == [], f"no wharf of the sample fires the rules on {never}: the comparison says nothing there"


def test_a_deduction_matched_on_category_and_measure_together_on_onsite_and_a_tie_between_bonuses(wide_ruleset):
    base = clean_facts_dict(wide_ruleset)
    cases = [with_events(base, {"kind": "penalty", "date": "2026-10-01", "measure": m, "amount_cny": 0,
                                "category": c})
             for m in ("warning", "fine") for c in ("pollution", "safety")]
    cases += [with_events(base, {"kind": "inspection", "date": "2026-10-01", "onsite": onsite, "findings": findings})
              for onsite, findings in ((True, 1), (False, 0), (False, 1), (True, 2))]
    cases += [with_events(base, {"kind": "accident", "date": "2026-10-01", "severity": severity, "deaths": 1,
                                 "injuries": 0, "loss_cny": 0, "responsible": True})
              for severity in ("general", "major")]
    cases += [with_events(base, {"kind": "accident", "date": "2026-10-01", "severity": severity, "deaths": 0,
                                 "injuries": 0, "loss_cny": 0, "responsible": False})
              for severity in ("general", "major")]
    cases.append(with_events(base, {"kind": "commendation", "date": "2026-10-01", "level": "national"}))
    items = [parse_facts(d, wide_ruleset) for d in cases]
    assert_batch_equals_single(items, wide_ruleset, AS_OF)
    from wharf_credit.domain import rate

    safety = [rate(f, wide_ruleset, AS_OF).components["safety"] for f in items]
    assert safety[0] < safety[2] == safety[3] < safety[1], "only a pollution warning takes the 7-point item"
    inspections = safety[4:8]  # on-site 1 finding, desk 0, desk 1, on-site 2
    assert inspections[0] == inspections[1] > inspections[2] > inspections[3], "each two-key item takes only its own"
    general, major = safety[8:10]
    assert general < major, "the 90-point item is for general accidents at the veto bar only"
    general, major = safety[10:12]
    assert general > major, "the 70-point item is for major accidents without responsibility only"


def test_an_item_or_indicator_worth_nothing_is_never_a_reason_or_a_fix(wide_ruleset):
    from wharf_credit.domain import rate

    rng = random.Random(25)
    ratings = [rate(parse_facts(random_facts(rng, wide_ruleset), wide_ruleset), wide_ruleset, AS_OF)
               for _ in range(300)]
    reasons = [r for rating in ratings for r in rating.reasons]
    fixes = [f for rating in ratings if rating.next_grade for f in rating.next_grade.fixes]
    assert reasons and fixes
    assert all(r.points_lost > 0 for r in reasons)
    assert all(f.points > 0 and f.indicator != "G-DUST-02" for f in fixes)
    assert "G-DUST-02" not in {r.id for r in reasons}
    routine = {"kind": "inspection", "date": "2026-10-01", "onsite": True, "findings": 0}
    alone = rate(parse_facts(with_events(clean_facts_dict(wide_ruleset), routine), wide_ruleset), wide_ruleset,
                 AS_OF)
    assert [r for r in alone.reasons if r.kind == "event"] == []
