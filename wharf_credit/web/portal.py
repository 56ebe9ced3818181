"""The port company's portal: its own wharves, their current grades and what to fix first."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..domain.vocabulary import GRADE_CODES
from .. import clock
from ..extensions import db
from ..models import Objection, RatingRow, RepairRequest, SafetyEventRow, Wharf
from ..rules import rule_store
from ..services import NotFound, ServiceError
from ..services.dashboard import company_wharves
from ..services.publication import file_objection, objection_refusal
from ..services.ratings import folded_history, rating_history, rating_texts
from ..services.repairs import check_repair, request_repair
from . import forms_review as fr
from . import uploads
from .labels import ui_lang
from .access import load_owned_or_404, requires
from .forms_review import ADVERSE_KINDS, ObjectionForm, RepairForm
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
    company_grade = max(grades, key=GRADE_CODES.index) if grades else None  # the worst-rated wharf sets it
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


def _company_events():
    return db.session.execute(
        select(SafetyEventRow).join(Wharf, Wharf.id == SafetyEventRow.wharf_id)
        .where(Wharf.company_id == current_user.company_id)
        .options(joinedload(SafetyEventRow.wharf))
        .order_by(SafetyEventRow.date.desc(), SafetyEventRow.id.desc())).scalars().all()


def repair_outlook(event: SafetyEventRow, today, lang: str) -> dict:
    """Whether the company may ask to repair the event now (assuming a penalty decision fulfilled), else when or
    why not."""
    if event.kind not in ADVERSE_KINDS:
        return {"applies": False}
    check = check_repair(db.session, rule_store().book, event, today, True)
    return {"applies": True, "eligible": check.eligible, "earliest": check.earliest,
            "reasons": [r.get(lang) for r in check.reasons],
            "fulfilment": bool(check.rule and check.rule.needs_fulfilled)}


@bp.get("/events")
@requires("use_portal")
def events():
    today, lang = clock.today(), ui_lang()
    rows = _company_events()
    requests_by_event: dict[int, list[RepairRequest]] = {}
    for req in db.session.execute(select(RepairRequest).where(RepairRequest.company_id == current_user.company_id)
                                  .order_by(RepairRequest.id)).scalars():
        requests_by_event.setdefault(req.event_id, []).append(req)
    items = [{"event": e, "outlook": repair_outlook(e, today, lang), "requests": requests_by_event.get(e.id, [])}
             for e in rows]
    from .event_texts import event_details

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
            if exc.field == "event" and "already open" not in str(exc):
                check = check_repair(db.session, book, event, today, bool(form.fulfilled.data))
                for why in check.reasons:
                    form.form_errors.append(why.get(lang))
            else:
                field_error(form, exc.field, say(exc))
        else:
            flash(_("Repair request filed. A reviewer will decide it; the decision and its reasons will be shown "
                    "under My requests."), "info")
            return redirect(url_for("portal.requests"))
    status = 400 if request.method == "POST" else 200
    from .event_texts import event_details

    return render_template("portal/repair_form.html", form=form, event=event, wharf=event.wharf,
                           outlook=repair_outlook(event, today, lang), details=event_details(event)), status


@bp.get("/requests")
@requires("use_portal")
def requests():
    objections = db.session.execute(
        select(Objection).where(Objection.company_id == current_user.company_id)
        .options(joinedload(Objection.rating).joinedload(RatingRow.wharf))
        .order_by(Objection.filed_on.desc(), Objection.id.desc())).scalars().all()
    repairs = db.session.execute(
        select(RepairRequest).where(RepairRequest.company_id == current_user.company_id)
        .options(joinedload(RepairRequest.event).joinedload(SafetyEventRow.wharf))
        .order_by(RepairRequest.requested_on.desc(), RepairRequest.id.desc())).scalars().all()
    corrected_ids = [o.corrected_rating_id for o in objections if o.corrected_rating_id]
    corrected = {r.id: r for r in db.session.execute(select(RatingRow).where(RatingRow.id.in_(corrected_ids)))
                 .scalars()} if corrected_ids else {}
    return render_template("portal/requests.html", objections=objections, repairs=repairs, corrected=corrected,
                           format_date=format_date)
