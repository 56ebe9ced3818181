"""The port company's portal: its own wharves, their current grades and what to fix first."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from ..domain.supervision.publication import company_grade as worst_wharf_grade
from .. import clock
from ..extensions import db
from ..models import RatingRow, SafetyEventRow, Wharf
from ..rules import rule_store
from ..services import NotFound, ServiceError
from ..services.dashboard import company_wharves
from ..services.publication import file_objection, objection_refusal
from ..services.ratings import folded_history, rating_history, rating_texts
from ..services.portal import company_events, company_requests, repair_outlook
from ..services.repairs import request_repair
from . import forms_review as fr
from . import uploads
from .event_texts import event_details
from .labels import ui_lang
from .access import load_owned_or_404, requires
from .forms_review import ObjectionForm, RepairForm
from .messages import field_error, say
from .ratings import history_chart, ruleset_of

bp = Blueprint("portal", __name__, url_prefix="/portal")
FIRST_FIXES = 3


@bp.get("/")
@requires("use_portal")
def index():
    rows = company_wharves(db.session, current_user.company_id)
    lang = ui_lang()
    wharves = [{"wharf": w, "rating": r, "todo": fix_first(r, lang)} for w, r in rows]
    grades = [r.grade for _, r in rows if r is not None]
    company_grade = worst_wharf_grade(grades)
    return render_template("portal/index.html", wharves=wharves, company=current_user.company,
                           company_grade=company_grade)


@bp.get("/wharves/<int:wharf_id>")
@requires("use_portal")
def wharf(wharf_id: int):
    wharf: Wharf = load_owned_or_404(Wharf, wharf_id)
    history = folded_history(rating_history(db.session, wharf.id))
    latest = history.latest
    chart = history_chart(history.shown, ruleset_of(latest)) if latest else None
    return render_template("portal/wharf.html", wharf=wharf, history=history, latest=latest, chart=chart,
                           todo=fix_first(latest, ui_lang(), limit=5))


def fix_first(rating: RatingRow | None, lang: str, limit: int = FIRST_FIXES) -> list[dict[str, Any]]:
    """What stands between the wharf and its next grade: restrictions to remove first, then the cheapest fixes."""
    if rating is None:
        return []
    next_grade = rating_texts(rating, rule_store().book, lang).get("next_grade") or {}
    items = [{"kind": "blocker", "id": b.get("id", ""), "text": b.get("text", ""), "points": None}
             for b in next_grade.get("blockers") or []]
    items += [{"kind": "fix", "id": f.get("indicator", ""), "text": f.get("text", ""), "points": f.get("points")}
              for f in next_grade.get("fixes") or []]
    return items[:limit]


# --- objections and credit repair ---------------------------------------------------------------------------------

@bp.route("/ratings/<int:rating_id>/objection", methods=["GET", "POST"])
@requires("object_and_ask_repair")
def objection(rating_id: int):
    rating: RatingRow = load_owned_or_404(RatingRow, rating_id)
    today = clock.today()
    form = ObjectionForm()
    refused = objection_refusal(db.session, rating, today)
    refusal = say(refused) if refused is not None else None
    if refusal is None and form.validate_on_submit():
        upload = fr.read_attachment(form)
        if upload is not False:
            name = uploads.store(*upload) if upload else None
            try:
                file_objection(db.session, rating.id, current_user, form.reason.data, today, attachment=name)
            except NotFound:
                uploads.drop(name)
                abort(404)
            except ServiceError as exc:
                uploads.drop(name)
                field_error(form, exc.field, say(exc))
            else:
                flash(_("Objection filed. A reviewer will decide it; the decision and its reasons will be shown "
                        "under My requests."), "info")
                return redirect(url_for("portal.requests"))
    elif request.method == "POST" and refusal is not None:
        form.form_errors.append(refusal)
    status = 400 if request.method == "POST" else 200
    return render_template("portal/objection_form.html", form=form, rating=rating, wharf=rating.wharf,
                           refusal=refusal), status


@bp.get("/events")
@requires("use_portal")
def events():
    today, lang = clock.today(), ui_lang()
    items = [{"event": e.event, "outlook": e.outlook.as_dict(lang), "requests": e.requests}
             for e in company_events(db.session, rule_store().book, current_user.company_id, today)]
    return render_template("portal/events.html", items=items, event_details=event_details, today=today)


@bp.route("/events/<int:event_id>/repair", methods=["GET", "POST"])
@requires("object_and_ask_repair")
def repair(event_id: int):
    event: SafetyEventRow = load_owned_or_404(SafetyEventRow, event_id)
    today, lang, book = clock.today(), ui_lang(), rule_store().book
    form = RepairForm()
    if form.validate_on_submit():
        try:
            request_repair(db.session, book, event.id, current_user, form.reason.data, form.fulfilled.data, today)
        except NotFound:
            abort(404)
        except ServiceError as exc:
            if exc.reasons:  # not eligible yet: each reason of the repair rule on its own line
                form.form_errors.extend(why.get(lang) for why in exc.reasons)
            else:
                field_error(form, exc.field, say(exc))
        else:
            flash(_("Repair request filed. A reviewer will decide it; the decision and its reasons will be shown "
                    "under My requests."), "info")
            return redirect(url_for("portal.requests"))
    status = 400 if request.method == "POST" else 200
    outlook = repair_outlook(db.session, book, event, today).as_dict(lang)
    return render_template("portal/repair_form.html", form=form, event=event, wharf=event.wharf,
                           outlook=outlook, details=event_details(event)), status


@bp.get("/requests")
@requires("use_portal")
def requests():
    found = company_requests(db.session, current_user.company_id)
    return render_template("portal/requests.html", objections=found.objections, repairs=found.repairs,
                           corrected=found.corrected,
                           format_date=format_date)
