"""Bureau staff: the registry of companies and wharves, assessments and safety events.

Every staff role may read; inspectors (and administrators) register, assess and record events."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, send_from_directory, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock
from ..domain import DomainError, RuleSet
from ..domain.rules.model import Indicator
from ..extensions import db
from ..models import Assessment, Company, Wharf
from ..rules import rule_store
from ..services import NotFound, ServiceError
from ..services.assessments import record_event, submit_assessment
from ..services.ratings import latest_rating
from ..services.registry import (
    assessment_outcome, companies_by_name, save_company, save_wharf, search_companies, search_wharves, wharf_record,
)
from .access import may, requires
from .labels import ui_lang
from . import uploads
from .event_texts import event_details
from .messages import field_error, say
from .forms import (
    YES, AssessmentFormBase, CompanyForm,
    EventForm, WharfForm, assessment_form_class, options, photo_field_name, value_field_name,
)
from .labels import TYPE_NAMES
from .pagination import paginate
from .ratings import ruleset_of
from .params import id_arg, id_values

bp = Blueprint("inspect", __name__)

def may_write() -> bool:
    return may("edit_registry")


@bp.app_context_processor
def inspect_globals() -> dict[str, Any]:
    return {"may_write": may_write}



# --- lists --------------------------------------------------------------------------------------------------------

@bp.get("/wharves")
@requires("view_registry")
def wharves():
    q = request.args.get("q", "")
    wharf_type = request.args.get("type", "")
    page = paginate(search_wharves(db.session, q, wharf_type if wharf_type in TYPE_NAMES else ""))
    return render_template("inspect/wharves.html", page=page, q=q, wharf_type=wharf_type, types=TYPE_NAMES)


@bp.get("/companies")
@requires("view_registry")
def companies():
    q = request.args.get("q", "")
    page = paginate(search_companies(db.session, q))
    return render_template("inspect/companies.html", page=page, q=q)


# --- companies ----------------------------------------------------------------------------------------------------

def _get(model: type, ident: int) -> Any:
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj


@bp.get("/companies/<int:company_id>")
@requires("view_registry")
def company(company_id: int):
    return render_template("inspect/company.html", company=_get(Company, company_id))


@bp.route("/companies/new", methods=["GET", "POST"])
@requires("edit_registry")
def company_new():
    return _company_form(None)


@bp.route("/companies/<int:company_id>/edit", methods=["GET", "POST"])
@requires("edit_registry")
def company_edit(company_id: int):
    return _company_form(_get(Company, company_id))


def _company_form(company: Company | None):
    form = CompanyForm(obj=company)
    before = company.audit_view() if company else None
    if form.validate_on_submit():
        try:
            saved = save_company(db.session, form.record(), current_user, company.id if company else None)
        except ServiceError as exc:
            field_error(form, exc.field, say(exc))
        else:
            flash(_("Nothing changed.") if saved.audit_view() == before else _("Company saved."), "info")
            return redirect(url_for("inspect.company", company_id=saved.id))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("inspect/company_form.html", form=form, company=company), status


# --- wharves ------------------------------------------------------------------------------------------------------

@bp.get("/wharves/<int:wharf_id>")
@requires("view_registry")
def wharf(wharf_id: int):
    wharf = _get(Wharf, wharf_id)
    record = wharf_record(db.session, wharf.id)
    return render_template("inspect/wharf.html", wharf=wharf, rating=latest_rating(db.session, wharf.id),
                           assessments=record.assessments, superseded=record.superseded, events=record.events,
                           event_details=event_details)


@bp.route("/wharves/new", methods=["GET", "POST"])
@requires("edit_registry")
def wharf_new():
    return _wharf_form(None)


@bp.route("/wharves/<int:wharf_id>/edit", methods=["GET", "POST"])
@requires("edit_registry")
def wharf_edit(wharf_id: int):
    return _wharf_form(_get(Wharf, wharf_id))


def _wharf_form(wharf: Wharf | None):
    form = WharfForm(obj=wharf)
    before = wharf.audit_view() if wharf else None
    form.company_id.choices = options((str(c.id), f"{c.name} ({c.uscc})") for c in
                                      companies_by_name(db.session))
    if wharf is None and request.method == "GET" and (company_id := id_arg("company_id")) is not None:
        form.company_id.data = company_id
    if form.validate_on_submit():
        try:
            saved = save_wharf(db.session, form.record(), current_user, wharf.id if wharf else None)
        except NotFound:
            abort(404)
        except ServiceError as exc:
            field_error(form, exc.field, say(exc))
        else:
            flash(_("Nothing changed.") if saved.audit_view() == before else _("Wharf saved."), "info")
            return redirect(url_for("inspect.wharf", wharf_id=saved.id))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("inspect/wharf_form.html", form=form, wharf=wharf), status


# --- assessments --------------------------------------------------------------------------------------------------

def categories_of(ruleset: RuleSet, indicators: tuple[Indicator, ...], lang: str) -> list[tuple[str, list]]:
    """Indicators grouped by category, in the rule set's order; categories without one left out."""
    groups = [(c.name.get(lang), [i for i in indicators if i.category == c.id]) for c in ruleset.categories]
    known = {c.id for c in ruleset.categories}
    rest = [i for i in indicators if i.category not in known]
    return [g for g in groups if g[1]] + ([(_("Other indicators"), rest)] if rest else [])


def indicator_message(ind: Indicator | None, message: str) -> str:
    """A domain problem with an indicator value, said in the UI language."""
    if ind is None:
        return message
    if "does not apply" in message:
        return _("This indicator does not apply to this wharf type.")
    if ind.kind == "level":
        return _("Choose a level from 0 to 5.")
    if ind.kind == "bool":
        return _("Choose yes or no.")
    if ind.value_min is not None and ind.value_max is not None:
        return _("Enter a number from %(min)s to %(max)s.", min=format_decimal(ind.value_min),
                 max=format_decimal(ind.value_max))
    return _("Enter a number.")


def _read_photos(form: AssessmentFormBase, values: dict[str, Any]) -> dict[str, tuple[bytes, str]] | None:
    """Indicator id -> (bytes, kind) of each uploaded photo; None (with field errors) when one is refused."""
    out, ok = {}, True
    for ind in form.indicators:
        field = form[photo_field_name(ind)]
        got = uploads.read_upload(field, uploads.PHOTO_KINDS,
                                  lambda size: _("The photo is larger than %(size)s MB.", size=size),
                                  lambda: _("Only JPEG or PNG photos are accepted."))
        if got is None:
            continue
        if got is not False and ind.id not in values:
            field.errors = [*field.errors, _("Enter a value for the indicator this photo documents.")]
        elif got is not False:
            out[ind.id] = got
            continue
        ok = False
    return out if ok else None


@bp.route("/wharves/<int:wharf_id>/assessments/new", methods=["GET", "POST"])
@requires("edit_registry")
def assessment_new(wharf_id: int):
    wharf: Wharf = _get(Wharf, wharf_id)
    book = rule_store().book
    today = clock.today()
    try:
        ruleset = book.for_date(today)
    except DomainError:
        flash(_("No rule set is in force today: assessments cannot be filed."), "error")
        return redirect(url_for("inspect.wharf", wharf_id=wharf.id))
    lang = ui_lang()
    indicators = ruleset.by_type[wharf.type]
    form = assessment_form_class(indicators, lang)()
    corrects = _corrected(wharf, id_arg("corrects") if request.method == "GET"
                          else next(iter(id_values([form.supersedes_id.data or ""], "supersedes_id")), None))
    if request.method == "GET" and corrects is not None:
        form.supersedes_id.data = str(corrects.id)
        form.fill({v.indicator_id: v.value for v in corrects.values},
                  {v.indicator_id: v.evidence for v in corrects.values})
    if form.validate_on_submit():
        saved = _submit(form, wharf, book, ruleset, corrects)
        if saved is not None:
            return saved
    status = 400 if request.method == "POST" else 200
    return render_template("inspect/assessment_form.html", form=form, wharf=wharf, ruleset=ruleset, lang=lang,
                           groups=categories_of(ruleset, indicators, lang), corrects=corrects,
                           value_field_name=value_field_name, photo_field_name=photo_field_name), status


def _corrected(wharf: Wharf, ident: int | None) -> Assessment | None:
    """The assessment a correction supersedes (an id from ?corrects= or the form's hidden field)."""
    if ident is None:
        return None
    old = db.session.get(Assessment, ident)
    if old is None or old.wharf_id != wharf.id:
        abort(404)
    return old


def _submit(form: AssessmentFormBase, wharf: Wharf, book: Any, ruleset: RuleSet, corrects: Assessment | None):
    """Store the assessment and its rating; a redirect to the rating, or None with errors put on the form."""
    day = form.assessed_on.data
    values = form.values()
    photos = _read_photos(form, values)
    if photos is None:
        return None
    names = {ident: uploads.store(blob, kind) for ident, (blob, kind) in photos.items()}
    try:
        _saved, rating = submit_assessment(db.session, book, wharf.id, values, current_user, assessed_on=day,
                                      evidence=form.evidence(), photos=names, notes=(form.notes.data or "").strip(),
                                      supersedes_id=corrects.id if corrects else None,
                                      form_ruleset=ruleset.sha256)
    except ServiceError as exc:
        uploads.drop(*names.values())
        field_error(form, exc.field, say(exc))
        return None
    except DomainError as exc:
        uploads.drop(*names.values())
        for where, message in _problems(exc):
            ident = where.removeprefix("indicators.") if where.startswith("indicators.") else None
            ind = ruleset.indicator_by_id.get(ident or "")
            if ind is not None and value_field_name(ind) in form._fields:
                field_error(form, value_field_name(ind), indicator_message(ind, message))
            else:
                field_error(form, None, f"{where}: {message}" if where else message)
        return None
    flash(_("Assessment saved. The wharf is now rated %(grade)s.", grade=rating.grade), "info")
    return redirect(url_for("ratings.show", rating_id=rating.id))


def _problems(exc: Exception) -> list[tuple[str, str]]:
    """(where, message) of each problem: a domain error's own list, a refusal said in the UI language."""
    if isinstance(exc, DomainError):
        return [(p.where, p.message) for p in exc.problems]
    if isinstance(exc, ServiceError):
        return [(exc.field or "", say(exc))]
    return [("", str(exc))]


@bp.get("/assessments/<int:assessment_id>")
@requires("view_registry")
def assessment(assessment_id: int):
    row: Assessment = _get(Assessment, assessment_id)
    ruleset = ruleset_of(row)  # type: ignore[arg-type]  # same ruleset_sha256 / ruleset_version attributes
    lang = ui_lang()
    correction, ratings = assessment_outcome(db.session, row.id)
    lookup = ruleset.indicator_by_id if ruleset else {}
    values = [{"id": v.indicator_id, "name": lookup[v.indicator_id].name.get(lang) if v.indicator_id in lookup else "",
               "unit": lookup[v.indicator_id].unit if v.indicator_id in lookup else "",
               "value": _shown_value(v.value), "evidence": v.evidence, "photo": v.photo} for v in row.values]
    return render_template("inspect/assessment.html", assessment=row, wharf=row.wharf, values=values,
                           correction=correction, ratings=ratings, ruleset=ruleset)


def _shown_value(value: Any) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int | float):
        return format_decimal(value, "#,##0.##")
    return str(value)


@bp.get("/photos/<name>")
@requires("view_registry")
def photo(name: str):
    if not uploads.is_stored_name(name, uploads.PHOTO_KINDS):
        abort(404)
    response = send_from_directory(uploads.upload_folder(), name, max_age=3600)
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


# --- safety events ------------------------------------------------------------------------------------------------

def event_message(where: str, message: str) -> str:
    if message.startswith("required"):
        return _("Required for this kind of event.")
    if "events cannot be in the future" in message or "is after as_of" in message:
        return _("The date cannot be in the future.")
    if "is before the event date" in message:
        return _("Cannot be before the date of the event.")
    return message


@bp.route("/wharves/<int:wharf_id>/events/new", methods=["GET", "POST"])
@requires("edit_registry")
def event_new(wharf_id: int):
    wharf: Wharf = _get(Wharf, wharf_id)
    form = EventForm()
    if form.validate_on_submit():
        event = form.event()
        try:
            _row, rating = record_event(db.session, rule_store().book, wharf.id, event, current_user)
        except (DomainError, ServiceError) as exc:
            for where, message in _problems(exc):
                key = where.split(".")[-1] if where else ""
                field_error(form, form.field_for(event["kind"], key), event_message(where, message))
        else:
            if rating is not None:
                flash(_("Safety event recorded. The wharf was rated again: %(grade)s.", grade=rating.grade), "info")
            else:
                flash(_("Safety event recorded."), "info")
            return redirect(url_for("inspect.wharf", wharf_id=wharf.id))
    status = 400 if request.method == "POST" else 200
    return render_template("inspect/event_form.html", form=form, wharf=wharf, yes=YES), status
