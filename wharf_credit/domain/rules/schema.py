"""Schema of the rule-set files: turns positioned YAML `Node`s into model objects, reporting every problem.

One function per file (ruleset.yaml, green.yaml, safety.yaml, basic.yaml, vetoes.yaml); measures.yaml is read by
procedures_schema.py and policy_schema.py.
Each returns its part of the model, or None when something was wrong; problems name file:line:col.
"""
from __future__ import annotations

import math
import re
from typing import Any

from .conditions import SCORE_FACTS, parse_condition
from ..event_kinds import EVENT_MATCH_KEYS
from .model import (COMPONENTS, HUNDRED, WHARF_TYPES, BasicItem, Category, Grade, GradeRule, Indicator, RecencyBand,
    SafetyItem, SafetyRules)
from .policy_schema import parse_policy
from ..vocabulary import GRADE_CODES, LANGS, I18n
from .yaml_source import Node

ID_RE = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+")
SLUG_RE = re.compile(r"[a-z][a-z0-9_]*")
VERSION_RE = re.compile(r"\d{4}\.\d+")


def i18n(node: Node | None, parent: Node, key: str) -> I18n | None:
    if node is None:
        parent.error(f"missing required key {key!r}")
        return None
    if not node.mapping(required=LANGS, what=f"{key!r} (texts in zh_CN and en)"):
        return None
    texts = [node.get(lang).str(what=f"a {lang} text") for lang in LANGS]  # type: ignore[union-attr]
    return I18n(*texts) if None not in texts else None  # type: ignore[arg-type]


def hundredths(node: Node, what: str, lo: float = 0) -> int | None:
    """A non-negative number with at most two decimals, as integer hundredths."""
    v = node.num(lo=lo, what=what)
    if v is None:
        return None
    h = round(v * HUNDRED)
    if not math.isfinite(v) or abs(h - v * HUNDRED) > 1e-6:
        node.error(f"{what} must have at most two decimals, got {v}")
        return None
    return h


def unique_id(node: Node, seen: dict[str, Any], pattern: re.Pattern[str] = ID_RE) -> str | None:
    ident = node.str(pattern, what="a well-formed id (like G-DUST-01: capitals, digits, dash-separated)")
    if ident is None:
        return None
    if ident in seen:
        node.error(f"duplicate id {ident!r} (first defined at {seen[ident]})")
        return None
    seen[ident] = node.loc
    return ident


# -- ruleset.yaml ----------------------------------------------------------------------------------------------
def parse_header(root: Node) -> dict[str, Any] | None:
    ok = root.mapping(
        required=("id", "version", "effective_from", "components", "grades"),
        optional=("effective_to", "supersedes", "policy", "name"), what="ruleset.yaml")
    if not ok:
        return None
    out: dict[str, Any] = {
        "id": root.get("id").str(SLUG_RE_ID, what="a rule-set id (lowercase, digits, dashes)"),  # type: ignore
        "version": root.get("version").str(VERSION_RE, what='a version like "2026.1" (quote it)'),  # type: ignore
        "effective_from": root.get("effective_from").date(),  # type: ignore[union-attr]
    }
    to = root.get("effective_to")
    out["effective_to"] = to.date() if to is not None and to.value is not None else None
    if out["effective_from"] and out["effective_to"] and out["effective_to"] <= out["effective_from"]:
        to.error("effective_to must be after effective_from")  # type: ignore[union-attr]
        out["effective_to"] = None
        out["bad"] = True
    sup = root.get("supersedes")
    out["supersedes"] = sup.str(VERSION_RE, what="a version") if sup is not None and sup.value is not None else None
    out["components"] = _components(root.get("components"))  # type: ignore[arg-type]
    out["grades"] = _grades(root.get("grades"))  # type: ignore[arg-type]
    out["policy"] = parse_policy(root.get("policy"))
    if any(v is None for k, v in out.items() if k not in ("effective_to", "supersedes")) or out.get("bad"):
        return None
    return out


SLUG_RE_ID = re.compile(r"[a-z][a-z0-9-]*")


def _components(node: Node) -> dict[str, float] | None:
    if not node.mapping(required=COMPONENTS, what="components"):
        return None
    weights = {c: node.get(c).num(lo=0, hi=1, what="a component weight 0-1") for c in COMPONENTS}  # type: ignore
    if None in weights.values():
        return None
    total = sum(weights.values())  # type: ignore[arg-type]
    if abs(total - 1.0) > 1e-9:
        node.error(f"component weights must sum to 1, got {total:g}")
        return None
    return weights  # type: ignore[return-value]


def _grades(node: Node) -> tuple[Grade, ...] | None:
    items = node.seq(what="grades")
    if not items:
        return None
    grades: list[Grade] = []
    ok = True
    for item in items:
        if not item.mapping(required=("code", "min_score", "name"), optional=("description",), what="a grade"):
            ok = False
            continue
        code = item.get("code").choice(GRADE_CODES, what="grade code")  # type: ignore[union-attr]
        ms = item.get("min_score").num(lo=0, hi=100, what="a score 0-100")  # type: ignore[union-attr]
        name = i18n(item.get("name"), item, "name")
        if code is None or ms is None or name is None:
            ok = False
            continue
        grades.append(Grade(code, ms, name, item.loc))
    if not ok:
        return None
    codes = [g.code for g in grades]
    if codes != list(GRADE_CODES):
        node.error(f"grades must be exactly {', '.join(GRADE_CODES)} in that order (best first), got {', '.join(codes)}")
        return None
    for prev, cur in zip(grades, grades[1:], strict=False):
        if not cur.min_score < prev.min_score:
            items[grades.index(cur)].error(
                f"grade thresholds must strictly decrease best-first: {cur.code} min_score {cur.min_score:g} is not"
                f" below {prev.code} min_score {prev.min_score:g}")
            return None
    if grades[-1].min_score != 0:
        items[-1].error(f"the last grade must start at min_score 0 so every score 0-100 has a grade,"
                        f" got {grades[-1].min_score:g}")
        return None
    return tuple(grades)


# -- green.yaml ------------------------------------------------------------------------------------------------
def parse_green(root: Node) -> tuple[tuple[Category, ...], tuple[Indicator, ...], int] | None:
    if not root.mapping(required=("categories", "indicators"), optional=("mandatory_min_level",), what="green.yaml"):
        return None
    cats: list[Category] = []
    seen_cats: dict[str, Any] = {}
    for item in root.get("categories").seq(what="categories"):  # type: ignore[union-attr]
        if not item.mapping(required=("id", "name"), what="a category"):
            continue
        cid = unique_id(item.get("id"), seen_cats, SLUG_RE)  # type: ignore[arg-type]
        name = i18n(item.get("name"), item, "name")
        if cid and name:
            cats.append(Category(cid, name))
    mml_node = root.get("mandatory_min_level")
    mml = mml_node.int(lo=1, hi=5) if mml_node is not None else 2
    seen: dict[str, Any] = {}
    inds = [_indicator(n, seen_cats, seen) for n in root.get("indicators").seq(what="indicators")]  # type: ignore
    if None in inds or mml is None or len(cats) != len(seen_cats):
        return None
    ind_list = [i for i in inds if i is not None]
    per_type = {t: sum(i.weights_h.get(t, 0) for i in ind_list if t in i.applies_to) for t in WHARF_TYPES}
    empty = [t for t, w in per_type.items() if w <= 0]
    if empty:
        root.get("indicators").error(  # type: ignore[union-attr]
            f"every wharf type needs indicators with a total weight above 0; none for: {', '.join(empty)}")
        return None
    return tuple(cats), tuple(ind_list), mml


INDICATOR_KEYS = ("id", "category", "name", "applies_to", "kind", "weight")
INDICATOR_OPTIONAL = ("better", "breakpoints", "mandatory_for", "effort", "unit", "min", "max", "basis", "guide")


def _indicator(node: Node, categories: dict[str, Any], seen: dict[str, Any]) -> Indicator | None:
    if not node.mapping(required=INDICATOR_KEYS, optional=INDICATOR_OPTIONAL, what="an indicator"):
        return None
    g = node.get
    ident = unique_id(g("id"), seen)  # type: ignore[arg-type]
    cat = g("category").choice(tuple(categories), what="category")  # type: ignore[union-attr]
    name = i18n(g("name"), node, "name")
    applies = _types(g("applies_to"), "applies_to")  # type: ignore[arg-type]
    kind = g("kind").choice(("level", "bool", "number"), what="indicator kind")  # type: ignore[union-attr]
    better_node = g("better")
    better = better_node.choice(("higher", "lower"), what="'better'") if better_node is not None else "higher"
    bps: tuple[float, ...] = ()
    vmin = vmax = None
    if kind == "number":
        bp_node = g("breakpoints")
        if bp_node is None:
            node.error("a number indicator needs 'breakpoints' (5 strictly increasing values)")
            return None
        values = [b.num(what="a breakpoint") for b in bp_node.seq(what="breakpoints")]
        if None in values:
            return None
        if len(values) != 5:
            bp_node.error(f"breakpoints must have exactly 5 values (levels 1-5), got {len(values)}")
            return None
        for a, b in zip(values, values[1:], strict=False):
            if not b > a:  # type: ignore[operator]
                bp_node.error(f"breakpoints must be strictly increasing, got {values}")
                return None
        bps = tuple(values)  # type: ignore[arg-type]
        vmin = g("min").num() if g("min") is not None else None  # type: ignore[union-attr]
        vmax = g("max").num() if g("max") is not None else None  # type: ignore[union-attr]
        if vmin is not None and vmax is not None and vmax <= vmin:
            g("max").error(f"max must be above min ({vmin:g})")  # type: ignore[union-attr]
            return None
    else:
        for extra in ("breakpoints", "min", "max"):
            if g(extra) is not None:
                node.key_loc(extra)
                g(extra).error(f"{extra!r} only applies to number indicators, not {kind}")  # type: ignore
                return None
    weights = _weights(g("weight"), applies or ())  # type: ignore[arg-type]
    mand = _types(g("mandatory_for"), "mandatory_for") if g("mandatory_for") is not None else ()  # type: ignore
    if mand and applies and set(mand) - set(applies):
        g("mandatory_for").error(  # type: ignore[union-attr]
            f"mandatory_for lists types the indicator does not apply to: {', '.join(sorted(set(mand) - set(applies)))}")
        return None
    effort = g("effort").int(lo=1, hi=10) if g("effort") is not None else 1  # type: ignore[union-attr]
    unit = g("unit").str() if g("unit") is not None else ""  # type: ignore[union-attr]
    basis = g("basis").str() if g("basis") is not None else ""  # type: ignore[union-attr]
    guide = i18n(g("guide"), node, "guide") if g("guide") is not None else None
    parts = (ident, cat, name, applies, kind, better, weights, mand, effort, unit, basis)
    if any(p is None for p in parts) or (g("guide") is not None and guide is None):
        return None
    return Indicator(ident, cat, name, applies, kind, better, bps, weights, mand, effort, unit, vmin, vmax,  # type: ignore
                     basis, guide, node.loc)


def _types(node: Node, what: str) -> tuple[str, ...] | None:
    items = node.seq(what=what)
    vals = [i.choice(WHARF_TYPES, what="wharf type") for i in items]
    if None in vals:
        return None
    if not vals:
        node.error(f"{what} needs at least one wharf type")
        return None
    if len(set(vals)) != len(vals):
        node.error(f"{what} lists a wharf type twice")
        return None
    return tuple(vals)  # type: ignore[arg-type]


def _weights(node: Node, applies: tuple[str, ...]) -> dict[str, int] | None:
    if not node.is_map():
        w = hundredths(node, "a weight")
        return None if w is None else {t: w for t in applies}
    if not node.mapping(required=("default",), optional=WHARF_TYPES, what="weight"):
        return None
    default = hundredths(node.get("default"), "a weight")  # type: ignore[arg-type]
    out: dict[str, int] = {}
    for t in applies:
        sub = node.get(t)
        out[t] = hundredths(sub, "a weight") if sub is not None else default  # type: ignore[assignment]
    for t in WHARF_TYPES:
        if t not in applies and node.get(t) is not None:
            node.get(t).error(f"weight given for {t!r}, which is not in applies_to")  # type: ignore[union-attr]
            return None
    return None if default is None or None in out.values() else out


# -- safety.yaml -----------------------------------------------------------------------------------------------
def parse_safety(root: Node) -> SafetyRules | None:
    if not root.mapping(required=("recency", "deductions"), optional=("bonuses", "bonus_caps", "veto_accident"),
                        what="safety.yaml"):
        return None
    bands: list[RecencyBand] = []
    for item in root.get("recency").seq(what="recency"):  # type: ignore[union-attr]
        if not item.mapping(required=("months", "weight"), what="a recency band"):
            return None
        months = item.get("months").int(lo=1, hi=120)  # type: ignore[union-attr]
        weight = hundredths(item.get("weight"), "a recency weight")  # type: ignore[arg-type]
        if months is None or weight is None:
            return None
        if weight > HUNDRED:
            item.get("weight").error("a recency weight is at most 1")  # type: ignore[union-attr]
            return None
        if bands and months <= bands[-1].months:
            item.get("months").error(f"recency bands must have strictly increasing months, {months} after"  # type: ignore
                                     f" {bands[-1].months}")
            return None
        if bands and weight > bands[-1].weight_pct:
            item.get("weight").error("an older band cannot weigh more than a newer one")  # type: ignore[union-attr]
            return None
        bands.append(RecencyBand(months, weight))
    if not bands:
        root.get("recency").error("recency needs at least one band")  # type: ignore[union-attr]
        return None
    seen: dict[str, Any] = {}
    horizon = bands[-1].months
    deductions = [_safety_item(n, seen, horizon, bonus=False) for n in root.get("deductions").seq()]  # type: ignore
    bonus_node = root.get("bonuses")
    bonuses = [_safety_item(n, seen, horizon, bonus=True) for n in bonus_node.seq()] if bonus_node else []
    caps = {"safety": 0, "total": 0}
    caps_node = root.get("bonus_caps")
    if caps_node is not None:
        if not caps_node.mapping(optional=("safety", "total"), what="bonus_caps"):
            return None
        for k in ("safety", "total"):
            if caps_node.get(k) is not None:
                caps[k] = hundredths(caps_node.get(k), "a bonus cap")  # type: ignore[arg-type,assignment]
    veto = {"min_deaths": 1.0, "min_serious_injuries": 10.0, "min_loss_cny": 10_000_000.0}
    va = root.get("veto_accident")
    if va is not None:
        if not va.mapping(optional=tuple(veto), what="veto_accident"):
            return None
        for k in veto:
            if va.get(k) is not None:
                veto[k] = va.get(k).num(lo=0)  # type: ignore[union-attr,assignment]
    if None in deductions or None in bonuses or None in caps.values() or None in veto.values():
        return None
    return SafetyRules(tuple(bands), tuple(deductions), tuple(bonuses), caps, veto)  # type: ignore[arg-type]


def _safety_item(node: Node, seen: dict[str, Any], horizon: int, bonus: bool) -> SafetyItem | None:
    optional = ("match", "window_months") + (("target",) if bonus else ())
    if not node.mapping(required=("id", "kind", "points", "text"), optional=optional,
                        what="a bonus" if bonus else "a deduction"):
        return None
    ident = unique_id(node.get("id"), seen)  # type: ignore[arg-type]
    kind = node.get("kind").choice(tuple(EVENT_MATCH_KEYS), what="event kind")  # type: ignore[union-attr]
    points = hundredths(node.get("points"), "points")  # type: ignore[arg-type]
    text = i18n(node.get("text"), node, "text")
    wnode = node.get("window_months")
    window = wnode.int(lo=1, hi=horizon) if wnode is not None else min(24, horizon)
    if wnode is not None and window is None and isinstance(wnode.value, int) and wnode.value > horizon:
        pass  # reported by .int(): beyond the last recency band nothing can count
    target = "safety"
    if bonus and node.get("target") is not None:
        target = node.get("target").choice(("safety", "total"), what="bonus target")  # type: ignore[union-attr,assignment]
    match = _match(node.get("match"), kind) if node.get("match") is not None and kind else {}
    if None in (ident, kind, points, text, window, target, match):
        return None
    return SafetyItem(ident, kind, match, points, window, target, text, node.loc)  # type: ignore[arg-type]


def _match(node: Node, kind: str) -> dict[str, Any] | None:
    allowed = EVENT_MATCH_KEYS[kind]
    if not node.mapping(optional=tuple(allowed), what=f"match for {kind} events"):
        return None
    out: dict[str, Any] = {}
    for key, spec in allowed.items():
        sub = node.get(key)
        if sub is None:
            continue
        if spec == "bool":
            out[key] = sub.bool()
        elif spec == "number":
            out[key] = sub.num(lo=0)
        else:
            vals = [i.choice(spec, what=key) for i in sub.seq(what=key)]
            out[key] = None if None in vals or not vals else tuple(vals)
            if not vals and isinstance(sub.value, list):
                sub.error(f"{key} needs at least one value")
    return None if None in out.values() else out


# -- basic.yaml and vetoes.yaml --------------------------------------------------------------------------------
def parse_basic(root: Node, seen: dict[str, Any]) -> tuple[BasicItem, ...] | None:
    if not root.mapping(required=("items",), what="basic.yaml"):
        return None
    out = []
    for node in root.get("items").seq(what="items"):  # type: ignore[union-attr]
        if not node.mapping(required=("id", "when", "points", "text"), what="a basic-info item"):
            out.append(None)
            continue
        ident = unique_id(node.get("id"), seen)  # type: ignore[arg-type]
        when = parse_condition(node.get("when"), WHARF_TYPES, forbidden=SCORE_FACTS)  # type: ignore[arg-type]
        points = hundredths(node.get("points"), "points")  # type: ignore[arg-type]
        text = i18n(node.get("text"), node, "text")
        ok = None not in (ident, when, points, text)
        out.append(BasicItem(ident, when, points, text, node.loc) if ok else None)  # type: ignore[arg-type]
    return None if None in out else tuple(out)  # type: ignore[arg-type]


def parse_rules(root: Node, seen: dict[str, Any]) -> tuple[GradeRule, ...] | None:
    if not root.mapping(optional=("vetoes", "caps", "downgrades"), what="vetoes.yaml"):
        return None
    out: list[GradeRule | None] = []
    for section, kind in (("vetoes", "veto"), ("caps", "cap"), ("downgrades", "downgrade")):
        sec = root.get(section)
        if sec is None:
            continue
        for node in sec.seq(what=section):
            out.append(_grade_rule(node, kind, seen))
    return None if None in out else tuple(out)  # type: ignore[arg-type]


def _grade_rule(node: Node, kind: str, seen: dict[str, Any]) -> GradeRule | None:
    extra = {"veto": (), "cap": ("grade",), "downgrade": ("steps",)}[kind]
    if not node.mapping(required=("id", "when", "text") + extra, optional=("basis",), what=f"a {kind}"):
        return None
    ident = unique_id(node.get("id"), seen)  # type: ignore[arg-type]
    when = parse_condition(node.get("when"), WHARF_TYPES)  # type: ignore[arg-type]
    text = i18n(node.get("text"), node, "text")
    basis = node.get("basis").str() if node.get("basis") is not None else ""  # type: ignore[union-attr]
    cap: str | None = "D" if kind == "veto" else None
    steps = 0
    if kind == "cap":
        cap = node.get("grade").choice(GRADE_CODES[1:], what="cap grade")  # type: ignore[union-attr]
    if kind == "downgrade":
        steps = node.get("steps").int(lo=1, hi=4)  # type: ignore[union-attr,assignment]
    if None in (ident, when, text, basis, cap if kind != "downgrade" else "", steps):
        return None
    return GradeRule(ident, kind, when, cap, steps, text, basis, node.loc)  # type: ignore[arg-type]
