"""API under load: GET /api/v1/companies/{uscc}/grade against the app's trivial /healthz, side by side.

    python bench/api_load.py [--duration 10] [--connections 8] [--workers 2]

Sets up a throwaway SQLite database with the demo registry (flask init-db + seed-demo), creates a permit
officer's token, starts gunicorn (2 sync workers) on 127.0.0.1, warms up, then drives both endpoints with wrk for
the same time each and prints req/s, p50/p99 latency and the ratio. Installs wrk from Debian if missing (root).
Targets (docs/performance.md, Targets): grade req/s >= 0.7 x health req/s, grade p99 <= 25 ms. Generator and server share the
machine's cores, so the ratio is the number to compare, not the absolute req/s.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def ensure_wrk() -> str:
    path = shutil.which("wrk")
    if path:
        return path
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], check=True,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return shutil.which("wrk") or sys.exit("wrk could not be installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def flask(env: dict[str, str], *args: str) -> str:
    out = subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True)
    return out.stdout


def wrk(binary: str, url: str, seconds: int, connections: int, headers: dict[str, str]) -> dict[str, float]:
    cmd = [binary, "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    for k, v in headers.items():
        cmd[1:1] = ["-H", f"{k}: {v}"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def pct(label: str) -> float:
        m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if non2xx:
        sys.exit(f"{url}: {non2xx.group(1)} error responses under load\n{out}")
    return {"rps": rps, "p50": pct("50"), "p99": pct("99")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    wrk_bin = ensure_wrk()
    work = Path(tempfile.mkdtemp(prefix="wharf-bench-"))
    env = {**os.environ, "WHARF_CREDIT_DATABASE_URL": f"sqlite:///{work / 'bench.sqlite'}",
           "WHARF_CREDIT_SECRET_KEY": "bench-only", "WHARF_CREDIT_RATELIMIT_ENABLED": "false"}
    flask(env, "init-db")
    seeded = flask(env, "seed-demo")
    token = flask(env, "tokens", "create", "--username", "permit", "--name", "bench").strip()
    uscc = re.search(r"\b[0-9A-HJ-NPQRTUWXY]{18}\b", seeded).group(0)  # the demo company it prints
    port = free_port()
    server = subprocess.Popen([str(BIN / "gunicorn"), "-w", str(args.workers), "-k", "sync", "-b",
                               f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        auth = {"Authorization": f"Bearer {token}"}
        grade_url = f"{base}/api/v1/companies/{uscc}/grade"
        req = urllib.request.Request(grade_url, headers=auth)
        assert urllib.request.urlopen(req, timeout=5).status == 200
        wrk(wrk_bin, f"{base}/healthz", 2, args.connections, {})  # warm-up both
        wrk(wrk_bin, grade_url, 2, args.connections, auth)
        health = wrk(wrk_bin, f"{base}/healthz", args.duration, args.connections, {})
        grade = wrk(wrk_bin, grade_url, args.duration, args.connections, auth)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    ratio = grade["rps"] / health["rps"]
    print(f"gunicorn {args.workers} sync workers, wrk -t2 -c{args.connections} -d{args.duration}s, SQLite demo data")
    print(f"GET /healthz                          {health['rps']:9.0f} req/s  p50 {health['p50']:6.2f} ms  "
          f"p99 {health['p99']:6.2f} ms")
    print(f"GET /api/v1/companies/{{uscc}}/grade    {grade['rps']:9.0f} req/s  p50 {grade['p50']:6.2f} ms  "
          f"p99 {grade['p99']:6.2f} ms")
    print(f"ratio grade/health {ratio:.2f} (target >= 0.70: {'met' if ratio >= 0.7 else 'NOT met'}); "
          f"grade p99 {grade['p99']:.2f} ms (target <= 25 ms: {'met' if grade['p99'] <= 25 else 'NOT met'})")


if __name__ == "__main__":
    main()
