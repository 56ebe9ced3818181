"""Translation catalogue upkeep: `python scripts/i18n.py update` (extract + merge), `compile`, `check`.

The zh_CN catalogue lives in wharf_credit/translations/zh_Hans_CN (Babel maps zh_CN to zh_Hans_CN).
`fill FILE.py` merges a dict ZH = {msgid: translation} from a Python file into the catalogue.
`sync` = update, fill from every scripts/zh/*.py (one file per area of the app), compile: run it after changing
any user-visible string.
"""
from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "wharf_credit" / "translations"
PO = TRANSLATIONS / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po"
PYBABEL = str(Path(sys.executable).parent / "pybabel")


def run(*args: str) -> None:
    subprocess.run([PYBABEL, *args], check=True, cwd=ROOT)


def update() -> None:
    run("extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-k", "ServiceError", "-k", "NotFound",
        "--no-location", "--omit-header",
        "-o", str(TRANSLATIONS / "messages.pot"), ".")
    run("update", "-i", str(TRANSLATIONS / "messages.pot"), "-d", str(TRANSLATIONS), "-l", "zh_Hans_CN",
        "--no-fuzzy-matching")


def compile_() -> None:
    run("compile", "-d", str(TRANSLATIONS), "-l", "zh_Hans_CN")


def untranslated() -> list[str]:
    with PO.open("rb") as f:
        catalog = read_po(f)
    return [str(m.id) for m in catalog if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string))
                                                    or m.fuzzy)]


def fill(path: str) -> None:
    table = runpy.run_path(path)["ZH"]
    with PO.open("rb") as f:
        catalog = read_po(f)
    for message in catalog:
        if message.id and not isinstance(message.id, tuple) and message.id in table:
            message.string = table[message.id]
            message.flags.discard("fuzzy")
    catalog.fuzzy = False
    with PO.open("wb") as f:
        write_po(f, catalog, no_location=True, width=120)


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "check"
    if cmd == "update":
        update()
    elif cmd == "compile":
        compile_()
    elif cmd == "fill":
        fill(sys.argv[2])
    elif cmd == "sync":
        update()
        for table in sorted((ROOT / "scripts" / "zh").glob("*.py")):
            fill(str(table))
        compile_()
    missing = untranslated()
    for m in missing:
        print(f"untranslated: {m}")
    sys.exit(1 if missing and cmd == "check" else 0)
