"""Translation catalogue upkeep: `python scripts/i18n.py update` (extract + merge), `compile`, `check`.

The Chinese texts live in one place, the zh_CN catalogue wharf_credit/translations/zh_Hans_CN/LC_MESSAGES/messages.po
(Babel maps zh_CN to zh_Hans_CN). `sync` (`make translations`) = update, then compile: run it after changing any
user-visible string, write the Chinese of each new entry it lists as untranslated into messages.po, and run it again.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "wharf_credit" / "translations"
PO = TRANSLATIONS / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"
PYBABEL = str(Path(sys.executable).parent / "pybabel")


def run(*args: str) -> None:
    subprocess.run([PYBABEL, *args], check=True, cwd=ROOT)


def update() -> None:
    run("extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-k", "ServiceError", "-k", "NotFound", "-k", "CandidateRefused",
        "--no-location", "--omit-header",
        "-o", str(TRANSLATIONS / "messages.pot"), ".")
    run("update", "-i", str(TRANSLATIONS / "messages.pot"), "-d", str(TRANSLATIONS), "-l", "zh_Hans_CN",
        "--no-fuzzy-matching", "--ignore-obsolete", "-w", "120")


def compile_() -> None:
    run("compile", "-d", str(TRANSLATIONS), "-l", "zh_Hans_CN")


def untranslated() -> list[str]:
    with PO.open("rb") as f:
        catalog = read_po(f)
    return [str(m.id) for m in catalog if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string))
                                                    or m.fuzzy)]


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "check"
    if cmd == "update":
        update()
    elif cmd == "compile":
        compile_()
    elif cmd == "sync":
        update()
        compile_()
    missing = untranslated()
    for m in missing:
        print(f"untranslated: {m}")
    if missing:
        print(f"translate these {len(missing)} entries in {PO.relative_to(ROOT)}, then run `make translations` again")
    sys.exit(1 if missing and cmd == "check" else 0)
