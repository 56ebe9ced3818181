"""Names that do not mislead: from 2026.3 on, no id a user reads beside a grade looks like one (a cap's `C-…`, a basic
item's `B-…`), and measures.yaml's permit routes say what the permit table says. Earlier versions keep their ids, so
ratings made under them stay bit-identical; the checks are shown to fail on them."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import RULES_DIR
from wharf_credit.domain import load_rulebook, parse_facts, rate
from wharf_credit.domain.rules.model import RuleSet
from wharf_credit.domain.vocabulary import GRADE_CODES

BOOK = load_rulebook(RULES_DIR)
RENAMED_IN = BOOK.version("2026.3")
NAMED_CLEARLY = [rs for rs in BOOK.rulesets if rs.effective_from >= RENAMED_IN.effective_from]
# a first part of one or two letters that starts with a grade's letter: "C-…", "B-…", "AA-…", and "DN-…" beside a D
GRADE_LIKE = re.compile(rf"^[{''.join(sorted(set(''.join(GRADE_CODES))))}][A-Z]?-")
RENAMES = (("V-", "VETO-"), ("C-", "CAP-"), ("DN-", "DOWN-"), ("B-", "BASIC-"))


def ids_shown(rs: RuleSet) -> list[str]:
    """Every id a page or a rating may show: indicators, safety items, basic items, vetoes/caps/downgrades,
    violations and application types."""
    proc = rs.procedures
    return ([i.id for i in rs.indicators] + [i.id for i in rs.safety.deductions + rs.safety.bonuses]
            + [b.id for b in rs.basic] + [r.id for r in rs.rules] + [v.id for v in proc.violations]
            + [a.id for a in proc.applications])


def grade_like_ids(rs: RuleSet) -> list[str]:
    return sorted(i for i in ids_shown(rs) if GRADE_LIKE.match(i))


def renamed(old_id: str) -> str:
    for old, new in RENAMES:
        if old_id.startswith(old):
            return new + old_id[len(old):]
    return old_id


def route_disagreements(rs: RuleSet) -> list[str]:
    """Grades whose measures.yaml permit_route is not the route the grade takes for most application types, or
    whose text or basis is not that route's."""
    proc = rs.procedures
    out = []
    for grade in GRADE_CODES:
        said = rs.measures[grade].permit_route
        taken = [a.routes[grade] for a in proc.applications]
        most = max(proc.routes, key=lambda code: (taken.count(code), -list(proc.routes).index(code)))
        route = proc.routes.get(said.code)
        if said.code != most or route is None or (said.text, said.basis) != (route.text, route.basis):
            out.append(grade)
    return out


def test_the_check_for_grade_like_ids_finds_those_of_the_versions_before_the_renaming():
    assert grade_like_ids(BOOK.version("2026.2"))[:3] == ["B-DG-ANNEX", "B-FILINGS", "B-OPEN-HAZARD"]
    assert "C-ACCIDENT-36M" in grade_like_ids(BOOK.version("2026.2"))
    assert "DN-PERMIT-LAPSED" in grade_like_ids(BOOK.version("2026.1"))


@pytest.mark.parametrize("rs", NAMED_CLEARLY, ids=lambda rs: rs.version)
def test_no_id_shown_to_users_looks_like_a_grade(rs):
    assert NAMED_CLEARLY, "2026.3 and later"
    assert grade_like_ids(rs) == []


def test_the_renaming_version_renames_every_rule_and_basic_item_and_nothing_else():
    before, after = BOOK.version("2026.2"), RENAMED_IN
    assert [renamed(r.id) for r in before.rules] == [r.id for r in after.rules]
    assert [renamed(b.id) for b in before.basic] == [b.id for b in after.basic]
    assert [i.id for i in before.indicators] == [i.id for i in after.indicators]
    assert [r.id for r in after.rules if r.kind == "cap"][0] == "CAP-ACCIDENT-36M"


@pytest.mark.parametrize("example", RENAMED_IN.examples, ids=lambda ex: Path(ex.src.file).stem)
def test_renaming_moves_no_grade_and_no_point(example):
    """Every worked example gives the same grade, score and components under 2026.2 and 2026.3, and the same rules
    fire under their new names; a rating made under 2026.2 keeps the old names."""
    before, after = BOOK.version("2026.2"), RENAMED_IN
    old = rate(parse_facts({**example.facts, "as_of": example.as_of.isoformat()}, before), before, example.as_of)
    new = rate(parse_facts({**example.facts, "as_of": example.as_of.isoformat()}, after), after, example.as_of)
    assert (new.grade, new.score, new.components) == (old.grade, old.score, old.components)
    fired_old = [r.id for r in old.vetoes + old.caps + old.downgrades]
    assert [r.id for r in new.vetoes + new.caps + new.downgrades] == [renamed(i) for i in fired_old]
    assert not any(i.startswith(("VETO-", "CAP-", "DOWN-", "BASIC-")) for i in fired_old)


def test_the_route_check_finds_the_measures_that_disagree_with_the_permit_table_before_2026_3():
    # 2026.2: AA's English text differs, B says "no accept-with-missing-materials" where the table's `standard` says
    # "accepted once the materials are complete", and D names a route `restricted` the table does not have.
    assert route_disagreements(BOOK.version("2026.2")) == ["AA", "B", "D"]


@pytest.mark.parametrize("rs", NAMED_CLEARLY, ids=lambda rs: rs.version)
def test_each_grades_permit_route_is_the_route_its_applications_mostly_take_in_the_tables_words(rs):
    assert route_disagreements(rs) == []
    assert rs.measures["D"].permit_route.code == "strict"  # D's scope changes and dangerous goods: `suspended`
