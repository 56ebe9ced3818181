"""rate(facts, ruleset, as_of, calibrator=None) -> Rating: the whole engine for one wharf, with a full trace.

Order (ruleset.yaml `policy.order`): score -> calibrator -> grade -> downgrades -> caps. Caps (vetoes cap at D)
come last, so no bonus, calibrator or anything else can lift a vetoed or capped grade.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from collections.abc import Callable
from functools import cached_property, partial
from typing import Any, Protocol

from . import texts
from .derived import add_scores, derive_base
from .facts import WharfFacts
from .grading import RuleOutcome, apply_rules, evaluate_rules, round2, rule_inputs, total_score
from .green import GreenResult, score_green
from ..rules.model import GradeRule, Measures, RuleSet
from ..vocabulary import I18n
from .safety import UNITS_PER_POINT, SafetyResult, score_safety


@dataclass(frozen=True)
class FiredRule:
    id: str
    kind: str
    cap: str | None
    steps: int
    text: I18n
    src: str

    @classmethod
    def of(cls, r: GradeRule) -> FiredRule:
        return cls(r.id, r.kind, r.cap, r.steps, r.text, str(r.src))

    def as_dict(self, lang: str) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "kind": self.kind, "text": self.text.get(lang), "src": self.src}
        if self.cap:
            out["cap"] = self.cap
        if self.steps:
            out["steps"] = self.steps
        return out


@dataclass(frozen=True)
class Reason:
    id: str
    kind: str  # indicator | event | basic
    points_lost: float
    write: Callable[[], I18n] = field(repr=False, compare=False)  # the sentence is written when first read

    @cached_property
    def text(self) -> I18n:
        return self.write()

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "points_lost": self.points_lost, "text": self.text.get(lang)}


@dataclass(frozen=True)
class Fix:
    indicator: str
    from_level: int
    to_level: int
    points: float
    effort: int
    write: Callable[[], I18n] = field(repr=False, compare=False)

    @cached_property
    def text(self) -> I18n:
        return self.write()

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {"indicator": self.indicator, "from_level": self.from_level, "to_level": self.to_level,
                "points": self.points, "effort": self.effort, "text": self.text.get(lang)}


@dataclass(frozen=True)
class NextGrade:
    grade: str
    points_needed: float
    fixes: tuple[Fix, ...]
    blockers: tuple[FiredRule, ...]
    reachable_by_fixes: bool

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {"grade": self.grade, "points_needed": self.points_needed,
                "fixes": [f.as_dict(lang) for f in self.fixes],
                "blockers": [{**b.as_dict(lang), "text": texts.blocker_text(b.text).get(lang)} for b in self.blockers],
                "reachable_by_fixes": self.reachable_by_fixes}


@dataclass(frozen=True)
class CalibratorAdjustment:
    id: str
    p_model: float
    p_ref: float
    points: float  # already clipped to the rule set's bounds
    reason: I18n

    def stored(self) -> dict[str, Any]:
        """As a stored rating keeps it (its `calibrator` column): id, probabilities, points, the reason sentence."""
        return {"id": self.id, "probability": self.p_model, "reference_probability": self.p_ref,
                "adjustment": self.points, "reason": self.reason.as_dict()}

    def as_dict(self, lang: str) -> dict[str, Any]:
        """As the rating JSON gives it (docs/architecture.md): the stored fields, the reason in `lang`."""
        return {**self.stored(), "reason": self.reason.get(lang)}

    @classmethod
    def from_stored(cls, stored: dict[str, Any]) -> CalibratorAdjustment:
        reason = stored.get("reason") or {}
        return cls(str(stored["id"]), float(stored["probability"]), float(stored["reference_probability"]),
                   float(stored["adjustment"]), I18n(reason.get("zh_CN", ""), reason.get("en", "")))


class Calibrator(Protocol):
    id: str

    def adjust(self, score: float, components: dict[str, float], ruleset: RuleSet) -> CalibratorAdjustment: ...


@dataclass(frozen=True)
class ReplayedCalibrator:
    """The adjustment a stored rating was made with, as a Calibrator: rate() with it gives that rating again (a
    rating is a pure function of facts, rule set and applied shift, and an applied shift is already within every
    bound), so the rating's texts can be written without loading the model. `audit verify` loads the model."""

    adjustment: CalibratorAdjustment

    @property
    def id(self) -> str:
        return self.adjustment.id

    def adjust(self, score: float, components: dict[str, float], ruleset: RuleSet) -> CalibratorAdjustment:
        return self.adjustment


@dataclass(frozen=True)
class Rating:
    as_of: dt.date
    score: float
    grade: str
    base_grade: str  # the grade the score alone gives, before downgrades and caps
    components: dict[str, float]
    vetoes: tuple[FiredRule, ...]
    caps: tuple[FiredRule, ...]
    downgrades: tuple[FiredRule, ...]
    reasons: tuple[Reason, ...]
    next_grade: NextGrade | None
    measures: Measures
    ruleset: dict[str, str]
    calibrator: CalibratorAdjustment | None
    _work: _Working = field(repr=False, compare=False)

    @cached_property
    def trace(self) -> tuple[dict[str, Any], ...]:
        return write_trace(self._work)

    def to_dict(self, lang: str = "zh_CN") -> dict[str, Any]:
        """The rating document of docs/architecture.md; texts in `lang` (zh_CN or en)."""
        cal = None if self.calibrator is None else self.calibrator.as_dict(lang)
        return {
            "as_of": self.as_of.isoformat(), "score": self.score, "grade": self.grade,
            "base_grade": self.base_grade, "components": dict(self.components),
            "vetoes": [v.as_dict(lang) for v in self.vetoes], "caps": [c.as_dict(lang) for c in self.caps],
            "downgrades": [d.as_dict(lang) for d in self.downgrades],
            "reasons": [r.as_dict(lang) for r in self.reasons],
            "next_grade": self.next_grade.as_dict(lang) if self.next_grade else None,
            "measures": self.measures.as_dict(lang), "ruleset": dict(self.ruleset), "calibrator": cal,
            "trace": list(self.trace),
        }


@dataclass(slots=True)
class _Working:
    """The intermediate results of one rating: everything its trace is written from."""

    facts: WharfFacts
    ruleset: RuleSet
    green: GreenResult
    safety: SafetyResult
    derived: dict[str, Any]
    basic_fired: tuple[bool, ...]
    basic: float
    bonus: float
    rule_score: float  # before the calibrator
    score: float
    adjustment: CalibratorAdjustment | None
    base_code: str
    base_min: float
    outcomes: tuple[RuleOutcome, ...]
    grade: str


def rate(facts: WharfFacts, ruleset: RuleSet, as_of: dt.date | None = None,
         calibrator: Calibrator | None = None) -> Rating:
    """Rate one wharf. `as_of` (default: facts.as_of) fixes every time window; the result is a pure function of
    (facts, ruleset, as_of, calibrator). The trace is kept as the working values and written out on first use."""
    if as_of is not None and as_of != facts.as_of:
        facts = replace(facts, as_of=as_of)
    green = score_green(facts, ruleset)
    safety = score_safety(facts, ruleset)
    derived = derive_base(facts, ruleset)
    basic_units = 100 * 100
    basic_flags = []
    basic_fired = []
    for item in ruleset.basic:
        fired = bool(item.when.test(derived))
        basic_flags.append(fired)
        if fired:
            basic_units -= item.points_h
            basic_fired.append(item)
    basic = max(basic_units, 0) / 100
    bonus = safety.total_bonus_units / UNITS_PER_POINT
    score = rule_score = round2(total_score(ruleset, green.score, safety.score, basic, bonus))

    adjustment = None
    if calibrator is not None:
        rule_grade = ruleset.grade_for(score)
        adjustment, score = calibrate(calibrator, ruleset, score, green.score, safety.score, basic, rule_grade.code)
    base = ruleset.grade_for(score)
    base_idx = ruleset.grade_index[base.code]

    add_scores(derived, green, safety.score)
    outcomes = evaluate_rules(ruleset, derived)
    final_idx = apply_rules(ruleset, base_idx, outcomes)
    grade = ruleset.grades[final_idx].code

    fired = [FiredRule.of(o.rule) for o in outcomes if o.fired]
    components = {"green": round2(green.score), "safety": round2(safety.score), "basic": round2(basic)}
    work = _Working(facts, ruleset, green, safety, derived, tuple(basic_flags), basic, bonus, rule_score, score,
                    adjustment,
                    base.code, base.min_score, tuple(outcomes), grade)
    return Rating(
        as_of=facts.as_of, score=score, grade=grade, base_grade=base.code, components=components,
        vetoes=tuple(f for f in fired if f.kind == "veto"), caps=tuple(f for f in fired if f.kind == "cap"),
        downgrades=tuple(f for f in fired if f.kind == "downgrade"),
        reasons=_reasons(ruleset, green, safety, basic_fired),
        next_grade=_next_grade(ruleset, final_idx, score, green, outcomes),
        measures=ruleset.measures[grade], ruleset=ruleset.identity(), calibrator=adjustment, _work=work)


def write_trace(w: _Working) -> tuple[dict[str, Any], ...]:
    """Every step of a rating in order, each rule with its source file:line:col (docs/architecture.md)."""
    facts, ruleset, green, safety = w.facts, w.ruleset, w.green, w.safety
    trace: list[dict[str, Any]] = [{
        "step": "ruleset", "id": ruleset.id, "version": ruleset.version, "sha256": ruleset.sha256,
        "selected_by": f"as_of {facts.as_of.isoformat()} ∈ [{ruleset.effective_from.isoformat()},"
                       f"{ruleset.effective_to.isoformat() if ruleset.effective_to else '∞'})"}]
    for it in green.items:
        trace.append({"step": "indicator", "rule": it.indicator.id, "src": str(it.indicator.src), "value": it.value,
                      "level": it.level, "weight": it.weight_h / 100, "points": it.level * it.weight_h / 100,
                      "max": 5 * it.weight_h / 100})
    trace.append({"step": "component", "component": "green", "score": round2(green.score),
                  "mandatory_unmet": list(green.mandatory_unmet)})
    for es in safety.events:
        step: dict[str, Any] = {"step": "event", "event": es.event.label(), "kind": es.event.kind,
                                "date": es.event.date.isoformat(), "points": es.units / UNITS_PER_POINT}
        if es.item is not None:
            step.update(rule=es.item.id, src=str(es.item.src), recency_weight=es.weight_pct / 100)
        if es.note:
            step["counted"] = False
            step["why"] = es.note
        trace.append(step)
    trace.append({"step": "component", "component": "safety", "score": round2(safety.score),
                  "deductions": safety.deduction_units / UNITS_PER_POINT, "bonus": safety.bonus_units / UNITS_PER_POINT})
    for item, fired in zip(ruleset.basic, w.basic_fired, strict=True):
        trace.append({"step": "basic", "rule": item.id, "src": str(item.src), "fired": fired,
                      "inputs": {k: w.derived[k] for k in item.when.fact_names},
                      "points": -item.points_h / 100 if fired else 0.0})
    trace.append({"step": "component", "component": "basic", "score": round2(w.basic)})
    adj = w.adjustment
    trace.append({"step": "score", "weights": dict(ruleset.components), "bonus": w.bonus,
                  "score": w.rule_score})
    if adj is None:
        trace.append({"step": "calibrator", "id": None})
    else:
        trace.append({"step": "calibrator", "id": adj.id, "p_model": adj.p_model, "p_ref": adj.p_ref,
                      "adjustment": adj.points, "score": w.score})
    trace.append({"step": "grade", "score": w.score, "grade": w.base_code, "threshold": w.base_min})
    for o in w.outcomes:
        trace.append({"step": o.rule.kind, "rule": o.rule.id, "src": str(o.rule.src), "fired": o.fired,
                      "inputs": rule_inputs(o.rule, w.derived), **({"cap": o.rule.cap} if o.rule.cap else {"steps": o.rule.steps})})
    trace.append({"step": "final", "grade": w.grade})
    return tuple(trace)


def calibrate(calibrator: Calibrator, ruleset: RuleSet, score: float, green: float, safety: float, basic: float,
              rule_grade: str) -> tuple[CalibratorAdjustment, float]:
    """Apply the calibrator's shift to the rule score within the rule set's bounds (points and grade steps): the
    adjustment (its points the shift actually applied) and the adjusted score. The batch path calls this too."""
    pol = ruleset.policy
    adj = calibrator.adjust(score, {"green": green, "safety": safety, "basic": basic}, ruleset)
    points = min(max(adj.points, -pol.calibrator_max_points), pol.calibrator_max_points)
    new = round2(min(max(score + points, 0.0), 100.0))
    lo = max(ruleset.grade_index[rule_grade] - pol.calibrator_max_grade_steps, 0)
    hi = min(ruleset.grade_index[rule_grade] + pol.calibrator_max_grade_steps, len(ruleset.grades) - 1)
    idx = ruleset.grade_index[ruleset.grade_for(new).code]
    if idx < lo:  # would rise more than allowed: stop at the bottom of the allowed grade
        new = ruleset.grades[lo].min_score
    elif idx > hi:
        new = round2(ruleset.grades[hi - 1].min_score - 0.01)
    return replace(adj, points=round2(new - score)), new


def _reasons(ruleset: RuleSet, green: GreenResult, safety: SafetyResult, basic_fired: list) -> tuple[Reason, ...]:
    """The largest point losses, each with its sentence; sentences are written only for the ones kept."""
    cg, cs, cb = ruleset.components["green"], ruleset.components["safety"], ruleset.components["basic"]
    losses: list[tuple[float, str, str, Any]] = []
    if green.den:
        for it in green.gaps:
            if it.level < 5:
                lost = round2(cg * 100 * (5 - it.level) * it.weight_h / green.den)
                if lost > 0:
                    losses.append((-lost, it.indicator.id, "indicator", it))
    for es in safety.events:
        if es.units < 0 and es.item is not None:
            losses.append((-round2(cs * -es.units / UNITS_PER_POINT), es.event.label(), "event", es))
    for item in basic_fired:
        losses.append((-round2(cb * item.points_h / 100), item.id, "basic", item))
    losses.sort(key=lambda x: (x[0], x[1]))
    out = []
    for neg, ident, kind, src in losses[: ruleset.policy.reasons]:
        lost = -neg
        if kind == "indicator":
            write = partial(texts.indicator_loss, src.indicator.name, src.level, src.assessed, lost)
        elif kind == "event":
            write = partial(texts.event_loss, src.event.date.isoformat(), src.item.text, lost)
        else:
            write = partial(texts.basic_loss, src.text, lost)
        out.append(Reason(ident, kind, lost, write))
    return tuple(out)


def _next_grade(ruleset: RuleSet, final_idx: int, score: float, green: GreenResult,
                outcomes: list[RuleOutcome]) -> NextGrade | None:
    """The cheapest indicator upgrades (effort per point) that lift the score to the next grade's threshold."""
    if final_idx == 0:
        return None
    target = ruleset.grades[final_idx - 1]
    blockers = tuple(FiredRule.of(o.rule) for o in outcomes if o.fired and (
        o.rule.kind == "downgrade" or ruleset.grade_index[o.rule.cap or "AA"] >= final_idx))
    needed = round2(max(target.min_score - score, 0.0))
    cg = ruleset.components["green"]
    candidates = []
    for it in green.gaps:
        if it.level < 5 and green.den:
            per_level = cg * 100 * it.weight_h / green.den
            if per_level > 0:
                candidates.append((it.indicator.effort / per_level, it.indicator.id, it, per_level))
    candidates.sort(key=lambda c: (c[0], c[1]))
    fixes: list[Fix] = []
    remaining = needed
    for _, _, it, per_level in candidates:
        if remaining <= 0 or len(fixes) >= 5:
            break
        levels = min(5 - it.level, max(math.ceil(remaining / per_level - 1e-9), 1))
        gain = round2(levels * per_level)
        fixes.append(Fix(it.indicator.id, it.level, it.level + levels, gain, levels * it.indicator.effort,
                         partial(texts.fix_text, it.indicator.name, it.level, it.level + levels, gain)))
        remaining -= levels * per_level
    return NextGrade(target.code, needed, tuple(fixes), blockers, remaining <= 1e-9)
