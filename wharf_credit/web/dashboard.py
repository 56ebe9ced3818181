"""The bureau dashboard: grade distribution (by wharf type and over time) and wharves due for reassessment."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, render_template, url_for
from flask_babel import format_percent
from flask_babel import gettext as _
from werkzeug.routing import BuildError

from .. import clock
from ..domain import DomainError, RuleSet
from ..domain.rules.model import WHARF_TYPES
from ..domain.vocabulary import GRADE_CODES
from ..extensions import db
from ..rules import rule_store
from ..services.dashboard import (Distribution, Period, due_for_reassessment, grade_distribution, grades_over_time,
                                  reassessment_cutoff, recent_quarters)
from . import charts
from .access import requires
from .labels import TYPE_NAMES
from .params import page_arg

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")
QUARTERS = 12  # three years
DEFAULT_VALIDITY_MONTHS = 12


@bp.get("/")
@requires("view_registry")
def index():
    today = clock.today()
    ruleset = active_ruleset(today)
    grades = [g.code for g in ruleset.grades] if ruleset else list(GRADE_CODES)
    validity = ruleset.policy.validity_months if ruleset else DEFAULT_VALIDITY_MONTHS
    dist = grade_distribution(db.session)
    periods = recent_quarters(today, QUARTERS)
    over_time = grades_over_time(db.session, periods)
    cutoff = reassessment_cutoff(today, validity)
    page = due_for_reassessment(db.session, today, validity, page=page_arg(),
                                per_page=current_app.config["PER_PAGE"])
    per_grade = dist.per_grade()
    return render_template(
        "dashboard/index.html", ruleset=ruleset, grades=grades, dist=dist, per_grade=per_grade,
        wharf_types=[t for t in WHARF_TYPES if t in dist.by_type or t in dist.unrated],
        grade_chart=charts.bar_chart([(g, per_grade.get(g, 0)) for g in grades], _("Wharves per grade"),
                                     colours=charts.GRADE_COLOURS, empty=_("No data")),
        type_chart=type_chart(dist, grades), share_chart=share_chart(periods, over_time, grades),
        validity_months=validity, cutoff=cutoff, page=page, wharf_url=wharf_page_url)


def active_ruleset(today: dt.date) -> RuleSet | None:
    """The rule set in force today (else the newest loaded); None when no rule set can be loaded."""
    try:
        book = rule_store().book
    except DomainError:
        return None
    try:
        return book.for_date(today)
    except DomainError:
        return book.latest() if book.rulesets else None


def wharf_page_url(wharf_id: int) -> str:
    """The wharf's page in the registry; its latest rating while the registry has no wharf page."""
    try:
        return url_for("inspect.wharf", wharf_id=wharf_id)
    except BuildError:
        return url_for("ratings.latest", wharf_id=wharf_id)


def type_chart(dist: Distribution, grades: list[str]):
    rows = [(str(TYPE_NAMES.get(t, t)), [dist.by_type[t].get(g, 0) for g in grades])
            for t in WHARF_TYPES if t in dist.by_type]
    keys = [(g, charts.GRADE_COLOURS.get(g, charts.ACCENT)) for g in grades]
    return charts.stacked_bars(rows, keys, _("Grades by wharf type (latest rating of each wharf)"),
                               empty=_("No data"))


def share_chart(periods: list[Period], over_time: dict[dt.date, dict[str, int]], grades: list[str]):
    """Share of rated wharves at each grade at the end of each quarter (the current quarter: today)."""
    labels = [_("%(year)s Q%(quarter)s", year=p.year, quarter=p.quarter) for p in periods]
    series = []
    for g in grades:
        points = []
        for i, p in enumerate(periods):
            counts = over_time.get(p.end) or {}
            total = sum(counts.values())
            if total:
                share = 100 * counts.get(g, 0) / total
                points.append((i, share, f"{labels[i]} · {g}: {format_percent(share / 100, '#,##0.#%')} "
                                         f"({counts.get(g, 0)}/{total})"))
        series.append(charts.Series(g, points, charts.GRADE_COLOURS.get(g, charts.ACCENT)))
    return charts.line_chart(series, _("Share of wharves per grade, by quarter"), x_format=lambda i: labels[i],
                             y_format=lambda v: f"{v:.0f}%", empty=_("No data"), css_class="share-chart")
