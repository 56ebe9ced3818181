"""The rating input (docs/architecture.md): plain dict -> frozen dataclasses, with *every* problem reported by JSON path."""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from ..errors import FactsError, Problem
from ..event_kinds import (ACCIDENT_SEVERITIES, COMMENDATION_LEVELS, EVENT_FIELDS, EVENT_KINDS, EVENT_STATUSES,
    HIDDEN_DANGER_SEVERITIES, PENALTY_CATEGORIES, PENALTY_MEASURES)
from .events import SafetyEvent
from ..rules.model import WHARF_TYPES, RuleSet

IndicatorValue = int | float | bool


@dataclass(frozen=True)
class WharfInfo:
    type: str
    berths: int | None = None
    capacity_kt: float | None = None
    year_built: int | None = None
    operating_since: dt.date | None = None


@dataclass(frozen=True)
class CompanyInfo:
    uscc: str = ""
    permit_valid_until: dt.date | None = None
    safety_evaluation_valid_until: dt.date | None = None
    dg_annex_valid_until: dt.date | None = None
    serious_dishonesty_list: bool = False
    permit_fraud: bool = False
    filings_complete: bool = True


@dataclass(frozen=True)
class WharfFacts:
    as_of: dt.date
    wharf: WharfInfo
    company: CompanyInfo = field(default_factory=CompanyInfo)
    indicators: Mapping[str, IndicatorValue] = field(default_factory=lambda: MappingProxyType({}))
    safety_events: tuple[SafetyEvent, ...] = ()

    def with_indicator(self, ident: str, value: IndicatorValue) -> WharfFacts:
        return replace(self, indicators=MappingProxyType({**self.indicators, ident: value}))

    def with_event(self, event: SafetyEvent) -> WharfFacts:
        return replace(self, safety_events=self.safety_events + (event,))

    def as_dict(self) -> dict[str, Any]:
        """Back to the JSON shape; parse_facts(f.as_dict()) == f."""
        w, c = self.wharf, self.company
        wharf = {"type": w.type, "berths": w.berths, "capacity_kt": w.capacity_kt, "year_built": w.year_built,
                 "operating_since": _iso(w.operating_since)}
        company = {"uscc": c.uscc, "permit_valid_until": _iso(c.permit_valid_until),
                   "safety_evaluation_valid_until": _iso(c.safety_evaluation_valid_until),
                   "dg_annex_valid_until": _iso(c.dg_annex_valid_until),
                   "serious_dishonesty_list": c.serious_dishonesty_list, "permit_fraud": c.permit_fraud,
                   "filings_complete": c.filings_complete}
        return {
            "as_of": self.as_of.isoformat(),
            "wharf": {k: v for k, v in wharf.items() if v is not None},
            "company": {k: v for k, v in company.items() if v not in (None, "")},
            "indicators": dict(self.indicators),
            "safety_events": [e.as_dict() for e in self.safety_events],
        }


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def date(self, obj: Mapping[str, Any], key: str, path: str, required: bool = False) -> dt.date | None:
        v = obj.get(key)
        if v is None:
            if required:
                self.add(path, "required (a date YYYY-MM-DD)")
            return None
        if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
            return v
        if isinstance(v, str):
            try:
                return dt.date.fromisoformat(v) if len(v) == 10 else _bad_date()
            except ValueError:
                pass
        self.add(path, f"expected a date YYYY-MM-DD, got {_show(v)}")
        return None

    def int(self, obj: Mapping[str, Any], key: str, path: str, lo: int = 0, hi: int | None = None) -> int | None:
        v = obj.get(key)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, int):
            self.add(path, f"expected an integer, got {_show(v)}")
            return None
        if v < lo or (hi is not None and v > hi):
            self.add(path, f"expected an integer {lo}-{hi if hi is not None else '…'}, got {v}")
            return None
        return v

    def num(self, obj: Mapping[str, Any], key: str, path: str, lo: float = 0) -> float | None:
        v = obj.get(key)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            self.add(path, f"expected a number, got {_show(v)}")
            return None
        if v < lo:
            self.add(path, f"expected a number >= {lo:g}, got {v}")
            return None
        return float(v)

    def bool(self, obj: Mapping[str, Any], key: str, path: str) -> bool | None:
        v = obj.get(key)
        if v is None:
            return None
        if not isinstance(v, bool):
            self.add(path, f"expected true or false, got {_show(v)}")
            return None
        return v

    def choice(self, obj: Mapping[str, Any], key: str, path: str, allowed: tuple[str, ...],
               required: bool = False) -> str | None:
        v = obj.get(key)
        if v is None:
            if required:
                self.add(path, f"required (one of {', '.join(allowed)})")
            return None
        if not isinstance(v, str) or v not in allowed:
            self.add(path, f"unknown value {_show(v)} (allowed: {', '.join(allowed)})")
            return None
        return v

    def unknown_keys(self, obj: Mapping[str, Any], allowed: tuple[str, ...], path: str) -> None:
        for key in obj:
            if key not in allowed:
                self.add(f"{path}.{key}" if path else str(key), "unknown field")


def _bad_date() -> dt.date:
    raise ValueError


def _show(v: Any) -> str:
    if isinstance(v, str):
        return repr(v)
    if v is None:
        return "null"
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, dict):
        return "an object"
    if isinstance(v, list):
        return "a list"
    return str(v)


WHARF_KEYS = ("type", "berths", "capacity_kt", "year_built", "operating_since", "name", "code")
COMPANY_KEYS = ("uscc", "permit_valid_until", "safety_evaluation_valid_until", "dg_annex_valid_until",
                "serious_dishonesty_list", "permit_fraud", "filings_complete", "name")
TOP_KEYS = ("as_of", "wharf", "company", "indicators", "safety_events")


def parse_facts(data: Any, ruleset: RuleSet, as_of: dt.date | None = None) -> WharfFacts:
    """Validate a facts dict against the rule set; raise FactsError listing every problem with its JSON path.

    `as_of` overrides the object's own `as_of`. Absent applicable indicators stay absent (they rate as level 0,
    "not assessed").
    """
    c = _Collector()
    if not isinstance(data, Mapping):
        raise FactsError([Problem("", f"facts must be a JSON object, got {_show(data)}")])
    c.unknown_keys(data, TOP_KEYS, "")
    day = as_of or c.date(data, "as_of", "as_of", required=True)
    wharf_raw = data.get("wharf")
    if not isinstance(wharf_raw, Mapping):
        c.add("wharf", "required (an object with at least 'type')")
        wharf_raw = {}
    c.unknown_keys(wharf_raw, WHARF_KEYS, "wharf")
    wtype = c.choice(wharf_raw, "type", "wharf.type", WHARF_TYPES, required=True)
    wharf = WharfInfo(
        type=wtype or "",
        berths=c.int(wharf_raw, "berths", "wharf.berths"),
        capacity_kt=c.num(wharf_raw, "capacity_kt", "wharf.capacity_kt"),
        year_built=c.int(wharf_raw, "year_built", "wharf.year_built", lo=1800, hi=2200),
        operating_since=c.date(wharf_raw, "operating_since", "wharf.operating_since"),
    )
    if day and wharf.operating_since and wharf.operating_since > day:
        c.add("wharf.operating_since", f"{wharf.operating_since} is after as_of {day}")
    company = _company(c, data.get("company"))
    indicators = _indicators(c, data.get("indicators"), ruleset, wtype)
    events = _events(c, data.get("safety_events"), day)
    if c.problems:
        raise FactsError(c.problems)
    assert day is not None
    return WharfFacts(day, wharf, company, MappingProxyType(indicators), tuple(events))


def _company(c: _Collector, raw: Any) -> CompanyInfo:
    if raw is None:
        return CompanyInfo()
    if not isinstance(raw, Mapping):
        c.add("company", f"expected an object, got {_show(raw)}")
        return CompanyInfo()
    c.unknown_keys(raw, COMPANY_KEYS, "company")
    uscc = raw.get("uscc", "")
    if not isinstance(uscc, str) or len(uscc) > 18:
        c.add("company.uscc", "expected the 18-character unified social credit code")
        uscc = ""
    flags = {k: c.bool(raw, k, f"company.{k}") for k in ("serious_dishonesty_list", "permit_fraud", "filings_complete")}
    return CompanyInfo(
        uscc=uscc,
        permit_valid_until=c.date(raw, "permit_valid_until", "company.permit_valid_until"),
        safety_evaluation_valid_until=c.date(raw, "safety_evaluation_valid_until",
                                             "company.safety_evaluation_valid_until"),
        dg_annex_valid_until=c.date(raw, "dg_annex_valid_until", "company.dg_annex_valid_until"),
        serious_dishonesty_list=bool(flags["serious_dishonesty_list"]),
        permit_fraud=bool(flags["permit_fraud"]),
        filings_complete=flags["filings_complete"] is not False,
    )


def _indicators(c: _Collector, raw: Any, ruleset: RuleSet, wtype: str | None) -> dict[str, IndicatorValue]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        c.add("indicators", f"expected an object of indicator id -> value, got {_show(raw)}")
        return {}
    out: dict[str, IndicatorValue] = {}
    for ident, value in raw.items():
        path = f"indicators.{ident}"
        ind = ruleset.indicator_by_id.get(ident)
        if ind is None:
            c.add(path, f"unknown indicator (rule set {ruleset.version})")
            continue
        if wtype and wtype not in ind.applies_to:
            c.add(path, f"does not apply to wharf type {wtype}")
            continue
        if ind.kind == "level":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5:
                c.add(path, f"expected level 0-5, got {_show(value)}")
                continue
        elif ind.kind == "bool":
            if not isinstance(value, bool):
                c.add(path, f"expected true or false, got {_show(value)}")
                continue
        else:
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                c.add(path, f"expected a number{f' in {ind.unit}' if ind.unit else ''}, got {_show(value)}")
                continue
            lo, hi = ind.value_min, ind.value_max
            if (lo is not None and value < lo) or (hi is not None and value > hi):
                c.add(path, f"expected a number {lo if lo is not None else '…'}-{hi if hi is not None else '…'},"
                            f" got {value}")
                continue
            value = float(value)
        out[ident] = value
    return out


EVENT_COMMON = ("kind", "date", "id", "status", "note")


def _events(c: _Collector, raw: Any, as_of: dt.date | None) -> list[SafetyEvent]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        c.add("safety_events", f"expected a list, got {_show(raw)}")
        return []
    out = []
    for i, ev in enumerate(raw):
        path = f"safety_events[{i}]"
        if not isinstance(ev, dict | Mapping):  # dict first: the common case skips the ABC check
            c.add(path, f"expected an object, got {_show(ev)}")
            continue
        before = len(c.problems)
        kind = c.choice(ev, "kind", f"{path}.kind", EVENT_KINDS, required=True)
        day = c.date(ev, "date", f"{path}.date", required=True)
        if day and as_of and day > as_of:
            c.add(f"{path}.date", f"{day} is after as_of {as_of} (events cannot be in the future)")
        if kind is None:
            continue
        c.unknown_keys(ev, EVENT_COMMON + EVENT_FIELDS[kind], path)
        fields: dict[str, Any] = {}
        ident = ev.get("id", "")
        if not isinstance(ident, str):
            c.add(f"{path}.id", "expected a string")
        status = c.choice(ev, "status", f"{path}.status", EVENT_STATUSES) or "active"
        note = ev.get("note", "")
        if not isinstance(note, str):
            c.add(f"{path}.note", "expected a string")
            note = ""
        p = f"{path}."
        if kind == "accident":
            fields["severity"] = c.choice(ev, "severity", p + "severity", ACCIDENT_SEVERITIES, required=True)
            fields["deaths"] = c.int(ev, "deaths", p + "deaths") or 0
            fields["injuries"] = c.int(ev, "injuries", p + "injuries") or 0
            fields["loss_cny"] = c.num(ev, "loss_cny", p + "loss_cny") or 0.0
            resp = c.bool(ev, "responsible", p + "responsible")
            fields["responsible"] = resp is not False
        elif kind == "hidden_danger":
            fields["severity"] = c.choice(ev, "severity", p + "severity", HIDDEN_DANGER_SEVERITIES, required=True)
            fields["deadline"] = c.date(ev, "deadline", p + "deadline")
            fields["rectified_on"] = c.date(ev, "rectified_on", p + "rectified_on")
            if fields["rectified_on"] and day and fields["rectified_on"] < day:
                c.add(p + "rectified_on", f"{fields['rectified_on']} is before the event date {day}")
            if fields["rectified_on"] and as_of and fields["rectified_on"] > as_of:
                c.add(p + "rectified_on", f"{fields['rectified_on']} is after as_of {as_of}")
            if fields["deadline"] and day and fields["deadline"] < day:
                c.add(p + "deadline", f"{fields['deadline']} is before the event date {day}")
        elif kind == "penalty":
            amount = c.num(ev, "amount_cny", p + "amount_cny") or 0.0
            measure = c.choice(ev, "measure", p + "measure", PENALTY_MEASURES)
            fields["amount_cny"] = amount
            fields["measure"] = measure or ("fine" if amount > 0 else "warning")
            fields["category"] = c.choice(ev, "category", p + "category", PENALTY_CATEGORIES) or "operation"
        elif kind == "standardisation":
            level = ev.get("level")
            if type(level) is not int or level not in (1, 2, 3):  # 1.0 is not a level
                c.add(p + "level", f"expected 1, 2 or 3, got {_show(level)}")
            fields["level"] = str(level)
        elif kind == "commendation":
            fields["level"] = c.choice(ev, "level", p + "level", COMMENDATION_LEVELS, required=True)
        elif kind == "inspection":
            onsite = c.bool(ev, "onsite", p + "onsite")
            fields["onsite"] = bool(onsite)
            fields["findings"] = c.int(ev, "findings", p + "findings") or 0
        if len(c.problems) == before and day is not None:
            out.append(SafetyEvent(kind=kind, date=day, id=ident if isinstance(ident, str) else "", status=status,
                                   note=note, **fields))
    return out
