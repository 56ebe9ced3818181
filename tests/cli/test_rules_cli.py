"""`flask rules check|show|rate`: thin wrappers over the domain; user mistakes go to stderr with exit 1 (2 for
usage), never a traceback."""
from __future__ import annotations

import json
import shutil

import pytest

from wharf_credit.domain import load_ruleset

from ..builders import clean_facts_dict
from ..conftest import DEFAULT_VERSION_DIR, RULES_DIR

GOOD = str(DEFAULT_VERSION_DIR)


@pytest.fixture(scope="module")
def good_sha256() -> str:
    return load_ruleset(DEFAULT_VERSION_DIR).sha256


def invoke(runner, *args: str, input: str | None = None):
    result = runner.invoke(args=["rules", *args], input=input)
    # a user mistake exits via sys.exit; anything else escaping the command is a bug
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def write_facts(tmp_path, data, name: str = "facts.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


# --- rules check -----------------------------------------------------------------------------------------------

def test_check_of_the_rules_root_passes_and_lists_every_version(runner, good_sha256):
    result = invoke(runner, "check")
    assert result.exit_code == 0, result.stderr
    versions = sorted(p.name for p in RULES_DIR.iterdir() if (p / "ruleset.yaml").is_file())
    lines = [line for line in result.stdout.splitlines() if line.startswith("ok: ")]
    assert [line.split()[2] for line in lines] == versions
    assert f"sha256={good_sha256}" in result.stdout
    assert result.stderr == ""


def test_check_of_one_folder_reports_its_examples_passed(runner, ruleset):
    result = invoke(runner, "check", GOOD)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"ok: {ruleset.id} {ruleset.version} sha256={ruleset.sha256}")
    assert f"{len(ruleset.examples)} examples passed" in result.stdout


def test_check_of_a_broken_folder_exits_1_naming_file_line_and_column(runner, tmp_path):
    folder = tmp_path / DEFAULT_VERSION_DIR.name
    shutil.copytree(DEFAULT_VERSION_DIR, folder)
    path = folder / "ruleset.yaml"
    text = path.read_text(encoding="utf-8").replace("basic: 0.15}", "basic: 0.20}")
    path.write_text(text, encoding="utf-8")
    line = text[:text.index("components:")].count("\n") + 1
    result = invoke(runner, "check", str(folder))
    assert result.exit_code == 1
    assert result.stdout == ""  # nothing is "ok"
    assert f"error: 2026.1/ruleset.yaml:{line}:13: component weights must sum to 1, got 1.05" in result.stderr


def test_check_of_a_folder_with_a_nan_weight_exits_1_without_a_traceback(runner, tmp_path):
    folder = tmp_path / DEFAULT_VERSION_DIR.name
    shutil.copytree(DEFAULT_VERSION_DIR, folder)
    path = folder / "green.yaml"
    old = "    kind: bool\n    weight: 2\n"
    path.write_text(path.read_text(encoding="utf-8").replace(old, old.replace("2", ".nan"), 1), encoding="utf-8")
    result = invoke(runner, "check", str(folder))
    assert result.exit_code == 1
    assert "error: 2026.1/green.yaml:46:13:" in result.stderr


def test_check_of_a_missing_folder_exits_1(runner, tmp_path):
    result = invoke(runner, "check", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert "nowhere: rules folder not found" in result.stderr


def test_check_with_coverage_confirms_every_rule_is_exercised(runner):
    result = invoke(runner, "check", GOOD, "--coverage")
    assert result.exit_code == 0, result.stderr
    assert "coverage: every indicator, veto/cap/downgrade and grade is exercised by an example" in result.stdout


def test_check_with_coverage_fails_naming_a_rule_no_example_exercises(runner, tmp_path):
    folder = tmp_path / DEFAULT_VERSION_DIR.name
    shutil.copytree(DEFAULT_VERSION_DIR, folder)
    (folder / "examples" / "obstruction_veto.yaml").unlink()
    plain = invoke(runner, "check", str(folder))
    assert plain.exit_code == 0, plain.stderr  # still a valid rule set
    result = invoke(runner, "check", str(folder), "--coverage")
    assert result.exit_code == 1
    assert "2026.1: no example covers rules: V-OBSTRUCTION" in result.stderr
    assert "coverage: every" not in result.stdout


def test_an_unknown_option_is_a_usage_error(runner):
    result = invoke(runner, "check", "--bogus")
    assert result.exit_code == 2
    assert "No such option" in result.stderr and "--bogus" in result.stderr


# --- rules show ------------------------------------------------------------------------------------------------

def test_show_json_prints_the_contract_shape(runner, ruleset):
    result = invoke(runner, "show", GOOD, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"id", "version", "sha256", "wharf_types", "grades", "indicators"} <= set(data)
    assert (data["id"], data["version"], data["sha256"]) == (ruleset.id, ruleset.version, ruleset.sha256)
    assert set(data["wharf_types"]) == {"bulk", "sand_gravel", "container", "general_cargo", "dangerous_goods",
                                        "passenger", "roro"}
    assert [(g["code"], g["min_score"]) for g in data["grades"]] == [
        ("AA", 90), ("A", 80), ("B", 70), ("C", 60), ("D", 0)]
    assert [i["id"] for i in data["indicators"]] == [i.id for i in ruleset.indicators]
    for ind in data["indicators"]:
        assert {"id", "category", "applies_to", "kind", "min", "max", "better", "weight"} <= set(ind), ind["id"]
        assert ind["kind"] in {"level", "bool", "number"}
        assert ind["better"] in {"higher", "lower"}
    dust5 = next(i for i in data["indicators"] if i["id"] == "G-DUST-05")
    assert (dust5["kind"], dust5["better"], dust5["min"], dust5["max"]) == ("number", "lower", 0, 10)
    assert dust5["applies_to"] == ["bulk", "sand_gravel"]


def test_show_json_is_stable_across_runs(runner):
    first = invoke(runner, "show", GOOD, "--json").stdout
    assert first == invoke(runner, "show", GOOD, "--json").stdout


def test_show_json_of_the_rules_root_lists_every_version(runner):
    result = invoke(runner, "show", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    versions = sorted(p.name for p in RULES_DIR.iterdir() if (p / "ruleset.yaml").is_file())
    if len(versions) == 1:
        data = [data]
    assert sorted(d["version"] for d in data) == versions


# --- rules rate ------------------------------------------------------------------------------------------------

def test_rate_prints_the_rating_json_of_a_facts_file(runner, ruleset, tmp_path):
    result = invoke(runner, "rate", write_facts(tmp_path, clean_facts_dict(ruleset)), "--rules", GOOD)
    assert result.exit_code == 0, result.stderr
    rating = json.loads(result.stdout)
    assert (rating["grade"], rating["score"]) == ("AA", 100.0)
    assert {"components", "vetoes", "caps", "reasons", "next_grade", "measures", "ruleset", "trace"} <= set(rating)
    assert rating["ruleset"]["sha256"] == ruleset.sha256


def test_rate_in_english_and_chinese_differs_only_in_texts(runner, ruleset, tmp_path):
    data = clean_facts_dict(ruleset)
    del data["indicators"]["G-DUST-02"]
    path = write_facts(tmp_path, data)
    en = json.loads(invoke(runner, "rate", path, "--lang", "en", "--rules", GOOD).stdout)
    zh = json.loads(invoke(runner, "rate", path, "--rules", GOOD).stdout)  # zh_CN is the default
    assert (en["grade"], en["score"]) == (zh["grade"], zh["score"])
    assert en["score"] < 100
    en_reason = next(r for r in en["reasons"] if r["id"] == "G-DUST-02")
    zh_reason = next(r for r in zh["reasons"] if r["id"] == "G-DUST-02")
    assert "not assessed" in en_reason["text"]
    assert en_reason["text"] != zh_reason["text"]


def test_rate_reads_a_list_from_stdin_and_answers_in_order(runner, ruleset):
    clean = clean_facts_dict(ruleset)
    weak = clean_facts_dict(ruleset, "roro")
    weak["indicators"] = {k: 1 if isinstance(v, int) and not isinstance(v, bool) else v
                          for k, v in weak["indicators"].items()}
    result = invoke(runner, "rate", "-", "--lang", "en", input=json.dumps([clean, weak]))
    assert result.exit_code == 0, result.stderr
    ratings = json.loads(result.stdout)
    assert isinstance(ratings, list) and len(ratings) == 2
    assert ratings[0]["grade"] == "AA"
    assert ratings[1]["score"] < ratings[0]["score"]


def test_rate_with_invalid_facts_exits_1_listing_every_path(runner, ruleset, tmp_path):
    data = clean_facts_dict(ruleset)
    data["wharf"]["type"] = "ferry"
    data["indicators"]["G-DUST-01"] = 9
    path = write_facts(tmp_path, data, "bad.json")
    result = invoke(runner, "rate", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"error: {path}: wharf.type: unknown value 'ferry'" in result.stderr
    assert f"error: {path}: indicators.G-DUST-01: expected level 0-5, got 9" in result.stderr


def test_rate_names_the_list_item_with_invalid_facts(runner, ruleset):
    bad = clean_facts_dict(ruleset)
    bad["indicators"]["G-NOPE-01"] = 1
    result = invoke(runner, "rate", "-", input=json.dumps([clean_facts_dict(ruleset), bad]))
    assert result.exit_code == 1
    assert "[1].indicators.G-NOPE-01: unknown indicator" in result.stderr


def test_rate_of_invalid_json_names_line_and_column(runner):
    result = invoke(runner, "rate", "-", input='{\n  "as_of": oops}')
    assert result.exit_code == 1
    assert "<stdin>:2:12: invalid JSON" in result.stderr


def test_rate_without_as_of_is_a_facts_error(runner, ruleset):
    data = clean_facts_dict(ruleset)
    del data["as_of"]
    result = invoke(runner, "rate", "-", input=json.dumps(data))
    assert result.exit_code == 1
    assert "as_of: required" in result.stderr


def test_rate_on_a_date_no_rule_set_covers_exits_1(runner, ruleset):
    data = clean_facts_dict(ruleset)
    data["as_of"] = "1999-01-01"
    result = invoke(runner, "rate", "-", "--rules", GOOD, input=json.dumps(data))
    assert result.exit_code == 1
    assert "no rule set is effective on 1999-01-01" in result.stderr


def test_an_unknown_language_is_a_usage_error(runner, ruleset, tmp_path):
    result = invoke(runner, "rate", write_facts(tmp_path, clean_facts_dict(ruleset)), "--lang", "fr")
    assert result.exit_code == 2
    assert "Invalid value for '--lang'" in result.stderr


def test_rate_of_a_missing_file_is_a_usage_error(runner, tmp_path):
    result = invoke(runner, "rate", str(tmp_path / "absent.json"))
    assert result.exit_code == 2
    assert "absent.json" in result.stderr
