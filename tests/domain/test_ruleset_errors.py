"""A broken rule-set folder is rejected with every problem named by `file:line:col` and what is wrong.

Each test copies the shipped `rules/2026.1`, breaks one thing by a plain text replacement (so the expected line
and column can be computed from the edited text) and checks the loader's problems.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ..conftest import DEFAULT_VERSION_DIR
from wharf_credit.domain import load_rulebook, load_ruleset
from wharf_credit.domain.errors import Problem, RuleSetError

VERSION = DEFAULT_VERSION_DIR.name  # "2026.1"


def broken_copy(tmp_path: Path, file: str, old: str, new: str, *, count: int = 1, version: str = VERSION,
                root: Path | None = None) -> Path:
    """Copy the good rule folder to `root or tmp_path`/`version` and replace `old` by `new` in `file`.

    `count` occurrences are replaced (-1: all). Fails loudly if `old` does not occur, so a test can never
    silently load an unbroken copy."""
    folder = (root or tmp_path) / version
    shutil.copytree(DEFAULT_VERSION_DIR, folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {file}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return folder


def position(folder: Path, file: str, needle: str, offset: int = 0) -> tuple[int, int]:
    """1-based (line, column) of `needle` (plus `offset` characters) in the edited file."""
    text = (folder / file).read_text(encoding="utf-8")
    index = text.index(needle) + offset
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def where(file: str, line: int, col: int, version: str = VERSION) -> str:
    return f"{version}/{file}:{line}:{col}"


def problems_of(folder: Path) -> list[Problem]:
    with pytest.raises(RuleSetError) as info:
        load_ruleset(folder)
    assert info.value.problems, "a RuleSetError must list at least one problem"
    return info.value.problems


def assert_problem(problems: list[Problem], at: str, *fragments: str) -> Problem:
    """Some problem is located exactly at `at` and its message contains every fragment."""
    for p in problems:
        if p.where == at and all(f in p.message for f in fragments):
            return p
    listing = "\n".join(str(p) for p in problems)
    raise AssertionError(f"no problem at {at} containing {fragments!r}; got:\n{listing}")


# --- YAML level ------------------------------------------------------------------------------------------------

def test_a_yaml_syntax_error_is_reported_with_its_line_and_column(tmp_path):
    folder = broken_copy(tmp_path, "ruleset.yaml", "components: {green: 0.40,", "components: {green: [0.40,")
    line, _ = position(folder, "ruleset.yaml", "components: {green: [0.40,")
    # the parser notices the unclosed '[' at the closing '}' of the flow mapping
    _, col = position(folder, "ruleset.yaml", "basic: 0.15}", len("basic: 0.15"))
    problems = problems_of(folder)
    assert_problem(problems, where("ruleset.yaml", line, col), "YAML syntax error")


def test_a_duplicate_top_level_key_is_reported_with_its_line(tmp_path):
    folder = broken_copy(tmp_path, "ruleset.yaml", 'supersedes: "2025.1"', 'supersedes: "2025.1"\nid: other-id')
    line, col = position(folder, "ruleset.yaml", "id: other-id")
    problems = problems_of(folder)
    assert_problem(problems, where("ruleset.yaml", line, col), "duplicate key", '"id"')


def test_a_duplicate_key_inside_a_flow_mapping_is_reported_at_the_second_key(tmp_path):
    folder = broken_copy(tmp_path, "ruleset.yaml", "components: {green: 0.40,",
                         "components: {green: 0.40, green: 0.40,")
    line, col = position(folder, "ruleset.yaml", "green: 0.40, green", len("green: 0.40, "))
    problems = problems_of(folder)
    assert_problem(problems, where("ruleset.yaml", line, col), "duplicate key", '"green"')


# --- schema: keys and types ------------------------------------------------------------------------------------

def test_an_unknown_indicator_key_is_reported_with_a_did_you_mean_hint(tmp_path):
    old = "    weight: 3\n    effort: 3\n    basis: 指南 §5.2.2"
    folder = broken_copy(tmp_path, "green.yaml", old, old.replace("weight:", "wieght:"))
    line, col = position(folder, "green.yaml", "wieght:")
    problems = problems_of(folder)
    assert_problem(problems, where("green.yaml", line, col), "unknown key 'wieght'", "did you mean 'weight'")
    # the same typo also leaves the indicator without its weight, reported at the indicator itself
    id_line, id_col = position(folder, "green.yaml", "id: G-DUST-02")
    assert_problem(problems, where("green.yaml", id_line, id_col), "missing required key 'weight'")


def test_a_missing_required_header_key_is_reported(tmp_path):
    folder = broken_copy(tmp_path, "ruleset.yaml", "effective_from: 2026-01-01", "effective_frm: 2026-01-01")
    line, col = position(folder, "ruleset.yaml", "effective_frm:")
    problems = problems_of(folder)
    assert_problem(problems, where("ruleset.yaml", 1, 1), "missing required key 'effective_from'")
    assert_problem(problems, where("ruleset.yaml", line, col), "unknown key 'effective_frm'",
                   "did you mean 'effective_from'")


def test_a_string_where_a_weight_number_belongs_is_a_type_error(tmp_path):
    old = "    weight: 4\n    effort: 4\n    basis: 指南 §5.2.4; GB"
    folder = broken_copy(tmp_path, "green.yaml", old, old.replace("weight: 4", 'weight: "four"'))
    line, col = position(folder, "green.yaml", '"four"')
    problems = problems_of(folder)
    assert_problem(problems, where("green.yaml", line, col), "expected a weight", "string 'four'")


def test_a_negative_weight_is_rejected(tmp_path):
    old = "    kind: bool\n    weight: 2\n    effort: 2\n    basis: 指南 §5.2.4\n"
    folder = broken_copy(tmp_path, "green.yaml", old, old.replace("weight: 2", "weight: -2"))
    line, col = position(folder, "green.yaml", "-2\n")
    problems = problems_of(folder)
    assert_problem(problems, where("green.yaml", line, col), "must be >= 0", "-2")


# --- ruleset.yaml ----------------------------------------------------------------------------------------------

def test_component_weights_that_do_not_sum_to_one_are_rejected(tmp_path):
    folder = broken_copy(tmp_path, "ruleset.yaml", "basic: 0.15}", "basic: 0.20}")
    line, col = position(folder, "ruleset.yaml", "{green: 0.40")
    problems = problems_of(folder)
    assert_problem(problems, where("ruleset.yaml", line, col), "component weights must sum to 1", "1.05")


def test_grade_thresholds_that_rise_are_rejected_at_the_offending_grade(tmp_path):
    folder = broken_copy(tmp_path, "ruleset.yaml", "{code: A, min_score: 80", "{code: A, min_score: 95")
    line, col = position(folder, "ruleset.yaml", "{code: A, min_score: 95")
    problems = problems_of(folder)
    assert_problem(problems, where("ruleset.yaml", line, col), "strictly decrease", "A min_score 95",
                   "AA min_score 90")


def test_equal_grade_thresholds_are_not_strictly_decreasing(tmp_path):
    folder = broken_copy(tmp_path, "ruleset.yaml", "{code: A, min_score: 80", "{code: A, min_score: 90")
    line, col = position(folder, "ruleset.yaml", "{code: A, min_score: 90")
    problems = problems_of(folder)
    assert_problem(problems, where("ruleset.yaml", line, col), "strictly decrease", "A min_score 90")


def test_a_last_grade_that_does_not_start_at_zero_leaves_scores_ungraded(tmp_path):
    folder = broken_copy(tmp_path, "ruleset.yaml", "{code: D, min_score: 0,", "{code: D, min_score: 10,")
    line, col = position(folder, "ruleset.yaml", "{code: D,")
    problems = problems_of(folder)
    assert_problem(problems, where("ruleset.yaml", line, col), "must start at min_score 0", "got 10")


def test_effective_to_before_effective_from_is_rejected(tmp_path):
    folder = broken_copy(tmp_path, "ruleset.yaml", "effective_to: null ", "effective_to: 2025-06-01 ")
    line, col = position(folder, "ruleset.yaml", "2025-06-01")
    problems = problems_of(folder)
    assert_problem(problems, where("ruleset.yaml", line, col), "effective_to must be after effective_from")


# --- policy.calibrator.label (what the calibrator learns to predict) --------------------------------------------

LABEL_PENALTY = "penalty: {min_amount_cny: 50000, measures: [suspension, revocation]}"


def test_an_unknown_key_in_the_calibrator_label_is_reported_with_a_hint(tmp_path):
    folder = broken_copy(tmp_path, "ruleset.yaml", "      horizon_days: 365", "      horizon_dys: 365")
    line, col = position(folder, "ruleset.yaml", "horizon_dys")
    problems = problems_of(folder)
    assert_problem(problems, where("ruleset.yaml", line, col), "unknown key 'horizon_dys'",
                   "policy.calibrator.label", "did you mean 'horizon_days'")


def test_an_unknown_event_kind_in_the_label_is_reported(tmp_path):
    folder = broken_copy(tmp_path, "ruleset.yaml", "      hidden_danger: {severities: [major]}",
                         "      inspection: {severities: [major]}")
    line, col = position(folder, "ruleset.yaml", "inspection:")
    assert_problem(problems_of(folder), where("ruleset.yaml", line, col), "unknown key 'inspection'",
                   "allowed: accident, hidden_danger, horizon_days, penalty")


def test_a_severity_the_facts_schema_does_not_allow_for_that_kind_is_rejected(tmp_path):
    # "extraordinary" is an accident class; hidden dangers are only general or major
    folder = broken_copy(tmp_path, "ruleset.yaml", "hidden_danger: {severities: [major]}",
                         "hidden_danger: {severities: [major, extraordinary]}")
    line, col = position(folder, "ruleset.yaml", "extraordinary]}")
    assert_problem(problems_of(folder), where("ruleset.yaml", line, col),
                   "unknown hidden_danger severity 'extraordinary'", "allowed: general, major")


def test_an_unknown_penalty_measure_is_rejected(tmp_path):
    folder = broken_copy(tmp_path, "ruleset.yaml", "measures: [suspension, revocation]",
                         "measures: [suspension, closure]")
    line, col = position(folder, "ruleset.yaml", "closure")
    assert_problem(problems_of(folder), where("ruleset.yaml", line, col), "unknown penalty measure 'closure'",
                   "fine", "revocation", "suspension", "warning")


def test_an_unknown_criterion_for_a_kind_is_reported_at_its_key(tmp_path):
    folder = broken_copy(tmp_path, "ruleset.yaml", "min_deaths: 1}", "min_death: 1}")
    line, col = position(folder, "ruleset.yaml", "min_death:")
    assert_problem(problems_of(folder), where("ruleset.yaml", line, col), "unknown key 'min_death'",
                   "policy.calibrator.label.accident", "did you mean 'min_deaths'")


@pytest.mark.parametrize("old, new, needle, fragment", [
    ("horizon_days: 365", "horizon_days: 30", "30", "must be >= 90"),
    ("horizon_days: 365", "horizon_days: 1000", "1000", "must be <= 730"),
    ("horizon_days: 365", "horizon_days: 365.5", "365.5", "expected a horizon in days"),
    ("min_deaths: 1}", "min_deaths: 0}", "0}", "must be >= 1"),
    ("min_amount_cny: 50000", "min_amount_cny: -1", "-1", "must be >= 0"),
    ("min_amount_cny: 50000", 'min_amount_cny: "50k"', '"50k"', "expected an amount in CNY"),
    ("measures: [suspension, revocation]", "measures: suspension", "suspension}", "expected a list"),
    ("measures: [suspension, revocation]", "measures: [suspension, suspension]", "[suspension, suspension]",
     "lists a penalty measure twice"),
    ("hidden_danger: {severities: [major]}", "hidden_danger: {severities: []}", "[]}",
     "needs at least one hidden_danger severity"),
    ("hidden_danger: {severities: [major]}", "hidden_danger: {}", "{}", "needs at least one criterion"),
])
def test_bad_label_values_are_rejected_where_they_are_written(tmp_path, old, new, needle, fragment):
    folder = broken_copy(tmp_path, "ruleset.yaml", old, new)
    line, col = position(folder, "ruleset.yaml", needle)
    assert_problem(problems_of(folder), where("ruleset.yaml", line, col), fragment)


def test_a_label_without_horizon_or_without_any_event_kind_is_rejected(tmp_path):
    folder = broken_copy(tmp_path / "h", "ruleset.yaml", "      horizon_days: 365\n", "")
    line, col = position(folder, "ruleset.yaml", "accident: {severities")
    assert_problem(problems_of(folder), where("ruleset.yaml", line, col),
                   "missing required key 'horizon_days' for policy.calibrator.label")
    old = ("      accident: {severities: [major, extraordinary], min_deaths: 1}\n"
           "      hidden_danger: {severities: [major]}\n      " + LABEL_PENALTY + "\n")
    folder = broken_copy(tmp_path / "k", "ruleset.yaml", old, "")
    line, col = position(folder, "ruleset.yaml", "horizon_days: 365")
    assert_problem(problems_of(folder), where("ruleset.yaml", line, col), "needs at least one of accident")


def test_the_label_is_optional_and_defaults_to_the_built_in_definition(tmp_path):
    from wharf_credit.domain.rules.model import OutcomeLabel

    shipped = load_ruleset(DEFAULT_VERSION_DIR).policy.calibrator_label
    assert shipped == OutcomeLabel()  # the shipped rule sets write the default out explicitly
    start = "    label:"
    text = (DEFAULT_VERSION_DIR / "ruleset.yaml").read_text(encoding="utf-8")
    block = text[text.index(start):text.index(LABEL_PENALTY) + len(LABEL_PENALTY) + 1]
    folder = broken_copy(tmp_path / "absent", "ruleset.yaml", block, "")
    assert load_ruleset(folder).policy.calibrator_label == OutcomeLabel()


def test_a_narrower_label_is_loaded_as_written_and_a_left_out_kind_never_counts(tmp_path):
    old = "      hidden_danger: {severities: [major]}\n"
    folder = broken_copy(tmp_path, "ruleset.yaml", old + "      " + LABEL_PENALTY + "\n",
                         "      penalty: {measures: [revocation]}\n")
    folder_text = (folder / "ruleset.yaml").read_text(encoding="utf-8")
    assert "horizon_days: 365" in folder_text
    label = load_ruleset(folder).policy.calibrator_label
    assert (label.hidden_danger_severities, label.penalty_min_amount_cny, label.penalty_measures) == (
        (), None, ("revocation",))
    assert not label.serious({"kind": "hidden_danger", "severity": "major"})
    assert not label.serious({"kind": "penalty", "measure": "fine", "amount_cny": 1_000_000})
    assert label.serious({"kind": "penalty", "measure": "revocation"})
    assert label.serious({"kind": "accident", "severity": "general", "deaths": 1})
    assert label.as_dict() == {"horizon_days": 365,
                               "accident": {"severities": ["major", "extraordinary"], "min_deaths": 1},
                               "penalty": {"measures": ["revocation"]}}


# --- green.yaml ------------------------------------------------------------------------------------------------

def test_breakpoints_that_are_not_strictly_increasing_are_rejected(tmp_path):
    folder = broken_copy(tmp_path, "green.yaml", "[0.05, 0.07, 0.10, 0.15, 0.20]", "[0.05, 0.10, 0.07, 0.15, 0.20]")
    line, col = position(folder, "green.yaml", "[0.05, 0.10, 0.07")
    problems = problems_of(folder)
    assert_problem(problems, where("green.yaml", line, col), "breakpoints must be strictly increasing", "0.07")


def test_a_wharf_type_without_indicators_is_rejected(tmp_path):
    # take passenger out of every applies_to / mandatory_for; the passenger-only indicator moves to roro
    folder = broken_copy(tmp_path, "green.yaml", ", passenger", "", count=-1)
    path = folder / "green.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("[passenger]", "[roro]"), encoding="utf-8")
    assert "passenger" not in path.read_text(encoding="utf-8")
    line, col = position(folder, "green.yaml", "- id: G-DUST-01")  # the indicators list
    problems = problems_of(folder)
    assert_problem(problems, where("green.yaml", line, col), "total weight above 0", "none for: passenger")


def test_a_duplicate_indicator_id_names_both_places(tmp_path):
    folder = broken_copy(tmp_path, "green.yaml", "  - id: G-DUST-02\n", "  - id: G-DUST-01\n")
    first = position(folder, "green.yaml", "G-DUST-01")
    text = (folder / "green.yaml").read_text(encoding="utf-8")
    second_index = text.index("id: G-DUST-01", text.index("id: G-DUST-01") + 1) + len("id: ")
    second = (text.count("\n", 0, second_index) + 1, second_index - text.rfind("\n", 0, second_index))
    problems = problems_of(folder)
    assert_problem(problems, where("green.yaml", *second), "duplicate id 'G-DUST-01'",
                   f"first defined at {where('green.yaml', *first)}")


def test_a_malformed_indicator_id_is_rejected(tmp_path):
    folder = broken_copy(tmp_path, "green.yaml", "  - id: G-DUST-02\n", "  - id: g_dust_02\n")
    line, col = position(folder, "green.yaml", "g_dust_02")
    problems = problems_of(folder)
    assert_problem(problems, where("green.yaml", line, col), "'g_dust_02' is not a well-formed id")


def test_an_unknown_wharf_type_in_applies_to_is_rejected(tmp_path):
    folder = broken_copy(tmp_path, "green.yaml", "applies_to: [passenger]", "applies_to: [ferry]")
    line, col = position(folder, "green.yaml", "ferry]")  # the list element itself
    problems = problems_of(folder)
    assert_problem(problems, where("green.yaml", line, col), "unknown wharf type 'ferry'", "passenger")


# --- conditions (basic.yaml, vetoes.yaml) ----------------------------------------------------------------------

def test_a_condition_on_an_unknown_fact_is_rejected_with_a_hint(tmp_path):
    folder = broken_copy(tmp_path, "basic.yaml", "fact: company.filings_complete,", "fact: company.filings_done,")
    line, col = position(folder, "basic.yaml", "company.filings_done")
    problems = problems_of(folder)
    assert_problem(problems, where("basic.yaml", line, col), "unknown fact 'company.filings_done'",
                   "did you mean 'company.filings_complete'")


def test_a_condition_with_an_unknown_operator_is_rejected(tmp_path):
    folder = broken_copy(tmp_path, "basic.yaml", 'fact: hidden_danger.open, op: ">="',
                         'fact: hidden_danger.open, op: "=>"')
    line, col = position(folder, "basic.yaml", '"=>"')
    problems = problems_of(folder)
    assert_problem(problems, where("basic.yaml", line, col), "unknown operator", "'=>'", ">=")


def test_a_condition_value_of_the_wrong_type_for_its_fact_is_rejected(tmp_path):
    folder = broken_copy(tmp_path, "basic.yaml", 'fact: hidden_danger.open, op: ">=", value: 1}',
                         'fact: hidden_danger.open, op: ">=", value: "one"}')
    line, col = position(folder, "basic.yaml", '"one"')
    problems = problems_of(folder)
    assert_problem(problems, where("basic.yaml", line, col), "expected a number for 'hidden_danger.open'",
                   "'one'")


@pytest.mark.parametrize("fact", ["safety.score", "green.score", "green.mandatory_unmet"])
def test_a_score_fact_may_not_be_used_in_basic_items(tmp_path, fact):
    folder = broken_copy(tmp_path, "basic.yaml", "fact: hidden_danger.open,", f"fact: {fact},")
    line, col = position(folder, "basic.yaml", fact)
    problems = problems_of(folder)
    assert_problem(problems, where("basic.yaml", line, col), f"fact '{fact}' cannot be used here")


def test_the_same_score_fact_is_allowed_in_vetoes(tmp_path):
    # the contrast to the basic.yaml rule: vetoes run after the component scores
    folder = broken_copy(tmp_path, "vetoes.yaml", "when: {fact: conduct.pledge_broken_12m, op: \">=\", value: 1}",
                         "when: {fact: safety.score, op: \"<\", value: 0}")
    # (no example exercises this rewritten cap any more, so only the schema is checked)
    assert load_ruleset(folder, check_examples=False).version == VERSION


def test_a_cap_naming_an_unknown_grade_is_rejected(tmp_path):
    folder = broken_copy(tmp_path, "vetoes.yaml", "    grade: C\n", "    grade: E\n")
    line, col = position(folder, "vetoes.yaml", "grade: E", len("grade: "))
    problems = problems_of(folder)
    assert_problem(problems, where("vetoes.yaml", line, col), "unknown cap grade 'E'", "A, B, C, D")


# --- measures.yaml ---------------------------------------------------------------------------------------------

def test_measures_missing_a_grade_are_rejected(tmp_path):
    folder = broken_copy(tmp_path, "measures.yaml", "\n  B:\n", "\n  Bx:\n")
    line, col = position(folder, "measures.yaml", "Bx:")
    first_line, first_col = position(folder, "measures.yaml", "AA:")
    problems = problems_of(folder)
    assert_problem(problems, where("measures.yaml", first_line, first_col), "missing required key 'B'")
    assert_problem(problems, where("measures.yaml", line, col), "unknown key 'Bx'")


@pytest.mark.parametrize(("kept", "missing"), [("zh_CN: 每季度一次", "en"), ("en: Quarterly", "zh_CN")])
def test_measures_text_missing_a_language_is_rejected(tmp_path, kept, missing):
    folder = broken_copy(tmp_path, "measures.yaml", "routine_checks: {zh_CN: 每季度一次, en: Quarterly}",
                         f"routine_checks: {{{kept}}}")
    line, col = position(folder, "measures.yaml", f"routine_checks: {{{kept}}}", len("routine_checks: "))
    problems = problems_of(folder)
    assert_problem(problems, where("measures.yaml", line, col), f"missing required key '{missing}'",
                   "routine_checks")


# --- examples --------------------------------------------------------------------------------------------------

def test_an_example_whose_expectation_fails_rejects_the_folder(tmp_path):
    folder = broken_copy(tmp_path, "examples/bulk_good_a.yaml", "  grade: A\n", "  grade: B\n")
    problems = problems_of(folder)
    p = assert_problem(problems, where("examples/bulk_good_a.yaml", 1, 1), "fails", "expected grade B, got A")
    assert "bulk wharf at level 3" in p.message  # names the example
    assert len(problems) == 1  # every other example still passes


def test_an_example_can_be_skipped_when_loading_without_checking_examples(tmp_path):
    folder = broken_copy(tmp_path, "examples/bulk_good_a.yaml", "  grade: A\n", "  grade: B\n")
    assert load_ruleset(folder, check_examples=False).version == VERSION
    with pytest.raises(RuleSetError):
        load_ruleset(folder)


def test_a_rule_book_checks_the_examples_of_every_folder(tmp_path):
    root = tmp_path / "rules"
    broken_copy(tmp_path, "examples/bulk_good_a.yaml", "  grade: A\n", "  grade: B\n", root=root)
    with pytest.raises(RuleSetError) as caught:
        load_rulebook(root)
    assert "expected grade B, got A" in str(caught.value)


# --- several folders -------------------------------------------------------------------------------------------

def test_overlapping_effective_windows_of_two_versions_are_rejected(tmp_path):
    root = tmp_path / "rules"
    shutil.copytree(DEFAULT_VERSION_DIR, root / VERSION)
    broken_copy(tmp_path, "ruleset.yaml", 'version: "2026.1"', 'version: "2026.2"', version="2026.2", root=root)
    line, col = position(root / "2026.2", "ruleset.yaml", "effective_from:")
    with pytest.raises(RuleSetError) as info:
        load_rulebook(root)
    assert_problem(info.value.problems, where("ruleset.yaml", line, col, version="2026.2"),
                   "overlaps version 2026.1", "set effective_to on 2026.1")


def test_adjacent_effective_windows_load_as_one_rulebook(tmp_path):
    root = tmp_path / "rules"
    broken_copy(tmp_path, "ruleset.yaml", "effective_to: null ", "effective_to: 2027-01-01 ", root=root)
    newer = broken_copy(tmp_path, "ruleset.yaml", 'version: "2026.1"', 'version: "2026.2"', version="2026.2",
                        root=root)
    path = newer / "ruleset.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("effective_from: 2026-01-01",
                                                             "effective_from: 2027-01-01"), encoding="utf-8")
    book = load_rulebook(root)
    assert book.versions() == ["2026.1", "2026.2"]


def test_a_successor_ends_the_open_ended_version_it_supersedes_which_stays_untouched():
    import datetime as dt

    from ..conftest import RULES_DIR

    book = load_rulebook(RULES_DIR)
    assert book.versions() == ["2025.1", "2026.1", "2026.2", "2026.3"]
    assert book.for_date(dt.date(2026, 12, 31)).version == "2026.1"
    assert book.for_date(dt.date(2027, 1, 1)).version == "2026.2"
    assert book.for_date(dt.date(2027, 3, 31)).version == "2026.2"
    assert book.for_date(dt.date(2027, 4, 1)).version == "2026.3"
    assert book.version("2026.2").ends_on == dt.date(2027, 4, 1) and book.version("2026.2").effective_to is None
    in_book = book.version("2026.1")
    alone = load_ruleset(DEFAULT_VERSION_DIR)
    assert alone.ends_on is None and in_book.ends_on == dt.date(2027, 1, 1) and in_book.effective_to is None
    assert in_book.sha256 == alone.sha256, "the version in force keeps its content hash: its ratings stay its own"


def test_a_successor_inside_the_window_its_predecessor_wrote_out_still_overlaps(tmp_path):
    root = tmp_path / "rules"
    broken_copy(tmp_path, "ruleset.yaml", "effective_to: null ", "effective_to: 2027-06-01 ", root=root)
    newer = broken_copy(tmp_path, "ruleset.yaml", 'version: "2026.1"', 'version: "2026.2"', version="2026.2",
                        root=root)
    path = newer / "ruleset.yaml"
    text = path.read_text(encoding="utf-8").replace("effective_from: 2026-01-01", "effective_from: 2027-01-01")
    path.write_text(text.replace('supersedes: "2025.1"', 'supersedes: "2026.1"'), encoding="utf-8")
    with pytest.raises(RuleSetError) as info:
        load_rulebook(root)
    assert "overlaps version 2026.1" in str(info.value)


def test_a_circumstance_may_exclude_only_another_known_circumstance(tmp_path):
    folder = broken_copy(tmp_path, "measures.yaml", "text: {zh_CN: 初次违法, en: First offence}}",
                         "text: {zh_CN: 初次违法, en: First offence}, excludes: [first_offence, sunny_day]}")
    line, col = position(folder, "measures.yaml", "excludes: [", len("excludes: ["))
    problems = problems_of(folder)
    assert_problem(problems, where("measures.yaml", line, col), "cannot exclude itself")
    line, col = position(folder, "measures.yaml", "sunny_day")
    assert_problem(problems, where("measures.yaml", line, col), "unknown circumstance 'sunny_day'")


def test_a_version_that_does_not_match_its_folder_is_rejected(tmp_path):
    folder = broken_copy(tmp_path, "ruleset.yaml", 'version: "2026.1"', 'version: "2026.9"')
    line, col = position(folder, "ruleset.yaml", '"2026.9"')
    problems = problems_of(folder)
    assert_problem(problems, where("ruleset.yaml", line, col), "'2026.9' does not match its folder name")


def test_every_problem_is_reported_at_once(tmp_path):
    folder = broken_copy(tmp_path, "ruleset.yaml", "basic: 0.15}", "basic: 0.20}")
    path = folder / "green.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - id: G-DUST-02\n", "  - id: g_dust_02\n"),
                    encoding="utf-8")
    problems = problems_of(folder)
    files = {p.where.split(":")[0] for p in problems}
    assert {f"{VERSION}/ruleset.yaml", f"{VERSION}/green.yaml"} <= files


# --- non-finite numbers ---------------------------------------------------------------------------------------

DUST_04_WEIGHT = "    kind: bool\n    weight: 2\n    effort: 2\n    basis: 指南 §5.2.4\n"


@pytest.mark.parametrize(("file", "old", "new", "needle"), [
    ("green.yaml", DUST_04_WEIGHT, DUST_04_WEIGHT.replace("weight: 2", "weight: .nan"), ".nan"),
    ("green.yaml", DUST_04_WEIGHT, DUST_04_WEIGHT.replace("weight: 2", "weight: .inf"), ".inf"),
    ("basic.yaml", "    points: 60\n", "    points: .nan\n", ".nan"),
    ("safety.yaml", "  - {months: 12, weight: 0.67}", "  - {months: 12, weight: .nan}", ".nan"),
], ids=["indicator-weight-nan", "indicator-weight-inf", "basic-points-nan", "recency-weight-nan"])
def test_a_non_finite_number_is_a_rule_set_error_not_a_crash(tmp_path, file, old, new, needle):
    folder = broken_copy(tmp_path, file, old, new)
    line, col = position(folder, file, needle)
    with pytest.raises(RuleSetError) as info:
        load_ruleset(folder, check_examples=False)
    assert any(p.where == where(file, line, col) for p in info.value.problems), info.value.problems


def test_a_nan_component_weight_is_rejected(tmp_path):
    folder = broken_copy(tmp_path, "ruleset.yaml", "basic: 0.15}", "basic: .nan}")
    line, col = position(folder, "ruleset.yaml", ".nan}")
    with pytest.raises(RuleSetError) as info:
        load_ruleset(folder, check_examples=False)
    assert any(p.where == where("ruleset.yaml", line, col) for p in info.value.problems), info.value.problems


# --- the good folder and its fingerprint -----------------------------------------------------------------------

def test_the_good_folder_loads_with_a_stable_sha256_that_changes_with_any_value(tmp_path):
    first = load_ruleset(DEFAULT_VERSION_DIR)
    second = load_ruleset(DEFAULT_VERSION_DIR)
    assert len(first.sha256) == 64 and int(first.sha256, 16) >= 0
    assert first.sha256 == second.sha256

    reformatted = broken_copy(tmp_path / "comments", "ruleset.yaml", "# must sum to 1", "# a different comment")
    assert load_ruleset(reformatted).sha256 == first.sha256  # comments do not count

    old = "    kind: bool\n    weight: 2\n    effort: 2\n    basis: 指南 §5.2.4\n"
    changed = broken_copy(tmp_path / "weight", "green.yaml", old, old.replace("weight: 2", "weight: 2.5"))
    # the weight changes green scores, so skip the examples: only the fingerprint matters here
    assert load_ruleset(changed, check_examples=False).sha256 != first.sha256
