"""`gunicorn -w 2` serving the app on a throwaway SQLite database, for the tests that need real worker processes
(shared rate-limit counters, concurrent writes)."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from wharf_credit.extensions import db

from .conftest import ROOT, TEST_AUDIT_KEY, make_app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer {url}")


@contextlib.contextmanager
def gunicorn_app(tmp_path, **settings):
    """A database with tables and `gunicorn -w 2` serving it with `settings` (WHARF_CREDIT_*); yields its URL and
    an app on the same database, for reading what the workers wrote."""
    database = tmp_path / "gunicorn.sqlite"
    app = make_app(f"sqlite:///{database}")
    with app.app_context():
        db.create_all()
    port = free_port()
    env = {**os.environ, "WHARF_CREDIT_DATABASE_URL": f"sqlite:///{database}", "WHARF_CREDIT_SECRET_KEY": "t",
           "WHARF_CREDIT_AUDIT_KEY": TEST_AUDIT_KEY, "WHARF_CREDIT_WTF_CSRF_ENABLED": "false",
           "WHARF_CREDIT_RULES_DIR": str(ROOT / "rules"), **{f"WHARF_CREDIT_{k}": v for k, v in settings.items()}}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen([str(gunicorn), "--workers", "2", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/healthz", process)
        yield base, app
    finally:
        process.terminate()
        process.wait(10)
