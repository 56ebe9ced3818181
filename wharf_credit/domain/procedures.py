"""What a grade does in practice (分级分类监管): permit routes per application type, penalty discretion, random
inspection draws (双随机), publication and objection windows, credit repair. Pure functions over the rule set.

The tables live in measures.yaml (`application_types`, `violations`, `procedure`); nothing here hard-codes a grade's
consequence. Every advice object carries the texts and legal basis it came from, so a decision can cite them.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .calendar import months_before
from .events import SafetyEvent
from .vocabulary import GRADE_CODES, I18n, Route
from .yamlsrc import Loc


@dataclass(frozen=True)
class ApplicationType:
    id: str
    name: I18n
    routes: dict[str, str]  # grade -> route code
    src: Loc


@dataclass(frozen=True)
class Violation:
    id: str
    name: I18n
    category: str  # pollution | safety | operation (the penalty event's category)
    fine_min: int  # CNY
    fine_max: int
    exemptible: bool  # on the first-offence exemption list (首违不罚清单)
    basis: I18n
    src: Loc


@dataclass(frozen=True)
class Band:
    id: str
    low: float  # share of the fine range, 0-1
    high: float
    text: I18n


@dataclass(frozen=True)
class Circumstance:
    id: str
    shift: int  # bands up (+) or down (-)
    text: I18n
    excludes: tuple[str, ...] = ()  # circumstances that cannot hold together with this one (mutual)


class ContradictoryCircumstances(ValueError):
    """Two circumstances were given that exclude each other (a first offence that is also a repeated one)."""

    def __init__(self, first: Circumstance, second: Circumstance):
        super().__init__(f"circumstances {first.id!r} and {second.id!r} cannot both apply")
        self.first, self.second = first, second


@dataclass(frozen=True)
class RepairRule:
    kind: str
    categories: tuple[str, ...]  # penalties only: the categories this rule covers (empty = any)
    min_months: int
    needs_rectified: bool  # hidden dangers: rectified_on must be set
    needs_fulfilled: bool  # penalties: fine paid / decision carried out, checked by the reviewer
    src: Loc


@dataclass(frozen=True)
class Procedures:
    routes: dict[str, Route]  # route code -> text and basis
    applications: tuple[ApplicationType, ...]
    violations: tuple[Violation, ...]
    bands: tuple[Band, ...]  # lightest first; the first is the exemption band
    discretion: dict[str, tuple[str, bool]]  # measures' penalty_discretion code -> (base band, exemption allowed)
    circumstances: tuple[Circumstance, ...]
    exemption_requires: tuple[str, ...]  # circumstances that must all hold for 首违不罚
    objection_days: int  # calendar days after publication
    unrated_grade: str  # grade used to draw inspections for wharves never rated
    repair: tuple[RepairRule, ...]

    def application(self, ident: str) -> ApplicationType:
        for a in self.applications:
            if a.id == ident:
                return a
        raise KeyError(ident)

    def violation(self, ident: str) -> Violation:
        for v in self.violations:
            if v.id == ident:
                return v
        raise KeyError(ident)

    def band(self, ident: str) -> Band:
        for b in self.bands:
            if b.id == ident:
                return b
        raise KeyError(ident)


# -- permits ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PermitAdvice:
    application: ApplicationType
    grade: str
    route_code: str
    route: Route


def permit_advice(proc: Procedures, application_id: str, grade: str) -> PermitAdvice:
    """The route an application of this type takes for a company of this grade."""
    app = proc.application(application_id)
    code = app.routes[grade]
    return PermitAdvice(app, grade, code, proc.routes[code])


# -- penalties ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DiscretionAdvice:
    violation: Violation
    grade: str
    band: Band
    exempt: bool
    fine_low: int  # suggested range in CNY (0-0 when exempt)
    fine_high: int
    reasons: tuple[I18n, ...]


def discretion_advice(proc: Procedures, discretion_code: str, grade: str, violation_id: str,
                      circumstances: Iterable[str]) -> DiscretionAdvice:
    """Suggested discretion for a violation by a company of this grade under these circumstances.

    首违不罚 applies when the grade allows it, the violation is on the exemption list, every required circumstance
    holds and no aggravating one (positive shift) does. Otherwise the grade's base band moves by the circumstances'
    shifts, clamped to the non-exempt bands; the fine range is that band's share of the legal range."""
    v = proc.violation(violation_id)
    given = set(circumstances)
    known = {c.id: c for c in proc.circumstances}
    unknown = given - set(known)
    if unknown:
        raise KeyError(sorted(unknown)[0])
    for c in sorted(given):
        clash = next((other for other in known[c].excludes if other in given), None)
        if clash is not None:
            raise ContradictoryCircumstances(known[c], known[clash])
    base, exemption_allowed = proc.discretion[discretion_code]
    band_ids = [b.id for b in proc.bands]
    reasons: list[I18n] = [I18n(f"信用等级{grade}：基准裁量为「{proc.band(base).text.zh_CN}」",
                                f"Grade {grade}: base discretion is '{proc.band(base).text.en}'")]
    aggravating = [known[c] for c in sorted(given) if known[c].shift > 0]
    if (exemption_allowed and v.exemptible and set(proc.exemption_requires) <= given and not aggravating):
        band = proc.bands[0]
        reasons.append(I18n("符合首违不罚全部条件，且该违法行为列入首违不罚清单",
                            "All first-offence exemption conditions hold and the violation is on the exemption list"))
        return DiscretionAdvice(v, grade, band, True, 0, 0, tuple(reasons))
    if not exemption_allowed:
        reasons.append(I18n(f"信用等级{grade}不适用首违不罚", f"Grade {grade} excludes the first-offence exemption"))
    elif not v.exemptible:
        reasons.append(I18n("该违法行为不在首违不罚清单内", "The violation is not on the first-offence exemption list"))
    elif not set(proc.exemption_requires) <= given or aggravating:
        reasons.append(I18n("不满足首违不罚的全部条件", "Not every first-offence exemption condition holds"))
    idx = band_ids.index(base)
    for c in sorted(given):
        shift = known[c].shift
        if shift:
            idx += shift
            word = ("从重", "heavier") if shift > 0 else ("从轻", "lighter")
            reasons.append(I18n(f"{known[c].text.zh_CN}：{word[0]}{abs(shift)}档",
                                f"{known[c].text.en}: {abs(shift)} band(s) {word[1]}"))
    idx = min(max(idx, 1), len(band_ids) - 1)
    band = proc.bands[idx]
    span = v.fine_max - v.fine_min
    low = v.fine_min + math.floor(span * band.low)
    high = v.fine_min + math.ceil(span * band.high)
    return DiscretionAdvice(v, grade, band, False, low, high, tuple(reasons))


# -- random inspection draw (双随机) -------------------------------------------------------------------------------

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


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    """'2026Q4' -> (2026-10-01, 2027-01-01); raises ValueError for anything else."""
    if len(text) != 6 or text[4] != "Q" or not text[:4].isdigit() or text[5] not in "1234":
        raise ValueError(f"expected a quarter like 2026Q4, got {text!r}")
    year, q = int(text[:4]), int(text[5])
    start = dt.date(year, 3 * q - 2, 1)
    end = dt.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
    return start, end


# -- publication and objection -------------------------------------------------------------------------------------

def objection_deadline(proc: Procedures, published_on: dt.date) -> dt.date:
    """Last calendar day on which an objection may be filed."""
    return published_on + dt.timedelta(days=proc.objection_days)


def objection_open(proc: Procedures, published_on: dt.date, today: dt.date) -> bool:
    return published_on <= today <= objection_deadline(proc, published_on)


# -- credit repair (信用修复) --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RepairCheck:
    eligible: bool
    rule: RepairRule | None
    earliest: dt.date | None  # first day the minimum period is served
    reasons: tuple[I18n, ...]  # why not (empty when eligible)


def repair_rule(proc: Procedures, event: SafetyEvent) -> RepairRule | None:
    for rule in proc.repair:
        if rule.kind == event.kind and (not rule.categories or event.category in rule.categories):
            return rule
    return None


def repair_check(proc: Procedures, event: SafetyEvent, later_events: Iterable[SafetyEvent], today: dt.date,
                 fulfilled: bool) -> RepairCheck:
    """Whether an adverse event may be repaired today: its kind is repairable, the minimum period since the event is
    served, it was rectified (hidden dangers) or the decision fulfilled (penalties), and no event of the same kind
    (for penalties: of the same category) happened after it."""
    if event.status != "active":
        return RepairCheck(False, None, None, (I18n("该事件已修复或已撤销", "The event is already repaired or dismissed"),))
    rule = repair_rule(proc, event)
    if rule is None:
        return RepairCheck(False, None, None, (I18n("此类事件不可信用修复", "Events of this kind cannot be repaired"),))
    earliest = _months_after(event.date, rule.min_months)
    why: list[I18n] = []
    if today < earliest:
        why.append(I18n(f"最短公示期{rule.min_months}个月未满（{earliest.isoformat()}起可申请）",
                        f"The minimum period of {rule.min_months} months is not served (from {earliest.isoformat()})"))
    if rule.needs_rectified and event.rectified_on is None:
        why.append(I18n("隐患尚未整改完毕", "The hidden danger is not rectified"))
    if rule.needs_fulfilled and not fulfilled:
        why.append(I18n("处罚决定尚未履行完毕", "The penalty decision is not yet fulfilled"))
    repeats = [e for e in later_events if e.kind == event.kind and e.date > event.date and e.counts
               and (e.kind != "penalty" or e.category == event.category)]
    if repeats:
        why.append(I18n(f"此后再次发生同类事件（{repeats[0].date.isoformat()}）",
                        f"An event of the same kind happened again ({repeats[0].date.isoformat()})"))
    return RepairCheck(not why, rule, earliest, tuple(why))


def _months_after(day: dt.date, months: int) -> dt.date:
    return months_before(day, -months)


def company_grade(grades: Iterable[str]) -> str | None:
    """A company's grade is the grade of its worst-rated wharf (docs/architecture.md); None when no wharf is rated."""
    worst = None
    for g in grades:
        if worst is None or GRADE_CODES.index(g) > GRADE_CODES.index(worst):
            worst = g
    return worst
