"""Schema of ruleset.yaml's `policy` block: the calibrator's bounds and outcome label, the number of reasons, the
validity period and the fixed order of steps. Problems name file:line:col (see schema.py)."""
from __future__ import annotations

from typing import Any

from ..event_kinds import EVENT_MATCH_KEYS
from .model import OutcomeLabel, Policy
from .yaml_source import Node


def parse_policy(node: Node | None) -> Policy | None:
    """ruleset.yaml `policy`: the calibrator's bounds and label, reasons, validity, the fixed order of steps."""
    defaults = Policy(3.0, 1, 4, 12)
    if node is None:
        return defaults
    if not node.mapping(optional=("calibrator", "reasons", "validity_months", "vetoes", "order"),
                        what="policy"):
        return None
    cal_max, cal_steps = defaults.calibrator_max_points, defaults.calibrator_max_grade_steps
    label = defaults.calibrator_label
    cal = node.get("calibrator")
    if cal is not None:
        if not cal.mapping(required=("max_points", "max_grade_steps"), optional=("label",), what="policy.calibrator"):
            return None
        cal_max = cal.get("max_points").num(lo=0, hi=10)  # type: ignore[union-attr,assignment]
        cal_steps = cal.get("max_grade_steps").int(lo=0, hi=1)  # type: ignore[union-attr,assignment]
        if cal.get("label") is not None:
            label = _label(cal.get("label"))  # type: ignore[arg-type]
            if label is None:
                return None
    reasons = node.get("reasons")
    validity = node.get("validity_months")
    order = node.get("order")
    if order is not None and order.plain() != ["score", "calibrator", "grade", "downgrades", "caps"]:
        order.error("policy.order is fixed at [score, calibrator, grade, downgrades, caps]: caps always come last,"
                    " so nothing can lift a veto")
        return None
    vetoes = node.get("vetoes")
    if vetoes is not None and vetoes.choice(("collect_worst",), what="veto policy") is None:
        return None
    p = Policy(
        cal_max,  # type: ignore[arg-type]
        cal_steps,  # type: ignore[arg-type]
        reasons.int(lo=1, hi=20) if reasons is not None else defaults.reasons,  # type: ignore[arg-type]
        validity.int(lo=1, hi=60) if validity is not None else defaults.validity_months,  # type: ignore[arg-type]
        label,
    )
    return None if None in (p.calibrator_max_points, p.calibrator_max_grade_steps, p.reasons,
                            p.validity_months) else p


LABEL_HORIZON_DAYS = (90, 730)  # a quarter (the drift period) to two years
LABEL_KINDS: dict[str, dict[str, Any]] = {
    # event kind -> criterion key -> allowed values (a tuple: a list of them) or "count" / "amount"
    "accident": {"severities": EVENT_MATCH_KEYS["accident"]["severity"], "min_deaths": "count"},
    "hidden_danger": {"severities": EVENT_MATCH_KEYS["hidden_danger"]["severity"]},
    "penalty": {"min_amount_cny": "amount", "measures": EVENT_MATCH_KEYS["penalty"]["measure"]},
}


def _label(node: Node) -> OutcomeLabel | None:
    """policy.calibrator.label: the horizon and, per event kind, what makes an event a serious adverse outcome.
    A kind left out never counts; within a kind, a criterion left out is off."""
    what = "policy.calibrator.label"
    if not node.mapping(required=("horizon_days",), optional=tuple(LABEL_KINDS), what=what):
        return None
    lo, hi = LABEL_HORIZON_DAYS
    horizon = node.get("horizon_days").int(lo=lo, hi=hi, what="a horizon in days")  # type: ignore[union-attr]
    if not any(node.get(k) is not None for k in LABEL_KINDS):
        node.error(f"{what} needs at least one of {', '.join(LABEL_KINDS)}: otherwise no event is ever an outcome")
        return None
    values: dict[str, Any] = {"accident_severities": (), "accident_min_deaths": None, "hidden_danger_severities": (),
                              "penalty_min_amount_cny": None, "penalty_measures": ()}
    ok = horizon is not None
    for kind, spec in LABEL_KINDS.items():
        sub = node.get(kind)
        if sub is None:
            continue
        if not sub.mapping(optional=tuple(spec), what=f"{what}.{kind}"):
            ok = False
            continue
        if not sub.value:
            sub.error(f"{what}.{kind} needs at least one criterion ({', '.join(spec)}); leave the kind out instead"
                      f" if no {kind} event should count")
            ok = False
            continue
        for key, allowed in spec.items():
            crit = sub.get(key)
            if crit is None:
                continue
            if allowed == "count":
                v: Any = crit.int(lo=1, hi=1000, what="a number of deaths")
            elif allowed == "amount":
                v = crit.num(lo=0, what="an amount in CNY")
            else:
                v = _choices(crit, allowed, f"{kind} {'severity' if key == 'severities' else 'measure'}")
            if v is None:
                ok = False
                continue
            values[f"{kind}_{key}"] = v
    if not ok:
        return None
    return OutcomeLabel(horizon_days=horizon, **values)  # type: ignore[arg-type]


def _choices(node: Node, allowed: tuple[str, ...], what: str) -> tuple[str, ...] | None:
    """A non-empty list of distinct values from `allowed`."""
    items = node.seq(what=f"a list of {what} values")
    if not isinstance(node.value, list):
        return None
    vals = [i.choice(allowed, what=what) for i in items]
    if None in vals:
        return None
    if not vals:
        node.error(f"needs at least one {what} (allowed: {', '.join(allowed)})")
        return None
    if len(set(vals)) != len(vals):
        node.error(f"lists a {what} twice")
        return None
    return tuple(vals)  # type: ignore[arg-type]
