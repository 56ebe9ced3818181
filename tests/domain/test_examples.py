"""A rule set's worked examples: each shipped one gives what it expects, a wrong expectation is named in words, and
what no example exercises is listed (the `rules check` coverage report)."""
from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pytest

from wharf_credit.domain import load_rulebook
from wharf_credit.domain.rating.examples import check_ruleset_examples, compare_expectation, uncovered

BOOK = load_rulebook("rules")


@pytest.mark.parametrize("version", BOOK.versions())
def test_every_shipped_example_gives_what_it_expects_and_together_they_cover_the_rule_set(version):
    rs = BOOK.version(version)
    assert len(rs.examples) >= 30
    assert check_ruleset_examples(rs) == []
    assert uncovered(rs) == {"indicators": [], "rules": [], "grades": []}


def fake_rating(grade="B", score=74.5, vetoes=(), caps=(), downgrades=(), components=None):
    def fired(ids):
        return tuple(SimpleNamespace(id=i) for i in ids)
    return SimpleNamespace(grade=grade, score=score, vetoes=fired(vetoes), caps=fired(caps),
                           downgrades=fired(downgrades), components=components or {"green": 80.0})


def test_an_expectation_met_gives_no_message():
    expect = {"grade": "B", "score": 74.5, "vetoes": [], "caps": None, "downgrades": ["X-2", "X-1"],
              "components": {"green": 80.004}}
    assert compare_expectation(fake_rating(downgrades=("X-1", "X-2")), expect) == []


def test_a_score_is_met_within_half_a_hundredth_or_within_its_own_tolerance():
    assert compare_expectation(fake_rating(score=74.505), {"score": 74.5}) == []
    assert compare_expectation(fake_rating(score=74.506), {"score": 74.5}) == [
        "expected score 74.5 ± 0.005, got 74.51"]
    assert compare_expectation(fake_rating(score=75.0), {"score": {"approx": 74.5, "tol": 0.5}}) == []
    assert compare_expectation(fake_rating(score=75.01), {"score": {"approx": 74.5, "tol": 0.5}}) == [
        "expected score 74.5 ± 0.5, got 75.01"]
    assert compare_expectation(fake_rating(score=74.509), {"score": {"approx": 74.5}}) == []
    assert compare_expectation(fake_rating(score=74.52), {"score": {"approx": 74.5}}) == [
        "expected score 74.5 ± 0.01, got 74.52"]


def test_each_unmet_expectation_is_one_message_in_words():
    rating = fake_rating(grade="C", score=61.234, vetoes=("V-2",), caps=(), downgrades=("D-1",),
                         components={"green": 50.0})
    expect = {"grade": "B", "vetoes": ["V-1"], "caps": ["C-1"], "downgrades": None,
              "components": {"green": 50.02, "safety": 90}}
    assert compare_expectation(rating, expect) == [
        "expected grade B, got C (score 61.23)",
        "expected vetoes ['V-1'], got ['V-2']",
        "expected caps ['C-1'], got []",
        "expected downgrades [], got ['D-1']",
        "expected component green 50.02, got 50.0",
        "expected component safety 90, got None",
    ]


def test_an_example_that_fails_or_whose_facts_do_not_parse_is_a_problem_at_its_file():
    rs = BOOK.version("2026.3")
    good = rs.examples[0]
    wrong = replace(good, expect={**good.expect, "grade": "D" if good.expect.get("grade") != "D" else "AA"})
    broken = replace(good, facts={**good.facts, "wharf": {"type": "ferry"}})
    problems = check_ruleset_examples(replace(rs, examples=(good, wrong, broken)))
    assert [p.where for p in problems] == [str(good.src), str(good.src)]
    assert problems[0].message.startswith(f"example {good.name!r} fails: expected grade ")
    assert problems[1].message.startswith(f"example {good.name!r}: facts.wharf.type: ")


def test_a_rule_set_without_examples_leaves_everything_uncovered_in_its_own_order():
    rs = BOOK.version("2026.3")
    report = uncovered(replace(rs, examples=()))
    assert report == {"indicators": [i.id for i in rs.indicators], "rules": sorted(r.id for r in rs.rules),
                      "grades": [g.code for g in rs.grades]}


def test_one_example_covers_its_indicators_its_rules_and_its_grade():
    rs = BOOK.version("2026.3")
    example = next(e for e in rs.examples if e.name.startswith("a company on the serious-dishonesty list"))
    report = uncovered(replace(rs, examples=(example,)))
    assert report["grades"] == ["AA", "A", "B", "C"]  # the example gives D
    assert "VETO-DISHONESTY-LIST" not in report["rules"] and len(report["rules"]) == len(rs.rules) - 1
    given = set(example.facts["indicators"])
    assert given and report["indicators"] == [i.id for i in rs.indicators if i.id not in given]
