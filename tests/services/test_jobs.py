"""Background jobs are shared by every worker through files: one at a time, and a killed worker's job is reported."""
from __future__ import annotations

import os
import signal
import subprocess
import sys

from wharf_credit.services.jobs import JobStore


def test_one_job_at_a_time_across_stores_on_the_same_folder(tmp_path):
    first, other_worker = JobStore(tmp_path), JobStore(tmp_path)
    started = first.start(as_of="2026-11-24", ruleset="2026.1", actor="admin")
    assert started is not None
    job_id, lock = started
    assert other_worker.start(as_of="2026-11-24", ruleset="2026.1", actor="admin") is None
    first.update(job_id, done=3, total=10)
    seen = other_worker.get(job_id)
    assert seen["status"] == "running" and (seen["done"], seen["total"]) == (3, 10)
    assert other_worker.current()["id"] == job_id
    first.update(job_id, status="done", report={"wharves": 10})
    JobStore.finish(lock)
    assert other_worker.get(job_id)["status"] == "done"
    again = other_worker.start(as_of="2026-11-25", ruleset="2026.1", actor="admin")
    assert again is not None and again[0] != job_id
    JobStore.finish(again[1])


def test_a_job_whose_worker_was_killed_is_reported_as_interrupted(tmp_path):
    code = ("import sys, time; from wharf_credit.services.jobs import JobStore;"
            f"job, lock = JobStore({str(tmp_path)!r}).start(as_of='2026-11-24', ruleset='2026.1', actor='a');"
            "print(job, flush=True); time.sleep(60)")
    worker = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        job_id = worker.stdout.readline().strip()
        store = JobStore(tmp_path)
        assert store.get(job_id)["status"] == "running"
        assert store.start(as_of="2026-11-24", ruleset="2026.1", actor="b") is None
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(10)
        state = store.get(job_id)
        assert state["status"] == "failed" and state["interrupted"] is True
        restarted = store.start(as_of="2026-11-24", ruleset="2026.1", actor="b")
        assert restarted is not None
        JobStore.finish(restarted[1])
    finally:
        worker.kill()
        worker.stdout.close()


def test_unknown_and_malformed_job_ids_are_not_found(tmp_path):
    store = JobStore(tmp_path)
    assert store.get("nope") is None and store.get("../etc/passwd") is None and store.current() is None


def test_only_the_latest_jobs_are_kept(tmp_path):
    store = JobStore(tmp_path)
    ids = []
    for i in range(25):
        job_id, lock = store.start(as_of=f"2026-11-{i + 1:02d}", ruleset="2026.1", actor="a")
        store.update(job_id, status="done")
        JobStore.finish(lock)
        ids.append(job_id)
    assert len(list(tmp_path.glob("*.json"))) == 20
    assert store.get(ids[-1]) is not None
