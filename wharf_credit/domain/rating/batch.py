"""The vectorised rating path: many wharves, one rule set, one as_of — the same numbers as rate(), exactly.

Input is columnar (`BatchInput`): one row per wharf, indicator raw values per wharf type as float matrices (NaN =
not assessed), and every safety event of every wharf flattened into `EventColumns` with the row it belongs to.
`BatchInput.from_facts` builds it from parsed `WharfFacts`; a database reader can fill the columns directly.

Exactness: every step repeats the scalar path's operations in the same order on IEEE doubles or int64 — integer
hundredths for weights and points, one division for each component, the same round-half-up — so scores, grades,
components and fired rules equal `rate()` bit for bit (tests/domain/test_batch.py checks this with hypothesis).
Reasons, next-grade paths and traces are per-wharf texts: `rate()` writes them when a rating is shown.

An optional calibrator is applied exactly as rate() applies it: the same `rating.calibrate` on the same rule score
and components, row by row (a Python call per wharf — the model's own prediction is per row in rate() too, and
only a per-row call gives the same shift bit for bit), before the grade thresholds, downgrades and caps.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..calendar import months_before
from .derived import PENALTY_AT_LEAST_FINE
from ..event_kinds import (ACCIDENT_SEVERITIES, COMMENDATION_LEVELS, EVENT_KINDS, EVENT_STATUSES,
    HIDDEN_DANGER_SEVERITIES, PENALTY_CATEGORIES, PENALTY_MEASURES)
from .facts import WharfFacts
from ..rules.model import WHARF_TYPES, RuleSet, SafetyItem
from .engine import Calibrator, CalibratorAdjustment, calibrate
from .safety import FULL, UNITS_PER_POINT

NO_DAY = -1  # ordinal for "no date" (real ordinals are >= 1)
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()  # datetime64[D] counts days from here
_STR_FIELDS = ("severity", "measure", "category", "level", "status")  # stored as int codes (see code())
# Every string an event field can hold (validated by parse_facts), numbered; "" is 0.
_VOCABULARY = {v: i for i, v in enumerate(dict.fromkeys(
    ("", *ACCIDENT_SEVERITIES, *HIDDEN_DANGER_SEVERITIES, *PENALTY_MEASURES, *PENALTY_CATEGORIES, "1", "2", "3",
     *COMMENDATION_LEVELS, *EVENT_STATUSES)))}


def code(value: str) -> int:
    """The int code of an event field's string value."""
    return _VOCABULARY[value]


def codes(values: Any) -> list[int]:
    return [_VOCABULARY[v] for v in values]
_INT_FIELDS = ("deaths", "injuries", "findings")
_FLOAT_FIELDS = ("loss_cny", "amount_cny")
_BOOL_FIELDS = ("responsible", "onsite")


def _ordinal(day: dt.date | None) -> int:
    return NO_DAY if day is None else day.toordinal()


@dataclass
class EventColumns:
    """All safety events of a batch, one array element per event, in each wharf's event order."""

    row: np.ndarray  # int64: the wharf row the event belongs to
    kind: np.ndarray  # int64: index into EVENT_KINDS
    day: np.ndarray  # int64 ordinals
    deadline: np.ndarray  # int64 ordinals, NO_DAY when none
    rectified_on: np.ndarray  # int64 ordinals, NO_DAY when none
    cols: dict[str, np.ndarray]  # the other fields by SafetyEvent attribute name

    @classmethod
    def empty(cls) -> EventColumns:
        return cls.from_lists({})

    @classmethod
    def from_lists(cls, lists: dict[str, list[Any]]) -> EventColumns:
        def arr(name: str, dtype: Any) -> np.ndarray:
            return np.asarray(lists.get(name, []), dtype=dtype)

        cols = {n: np.asarray(codes(lists.get(n, [])), dtype=np.int64) for n in _STR_FIELDS}
        cols.update({n: arr(n, np.int64) for n in _INT_FIELDS})
        cols.update({n: arr(n, np.float64) for n in _FLOAT_FIELDS})
        cols.update({n: arr(n, bool) for n in _BOOL_FIELDS})
        return cls(arr("row", np.int64), arr("kind", np.int64), arr("day", np.int64), arr("deadline", np.int64),
                   arr("rectified_on", np.int64), cols)

    def __len__(self) -> int:
        return len(self.row)

    def take(self, idx: np.ndarray) -> EventColumns:
        """The events at positions idx."""
        return EventColumns(self.row[idx], self.kind[idx], self.day[idx], self.deadline[idx], self.rectified_on[idx],
                            {k: v[idx] for k, v in self.cols.items()})


@dataclass
class BatchInput:
    """Columnar facts of n wharves."""

    wharf_type: np.ndarray  # str, one of WHARF_TYPES
    operating_since: np.ndarray  # int64 ordinals, NO_DAY when unknown
    year_built: np.ndarray  # int64, 0 when unknown
    permit_valid_until: np.ndarray  # int64 ordinals, NO_DAY when unknown
    safety_evaluation_valid_until: np.ndarray
    dg_annex_valid_until: np.ndarray
    serious_dishonesty_list: np.ndarray  # bool
    permit_fraud: np.ndarray  # bool
    filings_complete: np.ndarray  # bool
    # wharf type -> (ids of the rows of that type, float matrix rows x indicator ids; NaN = not assessed)
    indicators: dict[str, tuple[np.ndarray, np.ndarray, tuple[str, ...]]]
    events: EventColumns = field(default_factory=EventColumns.empty)

    def __len__(self) -> int:
        return len(self.wharf_type)

    @classmethod
    def from_facts(cls, items: Sequence[WharfFacts], ruleset: RuleSet) -> BatchInput:
        """Columns from parsed facts (the input rate() takes); indicator columns in the rule set's order per type."""
        n = len(items)
        by_type: dict[str, list[int]] = {}
        for i, f in enumerate(items):
            by_type.setdefault(f.wharf.type, []).append(i)
        indicators = {}
        for wtype, rows in by_type.items():
            ids = tuple(ind.id for ind in ruleset.by_type[wtype])
            m = np.full((len(rows), len(ids)), np.nan)
            for r, i in enumerate(rows):
                values = items[i].indicators
                for c, ident in enumerate(ids):
                    v = values.get(ident)
                    if v is not None:
                        m[r, c] = float(v)
            indicators[wtype] = (np.asarray(rows, dtype=np.int64), m, ids)
        ev: dict[str, list[Any]] = {k: [] for k in ("row", "kind", "day", "deadline", "rectified_on",
                                                    *_STR_FIELDS, *_INT_FIELDS, *_FLOAT_FIELDS, *_BOOL_FIELDS)}
        kind_index = {k: i for i, k in enumerate(EVENT_KINDS)}
        for i, f in enumerate(items):
            for e in f.safety_events:
                ev["row"].append(i)
                ev["kind"].append(kind_index[e.kind])
                ev["day"].append(e.date.toordinal())
                ev["deadline"].append(_ordinal(e.deadline))
                ev["rectified_on"].append(_ordinal(e.rectified_on))
                for name in (*_STR_FIELDS, *_INT_FIELDS, *_FLOAT_FIELDS, *_BOOL_FIELDS):
                    ev[name].append(getattr(e, name))
        w = [f.wharf for f in items]
        c = [f.company for f in items]
        return cls(
            wharf_type=np.asarray([x.type for x in w], dtype=str) if n else np.asarray([], dtype=str),
            operating_since=np.asarray([_ordinal(x.operating_since) for x in w], dtype=np.int64),
            year_built=np.asarray([x.year_built or 0 for x in w], dtype=np.int64),
            permit_valid_until=np.asarray([_ordinal(x.permit_valid_until) for x in c], dtype=np.int64),
            safety_evaluation_valid_until=np.asarray([_ordinal(x.safety_evaluation_valid_until) for x in c],
                                                     dtype=np.int64),
            dg_annex_valid_until=np.asarray([_ordinal(x.dg_annex_valid_until) for x in c], dtype=np.int64),
            serious_dishonesty_list=np.asarray([x.serious_dishonesty_list for x in c], dtype=bool),
            permit_fraud=np.asarray([x.permit_fraud for x in c], dtype=bool),
            filings_complete=np.asarray([x.filings_complete for x in c], dtype=bool),
            indicators=indicators, events=EventColumns.from_lists(ev))


@dataclass
class BatchResult:
    """Per-row results; `grade`/`base_grade` are indices into ruleset.grades, `fired` is rows x ruleset.rules."""

    ruleset: RuleSet
    score: np.ndarray
    base_grade: np.ndarray
    grade: np.ndarray
    green: np.ndarray
    safety: np.ndarray
    basic: np.ndarray
    fired: np.ndarray
    # per row, the calibrator's applied adjustment (None for every row when rated without a calibrator)
    adjustments: tuple[CalibratorAdjustment, ...] | None = None

    def __len__(self) -> int:
        return len(self.score)

    def calibrator(self, i: int) -> dict[str, Any] | None:
        """Row i's calibrator outcome as stored with a rating (services.ratings.rating_row's shape), or None."""
        if self.adjustments is None:
            return None
        return self.adjustments[i].stored()

    def grade_codes(self) -> list[str]:
        codes = [g.code for g in self.ruleset.grades]
        return [codes[i] for i in self.grade]

    def rows(self) -> list[dict[str, Any]]:
        """Every row(i), built column-wise: rows that fired the same rules share one pattern's lists' contents."""
        codes = [g.code for g in self.ruleset.grades]
        rules = self.ruleset.rules
        patterns: dict[bytes, tuple[list[str], list[str], list[str]]] = {}
        for key in {f.tobytes() for f in self.fired}:
            fired = [r for r, f in zip(rules, np.frombuffer(key, dtype=bool), strict=True) if f]
            patterns[key] = ([r.id for r in fired if r.kind == "veto"], [r.id for r in fired if r.kind == "cap"],
                             [r.id for r in fired if r.kind == "downgrade"])
        out = []
        adjustments = self.adjustments or (None,) * len(self)
        for score, grade, base, green, safety, basic, fired, adj in zip(
                self.score.tolist(), self.grade.tolist(), self.base_grade.tolist(), self.green.tolist(),
                self.safety.tolist(), self.basic.tolist(), self.fired, adjustments, strict=True):
            vetoes, caps, downgrades = patterns[fired.tobytes()]
            out.append({"score": score, "grade": codes[grade], "base_grade": codes[base],
                        "components": {"green": green, "safety": safety, "basic": basic},
                        "vetoes": list(vetoes), "caps": list(caps), "downgrades": list(downgrades),
                        "calibrator": None if adj is None else adj.stored()})
        return out

    def row(self, i: int) -> dict[str, Any]:
        """Row i in the shape of the matching Rating fields (for comparison and storage)."""
        rules = self.ruleset.rules
        fired = [r for r, f in zip(rules, self.fired[i], strict=True) if f]
        codes = [g.code for g in self.ruleset.grades]
        return {"score": float(self.score[i]), "grade": codes[self.grade[i]], "base_grade": codes[self.base_grade[i]],
                "components": {"green": float(self.green[i]), "safety": float(self.safety[i]),
                               "basic": float(self.basic[i])},
                "vetoes": [r.id for r in fired if r.kind == "veto"], "caps": [r.id for r in fired if r.kind == "cap"],
                "downgrades": [r.id for r in fired if r.kind == "downgrade"], "calibrator": self.calibrator(i)}


def round2(x: np.ndarray) -> np.ndarray:
    return np.floor(x * 100 + 0.5) / 100


def rate_batch(inp: BatchInput, ruleset: RuleSet, as_of: dt.date,
               calibrator: Calibrator | None = None) -> BatchResult:
    """Rate every row of `inp` under `ruleset` on `as_of`, with `calibrator`'s bounded adjustment if one is given:
    row for row what rate(facts, ruleset, as_of, calibrator) gives."""
    n = len(inp)
    green_score, mandatory_unmet = _green(inp, ruleset, n)
    ded, bonus_safety, bonus_total = _safety_units(inp.events, ruleset, as_of, n)
    caps = ruleset.safety.bonus_cap_h
    bonus_safety = np.minimum(bonus_safety, caps["safety"] * 100)
    bonus_total = np.minimum(bonus_total, caps["total"] * 100)
    safety_score = np.minimum(np.maximum(FULL - ded + bonus_safety, 0), FULL) / UNITS_PER_POINT

    derived = _derived(inp, ruleset, as_of, n)
    basic_units = np.full(n, 100 * 100, dtype=np.int64)
    for item in ruleset.basic:
        basic_units -= np.where(_mask(item.when.evaluate(derived), n), item.points_h, 0)
    basic = np.maximum(basic_units, 0) / 100

    c = ruleset.components
    raw = c["green"] * green_score + c["safety"] * safety_score + c["basic"] * basic + bonus_total / UNITS_PER_POINT
    score = round2(np.minimum(np.maximum(raw, 0.0), 100.0))
    adjustments = None
    if calibrator is not None:
        score, adjustments = _calibrated(calibrator, ruleset, score, green_score, safety_score, basic)
    base = np.zeros(n, dtype=np.int64)
    for g in ruleset.grades[:-1]:  # thresholds best-first: count the grades whose minimum the score misses
        base += score < g.min_score
    base = np.minimum(base, len(ruleset.grades) - 1)

    derived["green.mandatory_unmet"] = mandatory_unmet
    derived["green.score"] = green_score
    derived["safety.score"] = safety_score
    fired = np.zeros((n, len(ruleset.rules)), dtype=bool)
    for j, rule in enumerate(ruleset.rules):
        fired[:, j] = _mask(rule.when.evaluate(derived), n)
    steps = np.zeros(n, dtype=np.int64)
    final = base.copy()
    for j, rule in enumerate(ruleset.rules):
        if rule.kind == "downgrade":
            steps += np.where(fired[:, j], rule.steps, 0)
    final = np.minimum(final + steps, len(ruleset.grades) - 1)
    for j, rule in enumerate(ruleset.rules):
        if rule.cap is not None:
            final = np.where(fired[:, j], np.maximum(final, ruleset.grade_index[rule.cap]), final)
    return BatchResult(ruleset, score, base, final, round2(green_score), round2(safety_score), round2(basic), fired,
                       adjustments)


def _calibrated(calibrator: Calibrator, ruleset: RuleSet, score: np.ndarray, green: np.ndarray, safety: np.ndarray,
                basic: np.ndarray) -> tuple[np.ndarray, tuple[CalibratorAdjustment, ...]]:
    """rate()'s calibrator step on every row: the same call on the same Python floats, so the same shift."""
    out = np.empty_like(score)
    adjustments = []
    for i, (s, g, sf, b) in enumerate(zip(score.tolist(), green.tolist(), safety.tolist(), basic.tolist(),
                                          strict=True)):
        adj, out[i] = calibrate(calibrator, ruleset, s, g, sf, b, ruleset.grade_for(s).code)
        adjustments.append(adj)
    return out, tuple(adjustments)


def _mask(result: Any, n: int) -> np.ndarray:
    return np.broadcast_to(np.asarray(result, dtype=bool), (n,))


def _green(inp: BatchInput, ruleset: RuleSet, n: int) -> tuple[np.ndarray, np.ndarray]:
    score = np.zeros(n)
    unmet = np.zeros(n, dtype=np.int64)
    for wtype, (rows, values, ids) in inp.indicators.items():
        plan = ruleset.scoring_plan[wtype]
        if tuple(ind.id for ind, _, _ in plan) != ids:
            raise ValueError(f"indicator columns for {wtype} do not follow the rule set's order")
        levels = np.zeros(values.shape, dtype=np.int64)
        for c, (ind, _, mandatory) in enumerate(plan):
            v = values[:, c]
            known = ~np.isnan(v)
            if ind.kind == "level":
                lv = np.where(known, v, 0).astype(np.int64)
            elif ind.kind == "bool":
                lv = np.where(known & (v != 0), 5, 0)
            else:
                bps = np.asarray(ind.breakpoints, dtype=np.float64)
                filled = np.where(known, v, 0.0)
                if ind.better == "lower":
                    lv = 5 - np.searchsorted(bps, filled, side="left")
                else:
                    lv = np.searchsorted(bps, filled, side="right")
                lv = np.where(known, lv, 0)
            levels[:, c] = lv
            if mandatory:
                unmet[rows] += lv < ruleset.mandatory_min_level
        weights = np.asarray([w for _, w, _ in plan], dtype=np.int64)
        den = int(5 * weights.sum())
        num = levels @ weights
        score[rows] = (100 * num) / den if den else 0.0
    return score, unmet


def _band(days: np.ndarray, ruleset: RuleSet, as_of: dt.date) -> np.ndarray:
    """Index of each event's recency band (first band whose cutoff it is after), -1 when older than all."""
    band = np.full(len(days), -1, dtype=np.int64)
    for i in range(len(ruleset.safety.recency) - 1, -1, -1):
        cut = months_before(as_of, ruleset.safety.recency[i].months).toordinal()
        band = np.where(days > cut, i, band)
    return band


def _at_veto_bar(ev: EventColumns, ruleset: RuleSet) -> np.ndarray:
    veto = ruleset.safety.veto_accident
    c = ev.cols
    return ((ev.kind == EVENT_KINDS.index("accident")) & c["responsible"]
            & ((c["deaths"] >= veto["min_deaths"]) | (c["injuries"] >= veto["min_serious_injuries"])
               | (c["loss_cny"] >= veto["min_loss_cny"])))


def _overdue(ev: EventColumns, as_of: dt.date) -> np.ndarray:
    has_deadline = ev.deadline != NO_DAY
    rectified = ev.rectified_on != NO_DAY
    late = np.where(rectified, ev.rectified_on > ev.deadline, as_of.toordinal() > ev.deadline)
    return (ev.kind == EVENT_KINDS.index("hidden_danger")) & has_deadline & late


def _matches(item: SafetyItem, ev: EventColumns, ruleset: RuleSet, as_of: dt.date) -> np.ndarray:
    c = ev.cols
    m = ev.kind == EVENT_KINDS.index(item.kind)
    for key, want in item.match.items():
        if key in ("severity", "measure", "category", "level"):
            m &= np.isin(c[key], codes(want))
        elif key == "veto_bar":
            m &= _at_veto_bar(ev, ruleset) == want
        elif key in ("responsible", "onsite"):
            m &= c[key] == want
        elif key == "overdue":
            m &= _overdue(ev, as_of) == want
        elif key == "min_amount_cny":
            m &= c["amount_cny"] >= want
        elif key == "min_findings":
            m &= c["findings"] >= want
        else:  # unreachable: match keys are validated when loading
            raise ValueError(key)
    return m


def _safety_units(ev: EventColumns, ruleset: RuleSet, as_of: dt.date, n: int
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: deduction units, safety-bonus units, total-bonus units (before caps). 就高 per event.

    Each kind's items are tried only on that kind's events, in file order, exactly as score_event does."""
    rules = ruleset.safety
    band = _band(ev.day, ruleset, as_of)
    counts = (ev.cols["status"] == code("active")) & (band >= 0)
    safe_band = np.maximum(band, 0)
    band_months = np.asarray([b.months for b in rules.recency], dtype=np.int64)[safe_band]
    band_weight = np.asarray([b.weight_pct for b in rules.recency], dtype=np.int64)[safe_band]
    ded_units = np.zeros(len(ev), dtype=np.int64)
    bonus_units = np.zeros(len(ev), dtype=np.int64)
    to_total = np.zeros(len(ev), dtype=bool)
    for kind, (deductions, bonuses) in rules.items_by_kind.items():
        idx = np.nonzero((ev.kind == EVENT_KINDS.index(kind)) & counts)[0]
        if not len(idx):
            continue
        sub = ev.take(idx)
        months, weight = band_months[idx], band_weight[idx]

        def best_of(items: tuple[SafetyItem, ...], eligible: np.ndarray, sub: EventColumns = sub,
                    months: np.ndarray = months, weight: np.ndarray = weight
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            found = np.zeros(len(sub), dtype=bool)
            best = np.zeros(len(sub), dtype=np.int64)
            target_total = np.zeros(len(sub), dtype=bool)
            for item in items:
                m = eligible & (months <= item.window_months) & _matches(item, sub, ruleset, as_of)
                units = item.points_h * weight
                take = m & (~found | (units > best))
                best = np.where(take, units, best)
                target_total = np.where(take, item.target == "total", target_total)
                found |= m
            return found, best, target_total

        matched, ded, _ = best_of(deductions, np.ones(len(sub), dtype=bool))
        got, bon, total = best_of(bonuses, ~matched)
        ded_units[idx] = np.where(matched, ded, 0)
        bonus_units[idx] = np.where(got, bon, 0)
        to_total[idx] = got & total
    return (_sum_by_row(ev.row, ded_units, n), _sum_by_row(ev.row, np.where(to_total, 0, bonus_units), n),
            _sum_by_row(ev.row, np.where(to_total, bonus_units, 0), n))


def _sum_by_row(rows: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    # float64 sums of integers below 2**53 are exact
    return np.bincount(rows, weights=values, minlength=n).astype(np.int64) if len(rows) else np.zeros(n, np.int64)


def _months_between(start: np.ndarray, as_of: dt.date) -> np.ndarray:
    """whole_months_between(start, as_of) for ordinals; 0 for NO_DAY."""
    known = start != NO_DAY
    dates = (np.where(known, start, as_of.toordinal()) - _EPOCH_ORDINAL).astype("datetime64[D]")
    month_start = dates.astype("datetime64[M]")
    y = month_start.astype("datetime64[Y]").astype(np.int64) + 1970
    m = month_start.astype(np.int64) % 12 + 1
    d = (dates - month_start.astype("datetime64[D]")).astype(np.int64) + 1
    months = (as_of.year - y) * 12 + as_of.month - m - (as_of.day < d)
    return np.where(known, np.maximum(months, 0), 0)


def _derived(inp: BatchInput, ruleset: RuleSet, as_of: dt.date, n: int) -> dict[str, Any]:
    """derived.derive_base for every row."""
    o = as_of.toordinal()
    c12 = months_before(as_of, 12).toordinal()
    c36 = months_before(as_of, 36).toordinal()
    ev = inp.events
    c = ev.cols
    kind = ev.kind
    active = c["status"] == code("active")
    recent = ev.day > c12
    k = {name: kind == EVENT_KINDS.index(name) for name in EVENT_KINDS}
    responsible_accident = active & k["accident"] & c["responsible"]
    veto_bar = _at_veto_bar(ev, ruleset)
    overdue = _overdue(ev, as_of)
    hd = active & k["hidden_danger"]
    pen = active & k["penalty"] & recent
    fine = pen & (c["measure"] == code("fine"))

    def count(mask: np.ndarray) -> np.ndarray:
        return np.bincount(ev.row[mask], minlength=n).astype(np.int64) if len(ev) else np.zeros(n, dtype=np.int64)

    # bincount adds in input (event) order, so the float sums equal the scalar path's running sums; with no fine at
    # all it returns integers, hence the cast (derive_base's sum is a float)
    amount = (np.bincount(ev.row[fine], weights=c["amount_cny"][fine], minlength=n).astype(np.float64) if len(ev)
              else np.zeros(n))
    permit = inp.permit_valid_until
    return {
        "wharf.type": inp.wharf_type,
        "wharf.months_operating": _months_between(inp.operating_since, as_of),
        "wharf.age_years": np.where(inp.year_built > 0, np.maximum(as_of.year - inp.year_built, 0), 0),
        "company.permit_valid": (permit != NO_DAY) & (permit >= o),
        "company.permit_expiring_90d": (permit != NO_DAY) & (o <= permit) & (permit < o + 90),
        "company.safety_evaluation_overdue": ((inp.safety_evaluation_valid_until != NO_DAY)
                                              & (inp.safety_evaluation_valid_until < o)),
        "company.dg_annex_expired": (inp.dg_annex_valid_until != NO_DAY) & (inp.dg_annex_valid_until < o),
        "company.serious_dishonesty_list": inp.serious_dishonesty_list,
        "company.permit_fraud": inp.permit_fraud,
        "company.filings_complete": inp.filings_complete,
        "safety.fatal_accidents_12m": count(responsible_accident & recent & (c["deaths"] >= 1)),
        "safety.veto_accidents_12m": count(responsible_accident & veto_bar & recent),
        "safety.veto_accidents_13_36m": count(responsible_accident & veto_bar & ~recent & (ev.day > c36)),
        "safety.responsible_accidents_12m": count(responsible_accident & recent),
        "hidden_danger.major_overdue": count(hd & overdue & (c["severity"] == code("major"))),
        "hidden_danger.overdue": count(hd & overdue),
        "hidden_danger.open": count(hd & (ev.rectified_on == NO_DAY)),
        "penalties.count_12m": count(pen & np.isin(c["measure"], codes(PENALTY_AT_LEAST_FINE))),
        "penalties.fines_12m": count(fine),
        "penalties.amount_12m": amount,
        "inspections.onsite_12m": count(active & k["inspection"] & recent & c["onsite"]),
        "conduct.obstruction_12m": count(active & k["obstruction"] & recent),
        "conduct.pledge_broken_12m": count(active & k["pledge_broken"] & recent),
    }


__all__ = ["BatchInput", "BatchResult", "EventColumns", "WHARF_TYPES", "rate_batch"]
