"""Batch columns straight from facts dicts: the fast path of `rate --all`, no WharfFacts objects in between.

`from_fact_dicts(dicts, ruleset)` builds the same `BatchInput` as `BatchInput.from_facts([parse_facts(d) ...])`,
checking each value as it is copied into its column. It never reports problems itself: on the first thing
parse_facts could reject (an unknown key, a bad date, a level out of range, an event after as_of ...) it returns
None, and the caller takes the validating path, which names every problem by its JSON path. So for any input the
fast path either declines or gives exactly the columns of the slow one (tests/domain/test_batch_dicts.py checks
this with hypothesis, on valid and on broken facts).

Why it is faster: no per-field helper calls or JSON-path strings, no event objects, and each distinct date string
is parsed once per batch (a registry's events share few dates).
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .batch import _BOOL_FIELDS, _FLOAT_FIELDS, _INT_FIELDS, _STR_FIELDS, NO_DAY, BatchInput, EventColumns
from ..event_kinds import (ACCIDENT_SEVERITIES, COMMENDATION_LEVELS, EVENT_FIELDS, EVENT_KINDS, EVENT_STATUSES,
    HIDDEN_DANGER_SEVERITIES, PENALTY_CATEGORIES, PENALTY_MEASURES)
from .facts import COMPANY_KEYS, EVENT_COMMON, TOP_KEYS, WHARF_KEYS
from ..rules.model import WHARF_TYPES, RuleSet


class _Decline(Exception):
    """Something the validating path has to look at."""


_TOP, _WHARF, _COMPANY = frozenset(TOP_KEYS), frozenset(WHARF_KEYS), frozenset(COMPANY_KEYS)
_EVENT_KEYS = {k: frozenset(EVENT_COMMON + EVENT_FIELDS[k]) for k in EVENT_KINDS}
_KIND_INDEX = {k: i for i, k in enumerate(EVENT_KINDS)}
_WHARF_TYPES = frozenset(WHARF_TYPES)
_EV_FIELDS = ("row", "kind", "day", "deadline", "rectified_on", *_STR_FIELDS, *_INT_FIELDS, *_FLOAT_FIELDS,
              *_BOOL_FIELDS)


class _Dates:
    """Strict YYYY-MM-DD parsing (as parse_facts does it), each distinct string once."""

    def __init__(self) -> None:
        self.seen: dict[str, dt.date] = {}

    def __call__(self, v: Any) -> dt.date:
        if type(v) is str:
            d = self.seen.get(v)
            if d is None:
                if len(v) != 10:
                    raise _Decline
                d = self.seen[v] = dt.date.fromisoformat(v)  # ValueError declines
            return d
        if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
            return v
        raise _Decline

    def optional(self, v: Any) -> int:
        return NO_DAY if v is None else self(v).toordinal()


def _int(v: Any, lo: int = 0, hi: int | None = None) -> int:
    """An optional integer field (None -> 0, what the slow path's `or 0` makes of it)."""
    if v is None:
        return 0
    if type(v) is not int or v < lo or (hi is not None and v > hi):
        raise _Decline
    return v


def _num(v: Any) -> float:
    if v is None:
        return 0.0
    if type(v) not in (int, float) or not math.isfinite(v) or v < 0:
        raise _Decline
    return float(v)


def _flag(v: Any) -> bool | None:
    if v is None or type(v) is bool:
        return v
    raise _Decline


def _choice(v: Any, allowed: tuple[str, ...], required: bool = False) -> str | None:
    if v is None:
        if required:
            raise _Decline
        return None
    if type(v) is not str or v not in allowed:
        raise _Decline
    return v


def _text(e: dict[str, Any], key: str) -> None:
    if key in e and type(e[key]) is not str:  # present means a string (null too is refused)
        raise _Decline


def from_fact_dicts(items: Sequence[Mapping[str, Any]], ruleset: RuleSet) -> BatchInput | None:
    """The batch columns of `items` (facts dicts), or None if any of them needs the validating path."""
    try:
        return _build(items, ruleset)
    except (_Decline, ValueError, TypeError, AttributeError, KeyError):
        return None


def _indicator_plans(ruleset: RuleSet) -> dict[str, dict[str, tuple[int, str, float | None, float | None]]]:
    """wharf type -> indicator id -> (column, kind, min, max), columns in the rule set's order for the type."""
    return {wtype: {ind.id: (c, ind.kind, ind.value_min, ind.value_max) for c, ind in enumerate(inds)}
            for wtype, inds in ruleset.by_type.items()}


def _build(items: Sequence[Mapping[str, Any]], ruleset: RuleSet) -> BatchInput:
    n = len(items)
    day = _Dates()
    plans = _indicator_plans(ruleset)
    wharf_type: list[str] = []
    operating_since, year_built = [], []
    permit, safety_eval, dg_annex = [], [], []
    dishonesty, fraud, filings = [], [], []
    by_type: dict[str, tuple[list[int], list[list[float]]]] = {}
    ev: dict[str, list[Any]] = {k: [] for k in _EV_FIELDS}
    for i, facts in enumerate(items):
        if type(facts) is not dict or not facts.keys() <= _TOP:
            raise _Decline
        as_of = day(facts["as_of"])
        wharf = facts["wharf"]
        if type(wharf) is not dict or not wharf.keys() <= _WHARF:
            raise _Decline
        wtype = wharf["type"]
        if wtype not in _WHARF_TYPES:
            raise _Decline
        _int(wharf.get("berths"))
        _num(wharf.get("capacity_kt"))
        year = wharf.get("year_built")
        year_built.append(0 if year is None else _int(year, 1800, 2200))
        since = wharf.get("operating_since")
        if since is not None and day(since) > as_of:
            raise _Decline
        operating_since.append(day.optional(since))
        wharf_type.append(wtype)
        _company(facts.get("company"), day, permit, safety_eval, dg_annex, dishonesty, fraud, filings)
        rows, matrix = by_type.setdefault(wtype, ([], []))
        rows.append(i)
        matrix.append(_indicators(facts.get("indicators"), plans[wtype]))
        _events(facts.get("safety_events"), i, as_of, day, ev)
    indicators = {}
    for wtype, (rows, matrix) in by_type.items():
        ids = tuple(ind.id for ind in ruleset.by_type[wtype])
        m = np.asarray(matrix, dtype=np.float64).reshape(len(rows), len(ids))
        indicators[wtype] = (np.asarray(rows, dtype=np.int64), m, ids)
    return BatchInput(
        wharf_type=np.asarray(wharf_type, dtype=str) if n else np.asarray([], dtype=str),
        operating_since=np.asarray(operating_since, dtype=np.int64),
        year_built=np.asarray(year_built, dtype=np.int64),
        permit_valid_until=np.asarray(permit, dtype=np.int64),
        safety_evaluation_valid_until=np.asarray(safety_eval, dtype=np.int64),
        dg_annex_valid_until=np.asarray(dg_annex, dtype=np.int64),
        serious_dishonesty_list=np.asarray(dishonesty, dtype=bool),
        permit_fraud=np.asarray(fraud, dtype=bool),
        filings_complete=np.asarray(filings, dtype=bool),
        indicators=indicators, events=EventColumns.from_lists(ev))


def _company(company: Any, day: _Dates, permit: list[int], safety_eval: list[int], dg_annex: list[int],
             dishonesty: list[bool], fraud: list[bool], filings: list[bool]) -> None:
    if company is None:
        company = {}
    elif type(company) is not dict or not company.keys() <= _COMPANY:
        raise _Decline
    uscc = company.get("uscc", "")
    if type(uscc) is not str or len(uscc) > 18:
        raise _Decline
    permit.append(day.optional(company.get("permit_valid_until")))
    safety_eval.append(day.optional(company.get("safety_evaluation_valid_until")))
    dg_annex.append(day.optional(company.get("dg_annex_valid_until")))
    dishonesty.append(bool(_flag(company.get("serious_dishonesty_list"))))
    fraud.append(bool(_flag(company.get("permit_fraud"))))
    filings.append(_flag(company.get("filings_complete")) is not False)


def _indicators(values: Any, plan: dict[str, tuple[int, str, float | None, float | None]]) -> list[float]:
    row = [math.nan] * len(plan)
    if values is None:
        return row
    if type(values) is not dict:
        raise _Decline
    for ident, value in values.items():
        column, kind, lo, hi = plan[ident]  # KeyError (unknown, or not for this type) declines
        t = type(value)
        if kind == "level":
            if t is not int or not 0 <= value <= 5:
                raise _Decline
        elif kind == "bool":
            if t is not bool:
                raise _Decline
        elif t not in (int, float) or not math.isfinite(value) or (lo is not None and value < lo) or (
                hi is not None and value > hi):
            raise _Decline
        row[column] = float(value)
    return row


def _events(events: Any, i: int, as_of: dt.date, day: _Dates, ev: dict[str, list[Any]]) -> None:
    if events is None:
        return
    if type(events) is not list:
        raise _Decline
    for e in events:
        if type(e) is not dict:
            raise _Decline
        kind = e["kind"]
        if kind not in _KIND_INDEX or not e.keys() <= _EVENT_KEYS[kind]:
            raise _Decline
        date = day(e["date"])
        if date > as_of:
            raise _Decline
        _text(e, "id")
        _text(e, "note")
        status = _choice(e.get("status"), EVENT_STATUSES) or "active"
        severity = measure = category = level = ""
        deaths = injuries = findings = 0
        loss = amount = 0.0
        responsible, onsite = True, False
        deadline = rectified = NO_DAY
        if kind == "accident":
            severity = _choice(e.get("severity"), ACCIDENT_SEVERITIES, required=True)  # type: ignore[assignment]
            deaths, injuries, loss = _int(e.get("deaths")), _int(e.get("injuries")), _num(e.get("loss_cny"))
            responsible = _flag(e.get("responsible")) is not False
        elif kind == "hidden_danger":
            severity = _choice(e.get("severity"), HIDDEN_DANGER_SEVERITIES, required=True)  # type: ignore[assignment]
            deadline, rectified = day.optional(e.get("deadline")), day.optional(e.get("rectified_on"))
            d = date.toordinal()
            if (rectified != NO_DAY and (rectified < d or rectified > as_of.toordinal())) or (
                    deadline != NO_DAY and deadline < d):
                raise _Decline
        elif kind == "penalty":
            amount = _num(e.get("amount_cny"))
            measure = _choice(e.get("measure"), PENALTY_MEASURES) or ("fine" if amount > 0 else "warning")
            category = _choice(e.get("category"), PENALTY_CATEGORIES) or "operation"
        elif kind == "standardisation":
            raw = e.get("level")
            if type(raw) is not int or raw not in (1, 2, 3):
                raise _Decline
            level = str(raw)
        elif kind == "commendation":
            level = _choice(e.get("level"), COMMENDATION_LEVELS, required=True)  # type: ignore[assignment]
        elif kind == "inspection":
            onsite = bool(_flag(e.get("onsite")))
            findings = _int(e.get("findings"))
        ev["row"].append(i)
        ev["kind"].append(_KIND_INDEX[kind])
        ev["day"].append(date.toordinal())
        ev["deadline"].append(deadline)
        ev["rectified_on"].append(rectified)
        ev["severity"].append(severity)
        ev["measure"].append(measure)
        ev["category"].append(category)
        ev["level"].append(level)
        ev["status"].append(status)
        ev["deaths"].append(deaths)
        ev["injuries"].append(injuries)
        ev["findings"].append(findings)
        ev["loss_cny"].append(loss)
        ev["amount_cny"].append(amount)
        ev["responsible"].append(responsible)
        ev["onsite"].append(onsite)


__all__ = ["from_fact_dicts"]
