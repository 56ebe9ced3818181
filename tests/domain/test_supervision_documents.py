"""What a grade does to a penalty and whether an event may be repaired, pinned whole for a table of cases: the band,
the exemption, the fine range and every reason in both languages; the repair verdict, its rule, its earliest day
and every reason. These sentences are what an officer reads and what a company is told, so a change to any of them
fails here first.

After a deliberate change, write the documents again and review their diff:
    .venv/bin/python -m tests.domain.test_supervision_documents
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from wharf_credit.domain import load_rulebook
from wharf_credit.domain.rating.events import SafetyEvent
from wharf_credit.domain.supervision.penalties import discretion_advice
from wharf_credit.domain.supervision.repair import repair_check

from ..conftest import RULES_DIR

HERE = Path(__file__).resolve().parent / "supervision_documents"
RS = load_rulebook(RULES_DIR).version("2026.3")
GRADES = ("AA", "A", "B", "C", "D")
EXEMPTION = ("first_offence", "minor_harm", "corrected_promptly")
CIRCUMSTANCES = {
    "none": (),
    "every exemption condition": EXEMPTION,
    "exemption conditions but one": ("first_offence", "minor_harm"),
    "minor harm, repeated (aggravating)": ("minor_harm", "repeated"),
    "corrected promptly (one band lighter)": ("corrected_promptly",),
    "repeated (one band heavier)": ("repeated",),
    "repeated and refused rectification (two bands heavier)": ("repeated", "refused_rectification"),
}
# exemptible with a wide range; not exemptible; exemptible with a small range (rounding of the fine range)
VIOLATIONS = ("P-DUST-01", "P-SAFETY-01", "P-OPER-02")


def penalty_cases() -> list[dict[str, Any]]:
    out = []
    for grade in GRADES:
        code = RS.measures[grade].penalty_discretion.code
        for violation in VIOLATIONS:
            for name, given in CIRCUMSTANCES.items():
                a = discretion_advice(RS.procedures, code, grade, violation, given)
                out.append({"grade": grade, "violation": violation, "circumstances": name, "band": a.band.id,
                            "exempt": a.exempt, "fine": [a.fine_low, a.fine_high],
                            "reasons": [[r.zh_CN, r.en] for r in a.reasons]})
    return out


D = dt.date.fromisoformat
TODAY = D("2026-11-24")


def event(kind: str, date: str, **fields: Any) -> SafetyEvent:
    return SafetyEvent(kind=kind, date=D(date), **fields)


REPAIR_CASES: list[tuple[str, SafetyEvent, list[SafetyEvent], bool]] = [
    ("fine fulfilled, 3 months served to the day", event("penalty", "2026-08-24", measure="fine", category="pollution"),
     [], True),
    ("fine fulfilled, a day short of 3 months", event("penalty", "2026-08-25", measure="fine", category="pollution"),
     [], True),
    ("fine not fulfilled", event("penalty", "2026-01-05", measure="fine", category="pollution"), [], False),
    ("safety penalty after 11 months", event("penalty", "2025-12-25", measure="fine", category="safety"), [], True),
    ("safety penalty after 12 months", event("penalty", "2025-11-24", measure="fine", category="safety"), [], True),
    ("fine on the 31st of a month (the period ends on the shorter month's last day)",
     event("penalty", "2026-05-31", measure="fine", category="operation"), [], True),
    ("a later penalty of the same category", event("penalty", "2026-01-05", measure="fine", category="pollution"),
     [event("penalty", "2026-03-01", measure="warning", category="pollution")], True),
    ("a later penalty of another category", event("penalty", "2026-01-05", measure="fine", category="pollution"),
     [event("penalty", "2026-03-01", measure="warning", category="safety")], True),
    ("an earlier penalty of the same category", event("penalty", "2026-01-05", measure="fine", category="pollution"),
     [event("penalty", "2025-12-01", measure="warning", category="pollution")], True),
    ("a later repeat that was itself repaired", event("penalty", "2026-01-05", measure="fine", category="pollution"),
     [event("penalty", "2026-03-01", measure="warning", category="pollution", status="repaired")], True),
    ("hidden danger rectified", event("hidden_danger", "2026-05-01", severity="general",
                                      rectified_on=D("2026-05-20")), [], False),
    ("hidden danger not rectified, a later one", event("hidden_danger", "2026-05-01", severity="general"),
     [event("hidden_danger", "2026-09-01", severity="major")], False),
    ("everything wrong at once", event("penalty", "2026-10-01", measure="fine", category="pollution"),
     [event("penalty", "2026-11-01", measure="fine", category="pollution")], False),
    ("a broken pledge after 6 months", event("pledge_broken", "2026-05-24"), [], False),
    ("an accident", event("accident", "2025-01-05", severity="general"), [], True),
    ("an event already repaired", event("penalty", "2025-01-05", measure="fine", category="pollution",
                                        status="repaired"), [], True),
]


def repair_cases() -> list[dict[str, Any]]:
    out = []
    for name, ev, later, fulfilled in REPAIR_CASES:
        c = repair_check(RS.procedures, ev, later, TODAY, fulfilled)
        out.append({"case": name, "eligible": c.eligible, "rule": None if c.rule is None else
                    [c.rule.kind, list(c.rule.categories), c.rule.min_months],
                    "earliest": c.earliest.isoformat() if c.earliest else None,
                    "reasons": [[r.zh_CN, r.en] for r in c.reasons]})
    return out


def document(cases: list[dict[str, Any]]) -> str:
    return json.dumps(cases, ensure_ascii=False, indent=1) + "\n"


DOCUMENTS = {"penalty_advice.json": penalty_cases, "repair_checks.json": repair_cases}


def test_penalty_advice_for_every_grade_violation_and_circumstance_is_as_pinned():
    assert document(penalty_cases()) == (HERE / "penalty_advice.json").read_text(encoding="utf-8")


def test_repair_checks_are_as_pinned():
    assert document(repair_cases()) == (HERE / "repair_checks.json").read_text(encoding="utf-8")


def test_the_pinned_cases_cover_each_outcome():
    advice = penalty_cases()
    assert {a["band"] for a in advice} == {b.id for b in RS.procedures.bands}
    assert any(a["exempt"] for a in advice) and any(len(a["reasons"]) >= 3 for a in advice)
    repairs = repair_cases()
    assert any(r["eligible"] for r in repairs) and any(len(r["reasons"]) >= 3 for r in repairs)
    assert {r["rule"][0] for r in repairs if r["rule"]} == {"penalty", "hidden_danger", "pledge_broken"}


if __name__ == "__main__":
    HERE.mkdir(exist_ok=True)
    for name, build in DOCUMENTS.items():
        (HERE / name).write_text(document(build()), encoding="utf-8")
        print(f"wrote {name}")
