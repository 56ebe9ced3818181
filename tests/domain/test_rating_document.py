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

from ..conftest import RULES_DIR

HERE = Path(__file__).resolve().parent / "rating_documents"
RULESET = load_rulebook(RULES_DIR).version("2026.1")
PINNED = {  # example file -> the languages pinned
    "bulk_good_a": ("zh_CN", "en"),  # A by score, with fixes on the path to AA
    "two_penalties_downgrade": ("zh_CN",),  # a downgrade and a cap
    "dg_without_permit_veto": ("zh_CN", "en"),  # a veto, a downgrade and basic points lost
    "sand_gravel_fatal_d": ("zh_CN",),  # a veto and caps together
    "clean_passenger_aa": ("zh_CN",),  # the best grade: no next grade
}
CASES = [(name, lang) for name, langs in PINNED.items() for lang in langs]


def example(rs: RuleSet, name: str) -> Example:
    return next(ex for ex in rs.examples if Path(ex.src.file).stem == name)


def document(name: str, lang: str) -> str:
    ex = example(RULESET, name)
    rating = rate(parse_facts({**ex.facts, "as_of": ex.as_of.isoformat()}, RULESET), RULESET, ex.as_of)
    return json.dumps(rating.to_dict(lang), ensure_ascii=False, sort_keys=True, indent=1) + "\n"


@pytest.mark.parametrize(("name", "lang"), CASES, ids=[f"{n}-{lang}" for n, lang in CASES])
def test_the_rating_document_of_a_worked_example_is_the_one_on_file(name, lang):
    on_file = (HERE / f"{name}.{lang}.json").read_text(encoding="utf-8")
    assert document(name, lang) == on_file


def test_the_pinned_documents_cover_a_veto_a_cap_a_downgrade_fixes_and_the_best_grade():
    docs = [json.loads((HERE / f"{name}.{langs[0]}.json").read_text(encoding="utf-8"))
            for name, langs in PINNED.items()]
    assert {d["grade"] for d in docs} == {"AA", "A", "D"}
    assert any(d["vetoes"] for d in docs) and any(d["caps"] for d in docs) and any(d["downgrades"] for d in docs)
    assert any(d["next_grade"] and d["next_grade"]["fixes"] for d in docs)
    assert any(d["next_grade"] is None for d in docs)
    assert sorted(p.name for p in HERE.glob("*.json")) == sorted(f"{n}.{lang}.json" for n, lang in CASES)


if __name__ == "__main__":
    for name, lang in CASES:
        (HERE / f"{name}.{lang}.json").write_text(document(name, lang), encoding="utf-8")
        print(f"wrote {name}.{lang}.json")
