"""The huey instance bench/task_queue.py measures, for `huey_consumer queue_app.huey` (PYTHONPATH=bench): storage from
BENCH_QUEUE_URL (sqlite:///PATH or redis://...), built exactly as wharf_credit.queue.broker builds the app's."""
from __future__ import annotations

import os
import time

from huey import Huey

from wharf_credit.queue.broker import storage_settings

storage_class, kwargs = storage_settings(os.environ["BENCH_QUEUE_URL"], "/nonexistent")
huey = Huey("bench", results=True, storage_class=storage_class, utc=True, **kwargs)


@huey.task()
def started_at(sent: float) -> float:
    """How long after `sent` (wall clock) a worker started this task."""
    return time.time() - sent


@huey.task()
def nothing() -> None:
    """A task that does nothing: what remains is the queue's own cost."""
