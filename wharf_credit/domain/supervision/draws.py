"""Random inspection draws (双随机): how many wharves of each grade a quarter's draw takes, reproducibly."""
from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from ..vocabulary import GRADE_CODES


@dataclass(frozen=True)
class DrawResult:
    period: str
    seed: str
    selected: dict[str, tuple[int, ...]]  # grade -> wharf ids drawn, ascending
    population: dict[str, int]  # grade -> wharves in the pool
    rates: dict[str, float]

    @property
    def wharf_ids(self) -> list[int]:
        return sorted(i for ids in self.selected.values() for i in ids)


def draw_inspections(rates: dict[str, float], wharves: Sequence[tuple[int, str | None]], period: str, seed: str,
                     unrated_grade: str) -> DrawResult:
    """Draw ceil(rate x n) wharves of each grade, reproducibly from (seed, period, grade).

    The pool of each grade is sorted by id, and the generator is seeded with the sha256 of "seed|period|grade", so the
    same inputs give the same list on any machine (published with the seed so anyone can repeat the draw)."""
    pools: dict[str, list[int]] = {g: [] for g in GRADE_CODES}
    for wharf_id, grade in wharves:
        pools[grade or unrated_grade].append(wharf_id)
    selected: dict[str, tuple[int, ...]] = {}
    for grade, ids in pools.items():
        ids.sort()
        k = min(len(ids), math.ceil(rates[grade] * len(ids) - 1e-9))
        digest = hashlib.sha256(f"{seed}|{period}|{grade}".encode()).digest()
        rng = random.Random(int.from_bytes(digest[:8], "big"))
        selected[grade] = tuple(sorted(rng.sample(ids, k)))
    return DrawResult(period, seed, selected, {g: len(p) for g, p in pools.items()}, dict(rates))


def period_of(day: dt.date) -> str:
    """The quarter `day` falls in: 2026-11-24 -> '2026Q4'."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    """'2026Q4' -> (2026-10-01, 2027-01-01); raises ValueError for anything else."""
    if len(text) != 6 or text[4] != "Q" or not text[:4].isdigit() or text[5] not in "1234":
        raise ValueError(f"expected a quarter like 2026Q4, got {text!r}")
    year, q = int(text[:4]), int(text[5])
    start = dt.date(year, 3 * q - 2, 1)
    end = dt.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
    return start, end
