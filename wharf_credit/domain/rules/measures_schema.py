"""Schema of measures.yaml: the measures of each grade, and the procedure tables (permit routes, application types,
violations, penalty discretion, publication and credit repair). Problems name file:line:col like every other rule file."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..event_kinds import EVENT_KINDS, PENALTY_CATEGORIES
from .model import Measures
from ..vocabulary import GRADE_CODES, Route
from .procedures import ApplicationType, Band, Circumstance, Procedures, RepairRule, Violation
from .schema import ID_RE, SLUG_RE, i18n
from .yaml_source import Node

PROCEDURE_KEYS = ("permit_routes", "application_types", "violations", "discretion", "procedure")


def parse_procedures(root: Node, measures: dict[str, Measures] | None) -> Procedures | None:
    problems_before = len(root.problems.items)
    routes = _permit_routes(root.get("permit_routes"))  # type: ignore[arg-type]
    apps = _applications(root.get("application_types"), routes)  # type: ignore[arg-type]
    violations = _violations(root.get("violations"))  # type: ignore[arg-type]
    disc = _discretion(root.get("discretion"), measures)  # type: ignore[arg-type]
    proc = _procedure(root.get("procedure"))  # type: ignore[arg-type]
    if len(root.problems.items) != problems_before or None in (routes, apps, violations, disc, proc):
        return None
    bands, by_code, circumstances, requires = disc  # type: ignore[misc]
    return Procedures(routes=routes, applications=apps, violations=violations, bands=bands,  # type: ignore[arg-type]
                      discretion=by_code, circumstances=circumstances, exemption_requires=requires,
                      objection_days=proc["objection_days"], unrated_grade=proc["unrated_grade"],  # type: ignore
                      repair=proc["repair"])  # type: ignore[index]


def _open_mapping(node: Node, what: str) -> bool:
    """A mapping whose keys are codes chosen by the author."""
    if not node.is_map():
        node.error(f"expected a mapping for {what}, got {type(node.value).__name__}")
        return False
    return True


def _unique(node: Node, seen: set[str], pattern: Any, what: str) -> str | None:
    ident = node.str(pattern, what=what)
    if ident is None:
        return None
    if ident in seen:
        node.error(f"duplicate id {ident!r}")
        return None
    seen.add(ident)
    return ident


def _permit_routes(node: Node) -> dict[str, Route] | None:
    if not _open_mapping(node, "permit_routes"):
        return None
    if not node.value:
        node.error("permit_routes needs at least one route")
        return None
    out = {}
    for code, child in node.items():
        if not SLUG_RE.fullmatch(str(code)):
            child.error(f"{code!r} is not a route code (lowercase_with_underscores)")
            continue
        if not child.mapping(required=("text", "basis"), what=f"route {code}"):
            continue
        route = parse_route(Node({"code": code, **child.value}, child.loc, child.problems, child.path))
        if route is not None:
            out[code] = route
    return out


def _applications(node: Node, routes: dict[str, Route] | None) -> tuple[ApplicationType, ...] | None:
    items = node.seq(what="application_types")
    if isinstance(node.value, list) and not items:
        node.error("application_types needs at least one application type")
    seen: set[str] = set()
    out = []
    for item in items:
        if not item.mapping(required=("id", "name", "routes"), what="an application type"):
            continue
        ident = _unique(item.get("id"), seen, SLUG_RE, "an application type id (lowercase_with_underscores)")  # type: ignore
        name = i18n(item.get("name"), item, "name")
        rnode = item.get("routes")
        if not rnode.mapping(required=GRADE_CODES, what="routes (one per grade)"):  # type: ignore[union-attr]
            continue
        by_grade = {}
        for grade in GRADE_CODES:
            code = rnode.get(grade).choice(tuple(routes or ()), what="permit route")  # type: ignore[union-attr]
            if code is not None:
                by_grade[grade] = code
        if ident and name and len(by_grade) == len(GRADE_CODES):
            out.append(ApplicationType(ident, name, by_grade, item.loc))
    return tuple(out)


def _violations(node: Node) -> tuple[Violation, ...] | None:
    items = node.seq(what="violations")
    seen: set[str] = set()
    out = []
    for item in items:
        if not item.mapping(required=("id", "name", "category", "fine", "exemptible", "basis"), what="a violation"):
            continue
        ident = _unique(item.get("id"), seen, ID_RE, "a violation id (like P-DUST-01)")  # type: ignore[arg-type]
        name = i18n(item.get("name"), item, "name")
        basis = i18n(item.get("basis"), item, "basis")
        category = item.get("category").choice(PENALTY_CATEGORIES, what="penalty category")  # type: ignore
        fine = [f.int(lo=0, what="an amount in CNY") for f in item.get("fine").seq(what="fine")]  # type: ignore
        exemptible = item.get("exemptible")
        if not isinstance(exemptible.value, bool):  # type: ignore[union-attr]
            exemptible.error("expected true or false")  # type: ignore[union-attr]
            continue
        if len(fine) != 2 or None in fine or fine[0] > fine[1]:  # type: ignore[operator]
            item.get("fine").error("expected [min_cny, max_cny] with min <= max")  # type: ignore[union-attr]
            continue
        if None not in (ident, name, basis, category):
            out.append(Violation(ident, name, category, fine[0], fine[1], exemptible.value, basis,  # type: ignore
                                 item.loc))
    return tuple(out)


def _discretion(node: Node, measures: dict[str, Measures] | None) -> tuple[Any, ...] | None:
    if not node.mapping(required=("bands", "by_code", "circumstances", "exemption_requires"), what="discretion"):
        return None
    bands = []
    seen: set[str] = set()
    for item in node.get("bands").seq(what="bands"):  # type: ignore[union-attr]
        if not item.mapping(required=("id", "share", "text"), what="a discretion band"):
            continue
        ident = _unique(item.get("id"), seen, SLUG_RE, "a band id")  # type: ignore[arg-type]
        share = [s.num(lo=0, hi=1, what="a share of the fine range 0-1") for s in item.get("share").seq()]  # type: ignore
        text = i18n(item.get("text"), item, "text")
        if len(share) != 2 or None in share or share[0] > share[1]:  # type: ignore[operator]
            item.get("share").error("expected [low, high] shares of the fine range with low <= high")  # type: ignore
            continue
        if ident and text:
            bands.append(Band(ident, share[0], share[1], text))  # type: ignore[arg-type]
    if len(bands) < 2:
        node.get("bands").error("discretion needs the exemption band first and at least one penalty band")  # type: ignore
        return None
    by_code: dict[str, tuple[str, bool]] = {}
    bc = node.get("by_code")
    if _open_mapping(bc, "by_code"):  # type: ignore[arg-type]
        for code, child in bc.items():  # type: ignore[union-attr]
            if not child.mapping(required=("band", "exemption"), what=f"discretion {code}"):
                continue
            band = child.get("band").choice([b.id for b in bands[1:]], what="band")  # type: ignore[union-attr]
            exemption = child.get("exemption")
            if not isinstance(exemption.value, bool):  # type: ignore[union-attr]
                exemption.error("expected true or false")  # type: ignore[union-attr]
                continue
            if band:
                by_code[str(code)] = (band, exemption.value)  # type: ignore[union-attr]
    for m in (measures or {}).values():
        if m.penalty_discretion.code not in by_code:
            bc.error(f"no discretion for penalty_discretion code {m.penalty_discretion.code!r} "  # type: ignore
                     f"(used by grade {m.grade} in measures)")
    circumstances = []
    cseen: set[str] = set()
    excludes: list[tuple[str, Node]] = []  # (circumstance id, its excludes node): checked once every id is known
    for item in node.get("circumstances").seq(what="circumstances"):  # type: ignore[union-attr]
        if not item.mapping(required=("id", "shift", "text"), optional=("excludes",), what="a circumstance"):
            continue
        ident = _unique(item.get("id"), cseen, SLUG_RE, "a circumstance id")  # type: ignore[arg-type]
        shift = item.get("shift").int(lo=-2, hi=2, what="a band shift -2..2")  # type: ignore[union-attr]
        text = i18n(item.get("text"), item, "text")
        if ident and shift is not None and text:
            circumstances.append(Circumstance(ident, shift, text))
            if item.get("excludes") is not None:
                excludes.append((ident, item.get("excludes")))  # type: ignore[arg-type]
    excluded: dict[str, set[str]] = {}
    for ident, ex in excludes:  # mutual: "first offence" excludes "repeated" and the other way round
        for other in ex.seq(what="excludes (circumstance ids)"):
            c = other.choice(tuple(cseen), what="circumstance")
            if c == ident:
                other.error(f"circumstance {ident!r} cannot exclude itself")
            elif c:
                excluded.setdefault(ident, set()).add(c)
                excluded.setdefault(c, set()).add(ident)
    circumstances = [replace(c, excludes=tuple(sorted(excluded.get(c.id, ())))) for c in circumstances]
    requires = []
    for item in node.get("exemption_requires").seq(what="exemption_requires"):  # type: ignore[union-attr]
        c = item.choice(tuple(cseen), what="circumstance")
        if c:
            requires.append(c)
    return tuple(bands), by_code, tuple(circumstances), tuple(requires)


def _procedure(node: Node) -> dict[str, Any] | None:
    if not node.mapping(required=("objection_days", "unrated_grade", "repair"), what="procedure"):
        return None
    days = node.get("objection_days").int(lo=1, hi=90, what="calendar days")  # type: ignore[union-attr]
    unrated = node.get("unrated_grade").choice(GRADE_CODES, what="grade")  # type: ignore[union-attr]
    repair = []
    for item in node.get("repair").seq(what="repair"):  # type: ignore[union-attr]
        if not item.mapping(required=("kind", "min_months"), optional=("categories", "rectified", "fulfilled"),
                            what="a repair rule"):
            continue
        kind = item.get("kind").choice(EVENT_KINDS, what="event kind")  # type: ignore[union-attr]
        months = item.get("min_months").int(lo=0, hi=120, what="months")  # type: ignore[union-attr]
        cats: list[str | None] = []
        if item.get("categories") is not None:
            cats = [c.choice(PENALTY_CATEGORIES, what="penalty category")
                    for c in item.get("categories").seq()]  # type: ignore[union-attr]
        flags = {}
        for flag in ("rectified", "fulfilled"):
            f = item.get(flag)
            if f is not None and not isinstance(f.value, bool):
                f.error("expected true or false")
            flags[flag] = bool(f.value) if f is not None else False
        if kind and months is not None and None not in cats:
            repair.append(RepairRule(kind, tuple(cats), months, flags["rectified"], flags["fulfilled"],  # type: ignore
                                     item.loc))
    if days is None or unrated is None:
        return None
    return {"objection_days": days, "unrated_grade": unrated, "repair": tuple(repair)}


# -- measures.yaml ---------------------------------------------------------------------------------------------
MEASURE_KEYS = ("permit_route", "inspection_rate", "inspection_window_months", "routine_checks",
                "penalty_discretion", "incentives")


def parse_measures(root: Node) -> dict[str, Measures] | None:
    if not root.mapping(required=("measures", "permit_routes", "application_types", "violations", "discretion",
                                  "procedure"), what="measures.yaml"):
        return None
    node = root.get("measures")
    if not node.mapping(required=GRADE_CODES, what="measures (one entry per grade)"):  # type: ignore[union-attr]
        return None
    out: dict[str, Measures] = {}
    ok = True
    for code in GRADE_CODES:
        m = node.get(code)  # type: ignore[union-attr]
        if not m.mapping(required=MEASURE_KEYS, what=f"measures for {code}"):  # type: ignore[union-attr]
            ok = False
            continue
        permit = parse_route(m.get("permit_route"))  # type: ignore[union-attr,arg-type]
        rate = m.get("inspection_rate").num(lo=0, hi=1, what="a rate 0-1")  # type: ignore[union-attr]
        win = [w.int(lo=0, hi=120) for w in m.get("inspection_window_months").seq()]  # type: ignore[union-attr]
        if len(win) != 2 or None in win or win[0] > win[1]:  # type: ignore[operator]
            m.get("inspection_window_months").error("expected [min_months, max_months] with min <= max")  # type: ignore
            ok = False
            continue
        routine = i18n(m.get("routine_checks"), m, "routine_checks")  # type: ignore[arg-type]
        penalty = parse_route(m.get("penalty_discretion"))  # type: ignore[union-attr,arg-type]
        incentives = i18n(m.get("incentives"), m, "incentives")  # type: ignore[arg-type]
        if None in (permit, rate, routine, penalty, incentives):
            ok = False
            continue
        out[code] = Measures(code, permit, rate, (win[0], win[1]), routine, penalty, incentives, m.loc)  # type: ignore
    if not ok:
        return None
    rates = [out[c].inspection_rate for c in GRADE_CODES]
    if any(b < a for a, b in zip(rates, rates[1:], strict=False)):
        node.error(f"inspection rates must not fall as the grade worsens, got {rates}")  # type: ignore[union-attr]
        return None
    return out


def parse_route(node: Node) -> Route | None:
    if not node.mapping(required=("code", "text", "basis"), what="a route"):
        return None
    code = node.get("code").str(SLUG_RE, what="a route code (lowercase_with_underscores)")  # type: ignore[union-attr]
    text = i18n(node.get("text"), node, "text")
    basis = i18n(node.get("basis"), node, "basis")
    return None if None in (code, text, basis) else Route(code, text, basis)  # type: ignore[arg-type]
