"""Safety-record score: starts at 100, loses severity points x recency weight per event (就高: each event scores
only its highest-matching item), gains capped bonuses. Repaired and dismissed events count 0 but stay listed."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..calendar import months_before
from .events import SafetyEvent
from .facts import WharfFacts
from ..rules.model import RuleSet, SafetyItem

# Points (hundredths) x recency weight (percent) = units of 1/10,000 point; integer sums are exact.
UNITS_PER_POINT = 10_000
FULL = 100 * UNITS_PER_POINT


@dataclass(slots=True)
class EventScore:
    event: SafetyEvent
    item: SafetyItem | None
    band: int | None  # index of the recency band, None when older than every band
    weight_pct: int
    units: int  # signed: deductions negative, bonuses positive
    note: str  # why it counts 0 (repaired, dismissed, too old, no matching item), else ""


@dataclass(frozen=True)
class SafetyResult:
    score: float
    deduction_units: int
    bonus_units: int  # safety bonus after its cap
    total_bonus_units: int  # bonus added to the total score, after its cap
    events: tuple[EventScore, ...]


def band_cutoffs(ruleset: RuleSet, as_of: dt.date) -> tuple[dt.date, ...]:
    """An event falls in band i when its date is after cutoff i (and not after cutoff i-1)."""
    return tuple(months_before(as_of, b.months) for b in ruleset.safety.recency)


def band_of(day: dt.date, cutoffs: tuple[dt.date, ...]) -> int | None:
    for i, cut in enumerate(cutoffs):
        if day > cut:
            return i
    return None


def score_event(ev: SafetyEvent, ruleset: RuleSet, as_of: dt.date, cutoffs: tuple[dt.date, ...]) -> EventScore:
    rules = ruleset.safety
    band = band_of(ev.date, cutoffs)
    if not ev.counts:
        return EventScore(ev, None, band, 0, 0, ev.status)
    if band is None:
        return EventScore(ev, None, None, 0, 0, "too_old")
    b = rules.recency[band]
    deductions, bonuses = rules.items_by_kind.get(ev.kind, ((), ()))
    best: SafetyItem | None = None
    best_units = 0
    for item in deductions:
        if b.months <= item.window_months and ev.matches(item.match, as_of, rules.veto_accident):
            units = item.points_h * b.weight_pct
            if best is None or units > best_units:
                best, best_units = item, units
    if best is not None:
        return EventScore(ev, best, band, b.weight_pct, -best_units, "")
    for item in bonuses:
        if b.months <= item.window_months and ev.matches(item.match, as_of, rules.veto_accident):
            units = item.points_h * b.weight_pct
            if best is None or units > best_units:
                best, best_units = item, units
    if best is not None:
        return EventScore(ev, best, band, b.weight_pct, best_units, "")
    return EventScore(ev, None, band, b.weight_pct, 0, "no_item")


def score_safety(facts: WharfFacts, ruleset: RuleSet) -> SafetyResult:
    cutoffs = band_cutoffs(ruleset, facts.as_of)
    scored = tuple(score_event(ev, ruleset, facts.as_of, cutoffs) for ev in facts.safety_events)
    deduction = bonus_safety = bonus_total = 0
    for s in scored:
        if s.units < 0:
            deduction -= s.units
        elif s.units > 0 and s.item is not None:
            if s.item.target == "total":
                bonus_total += s.units
            else:
                bonus_safety += s.units
    caps = ruleset.safety.bonus_cap_h
    bonus_safety = min(bonus_safety, caps["safety"] * 100)
    bonus_total = min(bonus_total, caps["total"] * 100)
    units = min(max(FULL - deduction + bonus_safety, 0), FULL)
    return SafetyResult(units / UNITS_PER_POINT, deduction, bonus_safety, bonus_total, scored)
