"""`flask rules show --json` (docs/architecture.md, the rule-set summary) of the version in force, pinned whole: other
tools read it, so every field — indicator bounds, weights, breakpoints, rules, measures in both languages,
application routes, violations — changes only on purpose.

After a deliberate change, write it again and review its diff:
    .venv/bin/python -m tests.domain.test_ruleset_summary
"""
from __future__ import annotations

import json
from pathlib import Path

from wharf_credit.domain import load_rulebook
from wharf_credit.domain.rules.summary import ruleset_summary

from ..conftest import RULES_DIR

ON_FILE = Path(__file__).resolve().parent / "ruleset_summary_2026.1.json"
RULESET = load_rulebook(RULES_DIR).version("2026.1")


def summary() -> str:
    return json.dumps(ruleset_summary(RULESET), ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def test_the_summary_of_the_rule_set_in_force_is_the_one_on_file():
    assert summary() == ON_FILE.read_text(encoding="utf-8")


def test_each_kind_of_indicator_gives_its_own_bounds():
    bounds = {(i["kind"], i["min"], i["max"]) for i in json.loads(summary())["indicators"]}
    assert ("level", 0, 5) in bounds and ("bool", 0, 1) in bounds
    numbers = [i for i in RULESET.indicators if i.kind == "number"]
    assert numbers and all(("number", i.value_min, i.value_max) in bounds for i in numbers)


def test_measures_without_a_language_carry_both():
    measures = RULESET.measures["D"].as_dict()
    assert measures["routine_checks"] == {"zh_CN": "重点监管，提高检查频次", "en": "Key target, frequent checks"}
    assert RULESET.measures["D"].as_dict("en")["routine_checks"] == "Key target, frequent checks"


if __name__ == "__main__":
    ON_FILE.write_text(summary(), encoding="utf-8")
    print(f"wrote {ON_FILE.name}")
