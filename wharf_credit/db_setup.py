"""Database wiring: bind the extensions, SQLite pragmas (WAL, foreign keys), migrations folder."""
from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .config import RELAXED_ENVIRONMENTS, ROOT, ConfigError, environment
from .extensions import db, migrate
from .services.audit import load_key, use_key


def _sqlite_pragmas(dbapi_connection, connection_record) -> None:  # noqa: ARG001
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def audit_key_path(app: Flask) -> Path:
    return Path(app.config.get("AUDIT_KEY_FILE") or Path(app.instance_path) / "audit.key")


def audit_checkpoint_path(app: Flask) -> Path:
    return Path(app.config.get("AUDIT_CHECKPOINT_FILE") or Path(app.instance_path) / "audit-checkpoints.jsonl")


def init_app(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    # Production must name its key file (config.check_config), and it must exist; elsewhere it is made on first use.
    try:
        key = load_key(app.config.get("AUDIT_KEY"), audit_key_path(app),
                       create=environment(app.config) in RELAXED_ENVIRONMENTS)
    except OSError as exc:
        raise ConfigError(f"the audit key cannot be read: {exc}") from exc
    with app.app_context():
        use_key(db.engine, key)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            engine: Engine = db.engine
            event.listen(engine, "connect", _sqlite_pragmas)
