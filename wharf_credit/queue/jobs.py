"""Job records: what an admin started in the background, how far it is, and how it ended.

A record lives in the queue's key-value storage (the SQLite queue file or Redis), not in the application database:
a re-rating holds the database's write transaction for its whole run (all or nothing), and its progress must still
be written and read meanwhile. Every web worker and the consumer see the same records.

Who writes a record: the web side when it enqueues the job (queued) or cancels it before it started; afterwards only
the worker running it (running with progress and a heartbeat, then done / failed / cancelled). A cancel request for a
running job is a separate key the worker looks at between chunks, so the two sides never overwrite each other.

One job of a kind at a time: a lock key per kind taken atomically (put_if_empty) when the job is enqueued and
released by whoever ends it. A record still "running" whose heartbeat stopped (or whose process is gone, on this
host) belongs to a worker that was killed: it is shown as interrupted, its transaction was rolled back, and its lock
no longer blocks a new job.
"""
from __future__ import annotations

import os
import secrets
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from huey.constants import EmptyData

from .. import clock
from .broker import huey, read_json, write_json

KINDS = ("rerate", "calibrator", "whatif")
ACTIVE = ("queued", "running")
HEARTBEAT_SECONDS = 2.0
STALE_SECONDS = 20.0  # a running job whose heartbeat is older than this is shown as interrupted
KEEP = 20  # finished jobs of each kind whose pages stay available


class JobCancelled(Exception):
    """Raised inside a running job when an admin cancelled it: its transaction rolls back."""


def _key(job_id: str) -> str:
    return f"job:{job_id}"


def _lock_key(kind: str) -> str:
    return f"job-lock:{kind}"


def _cancel_key(job_id: str) -> str:
    return f"job-cancel:{job_id}"


def data_key(job_id: str) -> str:
    """Where a job keeps a result too large for its record (a what-if report); removed with the record."""
    return f"job-data:{job_id}"


def _write(job: dict[str, Any]) -> None:
    write_json(_key(job["id"]), job)


def _alive(job: dict[str, Any]) -> bool:
    """Whether the worker process of a running job is still there (as far as can be told from here)."""
    if clock.wall_seconds() - float(job.get("heartbeat") or 0) > STALE_SECONDS:
        return False
    return not process_gone(job)


def worker_identity() -> dict[str, Any]:
    """Who is running something now: host and process id, for process_gone."""
    return {"host": socket.gethostname(), "pid": os.getpid()}


def process_gone(record: dict[str, Any]) -> bool:
    """Whether the process a record names (worker_identity) has ended: known only on the same host."""
    if record.get("host") != socket.gethostname() or not record.get("pid"):
        return False
    try:
        os.kill(int(record["pid"]), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _as_seen(job: dict[str, Any]) -> dict[str, Any]:
    """The record as a page shows it: a running job of a dead worker is interrupted; rate and ETA while running."""
    if job["status"] == "running" and not _alive(job):
        return {**job, "status": "failed", "interrupted": True,
                "error": "interrupted: the worker running it stopped"}
    if job["status"] == "running" and job.get("running_since") and job.get("done"):
        elapsed = max(float(job.get("heartbeat") or clock.wall_seconds()) - float(job["running_since"]), 1e-6)
        rate = job["done"] / elapsed
        remaining = max(int(job.get("total") or 0) - int(job["done"]), 0)
        return {**job, "rate": rate, "eta_seconds": remaining / rate if rate else None}
    return job


def get(job_id: str) -> dict[str, Any] | None:
    if not job_id.isalnum():
        return None
    job = read_json(_key(job_id))
    return _as_seen(job) if isinstance(job, dict) and "status" in job else None


def _index_key(kind: str) -> str:
    return f"job-index:{kind}"


def _index(kind: str) -> list[str]:
    """The ids of the kept jobs of `kind` (written only by create, which holds the kind's lock)."""
    ids = read_json(_index_key(kind))
    return [i for i in ids if isinstance(i, str)] if isinstance(ids, list) else []


def all_jobs(kind: str | None = None) -> list[dict[str, Any]]:
    """Every kept job (of `kind`), newest first: the records the kinds' indexes name, and nothing else of the store
    (a what-if's stored report is megabytes)."""
    jobs = []
    for k in (kind,) if kind else KINDS:
        for job_id in _index(k):
            job = read_json(_key(job_id))
            if isinstance(job, dict) and "status" in job:
                jobs.append(_as_seen(job))
    return sorted(jobs, key=lambda j: (j.get("seq", 0), j["id"]), reverse=True)


def current(kind: str) -> dict[str, Any] | None:
    """The queued or running job of `kind`, else the latest one."""
    jobs = all_jobs(kind)
    active = [j for j in jobs if j["status"] in ACTIVE]
    return active[0] if active else (jobs[0] if jobs else None)


def create(kind: str, actor: str, **params: Any) -> dict[str, Any] | None:
    """A new queued job of `kind`, holding the kind's lock; None while another job of the kind is queued or runs."""
    job_id = secrets.token_hex(8)
    if not huey.storage.put_if_empty(_lock_key(kind), job_id.encode()):
        holder = _holder(kind)
        if holder is not None and holder["status"] in ACTIVE:
            return None
        huey.storage.delete_data(_lock_key(kind))  # the holder ended without releasing (a killed worker)
        if not huey.storage.put_if_empty(_lock_key(kind), job_id.encode()):
            return None
    job = {"id": job_id, "kind": kind, "status": "queued", "actor": actor, "done": 0, "total": 0, "report": None,
           "error": None, "enqueued": clock.utcnow().isoformat(timespec="seconds"), "seq": clock.wall_seconds(), **params}
    _write(job)
    write_json(_index_key(kind), [*_index(kind), job_id])
    _prune(kind)
    return job


def _holder(kind: str) -> dict[str, Any] | None:
    raw = huey.storage.peek_data(_lock_key(kind))
    return None if raw is EmptyData else get(raw.decode() if isinstance(raw, bytes) else str(raw))


def _release(job: dict[str, Any]) -> None:
    raw = huey.storage.peek_data(_lock_key(job["kind"]))
    if raw is not EmptyData and (raw.decode() if isinstance(raw, bytes) else str(raw)) == job["id"]:
        huey.storage.delete_data(_lock_key(job["kind"]))


def discard(job: dict[str, Any], error: str) -> None:
    """The job could not be enqueued (the queue refused it): failed, lock released."""
    _write({**job, "status": "failed", "error": error})
    _release(job)


def cancel(job_id: str) -> dict[str, Any] | None:
    """Cancel a queued job at once, or ask a running one to stop at its next chunk. The job as it now stands."""
    job = get(job_id)
    if job is None or job["status"] not in ACTIVE:
        return job
    if job["status"] == "queued":
        job = {**job, "status": "cancelled", "finished": clock.utcnow().isoformat(timespec="seconds")}
        _write(job)
        _release(job)
        return job
    huey.storage.put_data(_cancel_key(job_id), b"1")
    return {**job, "cancel_requested": True}


def _prune(kind: str) -> None:
    """Only the KEEP latest ended jobs of `kind` stay (with their data); the index forgets the others."""
    kept = all_jobs(kind)
    gone = {j["id"] for j in [j for j in kept if j["status"] not in ACTIVE][KEEP:]}
    for job_id in gone:
        for key in (_key(job_id), _cancel_key(job_id), data_key(job_id)):
            huey.storage.delete_data(key)
    write_json(_index_key(kind), [j["id"] for j in reversed(kept) if j["id"] not in gone])


class Progress:
    """The worker's side of a running job: progress, a heartbeat, cancellation; one writer per record."""

    def __init__(self, job: dict[str, Any]):
        self.job = job
        self._lock = threading.Lock()

    def _save(self, **changes: Any) -> None:
        with self._lock:
            self.job.update(changes, heartbeat=clock.wall_seconds())
            _write(self.job)

    def __call__(self, done: int, total: int) -> None:
        """Report progress; raises JobCancelled if an admin asked the job to stop."""
        self._save(done=done, total=total)
        if huey.storage.has_data_for_key(_cancel_key(self.job["id"])):
            raise JobCancelled


@contextmanager
def running(job_id: str, retries_left: int = 0, retryable: tuple[type[BaseException], ...] = ()
            ) -> Iterator[Progress | None]:
    """Run the body as job `job_id`: marked running with a heartbeat, then done (the body sets `report`), cancelled
    or failed with its error; the kind's lock released at the end. Yields None if the job was cancelled before it
    started (the body must then do nothing).

    An error of a `retryable` kind while the queue still has `retries_left` puts the job back to queued (its lock
    kept, the error and the attempt noted) and is raised again for the queue to retry the task later."""
    job = read_json(_key(job_id))
    if not isinstance(job, dict) or job.get("status") != "queued":
        yield None
        return
    progress = Progress(job)
    progress._save(status="running", **worker_identity(), running_since=clock.wall_seconds(),
                   started=clock.utcnow().isoformat(timespec="seconds"))
    again = False
    stop = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(progress, stop), name=f"job-{job_id}-heartbeat", daemon=True)
    beat.start()
    try:
        yield progress
    except JobCancelled:
        stop.set()
        progress._save(status="cancelled", finished=clock.utcnow().isoformat(timespec="seconds"))
    except Exception as exc:
        stop.set()
        error = str(exc) or exc.__class__.__name__
        if retries_left > 0 and isinstance(exc, retryable):
            again = True
            progress._save(status="queued", error=error, attempts=int(progress.job.get("attempts") or 1) + 1,
                           retrying=True, done=0)
        else:
            progress._save(status="failed", error=error, finished=clock.utcnow().isoformat(timespec="seconds"))
        raise
    else:
        stop.set()
        progress._save(status="done", finished=clock.utcnow().isoformat(timespec="seconds"))
    finally:
        stop.set()
        beat.join()
        if not again:
            huey.storage.delete_data(_cancel_key(job_id))
            _release(progress.job)


def _heartbeat(progress: Progress, stop: threading.Event) -> None:
    while not stop.wait(HEARTBEAT_SECONDS):
        progress._save()
