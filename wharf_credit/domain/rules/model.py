"""The immutable rule-set model: what a loaded `rules/<version>/` folder becomes. See docs/rules.md."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .conditions import Condition
from ..vocabulary import I18n, Route
from .yaml_source import Loc

if TYPE_CHECKING:
    from .procedures import Procedures

WHARF_TYPES: tuple[str, ...] = (
    "bulk", "sand_gravel", "container", "general_cargo", "dangerous_goods", "passenger", "roro",
)
COMPONENTS: tuple[str, ...] = ("green", "safety", "basic")

# Points and weights are stored as integer hundredths so that every sum is exact and order-independent:
# the single-wharf path and the numpy batch path then agree to the last bit.
HUNDRED = 100


@dataclass(frozen=True)
class Category:
    id: str
    name: I18n


@dataclass(frozen=True)
class Indicator:
    id: str
    category: str
    name: I18n
    applies_to: tuple[str, ...]
    kind: str  # level | bool | number
    better: str  # higher | lower
    breakpoints: tuple[float, ...]  # number kind: 5 strictly increasing values
    weights_h: dict[str, int]  # wharf type -> weight in hundredths
    mandatory_for: tuple[str, ...]
    effort: int  # relative cost of raising one level, for the next-grade path
    unit: str
    value_min: float | None
    value_max: float | None
    basis: str
    guide: I18n | None
    src: Loc

    def level_of(self, value: Any) -> int:
        """Map a raw value to a level 0-5."""
        if self.kind == "level":
            return int(value)
        if self.kind == "bool":
            return 5 if value else 0
        bps = self.breakpoints
        if self.better == "lower":
            for i, bp in enumerate(bps):
                if value <= bp:
                    return 5 - i
            return 0
        for i in range(len(bps) - 1, -1, -1):
            if value >= bps[i]:
                return i + 1
        return 0

    def bounds(self) -> tuple[float | None, float | None]:
        if self.kind == "level":
            return 0, 5
        if self.kind == "bool":
            return 0, 1
        return self.value_min, self.value_max


@dataclass(frozen=True)
class Grade:
    code: str
    min_score: float
    name: I18n
    src: Loc


@dataclass(frozen=True)
class RecencyBand:
    months: int  # an event younger than this many months falls in this band
    weight_pct: int  # recency weight x 100


@dataclass(frozen=True)
class SafetyItem:
    """A deduction or bonus for one kind of safety event; `match` narrows which events it scores."""

    id: str
    kind: str
    match: dict[str, Any]
    points_h: int
    window_months: int
    target: str  # safety | total (bonuses only)
    text: I18n
    src: Loc


@dataclass(frozen=True)
class SafetyRules:
    recency: tuple[RecencyBand, ...]
    deductions: tuple[SafetyItem, ...]
    bonuses: tuple[SafetyItem, ...]
    bonus_cap_h: dict[str, int]  # target -> cap in hundredths
    veto_accident: dict[str, float]  # min_deaths, min_serious_injuries, min_loss_cny

    @cached_property
    def items_by_kind(self) -> dict[str, tuple[tuple[SafetyItem, ...], tuple[SafetyItem, ...]]]:
        """Event kind -> (its deductions, its bonuses), in file order."""
        kinds = {i.kind for i in self.deductions + self.bonuses}
        return {k: (tuple(i for i in self.deductions if i.kind == k), tuple(i for i in self.bonuses if i.kind == k))
                for k in kinds}


@dataclass(frozen=True)
class BasicItem:
    id: str
    when: Condition
    points_h: int
    text: I18n
    src: Loc


@dataclass(frozen=True)
class GradeRule:
    """A veto (cap at D), a cap at a grade, or a downgrade by steps."""

    id: str
    kind: str  # veto | cap | downgrade
    when: Condition
    cap: str | None
    steps: int
    text: I18n
    basis: str
    src: Loc


@dataclass(frozen=True)
class Measures:
    grade: str
    permit_route: Route
    inspection_rate: float
    inspection_window_months: tuple[int, int]
    routine_checks: I18n
    penalty_discretion: Route
    incentives: I18n
    src: Loc

    def as_dict(self, lang: str | None = None) -> dict[str, Any]:
        def t(x: I18n) -> Any:
            return x.get(lang) if lang else x.as_dict()

        def r(x: Route) -> dict[str, Any]:
            return {"code": x.code, "text": t(x.text), "basis": t(x.basis)}

        return {
            "grade": self.grade,
            "permit_route": r(self.permit_route),
            "inspection_rate": self.inspection_rate,
            "inspection_window_months": list(self.inspection_window_months),
            "routine_checks": t(self.routine_checks),
            "penalty_discretion": r(self.penalty_discretion),
            "incentives": t(self.incentives),
        }


@dataclass(frozen=True)
class Example:
    name: str
    as_of: dt.date
    facts: dict[str, Any]
    expect: dict[str, Any]
    src: Loc


@dataclass(frozen=True)
class OutcomeLabel:
    """What the optional calibrator learns to predict: a serious adverse outcome within `horizon_days` after a
    rating's as_of (`policy.calibrator.label` in ruleset.yaml; these defaults when it is absent).

    An event counts if it is not dismissed and its kind's criteria say so: an accident of one of
    `accident_severities` or with at least `accident_min_deaths` deaths, a hidden danger of one of
    `hidden_danger_severities`, a penalty of at least `penalty_min_amount_cny` or with one of `penalty_measures`.
    An empty tuple or None switches that criterion off. Events are in the facts JSON shape (a mapping)."""

    horizon_days: int = 365
    accident_severities: tuple[str, ...] = ("major", "extraordinary")
    accident_min_deaths: int | None = 1
    hidden_danger_severities: tuple[str, ...] = ("major",)
    penalty_min_amount_cny: float | None = 50_000.0
    penalty_measures: tuple[str, ...] = ("suspension", "revocation")

    def serious(self, event: Mapping[str, Any]) -> bool:
        """Whether one event (facts shape: kind, status, severity, deaths, amount_cny, measure) is a serious
        adverse outcome under this definition. Dismissed events never count; repaired ones still happened."""
        if event.get("status") == "dismissed":
            return False
        kind = event.get("kind")
        if kind == "accident":
            return (event.get("severity") in self.accident_severities
                    or (self.accident_min_deaths is not None
                        and (event.get("deaths") or 0) >= self.accident_min_deaths))
        if kind == "hidden_danger":
            return event.get("severity") in self.hidden_danger_severities
        if kind == "penalty":
            return ((self.penalty_min_amount_cny is not None
                     and (event.get("amount_cny") or 0) >= self.penalty_min_amount_cny)
                    or event.get("measure") in self.penalty_measures)
        return False

    def as_dict(self) -> dict[str, Any]:
        """The definition in the ruleset.yaml shape (only the criteria that are on), for model cards."""
        out: dict[str, Any] = {"horizon_days": self.horizon_days}
        acc: dict[str, Any] = {}
        if self.accident_severities:
            acc["severities"] = list(self.accident_severities)
        if self.accident_min_deaths is not None:
            acc["min_deaths"] = self.accident_min_deaths
        hd = {"severities": list(self.hidden_danger_severities)} if self.hidden_danger_severities else {}
        pen: dict[str, Any] = {}
        if self.penalty_min_amount_cny is not None:
            pen["min_amount_cny"] = self.penalty_min_amount_cny
        if self.penalty_measures:
            pen["measures"] = list(self.penalty_measures)
        for key, part in (("accident", acc), ("hidden_danger", hd), ("penalty", pen)):
            if part:
                out[key] = part
        return out

    def describe(self) -> str:
        """One English sentence, for the model card."""
        return self.description().en

    def description(self) -> I18n:
        """The definition as one sentence in each language, for the model card."""
        sev_zh = {"general": "一般", "large": "较大", "major": "重大", "extraordinary": "特别重大"}
        measure_zh = {"warning": "警告", "fine": "罚款", "suspension": "责令停业整顿", "revocation": "吊销许可证"}
        parts, parts_zh = [], []
        acc, acc_zh = [], []
        if self.accident_severities:
            acc.append(f"severity {' or '.join(self.accident_severities)}")
            acc_zh.append("等级为" + "或".join(sev_zh.get(s, s) for s in self.accident_severities))
        if self.accident_min_deaths is not None:
            acc.append(f"at least {self.accident_min_deaths} death{'s' if self.accident_min_deaths != 1 else ''}")
            acc_zh.append(f"死亡至少 {self.accident_min_deaths} 人")
        if acc:
            parts.append(f"an accident with {' or '.join(acc)}")
            parts_zh.append("或".join(acc_zh) + "的事故")
        if self.hidden_danger_severities:
            parts.append(f"a hidden danger of severity {' or '.join(self.hidden_danger_severities)}")
            parts_zh.append("或".join(sev_zh.get(s, s) for s in self.hidden_danger_severities) + "隐患")
        pen, pen_zh = [], []
        if self.penalty_min_amount_cny is not None:
            pen.append(f"of at least {self.penalty_min_amount_cny:,.0f} CNY")
            pen_zh.append(f"金额至少 {self.penalty_min_amount_cny:,.0f} 元")
        if self.penalty_measures:
            pen.append(f"with measure {' or '.join(self.penalty_measures)}")
            pen_zh.append("处罚种类为" + "或".join(measure_zh.get(m, m) for m in self.penalty_measures))
        if pen:
            parts.append(f"a penalty {' or '.join(pen)}")
            parts_zh.append("或".join(pen_zh) + "的行政处罚")
        events = "; ".join(parts) if parts else "no event kind (nothing counts)"
        events_zh = "；".join(parts_zh) if parts_zh else "无（任何事件都不计入）"
        days = self.horizon_days
        return I18n(f"评价日期后 {days} 天内发生严重不良事件：{events_zh}（已撤销的事件不计入）；"
                    f"仅对评价日期已满 {days} 天的评价结果标注",
                    f"a serious adverse outcome within {days} days after the rating's as_of: {events} "
                    f"(dismissed events never count); only ratings at least {days} days old are labelled")


@dataclass(frozen=True)
class Policy:
    calibrator_max_points: float
    calibrator_max_grade_steps: int
    reasons: int
    validity_months: int
    calibrator_label: OutcomeLabel = field(default_factory=OutcomeLabel)


@dataclass(frozen=True)
class RuleSet:
    id: str
    version: str
    effective_from: dt.date
    effective_to: dt.date | None
    supersedes: str | None
    components: dict[str, float]
    grades: tuple[Grade, ...]
    policy: Policy
    categories: tuple[Category, ...]
    indicators: tuple[Indicator, ...]
    mandatory_min_level: int
    safety: SafetyRules
    basic: tuple[BasicItem, ...]
    rules: tuple[GradeRule, ...]
    measures: dict[str, Measures]
    procedures: Procedures
    examples: tuple[Example, ...]
    sha256: str
    folder: str
    files: tuple[str, ...] = field(default=())
    # Set by the rule book when a later version supersedes this open-ended one (effective_to stays as written, so
    # the content, the sha256 and every trace written from it are the same with or without the successor).
    ended_by: dt.date | None = None

    @property
    def ends_on(self) -> dt.date | None:
        """The first day this version no longer applies: its own effective_to, else its successor's start."""
        return self.effective_to or self.ended_by

    @cached_property
    def indicator_by_id(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.indicators}

    @cached_property
    def by_type(self) -> dict[str, tuple[Indicator, ...]]:
        """Indicators that apply to each wharf type, in file order."""
        return {t: tuple(i for i in self.indicators if t in i.applies_to) for t in WHARF_TYPES}

    @cached_property
    def indicator_ids_by_type(self) -> dict[str, frozenset[str]]:
        return {t: frozenset(i.id for i in inds) for t, inds in self.by_type.items()}

    @cached_property
    def scoring_plan(self) -> dict[str, tuple[tuple[Indicator, int, bool], ...]]:
        """Per wharf type: (indicator, weight in hundredths, mandatory?) — the rule set compiled for one rating."""
        return {t: tuple((i, i.weights_h[t], t in i.mandatory_for) for i in inds) for t, inds in self.by_type.items()}

    @cached_property
    def grade_index(self) -> dict[str, int]:
        return {g.code: i for i, g in enumerate(self.grades)}

    @property
    def major(self) -> str:
        return self.version.split(".")[0]

    def effective_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.ends_on is None or day < self.ends_on)

    def grade_for(self, score: float) -> Grade:
        for g in self.grades:
            if score >= g.min_score:
                return g
        return self.grades[-1]

    def identity(self) -> dict[str, str]:
        return {"id": self.id, "version": self.version, "sha256": self.sha256}
