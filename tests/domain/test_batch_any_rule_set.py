"""batch == single under a rule set that reads what the shipped ones do not: a rule on every fact of the catalogue,
a deduction matched on category and measure together, one on an inspection being off-site, and two bonuses of equal points with different targets. A
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
SAFETY_DESK_INSPECTION = """\
  - {id: S-INSPECTION-DESK, kind: inspection, match: {onsite: false}, points: 1, window_months: 12,
     text: {zh_CN: 非现场检查, en: Desk inspection}}
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
    lines[at:at] = [SAFETY_DEDUCTION, SAFETY_DESK_INSPECTION]
    national = next(i for i, line in enumerate(lines) if "id: S-COMMEND-NATIONAL," in line)
    lines[national + 2:national + 2] = [SAFETY_BONUS_TIE]
    safety.write_text("".join(lines), encoding="utf-8")
    rs = load_ruleset(folder, check_examples=False)
    assert len(rs.rules) == len(SHIPPED.rules) + len(FACT_CATALOGUE)
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
    cases += [with_events(base, {"kind": "inspection", "date": "2026-10-01", "onsite": onsite, "findings": 0})
              for onsite in (True, False)]
    cases.append(with_events(base, {"kind": "commendation", "date": "2026-10-01", "level": "national"}))
    items = [parse_facts(d, wide_ruleset) for d in cases]
    assert_batch_equals_single(items, wide_ruleset, AS_OF)
    from wharf_credit.domain import rate

    safety = [rate(f, wide_ruleset, AS_OF).components["safety"] for f in items]
    assert safety[0] < safety[2] == safety[3] < safety[1], "only a pollution warning takes the 7-point item"
    assert safety[5] < safety[4], "only a desk inspection takes the 1-point item"
