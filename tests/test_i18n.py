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
