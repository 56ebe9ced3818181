"""The layers of wharf_credit (domain <- calibration <- services <- web | api | cli), the purity of the domain, the
services without Flask, the layers inside the domain (rule language <- rating <- supervision) and the absence of
import circles are import-linter contracts in setup.cfg. The real code
keeps them; a small fixture package shaped like wharf_credit shows that each contract fails on the import it forbids."""
from __future__ import annotations

import configparser
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONTRACTS = ("Layers: domain <- calibration <- services <- queue <- (web | api | cli)",
             "The rating domain and the calibrator know nothing of the web or the database",
             "The services import nothing of Flask (their models' base class aside)",
             "Inside the domain: rules <- rating <- (supervision | loading)",
             "No import circles between sibling modules anywhere")


def lint_imports(config: Path, cwd: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run([str(LINT_IMPORTS), str(config), "--no-cache"], cwd=cwd, env=env,
                          capture_output=True, text=True)


def test_the_code_keeps_every_import_contract():
    result = lint_imports(ROOT / "setup.cfg", ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in CONTRACTS:
        assert f"{name} KEPT" in result.stdout
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in result.stdout


# The fixture package: the same layer folders as wharf_credit, each module importing only what the contracts allow.
CLEAN = {
    "__init__.py": "",
    "models.py": "import sqlalchemy\nimport flask_sqlalchemy\n",
    "extensions.py": "import flask_sqlalchemy\n",
    "config.py": "import flask\n",
    "rules.py": "import flask\nfrom .domain import loading\n",
    "domain/__init__.py": "from .loading import load_rulebook\n",
    "domain/vocabulary.py": "",
    "domain/event_kinds.py": "",
    "domain/errors.py": "",
    "domain/calendar.py": "",
    "domain/uscc.py": "",
    "domain/rules/__init__.py": "",
    "domain/rules/model.py": "from ..vocabulary import *\nfrom ..event_kinds import *\n",
    "domain/rating/__init__.py": "",
    "domain/rating/engine.py": "from . import grading\nfrom ..rules import model\n",
    "domain/rating/grading.py": "from ..errors import *\n",
    "domain/supervision/__init__.py": "",
    "domain/supervision/permits.py": "from ..rating import engine\nfrom ..calendar import *\n",
    "domain/loading.py": "from .rating import engine\nfrom .rules import model\n",
    "calibration/__init__.py": "",
    "calibration/adjust.py": "from ..domain.rating import engine\n",
    "services/__init__.py": "",
    "services/ratings.py": "from ..calibration import adjust\nfrom ..models import *\nimport sqlalchemy\n",
    "queue/__init__.py": "",
    "queue/tasks.py": "import flask\nfrom ..services import ratings\n",
    "web/__init__.py": "import flask\nfrom ..services import ratings\nfrom ..queue import tasks\n",
    "api/__init__.py": "import flask\nfrom ..services import ratings\n",
    "cli/__init__.py": "import click\nfrom ..services import ratings\nfrom ..queue import tasks\n",
}

FORBIDDEN = {  # the import added to the clean package -> the contract it breaks
    "a service imports a view": ("services/ratings.py", "from ..web import *\n", CONTRACTS[0]),
    "the CLI imports the web layer": ("cli/__init__.py", "from .. import web\n", CONTRACTS[0]),
    "a service queues a task": ("services/ratings.py", "from ..queue import tasks\n", CONTRACTS[0]),
    "a task imports a view": ("queue/tasks.py", "from ..web import *\n", CONTRACTS[0]),
    "the domain imports a service": ("domain/rating/grading.py", "from ...services import ratings\n", CONTRACTS[0]),
    "the domain imports SQLAlchemy": ("domain/rating/grading.py", "import sqlalchemy\n", CONTRACTS[1]),
    "the calibrator imports Flask": ("calibration/adjust.py", "import flask\n", CONTRACTS[1]),
    "a service imports Flask": ("services/ratings.py", "from flask import request\n", CONTRACTS[2]),
    "the rule language imports the rating": ("domain/rules/model.py", "from ..rating import engine\n", CONTRACTS[3]),
    "the rating imports a supervision procedure": ("domain/rating/grading.py", "from ..supervision import permits\n",
                                                   CONTRACTS[3]),
    "the shared words import the rule language": ("domain/vocabulary.py", "from .rules import model\n", CONTRACTS[3]),
    "two rating modules import each other": ("domain/rating/grading.py", "from . import engine\n", CONTRACTS[4]),
}


def fixture_package(tmp_path: Path, extra: tuple[str, str] | None = None) -> Path:
    """tmp_path/pkg/wharf_credit/... and tmp_path/contracts.ini holding the contracts of setup.cfg, unchanged."""
    package = tmp_path / "pkg" / "wharf_credit"
    for name, text in CLEAN.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + (extra[1] if extra and extra[0] == name else ""), encoding="utf-8")
    real = configparser.ConfigParser(interpolation=None)
    real.read(ROOT / "setup.cfg", encoding="utf-8")
    contracts = configparser.ConfigParser(interpolation=None)
    for section in real.sections():
        if section.startswith("importlinter"):
            contracts[section] = dict(real[section])
    config = tmp_path / "contracts.ini"
    with config.open("w", encoding="utf-8") as f:
        contracts.write(f)
    return config


def test_the_clean_fixture_package_keeps_every_contract(tmp_path):
    config = fixture_package(tmp_path)
    result = lint_imports(config, tmp_path, tmp_path / "pkg")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in result.stdout


@pytest.mark.parametrize("case", sorted(FORBIDDEN))
def test_a_forbidden_import_breaks_its_contract(tmp_path, case):
    module, line, contract = FORBIDDEN[case]
    config = fixture_package(tmp_path, (module, line))
    result = lint_imports(config, tmp_path, tmp_path / "pkg")
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{contract} BROKEN" in result.stdout  # (an import against the layers may also close a circle)
