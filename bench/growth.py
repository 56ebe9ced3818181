"""How `rate --all` grows with the registry: time and peak memory at 10k, 100k and 300k wharves.

    python bench/growth.py [--sizes 10000,100000,300000] [--chunk 5000]

Each size runs in a fresh process (so peak memory is that run's own): seed a SQLite database as bench/rerate.py
does, then time rerate_all and record the peak resident memory added by rating (ru_maxrss after rating minus the
resident memory just before; the kernel's high-water mark, VmHWM, is reset through /proc/self/clear_refs before
rating, so seeding's own peak does not count). Printed: wharves/s per size (linear growth = constant wharves/s) and
the rating step's peak, which should follow the chunk size, not the registry.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, sys, tempfile, time
sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r})
import rerate as B
from wharf_credit import create_app
from wharf_credit.extensions import db
from wharf_credit.rules import rule_store
from wharf_credit.services.rerate import rerate_all

def rss_mb():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20

def hwm_mb():
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")) / 1024

work = tempfile.mkdtemp(prefix="wharf-growth-")
app = create_app({{"DATABASE_URL": f"sqlite:///{{work}}/g.sqlite", "SECRET_KEY": "bench"}})
with app.app_context():
    db.create_all()
    rs = rule_store().book.for_date(B.AS_OF)
    B.seed({n}, rs)
    db.session.remove()
    import gc; gc.collect()
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")  # reset the peak-RSS mark: only rating's peak is measured
    before = rss_mb()
    t0 = time.perf_counter()
    rerate_all(db.engine, rs, B.AS_OF, "bench", chunk={chunk})
    took = time.perf_counter() - t0
    peak = hwm_mb()
print(json.dumps({{"n": {n}, "seconds": took, "rss_before_mb": before, "peak_mb": peak}}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,300000")
    ap.add_argument("--chunk", type=int, default=5000)
    args = ap.parse_args()
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        code = CHILD.format(root=str(ROOT), bench=str(ROOT / "bench"), n=n, chunk=args.chunk)
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        r = results[-1]
        print(f"{n:>8,} wharves: {r['seconds']:7.1f} s  {n / r['seconds']:8,.0f} wharves/s  "
              f"peak RSS while rating {r['peak_mb']:7.0f} MB (before rating {r['rss_before_mb']:5.0f} MB, "
              f"rating added {r['peak_mb'] - r['rss_before_mb']:5.0f} MB)", flush=True)
    base = results[0]
    for r in results[1:]:
        scale = r["n"] / base["n"]
        print(f"x{scale:g} wharves -> x{r['seconds'] / base['seconds']:.2f} time (linear = x{scale:g}), "
              f"peak RSS x{r['peak_mb'] / base['peak_mb']:.2f}, memory added by rating "
              f"x{(r['peak_mb'] - r['rss_before_mb']) / max(base['peak_mb'] - base['rss_before_mb'], 1):.2f}")


if __name__ == "__main__":
    main()
