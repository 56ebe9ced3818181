"""Hypothesis strategies for facts objects (plain dicts in the shape of the facts document, docs/architecture.md) under a given rule set."""
from __future__ import annotations

import datetime as dt
import random
from typing import Any

from hypothesis import strategies as st

from wharf_credit.domain import RuleSet
from wharf_credit.domain.rules.model import WHARF_TYPES, Indicator

from .builders import AS_OF

FAULT_KINDS = ("accident", "hidden_danger", "penalty", "obstruction", "pledge_broken")
ADVERSE_KINDS = FAULT_KINDS + ("inspection",)  # an inspection with 3+ findings costs points


def day_between(lo: dt.date, hi: dt.date) -> st.SearchStrategy[dt.date]:
    return st.integers(lo.toordinal(), hi.toordinal()).map(dt.date.fromordinal)


def indicator_value(ind: Indicator) -> st.SearchStrategy[Any]:
    if ind.kind == "level":
        return st.integers(0, 5)
    if ind.kind == "bool":
        return st.booleans()
    lo = ind.value_min if ind.value_min is not None else ind.breakpoints[0] - 10
    hi = ind.value_max if ind.value_max is not None else ind.breakpoints[-1] + 10
    exact = st.sampled_from([b for b in ind.breakpoints if lo <= b <= hi])  # the edges are where bugs live
    return st.one_of(exact, st.floats(lo, hi, allow_nan=False).map(lambda x: round(x, 2)))


def event(as_of: dt.date = AS_OF, kinds: tuple[str, ...] | None = None) -> st.SearchStrategy[dict[str, Any]]:
    start = as_of - dt.timedelta(days=4 * 365)

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        kind = draw(st.sampled_from(kinds or ADVERSE_KINDS + ("standardisation", "commendation")))
        day = draw(day_between(start, as_of))
        ev: dict[str, Any] = {"kind": kind, "date": day.isoformat()}
        if draw(st.integers(0, 9)) == 0:
            ev["status"] = draw(st.sampled_from(["repaired", "dismissed"]))
        if kind == "accident":
            ev.update(severity=draw(st.sampled_from(["general", "large", "major", "extraordinary"])),
                      deaths=draw(st.sampled_from([0, 0, 0, 1, 3])), injuries=draw(st.sampled_from([0, 2, 10])),
                      loss_cny=draw(st.sampled_from([0, 50_000, 10_000_000])), responsible=draw(st.booleans()))
        elif kind == "hidden_danger":
            ev["severity"] = draw(st.sampled_from(["general", "major"]))
            if draw(st.booleans()):
                ev["deadline"] = draw(day_between(day, day + dt.timedelta(days=120))).isoformat()
            if draw(st.booleans()):
                ev["rectified_on"] = draw(day_between(day, as_of)).isoformat()
        elif kind == "penalty":
            ev.update(measure=draw(st.sampled_from(["warning", "fine", "suspension", "revocation"])),
                      amount_cny=draw(st.sampled_from([0, 5000, 10000, 50000])),
                      category=draw(st.sampled_from(["pollution", "safety", "operation"])))
        elif kind == "standardisation":
            ev["level"] = draw(st.integers(1, 3))
        elif kind == "commendation":
            ev["level"] = draw(st.sampled_from(["county", "city", "province", "national"]))
        elif kind == "inspection":
            ev.update(onsite=draw(st.booleans()), findings=draw(st.integers(0, 5)))
        return ev

    return build()


def optional_day(lo: dt.date, hi: dt.date) -> st.SearchStrategy[str | None]:
    return st.one_of(st.none(), day_between(lo, hi).map(dt.date.isoformat))


@st.composite
def facts_dict(draw: st.DrawFn, ruleset: RuleSet, as_of: dt.date = AS_OF, max_events: int = 8,
               wharf_type: str | None = None) -> dict[str, Any]:
    """Any valid facts object: some indicators assessed, some not; any company state; up to max_events events."""
    wtype = wharf_type or draw(st.sampled_from(WHARF_TYPES))
    indicators = {}
    for ind in ruleset.by_type[wtype]:
        if draw(st.integers(0, 5)):  # about 1 in 6 left unassessed
            indicators[ind.id] = draw(indicator_value(ind))
    near = (as_of - dt.timedelta(days=400), as_of + dt.timedelta(days=800))
    return {
        "as_of": as_of.isoformat(),
        "wharf": {"type": wtype, "year_built": draw(st.one_of(st.none(), st.integers(1980, as_of.year))),
                  "operating_since": draw(optional_day(as_of - dt.timedelta(days=6000), as_of))},
        "company": {"permit_valid_until": draw(optional_day(*near)),
                    "safety_evaluation_valid_until": draw(optional_day(*near)),
                    "dg_annex_valid_until": draw(optional_day(*near)),
                    "serious_dishonesty_list": draw(st.integers(0, 20)) == 0,
                    "permit_fraud": draw(st.integers(0, 30)) == 0,
                    "filings_complete": draw(st.integers(0, 5)) > 0},
        "indicators": indicators,
        "safety_events": draw(st.lists(event(as_of), max_size=max_events)),
    }


def random_facts(rng: random.Random, ruleset: RuleSet, as_of: dt.date = AS_OF) -> dict[str, Any]:
    """A seeded random facts object (for large deterministic samples, where hypothesis would shrink needlessly)."""
    wtype = rng.choice(WHARF_TYPES)
    indicators: dict[str, Any] = {}
    for ind in ruleset.by_type[wtype]:
        if rng.random() < 0.15:
            continue
        if ind.kind == "level":
            indicators[ind.id] = rng.randint(0, 5)
        elif ind.kind == "bool":
            indicators[ind.id] = rng.random() < 0.6
        else:
            lo = ind.value_min if ind.value_min is not None else ind.breakpoints[0] - 10
            hi = ind.value_max if ind.value_max is not None else ind.breakpoints[-1] + 10
            indicators[ind.id] = rng.choice([*ind.breakpoints, round(rng.uniform(lo, hi), 2)])
            indicators[ind.id] = min(max(indicators[ind.id], lo), hi)

    def day(back_days: int) -> dt.date:
        return as_of - dt.timedelta(days=rng.randint(0, back_days))

    def maybe(d: dt.date) -> str | None:
        return None if rng.random() < 0.2 else d.isoformat()

    events = []
    for _ in range(rng.randint(0, 12)):
        kind = rng.choice(ADVERSE_KINDS + ("standardisation", "commendation"))
        d = day(1500)
        ev: dict[str, Any] = {"kind": kind, "date": d.isoformat()}
        if rng.random() < 0.1:
            ev["status"] = rng.choice(["repaired", "dismissed"])
        if kind == "accident":
            ev.update(severity=rng.choice(["general", "large", "major", "extraordinary"]),
                      deaths=rng.choice([0, 0, 0, 1]), injuries=rng.choice([0, 3, 12]),
                      loss_cny=rng.choice([0, 20000, 12_000_000]), responsible=rng.random() < 0.8)
        elif kind == "hidden_danger":
            ev["severity"] = rng.choice(["general", "major"])
            if rng.random() < 0.8:
                ev["deadline"] = (d + dt.timedelta(days=rng.randint(0, 90))).isoformat()
            if rng.random() < 0.6:
                ev["rectified_on"] = (d + dt.timedelta(days=rng.randint(0, (as_of - d).days))).isoformat()
        elif kind == "penalty":
            ev.update(measure=rng.choice(["warning", "fine", "fine", "suspension", "revocation"]),
                      amount_cny=rng.choice([0, 3000, 10000, 80000]),
                      category=rng.choice(["pollution", "safety", "operation"]))
        elif kind == "standardisation":
            ev["level"] = rng.randint(1, 3)
        elif kind == "commendation":
            ev["level"] = rng.choice(["county", "city", "province", "national"])
        elif kind == "inspection":
            ev.update(onsite=rng.random() < 0.7, findings=rng.randint(0, 5))
        events.append(ev)
    return {
        "as_of": as_of.isoformat(),
        "wharf": {"type": wtype, "year_built": rng.choice([None, rng.randint(1985, as_of.year)]),
                  "operating_since": maybe(day(6000))},
        "company": {"permit_valid_until": maybe(as_of + dt.timedelta(days=rng.randint(-300, 900))),
                    "safety_evaluation_valid_until": maybe(as_of + dt.timedelta(days=rng.randint(-300, 900))),
                    "dg_annex_valid_until": maybe(as_of + dt.timedelta(days=rng.randint(-300, 900))),
                    "serious_dishonesty_list": rng.random() < 0.03, "permit_fraud": rng.random() < 0.02,
                    "filings_complete": rng.random() < 0.85},
        "indicators": indicators,
        "safety_events": events,
    }
