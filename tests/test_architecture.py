"""Project rules that code review would otherwise have to remember."""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_code_passes_ruff():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "wharf_credit", "tests", "bench", "scripts"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_docstrings_and_docs_refer_only_to_documents_in_the_repository():
    outside = ("DESIGN.md", "domain.md", "style.md", "ecosystem.md", "shared/")
    found = {}
    for folder in ("wharf_credit", "bench", "scripts", "tests", "docs", "README.md"):
        for path in [ROOT / folder] if folder.endswith(".md") else (ROOT / folder).rglob("*"):
            if path.suffix not in (".py", ".md") or path.name == "test_architecture.py":
                continue
            text = path.read_text(encoding="utf-8")
            hits = [name for name in outside if name in text]
            if hits:
                found[str(path.relative_to(ROOT))] = hits
    assert found == {}, found
    assert (ROOT / "docs" / "architecture.md").is_file()


SYSTEM_CLOCK = re.compile(r"\b(?:date|datetime)\s*\.\s*(?:today|now|utcnow)\b|\btime\s*\.\s*(?:time|localtime|gmtime)\s*\(")


def test_only_the_clock_module_reads_the_system_clock():
    readers = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
               for path in sorted((ROOT / "wharf_credit").rglob("*.py")) if path.name != "clock.py"
               for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
               if SYSTEM_CLOCK.search(line)]
    assert readers == [], "read the day and the moment from wharf_credit/clock.py:\n" + "\n".join(readers)
    assert SYSTEM_CLOCK.search("default=dt.date.today)") and SYSTEM_CLOCK.search("x = dt.datetime.now(dt.UTC)")


def test_only_the_unit_of_work_commits_or_rolls_back():
    """services/uow.py owns commit and rollback; the error page may discard what a crashed request left behind."""
    allowed = {"wharf_credit/services/uow.py": (".commit()", ".rollback()"), "wharf_credit/web/errors.py": (".rollback()",)}
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
             for path in sorted((ROOT / "wharf_credit").rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             for call in (".commit()", ".rollback()")
             if call in line and call not in allowed.get(str(path.relative_to(ROOT)), ())]
    assert found == [], "commit in a unit of work (services/uow.py):\n" + "\n".join(found)
