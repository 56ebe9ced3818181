"""Background re-rating jobs, visible to every worker: state in JSON files under <instance>/jobs, one job at a time.

gunicorn runs several worker processes; a job started through one of them must show its progress (and block a
second job) whichever worker answers the next request. The state lives in files rather than the database because
the job's own transaction holds SQLite's write lock for the whole run.

- `<id>.json`: the job's state, replaced atomically (write a temporary file, then rename) on every update.
- `running.lock`: held with flock by the thread running the job. The kernel releases it when the process dies, so a
  state that still says "running" while nobody holds the lock belongs to a worker that was killed: that job is
  reported as interrupted (its all-or-nothing transaction was rolled back, so no rating changed).
"""
from __future__ import annotations

import fcntl
import json
import os
import secrets
import tempfile
import time
from pathlib import Path
from typing import IO, Any

from .. import clock

KEEP = 20  # finished jobs whose pages stay available
INTERRUPTED = "interrupted: the worker running it stopped"


class JobStore:
    def __init__(self, root: str | Path):
        self.root = Path(root)

    def _path(self, job_id: str) -> Path:
        return self.root / f"{job_id}.json"

    def _lock_file(self) -> IO[bytes]:
        self.root.mkdir(parents=True, exist_ok=True)
        return open(self.root / "running.lock", "ab")  # noqa: SIM115 — held open for the job's lifetime

    def start(self, **meta: Any) -> tuple[str, IO[bytes]] | None:
        """A new running job with `meta`, and the lock its thread must hold until finish(); None if a job runs."""
        handle = self._lock_file()
        for attempt in range(3):  # another worker's _locked() may hold the lock for a moment
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if attempt == 2:
                    handle.close()
                    return None
                time.sleep(0.05)
        job_id = secrets.token_hex(8)
        self._write(job_id, {"id": job_id, "status": "running", "done": 0, "total": 0, "report": None,
                             "error": None, "started": clock.utcnow().isoformat(timespec="seconds"), **meta})
        self._prune()
        return job_id, handle

    def update(self, job_id: str, **changes: Any) -> None:
        state = self.get(job_id) or {}
        self._write(job_id, {**state, **changes})

    @staticmethod
    def finish(handle: IO[bytes]) -> None:
        """Release the one-job lock (after the final update)."""
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()

    def get(self, job_id: str) -> dict[str, Any] | None:
        if not job_id.isalnum():
            return None
        state = self._read(job_id)
        if state is not None and state.get("status") == "running" and not self._locked():
            state = self._read(job_id)  # it may have finished between the two looks
            if state is not None and state.get("status") == "running":
                state.update(status="failed", error=INTERRUPTED, interrupted=True)
        return state

    def _read(self, job_id: str) -> dict[str, Any] | None:
        try:
            return json.loads(self._path(job_id).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def current(self) -> dict[str, Any] | None:
        """The running job, else the latest one."""
        jobs = [s for s in (self.get(p.stem) for p in self._files()) if s is not None]
        running = [j for j in jobs if j["status"] == "running"]
        return running[0] if running else max(jobs, key=lambda j: j["started"], default=None)

    def _locked(self) -> bool:
        """Whether some thread (in any process) holds the one-job lock."""
        handle = self._lock_file()
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            handle.close()  # closing drops a lock taken here
        return False

    def _files(self) -> list[Path]:
        return sorted(self.root.glob("*.json"), key=lambda p: p.stat().st_mtime) if self.root.is_dir() else []

    def _prune(self) -> None:
        for old in self._files()[:-KEEP]:
            old.unlink(missing_ok=True)

    def _write(self, job_id: str, state: dict[str, Any]) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(state, fh, ensure_ascii=False, default=str)
        os.replace(tmp, self._path(job_id))
