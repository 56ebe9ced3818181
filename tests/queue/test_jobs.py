"""Background jobs on the task queue: one job of a kind at a time for every process sharing the queue, progress and
cancelling, and a job whose consumer was killed shown as interrupted with no rating changed — on the SQLite queue
file and on a real Redis server, with a real `huey_consumer` process where it matters."""
from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from wharf_credit.models import AuditEntry, RatingRow
from wharf_credit.queue import broker, jobs, tasks
from wharf_credit.services import rerate

from ..conftest import RULES_DIR, TEST_AUDIT_KEY, queue_consumer
from ..services.test_rerate import T, random_registry

CONSUMER = Path(sys.executable).with_name("huey_consumer")


@pytest.fixture(params=["sqlite", "redis"])
def queue_url(request, tmp_path) -> str:
    """A queue of each kind, empty."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    return request.getfixturevalue("redis_url")


@pytest.fixture
def queue(app, queue_url) -> str:
    """The app pointed at `queue_url` (tasks go to the queue; nothing consumes them unless a test starts it)."""
    app.config.update(QUEUE_URL=queue_url, QUEUE_IMMEDIATE=False)
    broker.configure(app)
    broker.huey.storage.flush_all()  # the Redis server lives for the whole run
    return queue_url


def ratings(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(RatingRow))


def test_one_job_of_a_kind_at_a_time_until_it_ends(app, queue):
    first = jobs.create("rerate", "admin", as_of="2026-11-24", ruleset="2026.1")
    assert first is not None and jobs.get(first["id"])["status"] == "queued"
    assert jobs.create("rerate", "admin-two", as_of="2026-11-25", ruleset="2026.1") is None
    assert jobs.current("rerate")["id"] == first["id"]
    assert jobs.cancel(first["id"])["status"] == "cancelled"
    again = jobs.create("rerate", "admin-two", as_of="2026-11-25", ruleset="2026.1")
    assert again is not None and again["id"] != first["id"]
    assert [j["id"] for j in jobs.all_jobs("rerate")] == [again["id"], first["id"]]


def test_unknown_and_malformed_job_ids_are_not_found(app, queue):
    assert jobs.get("nope") is None and jobs.get("../etc/passwd") is None and jobs.current("rerate") is None
    assert jobs.cancel("0123456789abcdef") is None


def test_only_the_latest_finished_jobs_are_kept(app, queue):
    ids = []
    for i in range(jobs.KEEP + 3):
        job = jobs.create("rerate", "admin", as_of=f"2026-11-{i % 28 + 1:02d}", ruleset="2026.1")
        jobs.cancel(job["id"])
        ids.append(job["id"])
    newest = jobs.create("rerate", "admin", as_of="2026-12-01", ruleset="2026.1")  # pruning happens here
    kept = [j["id"] for j in jobs.all_jobs("rerate") if j["status"] == "cancelled"]
    assert len(kept) == jobs.KEEP and kept[0] == ids[-1] and ids[0] not in kept
    assert jobs.current("rerate")["id"] == newest["id"]


def test_a_job_cancelled_while_queued_never_runs(app, queue, session, ruleset):
    random_registry(session, ruleset, 5)
    job = tasks.start_rerate(T, ruleset.version, "admin")
    assert job["status"] == "queued"  # no consumer yet
    assert jobs.cancel(job["id"])["status"] == "cancelled"
    with queue_consumer(app, queue):
        deadline = time.monotonic() + 5
        while broker.huey.pending_count() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.2)
    assert jobs.get(job["id"])["status"] == "cancelled" and ratings(session) == 0


def test_a_running_job_shows_progress_and_when_cancelled_keeps_nothing(app, queue, session, ruleset, monkeypatch):
    random_registry(session, ruleset, 6)
    first_chunk, go_on = threading.Event(), threading.Event()

    def one_wharf_a_chunk(engine, ruleset, as_of, actor, progress):
        def paused(done, total):
            progress(done, total)
            first_chunk.set()
            assert go_on.wait(20)
        return rerate.rerate_all(engine, ruleset, as_of, actor, chunk=1, progress=paused)

    monkeypatch.setattr(tasks, "rerate_all", one_wharf_a_chunk)
    with queue_consumer(app, queue):
        job = tasks.start_rerate(T, ruleset.version, "admin")
        assert first_chunk.wait(20)
        seen = jobs.get(job["id"])
        assert seen["status"] == "running" and (seen["done"], seen["total"]) == (1, 6)
        assert seen["rate"] > 0 and seen["eta_seconds"] >= 0 and seen["pid"] == os.getpid()
        assert jobs.cancel(job["id"])["cancel_requested"] is True
        go_on.set()
        final = wait_until_ended(job["id"])
    assert final["status"] == "cancelled" and final["done"] == 2  # stopped at the next chunk
    assert ratings(session) == 0
    assert session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "ratings.batch")) == 0
    assert jobs.create("rerate", "admin", as_of=T.isoformat(), ruleset=ruleset.version) is not None


def wait_until_ended(job_id: str, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = jobs.get(job_id)
        if job["status"] not in jobs.ACTIVE:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} still {job['status']} after {timeout}s")


def consumer_process(app, queue_url: str) -> subprocess.Popen:
    """A real `huey_consumer` for the app's database and `queue_url`, configured through the environment."""
    env = {**os.environ, "WHARF_CREDIT_DATABASE_URL": app.config["DATABASE_URL"],
           "WHARF_CREDIT_QUEUE_URL": queue_url, "WHARF_CREDIT_RULES_DIR": str(RULES_DIR),
           "WHARF_CREDIT_AUDIT_KEY": TEST_AUDIT_KEY, "WHARF_CREDIT_SECRET_KEY": "test",
           "WHARF_CREDIT_ENV_NAME": "testing",
           "WHARF_CREDIT_AUDIT_CHECKPOINT_FILE": app.config["AUDIT_CHECKPOINT_FILE"]}
    return subprocess.Popen([str(CONSUMER), "wharf_credit.worker.huey", "-w", "1", "-k", "thread",
                             "-d", "0.05", "-m", "0.2"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_a_consumer_process_runs_a_queued_rerate_to_done(app, queue, session, ruleset):
    random_registry(session, ruleset, 12)
    worker = consumer_process(app, queue)
    try:
        job = tasks.start_rerate(T, ruleset.version, "admin")
        final = wait_until_ended(job["id"])
    finally:
        worker.send_signal(signal.SIGINT)
        _, err = worker.communicate(timeout=20)
    assert final["status"] == "done", err.decode()[-2000:]
    assert final["report"]["wharves"] == 12 and final["pid"] == worker.pid and ratings(session) == 12


@contextlib.contextmanager
def ratings_locked(app) -> Iterator[None]:
    """Another connection holds the lock a re-rating needs to write its ratings, until the block ends: a job gets
    as far as reading the registry and then waits."""
    url = app.config["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        holder = sqlite3.connect(url[len("sqlite:///"):], timeout=5)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.rollback()
            holder.close()
        return
    with create_engine(url).connect() as conn, conn.begin() as transaction:
        conn.execute(text("LOCK TABLE ratings IN EXCLUSIVE MODE"))  # reads go on, writes wait
        yield
        transaction.rollback()


def test_a_job_whose_consumer_was_killed_is_interrupted_and_changed_no_rating(app, queue, session, ruleset):
    random_registry(session, ruleset, 12)
    session.commit()
    worker = consumer_process(app, queue)
    try:
        with ratings_locked(app):
            job = tasks.start_rerate(T, ruleset.version, "admin")
            deadline = time.monotonic() + 20
            while jobs.get(job["id"])["status"] != "running":
                assert time.monotonic() < deadline, "the consumer never started the job"
                time.sleep(0.02)
            assert jobs.create("rerate", "admin-two", as_of=T.isoformat(), ruleset=ruleset.version) is None
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(10)
    finally:
        worker.kill()
        worker.communicate()
    seen = jobs.get(job["id"])
    assert seen["status"] == "failed" and seen["interrupted"] is True
    assert ratings(session) == 0
    assert jobs.create("rerate", "admin-two", as_of=T.isoformat(), ruleset=ruleset.version) is not None


def test_a_job_that_meets_a_passing_database_error_is_retried_and_a_refusal_is_not(app, queue, session, ruleset,
                                                                                  monkeypatch):
    from sqlalchemy.exc import OperationalError

    random_registry(session, ruleset, 3)
    real, calls = tasks.rerate_all, []

    def locked_once(*args, **kw):
        calls.append(len(calls))
        if len(calls) == 1:
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        return real(*args, **kw)

    monkeypatch.setattr(tasks, "rerate_all", locked_once)
    monkeypatch.setattr(tasks.rerate_task.task_class, "default_retry_delay", 0.1)
    with queue_consumer(app, queue):
        job = tasks.start_rerate(T, ruleset.version, "admin")
        final = wait_until_ended(job["id"])
        assert final["status"] == "done" and final["attempts"] == 2 and "database is locked" in final["error"]
        assert len(calls) == 2 and ratings(session) == 3

        def refused(*args, **kw):
            raise RuntimeError("no rule set 2026.1 is loaded")

        monkeypatch.setattr(tasks, "rerate_all", refused)
        job = tasks.start_rerate(T, ruleset.version, "admin")
        final = wait_until_ended(job["id"])
    assert final["status"] == "failed" and final["error"] == "no rule set 2026.1 is loaded" and "attempts" not in final


def test_listing_jobs_reads_their_records_and_not_the_rest_of_the_store(app, queue, monkeypatch):
    first = jobs.create("rerate", "admin", as_of="2026-11-24", ruleset="2026.1")
    jobs.cancel(first["id"])
    broker.write_json(jobs.data_key(first["id"]), {"a what-if report": "x" * 10_000})

    def whole_store():
        raise AssertionError("the whole key-value store was read")

    monkeypatch.setattr(broker.huey.storage, "result_items", whole_store)
    second = jobs.create("rerate", "admin", as_of="2026-11-25", ruleset="2026.1")
    assert [j["id"] for j in jobs.all_jobs()] == [second["id"], first["id"]]
    assert jobs.current("rerate")["id"] == second["id"] and jobs.all_jobs("whatif") == []
