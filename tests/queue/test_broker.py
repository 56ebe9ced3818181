"""Where the queue lives: QUEUE_URL names an SQLite file or a Redis server; anything else stops the app at start."""
from __future__ import annotations

import pytest
from huey.storage import RedisStorage, SqliteStorage

from wharf_credit.config import ConfigError
from wharf_credit.queue.broker import storage_settings

from ..conftest import make_app


def test_no_queue_url_means_a_file_in_the_instance_folder():
    assert storage_settings("", "/srv/wc/instance") == (SqliteStorage, {"filename": "/srv/wc/instance/queue.sqlite3"})


def test_a_queue_url_names_an_sqlite_file_or_a_redis_server():
    assert storage_settings("sqlite:////var/lib/wc/q.db", "/x") == (SqliteStorage, {"filename": "/var/lib/wc/q.db"})
    assert storage_settings("redis://127.0.0.1:6379/2", "/x") == (RedisStorage, {"url": "redis://127.0.0.1:6379/2"})


def test_an_unknown_queue_url_stops_the_app_with_the_url_named():
    with pytest.raises(ConfigError, match=r"QUEUE_URL 'amqp://broker' is neither sqlite:///PATH nor redis://"):
        make_app("sqlite://", QUEUE_URL="amqp://broker", QUEUE_IMMEDIATE=False)
