"""The app's rule store: a broken edit never replaces the rules in use; a good edit is picked up on reload."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wharf_credit.domain import RuleSetError
from wharf_credit.rules import RuleStore

ROOT = Path(__file__).resolve().parents[2] / "rules"


@pytest.fixture
def rules_copy(tmp_path):
    dest = tmp_path / "rules"
    shutil.copytree(ROOT, dest)
    return dest


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_broken_rule_file_leaves_the_active_book_in_place_and_names_the_line(rules_copy):
    store = RuleStore(rules_copy)
    before = store.book
    edit(rules_copy / "2026.1" / "ruleset.yaml", "version:", "versoin:")
    with pytest.raises(RuleSetError) as err:
        store.reload()
    assert "ruleset.yaml:" in str(err.value)
    assert store.book is before


def test_a_good_edit_is_picked_up_by_reload_with_a_new_hash(rules_copy):
    store = RuleStore(rules_copy)
    old = store.book.version("2026.1")
    path = rules_copy / "2026.1" / "green.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment changes no rule\n", encoding="utf-8")
    assert store.reload().version("2026.1").sha256 == old.sha256, "the hash covers parsed content, not comments"
    edit(rules_copy / "2026.1" / "measures.yaml", "国办发〔2019〕35号", "国办发〔2019〕35号（修订）")
    new = store.reload().version("2026.1")
    assert new.sha256 != old.sha256
    assert "修订" in new.measures["AA"].permit_route.basis.zh_CN
    assert store.book is not None and store.book.version("2026.1").sha256 == new.sha256


def test_a_store_that_follows_the_folder_picks_up_a_good_edit_and_skips_a_broken_one(rules_copy):
    store = RuleStore(rules_copy, recheck_seconds=0)
    before = store.book
    (rules_copy / ".staging-abc").mkdir()  # the admin's hidden staging copy is not a change
    (rules_copy / ".staging-abc" / "x.yaml").write_text("not: [valid", encoding="utf-8")
    assert store.book is before
    edit(rules_copy / "2026.1" / "ruleset.yaml", "version:", "versoin:")
    assert store.book is before, "a folder that does not load leaves the rules in force"
    edit(rules_copy / "2026.1" / "ruleset.yaml", "versoin:", "version:")
    edit(rules_copy / "2026.1" / "measures.yaml", "国办发〔2019〕35号", "国办发〔2019〕35号（修订）")
    after = store.book
    assert after is not before
    assert "修订" in after.version("2026.1").measures["AA"].permit_route.basis.zh_CN


def test_a_store_checks_the_folder_at_most_once_per_interval(rules_copy):
    store = RuleStore(rules_copy, recheck_seconds=3600)
    before = store.book
    edit(rules_copy / "2026.1" / "measures.yaml", "国办发〔2019〕35号", "国办发〔2019〕35号（修订）")
    assert store.book is before
    assert store.reload() is not before
