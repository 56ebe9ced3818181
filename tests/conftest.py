"""Shared fixtures: the shipped rule set, an app per test on a fresh database (SQLite, or PostgreSQL when
WHARF_CREDIT_TEST_DB=postgresql), its client and CLI runner, and a login helper."""
from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from wharf_credit import clock, create_app
from wharf_credit.domain import RuleSet, load_ruleset
from wharf_credit.extensions import db as _db

ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = ROOT / "rules"
DEFAULT_VERSION_DIR = RULES_DIR / "2026.1"
TEST_DB = os.environ.get("WHARF_CREDIT_TEST_DB", "sqlite")
TEST_AUDIT_KEY = "test-audit-key-not-for-production"


def pytest_collection_modifyitems(config, items):
    """Under `make mutation` only: the fastest tests first, by the durations mutmut measured in its clean run. mutmut
    stops at the first failing test, so a mutant a quick test kills no longer waits for the slow ones."""
    if "MUTMUT_DEPENDENCY_DEPTH" not in os.environ:
        return
    stats = Path("mutmut-stats.json")  # mutmut runs the tests inside mutants/
    if not stats.is_file():
        return
    import json

    durations = json.loads(stats.read_text(encoding="utf-8")).get("duration_by_test", {})
    items.sort(key=lambda item: durations.get(item.nodeid, 0.0))


def pytest_report_header(config):
    """The database, and the Chromium build the browser journeys run in (their expectations do not depend on it)."""
    import shutil
    import subprocess

    chromium = shutil.which("chromium")
    version = (subprocess.run([chromium, "--version"], capture_output=True, text=True, check=False).stdout.strip()
               if chromium else "not found")
    return [f"wharf_credit test database: {TEST_DB}", f"chromium: {version}"]


@pytest.fixture(autouse=True)
def real_clock():
    """Every test starts and ends on the real day: a test that pins the clock (wharf_credit.clock.pin) cannot leave it
    pinned for the next one, even when it fails."""
    clock.unpin()
    yield
    clock.unpin()


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return load_ruleset(DEFAULT_VERSION_DIR)


@pytest.fixture(scope="session")
def database_server():
    """None for SQLite; the URL of a throwaway PostgreSQL cluster for WHARF_CREDIT_TEST_DB=postgresql."""
    if TEST_DB != "postgresql":
        yield None
        return
    from .pg import pg_bin, postgres_cluster

    if pg_bin() is None:  # asked for PostgreSQL: never quietly skip the half of the suite that runs on it
        pytest.fail("WHARF_CREDIT_TEST_DB=postgresql but PostgreSQL (initdb, pg_ctl) is not installed: run "
                    "`bash scripts/system-deps.sh` (Debian: apt-get install postgresql)", pytrace=False)
    with postgres_cluster() as url:
        yield url


def make_app(database_url: str, **extra):
    config = {"TESTING": True, "DATABASE_URL": database_url, "RULES_DIR": str(RULES_DIR), "SECRET_KEY": "test",
              "AUDIT_KEY": TEST_AUDIT_KEY,
              "AUDIT_CHECKPOINT_FILE": str(Path(tempfile.gettempdir()) / f"wharf-audit-{uuid.uuid4().hex}.jsonl"),
              "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
              "QUEUE_IMMEDIATE": True, **extra}  # tasks run inline; never the real instance's queue
    return create_app(config)


@contextlib.contextmanager
def database_app(database_url: str, **extra) -> Iterator[Flask]:
    """make_app with its tables created, and dropped again (connections closed) afterwards."""
    app = make_app(database_url, **extra)
    with app.app_context():
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def app(tmp_path, database_server):
    with database_app(database_server or f"sqlite:///{tmp_path / 'test.sqlite'}",
                      UPLOAD_FOLDER=str(tmp_path / "uploads")) as app:
        yield app


@pytest.fixture
def db(app):
    with app.app_context():
        yield _db


@pytest.fixture
def session(db):
    return db.session


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def book(app):
    from wharf_credit.rules import rule_store

    with app.app_context():
        return rule_store().book


@pytest.fixture(scope="session")
def redis_url():
    """The URL of a throwaway Redis server for this test run (tests/redis_server.py)."""
    from .redis_server import redis_server

    with redis_server() as url:
        yield url


@contextlib.contextmanager
def queue_consumer(app: Flask, queue_url: str, workers: int = 1) -> Iterator[None]:
    """Point `app` at a real queue (`queue_url`, not inline) and run huey's consumer in threads of this process
    until the block ends (its signal handlers are put back afterwards)."""
    import signal

    from wharf_credit.queue import broker

    app.config.update(QUEUE_URL=queue_url, QUEUE_IMMEDIATE=False)
    broker.configure(app)
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    consumer = broker.huey.create_consumer(workers=workers, worker_type="thread", periodic=False,
                                           initial_delay=0.02, max_delay=0.1, check_worker_health=False)
    consumer.start()
    try:
        yield
    finally:
        consumer.stop(graceful=True)
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


@pytest.fixture
def queue_worker(app, tmp_path) -> Iterator[str]:
    """A consumer running the app's tasks from an SQLite queue in tmp_path (tests of what runs in the background);
    yields the queue's URL."""
    url = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    with queue_consumer(app, url):
        yield url
