"""Shared fixtures: the shipped rule set, an app per test (flaskr style), its CLI runner."""
from __future__ import annotations

from pathlib import Path

import pytest

from wharf_credit import create_app
from wharf_credit.domain import RuleSet, load_ruleset

ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = ROOT / "rules"
DEFAULT_VERSION_DIR = RULES_DIR / "2026.1"


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return load_ruleset(DEFAULT_VERSION_DIR)


@pytest.fixture
def app(tmp_path):
    return create_app({"TESTING": True, "RULES_DIR": str(RULES_DIR)})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
