"""Single rating in process: rate() with the full trace, against a score-only floor run side by side.

    python bench/rate_one.py [--rounds 7] [--rules rules]

The facts are the rule set's own examples (31 wharves of every type, with vetoes, caps, downgrades, events).
Both evaluators are checked to agree on the green score before anything is timed. The floor is the least work a
rating can be: a flat weighted sum over pre-mapped levels, no safety record, no conditions, no trace. Printed:
median µs per rating for rate(), rate()+to_dict("zh_CN") (the JSON a page or API returns) and the floor, and the
ratios. Target (DESIGN.md §5): rate() with full trace <= 25 µs median.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wharf_credit.domain import load_rulebook, parse_facts, rate  # noqa: E402
from wharf_credit.domain.batch import BatchInput, rate_batch  # noqa: E402


def example_facts(book):
    out = []
    for version in book.versions():
        rs = book.version(version)
        if rs.effective_to is not None:
            continue
        for ex in rs.examples:
            out.append((parse_facts({**ex.facts, "as_of": ex.as_of.isoformat()}, rs), rs))
    return out


def floor_score(facts, rs) -> float:
    wtype = facts.wharf.type
    num = den = 0
    for ind in rs.by_type[wtype]:
        v = facts.indicators.get(ind.id)
        w = ind.weights_h[wtype]
        num += (0 if v is None else ind.level_of(v)) * w
        den += 5 * w
    return 100 * num / den


def per_call_us(fn, cases, rounds: int, inner: int) -> float:
    samples = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(inner):
            for f, rs in cases:
                fn(f, rs)
        samples.append((time.perf_counter() - t0) / (inner * len(cases)) * 1e6)
    return statistics.median(samples)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--inner", type=int, default=200)
    ap.add_argument("--rules", default=str(ROOT / "rules"))
    args = ap.parse_args()

    cases = example_facts(load_rulebook(args.rules))
    for f, rs in cases:  # same answer before any time is printed
        assert abs(rate(f, rs).components["green"] - round(floor_score(f, rs), 2)) <= 0.01, f
    full = per_call_us(lambda f, rs: rate(f, rs), cases, args.rounds, args.inner)
    json_ = per_call_us(lambda f, rs: rate(f, rs).to_dict("zh_CN"), cases, args.rounds, args.inner // 4 or 1)
    floor = per_call_us(floor_score, cases, args.rounds, args.inner)
    print(f"cases: {len(cases)} example wharves, {args.rounds} rounds, median")
    print(f"floor (score-only)            {floor:8.2f} µs/rating")
    print(f"rate() with full trace        {full:8.2f} µs/rating   ratio vs floor {full / floor:6.1f}x   "
          f"target <= 25 µs: {'met' if full <= 25 else 'NOT met'}")
    print(f"rate() + to_dict('zh_CN')     {json_:8.2f} µs/rating   ratio vs floor {json_ / floor:6.1f}x")

    # The vectorised path on the same wharves repeated to 10,000 rows (one as_of, one rule set).
    rs = cases[0][1]
    day = cases[0][0].as_of
    items = [f for f, r in cases if r is rs and f.as_of == day]
    items = (items * (10_000 // len(items) + 1))[:10_000]
    inp = BatchInput.from_facts(items, rs)
    samples, build = [], []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        inp = BatchInput.from_facts(items, rs)
        t1 = time.perf_counter()
        rate_batch(inp, rs, day)
        t2 = time.perf_counter()
        build.append((t1 - t0) / len(items) * 1e6)
        samples.append((t2 - t1) / len(items) * 1e6)
    kernel, conv = statistics.median(samples), statistics.median(build)
    print(f"batch kernel (columns built)  {kernel:8.2f} µs/wharf    rate() / batch {full / kernel:6.1f}x")
    print(f"batch incl. facts->columns    {kernel + conv:8.2f} µs/wharf    rate() / batch {full / (kernel + conv):6.1f}x")


if __name__ == "__main__":
    main()
