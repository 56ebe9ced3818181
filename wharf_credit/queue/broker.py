"""The one huey instance, and where its queue lives.

Tasks are registered on a module-level instance when wharf_credit.queue.tasks is imported; `configure(app)` (called by
create_app) then points its storage at the app's QUEUE_URL:

- empty: an SQLite file `<instance>/queue.sqlite3` (no server; the web workers and the consumer share the file);
- `sqlite:///PATH`: another SQLite file;
- `redis://HOST:PORT/DB`: a Redis server (production).

QUEUE_IMMEDIATE runs every task inline, in the process that enqueues it, with huey's in-memory storage (tests).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_app_context
from huey import Huey
from huey.constants import EmptyData
from huey.storage import RedisStorage, SqliteStorage

from ..config import ConfigError

NAME = "wharf_credit"

huey = Huey(NAME, results=False, immediate=True, utc=True)  # immediate (in memory) until configured

_app: Flask | None = None


def storage_settings(url: str, instance_path: str) -> tuple[type, dict[str, Any]]:
    """The huey storage class and its arguments for QUEUE_URL."""
    if not url:
        return SqliteStorage, {"filename": str(Path(instance_path) / "queue.sqlite3")}
    if url.startswith("sqlite:///"):
        return SqliteStorage, {"filename": url[len("sqlite:///"):]}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage, {"url": url}
    raise ConfigError(f"QUEUE_URL {url!r} is neither sqlite:///PATH nor redis://HOST:PORT/DB")


def configure(app: Flask) -> None:
    """Point the queue at the app's QUEUE_URL (or run tasks inline under QUEUE_IMMEDIATE); tasks use this app."""
    global _app
    storage_class, kwargs = storage_settings(str(app.config.get("QUEUE_URL") or ""), app.instance_path)
    huey.storage_class, huey.storage_kwargs = storage_class, kwargs
    huey._immediate = bool(app.config.get("QUEUE_IMMEDIATE"))  # the setter would build a storage only on a change
    huey.storage = huey.create_storage()  # immediate: a fresh memory store, so nothing leaks from app to app
    _app = app


def flask_app() -> Flask:
    """The app a task runs in: the current one (a task run inline), else the one the queue was configured with."""
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined]
    if _app is None:
        raise RuntimeError("the task queue is not configured: create the app first (wharf_credit.create_app)")
    return _app


def read_json(key: str) -> Any:
    """The JSON value kept under `key` in the queue's key-value storage (job records, duty runs); None if none."""
    raw = huey.storage.peek_data(key)
    if raw is EmptyData:
        return None
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        return None


def write_json(key: str, value: Any) -> None:
    huey.storage.put_data(key, json.dumps(value, ensure_ascii=False, default=str).encode())
