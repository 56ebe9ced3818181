"""The rating page, shared by every staff role and by the company that owns the wharf (others get 404)."""
from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import format_date, format_datetime, format_decimal, format_percent
from werkzeug.routing import BuildError
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..calibration.adjust import percent_text
from ..domain import DomainError, RuleSet
from ..domain.calendar import months_before
from .. import clock
from ..extensions import db
from ..models import RatingRow, Wharf
from ..rules import rule_store
from ..services import audit
from ..services.publication import objection_refusal, wharf_requests
from ..services.ratings import folded_history, latest_rating, rating_history, rating_result
from . import charts
from .access import load_owned_or_404, may, requires
from .dashboard import active_ruleset
from .labels import STATUS_NAMES, ui_lang

bp = Blueprint("ratings", __name__)

STEP_NAMES = {"ruleset": _l("Rule set"), "indicator": _l("Green indicator"), "component": _l("Component"),
              "event": _l("Safety event"), "basic": _l("Basic requirement"), "score": _l("Total score"),
              "calibrator": _l("Calibrator"), "grade": _l("Grade by score"), "veto": _l("Veto"), "cap": _l("Cap"),
              "downgrade": _l("Downgrade"), "final": _l("Final grade")}
COMPONENT_NAMES = {"green": _l("Green wharf"), "safety": _l("Port safety"), "basic": _l("Basic compliance")}


@bp.get("/ratings/<int:rating_id>")
@requires("view_ratings")
def show(rating_id: int):
    rating: RatingRow = load_owned_or_404(RatingRow, rating_id)
    wharf = rating.wharf
    ruleset = ruleset_of(rating)
    lang = "en" if ui_lang() == "en" else "zh_CN"
    result = rating_result(rating, rule_store().book)  # a batch rating's texts are written from its inputs
    texts = result.get(lang) or result.get("zh_CN") or {}
    reason = ((rating.calibrator or {}).get("reason") or {}).get(lang)
    history = folded_history(rating_history(db.session, wharf.id))
    policy_from = ruleset or active_ruleset(clock.today())  # a retired rule set: today's validity period
    validity = policy_from.policy.validity_months if policy_from else None
    stale = validity is not None and rating.as_of < months_before(clock.today(), validity)
    return render_template(
        "ratings/show.html", rating=rating, wharf=wharf, company=wharf.company, texts=texts,
        trace=trace_rows(result.get("trace") or []), history=history, validity_months=validity, stale=stale,
        component_chart=components_chart(rating), history_chart=history_chart(history.shown, ruleset),
        audit_entries=rating_audit(rating), format_percent=format_percent,
        format_datetime=format_datetime, rule_kind_name=lambda kind: str(STEP_NAMES.get(kind, kind)),
        wharf_url=wharf_page_url(wharf.id), calibrator_reason=reason, risk_percent=percent_text,
        **objection_context(rating))


def rating_audit(rating: RatingRow) -> list:
    """The rating's audit entries; a batch rating's history starts with its batch's one entry."""
    entries = audit.history(db.session, "rating", rating.id)
    if rating.batch_id:
        entries = audit.history(db.session, "rating_batch", rating.batch_id) + entries
    return entries


def objection_context(rating: RatingRow) -> dict[str, Any]:
    """Objections to the wharf's ratings and repair requests for its events (the decisions, with reasons), whether
    one is open against this rating, and whether the signed-in company may object to it now."""
    objections, repairs = wharf_requests(db.session, rating.wharf_id)
    under_objection = any(o.rating_id == rating.id and o.status == "open" for o in objections)
    may_object = may("object_and_ask_repair") and objection_refusal(db.session, rating, clock.today()) is None
    return {"objections": objections, "repairs": repairs, "under_objection": under_objection,
            "may_object": may_object}


@bp.get("/wharves/<int:wharf_id>/rating")
@requires("view_ratings")
def latest(wharf_id: int):
    wharf: Wharf = load_owned_or_404(Wharf, wharf_id)
    rating = latest_rating(db.session, wharf.id)
    if rating is None:
        return render_template("ratings/not_rated.html", wharf=wharf)
    return redirect(url_for("ratings.show", rating_id=rating.id))


def wharf_page_url(wharf_id: int) -> str | None:
    """The wharf's own page for this user: the portal page for its company, the registry page for staff (None
    while the registry has no wharf page)."""
    endpoint = "portal.wharf" if may("use_portal") else "inspect.wharf"
    try:
        return url_for(endpoint, wharf_id=wharf_id)
    except BuildError:
        return None


def ruleset_of(rating: RatingRow) -> RuleSet | None:
    """The rule set that made the rating (by sha256, else by version); None when it is no longer loaded."""
    try:
        book = rule_store().book
    except DomainError:
        return None
    for rs in book.rulesets:
        if rs.sha256 == rating.ruleset_sha256:
            return rs
    for rs in book.rulesets:
        if rs.version == rating.ruleset_version:
            return rs
    return None


def components_chart(rating: RatingRow):
    comps = rating.components or {}
    bars = [(str(COMPONENT_NAMES[k]), float(comps[k])) for k in COMPONENT_NAMES if k in comps]
    return charts.component_bars(bars, _("Component scores (0–100)"), empty=_("No data"),
                                 value_format=_number)


def grade_bands(ruleset: RuleSet | None) -> list[charts.Band]:
    """Each grade's score range as a band, in the grade's colour."""
    if ruleset is None:
        return []
    bands, top = [], 100.0
    for g in ruleset.grades:
        bands.append(charts.Band(g.min_score, top, charts.GRADE_COLOURS.get(g.code, charts.ACCENT), g.code))
        top = g.min_score
    return bands


def history_chart(history: list[RatingRow], ruleset: RuleSet | None):
    """Score over time as a step line (a score stands until the next rating), grade ranges as bands."""
    points = [(r.as_of, r.score, _("%(date)s: %(score)s (%(grade)s, %(status)s)", date=format_date(r.as_of),
                                   score=_number(r.score), grade=r.grade,
                                   status=str(STATUS_NAMES.get(r.status, r.status))))
              for r in history]
    series = [charts.Series(_("Score"), points, css_class="history")] if points else []
    return charts.line_chart(series, _("Score history of this wharf"), bands=grade_bands(ruleset), step=True,
                             x_format=lambda d: format_date(d, "short"), y_ticks=[0, 20, 40, 60, 80, 100],
                             empty=_("No data"), css_class="history-chart")


def _number(value: float) -> str:
    return format_decimal(value, "#,##0.##")


def _show(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return _number(value)
    return json.dumps(value, ensure_ascii=False)


def trace_rows(trace: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stored trace as table rows: step, rule (or event / component / grade), source file:line, inputs and
    points, so a reader can follow the rating without reading JSON."""
    rows = []
    for step in trace:
        kind = step.get("step", "")
        if kind in ("grade", "final"):
            rule_key = "grade"
        else:
            rule_key = next((k for k in ("rule", "event", "component", "id") if step.get(k)), "")
        points_key = "points" if "points" in step else "score" if "score" in step else ""
        shown = {"step", "src", "inputs", "fired", rule_key, points_key}
        inputs = {**(step.get("inputs") or {}), **{k: v for k, v in step.items() if k not in shown}}
        points = step.get(points_key) if points_key else None
        rows.append({"step": kind, "step_name": str(STEP_NAMES.get(kind, kind)),
                     "rule": str(step.get(rule_key) or "") if rule_key else "", "src": step.get("src", ""),
                     "fired": step.get("fired"), "inputs": [f"{k} = {_show(v)}" for k, v in inputs.items()],
                     "points": None if points is None else _number(float(points))})
    return rows
