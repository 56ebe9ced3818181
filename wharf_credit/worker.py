"""The task worker's entry point, as wsgi.py is the web server's: what `huey_consumer` loads. The app (configured like
the web server: instance/config.py, WHARF_CREDIT_* variables) and its queue.

    huey_consumer wharf_credit.worker.huey --workers 2 --worker-type thread
"""
from __future__ import annotations

from . import create_app
from .queue.broker import huey

app = create_app()

if huey.immediate:
    raise SystemExit("QUEUE_IMMEDIATE is set: tasks run inline where they are queued, there is nothing to consume")

__all__ = ["app", "huey"]
