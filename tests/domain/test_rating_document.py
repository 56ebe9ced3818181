"""The rating document (docs/architecture.md; stored with every rating, served by the API, relied on by other tools)
of a few worked examples, pinned whole: grade, score, components, fired rules, reasons, the path to the next grade,
the measures and every step of the trace. A change to any of it is a change of contract, so it fails here first.

After a deliberate change, write the documents again and review their diff:
    .venv/bin/python -m tests.domain.test_rating_document
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from wharf_credit.domain import load_rulebook, parse_facts, rate
from wharf_credit.domain.rules.model import Example, RuleSet

from ..builders import FixedShift
from ..conftest import RULES_DIR

HERE = Path(__file__).resolve().parent / "rating_documents"
BOOK = load_rulebook(RULES_DIR)



# (rule-set version, example file, language, calibrator shift or None)
CASES = [
    ("2026.1", "bulk_good_a", "zh_CN", None),  # A by score, with fixes on the path to AA
    ("2026.1", "bulk_good_a", "en", None),
    ("2026.1", "two_penalties_downgrade", "zh_CN", None),  # a downgrade and a cap
    ("2026.1", "dg_without_permit_veto", "zh_CN", None),  # a veto, a downgrade and basic points lost
    ("2026.1", "dg_without_permit_veto", "en", None),
    ("2026.1", "sand_gravel_fatal_d", "zh_CN", None),  # a veto and caps together
    ("2026.1", "clean_passenger_aa", "zh_CN", None),  # the best grade: no next grade
    ("2026.1", "bulk_good_a", "zh_CN", 2.5),  # a calibrator's shift in the document and the trace
    ("2026.1", "bulk_good_a", "en", 2.5),
    ("2025.1", "bulk_good_a", "zh_CN", None),  # a version whose window ends on a date it writes itself
]


def file_name(version: str, name: str, lang: str, shift: float | None) -> str:
    return f"{version}-{name}{'' if shift is None else '-calibrated'}.{lang}.json"


def example(rs: RuleSet, name: str) -> Example:
    return next(ex for ex in rs.examples if Path(ex.src.file).stem == name)


def document(version: str, name: str, lang: str, shift: float | None) -> str:
    ruleset = BOOK.version(version)
    ex = example(ruleset, name)
    facts = parse_facts({**ex.facts, "as_of": ex.as_of.isoformat()}, ruleset)
    rating = rate(facts, ruleset, ex.as_of, None if shift is None else FixedShift(shift))
    return json.dumps(rating.to_dict(lang), ensure_ascii=False, sort_keys=True, indent=1) + "\n"


@pytest.mark.parametrize("case", CASES, ids=[file_name(*c)[: -len(".json")] for c in CASES])
def test_the_rating_document_of_a_worked_example_is_the_one_on_file(case):
    assert document(*case) == (HERE / file_name(*case)).read_text(encoding="utf-8")


def test_the_pinned_documents_cover_a_veto_a_cap_a_downgrade_fixes_and_the_best_grade():
    docs = [json.loads((HERE / file_name(*case)).read_text(encoding="utf-8")) for case in CASES]
    assert {d["grade"] for d in docs} == {"AA", "A", "D"}
    assert any(d["vetoes"] for d in docs) and any(d["caps"] for d in docs) and any(d["downgrades"] for d in docs)
    assert any(d["next_grade"] and d["next_grade"]["fixes"] for d in docs)
    assert any(d["next_grade"] is None for d in docs)
    assert any(d["calibrator"] for d in docs)
    assert sorted(p.name for p in HERE.glob("*.json")) == sorted(file_name(*case) for case in CASES)


if __name__ == "__main__":
    HERE.mkdir(exist_ok=True)
    for old in HERE.glob("*.json"):
        old.unlink()
    for case in CASES:
        (HERE / file_name(*case)).write_text(document(*case), encoding="utf-8")
        print(f"wrote {file_name(*case)}")
