"""The zh_CN catalogue is complete: nothing untranslated or fuzzy, and nothing marked for translation in the code
or the templates today is missing from it (run `python scripts/i18n.py sync` after changing a string)."""
from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "wharf_credit" / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"


def load_po(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def i18n_script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_catalogue_has_no_untranslated_and_no_fuzzy_entry():
    catalog = load_po(PO)
    untranslated = [m.id for m in catalog if m.id and (not m.string or (isinstance(m.string, tuple)
                                                                        and not all(m.string)))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


def test_every_string_marked_for_translation_is_in_the_catalogue(tmp_path):
    """Extract now with the very `pybabel extract` command of `scripts/i18n.py update`, into tmp_path."""
    script = i18n_script()
    calls: list[tuple[str, ...]] = []
    script.TRANSLATIONS = tmp_path
    script.run = lambda *args: calls.append(args)
    script.update()
    extract = next(args for args in calls if args[0] == "extract")
    assert str(tmp_path / "messages.pot") in extract
    subprocess.run([script.PYBABEL, *extract], check=True, cwd=script.ROOT, capture_output=True)
    extracted = {m.id for m in load_po(tmp_path / "messages.pot") if m.id}
    translated = {m.id for m in load_po(PO) if m.id}
    assert len(extracted) > 100
    missing = extracted - translated
    assert not missing, f"marked for translation but not in messages.po (run scripts/i18n.py sync): {missing}"


def service_refusals() -> list[tuple[str, int, str | None]]:
    """(file, line, message id or None when the message is not a literal) of every ServiceError / NotFound raised
    in the services."""
    import ast

    found = []
    for path in sorted((ROOT / "wharf_credit" / "services").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and \
                    getattr(node.exc.func, "id", None) in ("ServiceError", "NotFound", "CandidateRefused"):
                first = node.exc.args[0] if node.exc.args else None
                literal = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
                found.append((path.name, node.lineno, literal))
    return found


def test_every_refusal_of_a_use_case_is_a_message_id_with_a_chinese_translation():
    refusals = service_refusals()
    assert len(refusals) >= 40, "the services raise their refusals"
    not_literal = [(f, line) for f, line, msgid in refusals if msgid is None]
    assert not not_literal, f"a refusal must be a literal message id with %(name)s parameters: {not_literal}"
    translated = {m.id: m.string for m in load_po(PO) if m.id}
    missing = sorted({msgid for _f, _line, msgid in refusals if not translated.get(msgid)})
    assert not missing, f"no Chinese for: {missing}"


def test_a_refusal_is_said_in_the_page_language_with_its_parameters(app):
    from wharf_credit.domain.vocabulary import I18n
    from wharf_credit.services import ServiceError
    from wharf_credit.web.messages import say

    drawn = ServiceError("%(period)s has already been drawn", "period", period="2026Q4")
    fine = ServiceError("a fine for this violation must be within %(low)s-%(high)s CNY", low=1000.0, high=20000.0)
    repair = ServiceError("the event cannot be repaired yet", reasons=[I18n("整改期未满", "too early")])
    assert str(drawn) == "2026Q4 has already been drawn", "the API and the CLI keep the English sentence"
    assert str(repair) == "the event cannot be repaired yet: too early"
    with app.test_request_context("/?lang=zh_CN"):
        assert say(drawn) == "2026Q4 已经抽取过，不能重复抽取。"
        assert say(fine) == "该违法行为的罚款金额应在 1,000 至 20,000 元之间。"
        assert say(repair) == "该事件暂不能修复：整改期未满"
    with app.test_request_context("/?lang=en"):
        assert say(drawn) == "2026Q4 has already been drawn."
        assert say(repair) == "The event cannot be repaired yet: too early."


def test_a_request_s_language_is_asked_then_remembered_then_the_browser_s_then_chinese():
    from wharf_credit.languages import pick

    assert pick("en", "zh_CN", "zh") == "en"
    assert pick(None, "en", "zh") == "en" and pick("fr", "en") == "en"
    assert pick(None, None, "en") == "en"
    assert pick(None) == pick("fr", "de", "zh") == pick("", None, None) == "zh_CN"
