"""The reviewer's desk: publish provisional ratings, finalise ones whose objection period has ended, decide the
companies' objections and credit-repair requests. Reviewers and administrators only (a company user may open the
document attached to its own objection)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, send_from_directory, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from ..domain import DomainError
from ..domain.vocabulary import GRADE_CODES
from .. import clock, policy
from ..extensions import db
from ..models import Objection, RatingRow, RepairRequest
from ..rules import rule_store
from ..services import NotFound, ServiceError
from ..services.publication import (
    OBJECTION_STATUSES, decide_objection, finalise_expired, objections_list, publish, publishable, ratings_with_ids,
)
from ..services.repairs import REPAIR_STATUSES, check_repair, repair_requests_list, repairs_for_event
from ..services.repairs import decide_repair as decide_repair_service
from . import forms_review as fr
from .access import requires
from .forms_review import (
    ActionForm, ObjectionDecisionForm, RepairDecisionForm,
)
from .event_texts import event_details
from .uploads import DOCUMENT_KINDS, is_stored_name, upload_folder
from .labels import STATUS_NAMES, ui_lang
from .messages import field_error, say
from .labels import TYPE_NAMES
from .pagination import paginate
from .params import id_values

bp = Blueprint("review", __name__, url_prefix="/review")


@bp.app_context_processor
def review_globals():
    return {"request_status_name": fr.request_status_name}


# --- publication --------------------------------------------------------------------------------------------------

def skip_reason(why: str) -> str:
    """Why publish() left a rating out (services.publication's report), in the UI language."""
    if why == "not found":
        return _("Not found.")
    if why == "a newer rating of this wharf exists":
        return _("A newer rating of this wharf exists.")
    if why.startswith("already "):
        status = why.removeprefix("already ")
        return _("Already %(status)s.", status=str(STATUS_NAMES.get(status, status)))
    return why


@bp.get("/ratings")
@requires("review")
def ratings():
    grade = request.args.get("grade", "")
    wharf_type = request.args.get("type", "")
    page = paginate(publishable(grade if grade in GRADE_CODES else "", wharf_type if wharf_type in TYPE_NAMES else ""))
    return render_template("review/ratings.html", page=page, grade=grade, wharf_type=wharf_type, grades=GRADE_CODES,
                           types=TYPE_NAMES, form=ActionForm())


@bp.post("/ratings/publish")
@requires("review")
def publish_selected():
    """Two steps: the selection is shown for confirmation first; only `confirm=yes` publishes."""
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    ids = id_values(request.form.getlist("rating_id"), "rating_id")
    if not ids:
        flash(_("Select at least one rating to publish."), "error")
        return redirect(url_for("review.ratings"))
    if request.form.get("confirm") != "yes":
        rows = ratings_with_ids(db.session, ids)
        return render_template("review/publish_confirm.html", rows=rows, ids=ids, form=form,
                               missing=len(ids) - len(rows))
    try:
        report = publish(db.session, rule_store().book, ids, current_user, clock.today())
    except DomainError:
        flash(_("No rule set is in force today: nothing was published."), "error")
        return redirect(url_for("review.ratings"))
    if report.published:
        flash(_("%(num)s rating(s) published; the objection period is open.", num=len(report.published)), "info")
    for rid, why in report.skipped.items():
        flash(_("Rating %(id)s was not published: %(why)s", id=rid, why=skip_reason(why)), "warning")
    return redirect(url_for("review.ratings"))


@bp.post("/ratings/finalise")
@requires("review")
def finalise():
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    done = finalise_expired(db.session, current_user, clock.today())
    flash(_("%(num)s rating(s) became final (objection period ended, no open objection).", num=len(done)), "info")
    return redirect(url_for("review.ratings"))


# --- objections ---------------------------------------------------------------------------------------------------

@bp.get("/objections")
@requires("review")
def objections():
    status = request.args.get("status", "")
    q = request.args.get("q", "").strip()
    page = paginate(objections_list(status, q))
    return render_template("review/objections.html", page=page, status=status, q=q, statuses=OBJECTION_STATUSES)


def _objection(objection_id: int) -> Objection:
    obj = db.session.get(Objection, objection_id)
    if obj is None:
        abort(404)
    return obj


@bp.route("/objections/<int:objection_id>", methods=["GET", "POST"])
@requires("review")
def objection(objection_id: int):
    obj = _objection(objection_id)
    form = ObjectionDecisionForm()
    if obj.status == "open" and form.validate_on_submit():
        try:
            decided = decide_objection(db.session, rule_store().book, obj.id, form.outcome.data, form.reason.data,
                                       current_user, clock.today())
        except NotFound:
            abort(404)
        except ServiceError as exc:
            field_error(form, exc.field, say(exc))
        except DomainError:
            form.form_errors.append(_("No rule set is in force today: the wharf cannot be rated again."))
        else:
            if decided.status == "corrected":
                new = db.session.get(RatingRow, decided.corrected_rating_id)
                flash(_("Objection decided: corrected. The wharf was rated again (%(grade)s) and the new rating is "
                        "published until %(date)s.", grade=new.grade, date=format_date(new.objection_until)), "info")
            else:
                flash(_("Objection decided: upheld. The rating stands."), "info")
            return redirect(url_for("review.objection", objection_id=obj.id))
    elif request.method == "POST" and obj.status != "open":
        form.form_errors.append(_("This has already been decided."))
    status = 400 if request.method == "POST" else 200
    corrected = db.session.get(RatingRow, obj.corrected_rating_id) if obj.corrected_rating_id else None
    return render_template("review/objection.html", objection=obj, rating=obj.rating, wharf=obj.rating.wharf,
                           corrected=corrected, form=form), status


@bp.get("/objections/<int:objection_id>/attachment")
@requires("read_objection_documents")
def attachment(objection_id: int):
    """The document a company attached to its objection: reviewers, and the company itself (404 for any other)."""
    obj = _objection(objection_id)
    if not policy.sees_company(current_user, obj.company_id):
        abort(404)
    if not obj.attachment or not is_stored_name(obj.attachment, DOCUMENT_KINDS):
        abort(404)
    response = send_from_directory(upload_folder(), obj.attachment, max_age=0,
                                   as_attachment=obj.attachment.endswith(".pdf"))
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- credit repair ------------------------------------------------------------------------------------------------

@bp.get("/repairs")
@requires("review")
def repairs():
    status = request.args.get("status", "")
    q = request.args.get("q", "").strip()
    page = paginate(repair_requests_list(status, q))
    return render_template("review/repairs.html", page=page, status=status, q=q, statuses=REPAIR_STATUSES)


@bp.route("/repairs/<int:request_id>", methods=["GET", "POST"])
@requires("review")
def repair(request_id: int):
    req = db.session.get(RepairRequest, request_id)
    if req is None:
        abort(404)
    book = rule_store().book
    form = RepairDecisionForm()
    if req.status == "open" and form.validate_on_submit():
        try:
            decide_repair_service(db.session, book, req.id, form.decision.data == "approve", form.reason.data,
                                  current_user, clock.today())
        except NotFound:
            abort(404)
        except ServiceError as exc:
            if exc.field == "request":  # not eligible: the reasons are on the page, in the UI language
                form.form_errors.append(_("The event cannot be repaired today; see the reasons above."))
            else:
                field_error(form, exc.field, say(exc))
        except DomainError:
            form.form_errors.append(_("No rule set is in force today: the wharf cannot be rated again."))
        else:
            if req.status == "approved":
                flash(_("Repair approved: the event is marked repaired and the wharf was rated again."), "info")
            else:
                flash(_("Repair refused."), "info")
            return redirect(url_for("review.repair", request_id=req.id))
    elif request.method == "POST" and req.status != "open":
        form.form_errors.append(_("This has already been decided."))
    status = 400 if request.method == "POST" else 200
    event = req.event
    check = check_repair(db.session, book, event, clock.today(), req.fulfilled) if req.status == "open" else None
    return render_template("review/repair.html", req=req, event=event, wharf=event.wharf, check=check,
                           lang=ui_lang(), details=event_details(event), form=form,
                           others=[r for r in repairs_for_event(db.session, event.id) if r.id != req.id]), status
