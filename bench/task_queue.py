"""The task queue: how soon a queued task starts, and how many a consumer gets through, on the SQLite queue file
(the default) and on Redis (production), each beside the storage's own floor measured in the same run.

    python bench/task_queue.py [--samples 200] [--tasks 10000]

For each storage, a real `huey_consumer` process (2 worker threads, the flags of scripts/serve.sh and
docs/operations.md) runs tasks defined in bench/queue_app.py:
- latency: one task at a time, enqueued after a random pause of 0–200 ms (so a polling consumer is caught at every
  phase), timed from enqueue to the moment a worker starts it (wall clock in both processes); median and p99.
  Baseline: the same message written to and read back from the same storage by this process (enqueue + dequeue,
  no consumer): the least a hand-over through that storage can cost.
- throughput: 10,000 no-op tasks enqueued with the consumer stopped, then the consumer started and timed until the
  queue is empty and the last task has run. Baseline: this process dequeuing and executing the same 10,000 tasks
  from the same storage in a loop (the same storage reads, deserialisation and execution, without the consumer's
  threads and polling).
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

CONSUMER = Path(sys.executable).with_name("huey_consumer")
FLAGS = ["--workers", "2", "--worker-type", "thread", "--delay", "0.1", "--max-delay", "1"]


def consumer(url: str) -> subprocess.Popen:
    env = {**os.environ, "BENCH_QUEUE_URL": url, "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT}"}
    return subprocess.Popen([str(CONSUMER), "queue_app.huey", *FLAGS, "--no-periodic"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(20)


def fresh_instance(url: str):
    os.environ["BENCH_QUEUE_URL"] = url
    for name in ("queue_app",):
        sys.modules.pop(name, None)
    import queue_app

    queue_app.huey.storage.flush_all()
    return queue_app


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(q * len(ordered)), len(ordered) - 1)]


def latency(app, url: str, samples: int) -> tuple[list[float], list[float]]:
    """(enqueue -> start through the consumer, enqueue + dequeue by this process), seconds each."""
    floor = []
    probe = app.started_at.s(0.0)
    message = app.huey.serialize_task(probe)
    for _ in range(samples):
        t = time.perf_counter()
        app.huey.storage.enqueue(message)
        assert app.huey.storage.dequeue() is not None
        floor.append(time.perf_counter() - t)
    worker = consumer(url)
    try:
        app.started_at(time.time())(blocking=True, timeout=30)  # warm: the consumer is up and polling
        through = []
        rng = random.Random(0)
        for _ in range(samples):
            time.sleep(rng.uniform(0, 0.2))
            through.append(app.started_at(time.time())(blocking=True, timeout=30, backoff=1.0, max_delay=0.001))
    finally:
        stop(worker)
    return through, floor


def throughput(app, url: str, tasks: int) -> tuple[float, float]:
    """(seconds for the consumer to run `tasks` no-op tasks, seconds for this process to dequeue and run them)."""
    for _ in range(tasks):
        app.nothing()
    t = time.perf_counter()
    while (data := app.huey.storage.dequeue()) is not None:
        app.huey.execute(app.huey.deserialize_task(data))
    inline = time.perf_counter() - t
    for _ in range(tasks - 1):
        app.nothing()
    last = app.started_at(time.time())  # enqueued last: its result says the queue has been worked through
    worker = consumer(url)
    try:
        t = time.perf_counter()
        while app.huey.pending_count():
            time.sleep(0.005)
        last(blocking=True, timeout=60)
        through = time.perf_counter() - t
    finally:
        stop(worker)
    return through, inline


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=200)
    ap.add_argument("--tasks", type=int, default=10_000)
    args = ap.parse_args()
    from tests.redis_server import redis_server

    print(f"{os.cpu_count()} CPUs; consumer: huey_consumer {' '.join(FLAGS)}")
    with tempfile.TemporaryDirectory() as tmp, redis_server() as redis_url:
        for name, url in (("SQLite file", f"sqlite:///{Path(tmp) / 'queue.sqlite3'}"), ("Redis", redis_url)):
            app = fresh_instance(url)
            through, floor = latency(app, url, args.samples)
            med, p99, fmed = statistics.median(through), pct(through, 0.99), statistics.median(floor)
            print(f"{name}: enqueue -> start median {med * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms; "
                  f"storage round trip median {fmed * 1000:.2f} ms; ratio (median) {med / fmed:.0f}x")
            app = fresh_instance(url)
            consumed, inline = throughput(app, url, args.tasks)
            print(f"{name}: {args.tasks} no-op tasks by the consumer in {consumed:.2f} s "
                  f"({args.tasks / consumed:,.0f}/s); dequeued and run by this process in {inline:.2f} s "
                  f"({args.tasks / inline:,.0f}/s); ratio {consumed / inline:.2f}x")


if __name__ == "__main__":
    main()
