"""Project rules that code review would otherwise have to remember."""
import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN_IN_DOMAIN = ("flask", "flask_", "sqlalchemy", "wharf_credit.web", "wharf_credit.services",
                       "wharf_credit.models", "wharf_credit.cli", "werkzeug")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level >= 2:
            names.add("wharf_credit." + (node.module or ""))  # `from ..web import x` inside domain/
    return names


def test_the_rating_domain_imports_neither_flask_nor_sqlalchemy_nor_the_outer_layers():
    offenders = {}
    for path in (ROOT / "wharf_credit" / "domain").rglob("*.py"):
        bad = {m for m in imported_modules(path) if m.startswith(FORBIDDEN_IN_DOMAIN)}
        if bad:
            offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}


def test_the_code_passes_ruff():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "wharf_credit", "tests", "bench", "scripts"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_services_import_nothing_of_flask():
    offenders = {}
    for path in (ROOT / "wharf_credit" / "services").rglob("*.py"):
        bad = {m for m in imported_modules(path) if m == "flask" or m.startswith(("flask.", "flask_"))}
        if bad:
            offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}


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
