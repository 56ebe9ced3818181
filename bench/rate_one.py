"""Single rating in process: rate() with the full trace, against a score-only floor run side by side.

    python bench/rate_one.py [--rounds 7] [--rules rules]

The facts are the rule set's own examples (31 wharves of every type, with vetoes, caps, downgrades, events).
Both evaluators are checked to agree on the green score before anything is timed. The floor is the least work a
rating can be: a flat weighted sum over pre-mapped levels, no safety record, no conditions, no trace. Printed:
median µs per rating for rate(), rate()+to_dict("zh_CN") (the JSON a page or API returns) and the floor, and the
ratios. Target (docs/performance.md, Targets): rate() with full trace <= 25 µs median. Then the batch kernel's ratings/s on --wharves
synthetic wharves beside the per-record rate() on 2,000 of the same rows (their grades are compared first).
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wharf_credit.domain import load_rulebook, parse_facts, rate  # noqa: E402
from wharf_credit.domain.rating.batch import BatchInput, rate_batch  # noqa: E402
from tests.builders import AS_OF  # noqa: E402
from tests.strategies import random_facts  # noqa: E402


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
    ap.add_argument("--wharves", type=int, default=100_000, help="synthetic wharves for the batch kernel")
    args = ap.parse_args()

    book = load_rulebook(args.rules)
    cases = example_facts(book)
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

    # The batch kernel on --wharves synthetic wharves (seeded; the generator the tests use), one as_of, against
    # the per-record path rate() on a 2,000-wharf slice of the same rows.
    rs = book.for_date(AS_OF)
    rng = random.Random(2026)
    items = [parse_facts(random_facts(rng, rs, AS_OF), rs) for _ in range(args.wharves)]
    t0 = time.perf_counter()
    inp = BatchInput.from_facts(items, rs)
    build = time.perf_counter() - t0
    kernel = []
    for _ in range(max(args.rounds // 2, 1)):
        t0 = time.perf_counter()
        result = rate_batch(inp, rs, AS_OF)
        kernel.append(time.perf_counter() - t0)
    k = statistics.median(kernel)
    subset = items[:2000]
    t0 = time.perf_counter()
    singles = [rate(f, rs, AS_OF) for f in subset]
    per_record = (time.perf_counter() - t0) / len(subset)
    assert [r.grade for r in singles] == result.grade_codes()[:len(subset)], "batch and single disagree"
    n = len(items)
    print(f"batch kernel, {n:,} wharves        {n / k:12,.0f} ratings/s ({k * 1e6 / n:.2f} µs/wharf)   "
          f"vs per-record rate() {1 / per_record:9,.0f} ratings/s   ratio {per_record * n / k:6.1f}x")
    print(f"batch incl. facts->columns        {n / (k + build):12,.0f} ratings/s   "
          f"ratio vs per-record {per_record * n / (k + build):6.1f}x")

if __name__ == "__main__":
    main()
