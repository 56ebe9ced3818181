"""双随机一公开: the bureau's random inspection draws. Staff read the lists, administrators draw a quarter (with a
published seed), inspectors see the wharves assigned to them; the list, seed and method are public."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length

from .. import clock
from ..domain import DomainError
from ..domain.vocabulary import GRADE_CODES
from ..domain.supervision.draws import parse_period, period_of
from ..extensions import db
from ..models import InspectionDraw
from ..rules import rule_store
from ..services import ServiceError
from ..services.inspections import all_draws, assigned_to, draw_with_items, run_draw
from .access import may, requires
from .messages import say

bp = Blueprint("inspections", __name__)
DEFAULT_UNRATED = "A"

class DrawForm(FlaskForm):
    period = StringField(_l("Period (quarter)"), validators=[DataRequired(), Length(max=6)])
    seed = StringField(_l("Seed"), validators=[DataRequired(), Length(max=64)])
    confirm = BooleanField(_l("I confirm: the draw is made once for the period, recorded in the audit log and "
                              "published with its seed; it cannot be repeated or undone."),
                           validators=[DataRequired(_l("Confirm the draw first."))])


def drawn_per_grade(draw: InspectionDraw) -> dict[str, int]:
    counts = dict.fromkeys(GRADE_CODES, 0)
    for item in draw.items:
        counts[item.grade] = counts.get(item.grade, 0) + 1
    return counts


def unrated_grade(draw: InspectionDraw) -> str:
    try:
        return rule_store().book.for_date(parse_period(draw.period)[0]).procedures.unrated_grade
    except (DomainError, ValueError, AttributeError):
        return DEFAULT_UNRATED


def _draw_or_404(draw_id: int) -> InspectionDraw:
    draw = draw_with_items(db.session, draw_id)
    if draw is None:
        abort(404)
    return draw


def _draws() -> list[InspectionDraw]:
    return all_draws(db.session)


def _context(draw: InspectionDraw) -> dict[str, Any]:
    return {"draw": draw, "grades": GRADE_CODES, "drawn": drawn_per_grade(draw), "unrated": unrated_grade(draw),
            "format_percent": format_percent}


@bp.get("/inspections/")
@requires("view_draws")
def index():
    draws = _draws()
    return render_template("inspections/index.html", draws=draws, may_draw=may("make_draw"))


@bp.route("/inspections/new", methods=["GET", "POST"])
@requires("make_draw")
def new():
    form = DrawForm()
    if not form.is_submitted():
        form.period.data = period_of(clock.today())
    if form.validate_on_submit():
        try:
            draw = run_draw(db.session, rule_store().book, form.period.data.strip(), form.seed.data, current_user)
        except ServiceError as exc:
            target = form._fields.get(exc.field or "") or form.period
            target.errors = [*target.errors, say(exc)]
        except DomainError as exc:
            form.period.errors = [*form.period.errors, say(exc)]
        else:
            flash(_("Inspection draw %(period)s made: %(num)s wharves.", period=draw.period, num=len(draw.items)),
                  "info")
            return redirect(url_for("inspections.show", draw_id=draw.id))
    status = 400 if form.errors else 200
    return render_template("inspections/new.html", form=form), status


@bp.get("/inspections/<int:draw_id>")
@requires("view_draws")
def show(draw_id: int):
    return render_template("inspections/show.html", **_context(_draw_or_404(draw_id)))


@bp.get("/inspections/mine")
@requires("inspect_assigned")
def mine():
    items = assigned_to(db.session, current_user.id, clock.today())
    return render_template("inspections/mine.html", items=items)


@bp.get("/grades/inspections")
def public_index():
    return render_template("inspections/public_index.html", draws=_draws())


@bp.get("/grades/inspections/<int:draw_id>")
def public_show(draw_id: int):
    return render_template("inspections/public_show.html", **_context(_draw_or_404(draw_id)))
