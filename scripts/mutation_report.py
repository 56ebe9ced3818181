"""Per-module figures of the last mutation run (`make mutation`): killed / tested for each module mutmut mutated.

mutmut 3 keeps each mutant's outcome as the exit code of the tests run against it, in mutants/<path>.meta. Killed
means a test failed (a timeout counts as killed, as mutmut's own score does); survived means every test passed; "no
tests" means no selected test reaches the mutated function (it counts as not killed). Mutants not yet run are left
out of the percentage and shown as pending, so a partial run says how partial it is.

    python scripts/mutation_report.py                          # the table on stdout
    python scripts/mutation_report.py --write docs/testing.md  # replaces the table between its markers there
    python scripts/mutation_report.py --survivors wharf_credit/domain/rating/grading.py
    make mutation MUTANTS="$(python scripts/mutation_report.py --unfinished wharf_credit/domain/rating/batch.py)"
                                                               # run again only what is not killed yet
    make mutation MUTANTS="$(python scripts/mutation_report.py --sample 30 wharf_credit/domain/rules/schema.py)"
                                                               # a random sample (seeded) of the mutants not run

A module whose mutants were only partly run (a sample) shows its killed share with a 95% interval (Wilson): the
share of all its mutants a full run would kill lies in it with that confidence.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections import Counter
from pathlib import Path

KILLED = {1, 3, 36, -24, 24, 152, 255}  # a failing test, pytest's internal error, or a timeout
SURVIVED = {0}
NO_TESTS = {5, 33}
BEGIN, END = "<!-- mutation:begin -->", "<!-- mutation:end -->"


def outcomes(root: Path) -> dict[str, Counter]:
    """module path -> Counter of killed / survived / no tests / other / pending."""
    out: dict[str, Counter] = {}
    for meta in sorted(root.rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {})
        if not codes:
            continue
        module = str(meta.relative_to(root))[: -len(".meta")]
        count = Counter()
        for code in codes.values():
            count["pending" if code is None else "killed" if code in KILLED else "survived" if code in SURVIVED
                  else "no tests" if code in NO_TESTS else "other"] += 1
        out[module] = count
    return out


def _codes(root: Path, module: str) -> dict[str, int | None]:
    """mutant name -> exit code of its test run (None: not run yet), as mutmut stored them for `module`."""
    return json.loads((root / f"{module}.meta").read_text(encoding="utf-8")).get("exit_code_by_key", {})


def survivors(root: Path, module: str) -> list[str]:
    codes = _codes(root, module)
    return sorted(key for key, code in codes.items() if code in SURVIVED or code in NO_TESTS)


def unfinished(root: Path, module: str) -> list[str]:
    """The mutants of `module` not killed yet: survivors, those no test reaches, and those not run."""
    codes = _codes(root, module)
    return sorted(key for key, code in codes.items() if code is None or code not in KILLED)


def sample(root: Path, module: str, size: int, seed: int) -> list[str]:
    """A random sample (reproducible from `seed`) of up to `size` of the mutants of `module` not run yet."""
    pending = sorted(key for key, code in _codes(root, module).items() if code is None)
    return sorted(random.Random(f"{seed}:{module}").sample(pending, min(size, len(pending))))


def wilson(killed: int, tested: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval of a killed share `killed`/`tested`."""
    p = killed / tested
    centre = (p + z * z / (2 * tested)) / (1 + z * z / tested)
    half = z * math.sqrt(p * (1 - p) / tested + z * z / (4 * tested * tested)) / (1 + z * z / tested)
    return max(centre - half, 0.0), min(centre + half, 1.0)


def table(counts: dict[str, Counter]) -> str:
    lines = ["| module | mutants | killed | survived | no test reaches it | pending | killed % |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    total = Counter()
    not_run = []
    for module, c in counts.items():
        total.update(c)
        if c["pending"] == sum(c.values()):
            not_run.append(f"{module.removeprefix('wharf_credit/')} ({sum(c.values())})")
        else:
            lines.append(row(module, c))
    lines.append(row("**all**", total))
    if not_run:
        lines.append("")
        lines.append("Not run yet (mutants): " + ", ".join(not_run) + ".")
    return "\n".join(lines)


def row(name: str, c: Counter) -> str:
    tested = c["killed"] + c["survived"] + c["no tests"] + c["other"]
    share = f"{100 * c['killed'] / tested:.0f}%" if tested else "–"
    if tested and c["pending"]:
        low, high = wilson(c["killed"], tested)
        share += f" (95%: {100 * low:.0f}–{100 * high:.0f}%)"
    return (f"| {name} | {sum(c.values())} | {c['killed']} | {c['survived'] + c['other']} | {c['no tests']} "
            f"| {c['pending']} | {share} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutants", default="mutants", help="mutmut's working folder")
    parser.add_argument("--write", metavar="FILE", help="replace the table between the markers in FILE")
    parser.add_argument("--survivors", metavar="MODULE", help="list the surviving mutants of one module")
    parser.add_argument("--unfinished", metavar="MODULE", nargs="+",
                        help="the names of the mutants of these modules not killed yet, for `mutmut run`")
    parser.add_argument("--sample", metavar="N", type=int,
                        help="with MODULE…: a random sample of up to N of each module's mutants not run yet")
    parser.add_argument("--seed", type=int, default=2026, help="the sample's seed")
    parser.add_argument("modules", metavar="MODULE", nargs="*", help="modules to sample from (with --sample)")
    args = parser.parse_args()
    root = Path(args.mutants)
    if not root.is_dir():
        print(f"{root}/ not found: run `make mutation` first", file=sys.stderr)
        return 2
    if args.survivors:
        print("\n".join(survivors(root, args.survivors)))
        return 0
    if args.sample:
        print(" ".join(name for module in args.modules for name in sample(root, module, args.sample, args.seed)))
        return 0
    if args.unfinished:
        print(" ".join(name for module in args.unfinished for name in unfinished(root, module)))
        return 0
    text = table(outcomes(root))
    if not args.write:
        print(text)
        return 0
    doc = Path(args.write)
    content = doc.read_text(encoding="utf-8")
    if BEGIN not in content or END not in content:
        print(f"{doc} has no {BEGIN} … {END} markers", file=sys.stderr)
        return 2
    head, rest = content.split(BEGIN, 1)
    doc.write_text(head + BEGIN + "\n" + text + "\n" + END + rest.split(END, 1)[1], encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
