"""The permit desk (许可与处罚): a company's standing and what its grade means today, permit checks with the officer's
decision, penalty cases with the discretion the grade suggests, and the lists of both with CSV/XLSX exports.

Any staff role may look companies up and read the lists (an inspector or reviewer needs the standing too); permit
officers and administrators check applications and decide penalties."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_percent
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from .. import clock
from ..domain import DomainError, RuleSet
from ..domain.vocabulary import GRADE_CODES
from ..extensions import db
from ..models import PENALTY_MEASURES_FINAL, PERMIT_DECISIONS, Company, PenaltyCase, PermitDecision, Wharf
from ..rules import rule_store
from ..services import NotFound, ServiceError
from ..services.registry import company_names, wharf_names
from ..services.penalties import penalty_cases, penalty_suggestion, record_penalty_case
from ..services.permits import permit_check, permit_decisions, record_permit_decision
from ..services.standing import Standing, company_standing, find_companies
from .messages import field_error, say
from .labels import ui_lang
from .access import may, requires
from .exports import export_response, requested_format
from .forms import options
from .forms_permits import (
    BLANK, DECISION_NAMES, FINAL_MEASURE_NAMES, PENALTY_SUGGEST_FIELDS, PERMIT_CHECK_FIELDS, PenaltyForm,
    PermitCheckForm,
)
from .pagination import paginate
from .params import id_arg, page_arg

bp = Blueprint("permits", __name__)


def may_decide() -> bool:
    return may("decide_permits")


@bp.app_context_processor
def permits_globals() -> dict[str, Any]:
    return {"may_decide": may_decide,
            "decision_name": lambda code: str(DECISION_NAMES.get(code, code)),
            "final_measure_name": lambda code: str(FINAL_MEASURE_NAMES.get(code, code))}


def _get(model: type, ident: int) -> Any:
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj


def _ruleset_today() -> RuleSet | None:
    try:
        return rule_store().book.for_date(clock.today())
    except DomainError:
        return None


def _standing(company: Company) -> Standing | None:
    try:
        return company_standing(db.session, rule_store().book, company, clock.today())
    except DomainError:
        return None


def _no_rules():
    flash(_("No rule set is in force today: grades cannot be applied."), "error")
    return redirect(url_for("permits.search"))


def warning_texts(standing: Standing) -> list[tuple[str, str]]:
    """(code, sentence) for each warning an officer must read before relying on the grade."""
    ruleset = standing.ruleset
    proc = ruleset.procedures
    texts = {
        "never_rated": lambda: _("This company has never had a rating published. It is treated as grade %(grade)s, "
                                 "the rule set's grade for companies not yet rated.", grade=proc.unrated_grade),
        "provisional_newer": lambda: _("A newer rating of at least one wharf is still provisional (not yet "
                                       "published). The grade shown does not include it yet."),
        "under_objection": lambda: _("An objection to a published rating of this company is open. The grade may "
                                     "still change."),
        "stale": lambda: _("The rating behind this grade is older than %(months)s months. Ask for a new assessment "
                           "before relying on it.", months=ruleset.policy.validity_months),
        "unrated_wharves": lambda: _("At least one wharf of this company has no published rating. The grade covers "
                                     "the rated wharves only."),
    }
    return [(code, texts[code]() if code in texts else code) for code in standing.warnings]


def effective_grade(standing: Standing) -> str:
    """The grade the measures are applied at: the company grade, or the rule set's grade for unrated companies."""
    return standing.grade or standing.ruleset.procedures.unrated_grade


def fired_rules(standing: Standing, lang: str) -> list[dict]:
    """Vetoes and caps of the rating behind the grade, in the UI language."""
    if standing.basis is None:
        return []
    texts = standing.basis_texts(lang)
    return list(texts.get("vetoes") or []) + list(texts.get("caps") or [])


def percent(rate: float) -> str:
    return format_percent(rate, "#,##0.##%")


# --- company look-up ----------------------------------------------------------------------------------------------

@bp.get("/permits/")
@requires("view_permit_desk")
def search():
    q = request.args.get("q", "").strip()
    page = find_companies(db.session, q, page_arg())
    standings = {c.id: _standing(c) for c in page.items}
    return render_template("permits/search.html", q=q, page=page, standings=standings)


@bp.get("/permits/companies/<int:company_id>")
@requires("view_permit_desk")
def company(company_id: int):
    company = _get(Company, company_id)
    standing = _standing(company)
    if standing is None:
        return _no_rules()
    lang = ui_lang()
    grade = effective_grade(standing)
    return render_template("permits/company.html", company=company, standing=standing, lang=lang,
                           measures=standing.ruleset.measures[grade], grade=grade, percent=percent,
                           warnings=warning_texts(standing), fired=fired_rules(standing, lang),
                           routes=_routes_for(standing.ruleset, grade, lang))


def _routes_for(ruleset: RuleSet, grade: str, lang: str) -> list[tuple[Any, Any]]:
    """(application type, route) for each application type at this grade."""
    proc = ruleset.procedures
    return [(a, proc.routes[a.routes[grade]]) for a in proc.applications if grade in a.routes]


# --- permit check and decision ------------------------------------------------------------------------------------

@bp.route("/permits/companies/<int:company_id>/check", methods=["GET", "POST"])
@requires("decide_permits")
def check(company_id: int):
    company = _get(Company, company_id)
    ruleset = _ruleset_today()
    if ruleset is None:
        return _no_rules()
    book, today, lang = rule_store().book, clock.today(), ui_lang()
    proc = ruleset.procedures
    form = PermitCheckForm()
    form.application_type.choices = options(BLANK + [(a.id, a.name.get(lang)) for a in proc.applications])
    known = {a.id for a in proc.applications}
    if request.method == "GET" and request.args.get("application_type") in known:
        form.application_type.data = request.args["application_type"]
    action = request.form.get("action", "check")
    if request.method == "POST":
        ok = form.validate_on_submit() if action == "decide" else form.validate_part(PERMIT_CHECK_FIELDS)
    else:
        ok = False
    chosen = form.application_type.data if form.application_type.data in known else None
    standing, advice = (permit_check(db.session, book, company.id, chosen, today) if chosen
                        else (company_standing(db.session, book, company, today), None))
    if ok and action == "decide":
        try:
            record_permit_decision(db.session, book, company.id, form.application_type.data, form.decision.data,
                                   current_user, today, notes=form.notes.data or "", reference=form.reference.data or "")
        except NotFound:
            abort(404)
        except ServiceError as exc:
            field_error(form, exc.field, say(exc))
        else:
            flash(_("Decision recorded for %(company)s: %(decision)s.", company=company.name,
                    decision=DECISION_NAMES[form.decision.data]), "info")
            return redirect(url_for("permits.decisions", company=company.id))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("permits/check.html", company=company, form=form, standing=standing, advice=advice,
                           lang=lang, warnings=warning_texts(standing), grade=effective_grade(standing)), status


# --- permit decisions list ----------------------------------------------------------------------------------------

def _choice_arg(name: str, allowed: Any) -> str:
    value = request.args.get(name, "")
    return value if value in allowed else ""


def _company_options() -> list[tuple[int, str]]:
    return company_names(db.session)


@bp.get("/permits/decisions")
@requires("view_permit_desk")
def decisions():
    ruleset = _ruleset_today()
    lang = ui_lang()
    applications = {a.id: a.name.get(lang) for a in ruleset.procedures.applications} if ruleset else {}
    routes = {code: r.text.get(lang) for code, r in ruleset.procedures.routes.items()} if ruleset else {}
    filters = {"company_id": id_arg("company"), "application_type": _choice_arg("application_type", applications),
               "decision": _choice_arg("decision", PERMIT_DECISIONS), "grade": _choice_arg("grade", GRADE_CODES)}
    stmt = permit_decisions(**filters).options(selectinload(PermitDecision.company),
                                               selectinload(PermitDecision.officer))
    fmt = requested_format()
    if fmt:
        rows = db.session.execute(stmt).scalars().all()
        headers = [_("Decided on"), _("Company"), _("Unified social credit code"), _("Application type"),
                   _("Application reference no."), _("Grade"), _("Route"), _("Decision"), _("Notes"), _("Officer"),
                   _("Rule set")]
        return export_response(fmt, "permit-decisions", headers, [
            [r.decided_on, r.company.name, r.company.uscc, applications.get(r.application_type, r.application_type),
             r.reference, r.grade or _("Not rated"), routes.get(r.route_code, r.route_code),
             str(DECISION_NAMES.get(r.decision, r.decision)), r.notes, _officer(r), r.ruleset_version]
            for r in rows], title=_("Permit decisions"))
    return render_template("permits/decisions.html", page=paginate(stmt), filters=filters, applications=applications,
                           routes=routes, companies=_company_options(), grades=GRADE_CODES,
                           decision_codes=PERMIT_DECISIONS, export_args=_export_args())


def _officer(row: Any) -> str:
    return (row.officer.display_name or row.officer.username) if row.officer is not None else ""


def _export_args() -> dict[str, str]:
    """The list's filters, without the page number: the export holds every filtered row."""
    return {k: v for k, v in request.args.items() if k not in ("page", "format", "lang") and v}


# --- penalty cases ------------------------------------------------------------------------------------------------

def _wharf_options() -> list[tuple[str, str]]:
    return [(str(i), f"{company} · {name} ({code})") for i, name, code, company in wharf_names(db.session)]


@bp.route("/penalties/new", methods=["GET", "POST"])
@requires("decide_permits")
def penalty_new():
    ruleset = _ruleset_today()
    if ruleset is None:
        return _no_rules()
    book, today, lang = rule_store().book, clock.today(), ui_lang()
    proc = ruleset.procedures
    form = PenaltyForm()
    wharf_choices = _wharf_options()
    form.wharf_id.choices = options(BLANK + wharf_choices)
    form.violation_id.choices = options(BLANK + [(v.id, f"{v.name.get(lang)} ({v.id})") for v in proc.violations])
    form.circumstances.choices = options((c.id, c.text.get(lang)) for c in proc.circumstances)
    wharf_ids = {value for value, _label in wharf_choices}
    if request.method == "GET" and request.args.get("wharf") in wharf_ids:
        form.wharf_id.data = request.args["wharf"]
    action = request.form.get("action", "suggest")
    ok = False
    if request.method == "POST":
        ok = form.validate_on_submit() if action == "decide" else form.validate_part(PENALTY_SUGGEST_FIELDS)
    standing = advice = None
    wharf_id = form.wharf_id.data if form.wharf_id.data in wharf_ids else None
    wharf = db.session.get(Wharf, int(wharf_id)) if wharf_id else None
    if request.method == "POST" and not any(form[f].errors for f in ("wharf_id", "violation_id", "circumstances")):
        try:
            standing, advice = penalty_suggestion(db.session, book, int(form.wharf_id.data), form.violation_id.data,
                                                  form.circumstances.data or [], today)
        except NotFound:
            field_error(form, "wharf_id", _("Wharf not found."))
        except ServiceError as exc:
            field_error(form, exc.field, say(exc))
    elif wharf is not None:
        standing = company_standing(db.session, book, wharf.company, today)
    if action == "suggest" and advice is not None and not form.final_measure.data:
        form.final_measure.data = "none" if advice.exempt else "fine"
        form.final_amount_cny.data = None if advice.exempt else advice.fine_low
    if ok and action == "decide" and advice is not None:
        try:
            case = record_penalty_case(db.session, book, int(form.wharf_id.data), form.violation_id.data,
                                       form.circumstances.data or [], form.occurred_on.data, form.final_measure.data,
                                       form.final_amount_cny.data or 0, current_user, today,
                                       notes=form.notes.data or "")
        except ServiceError as exc:
            field_error(form, exc.field, say(exc))
        else:
            if case.event_id is not None:
                flash(_("Penalty case recorded. The penalty became a safety event of %(wharf)s, and the wharf was "
                        "rated again.", wharf=case.wharf.name), "info")
            else:
                flash(_("Penalty case recorded. No penalty was imposed, so no safety event was recorded."), "info")
            return redirect(url_for("permits.penalties", company=case.company_id))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("permits/penalty_form.html", form=form, standing=standing, advice=advice, wharf=wharf,
                           lang=lang, warnings=warning_texts(standing) if standing else [],
                           grade=effective_grade(standing) if standing else None,
                           show_decision=advice is not None or action == "decide"), status


@bp.get("/penalties/")
@requires("view_permit_desk")
def penalties():
    ruleset = _ruleset_today()
    lang = ui_lang()
    violations = {v.id: v.name.get(lang) for v in ruleset.procedures.violations} if ruleset else {}
    filters = {"company_id": id_arg("company"), "violation_id": _choice_arg("violation", violations),
               "measure": _choice_arg("measure", PENALTY_MEASURES_FINAL)}
    stmt = penalty_cases(**filters).options(selectinload(PenaltyCase.company), selectinload(PenaltyCase.wharf),
                                            selectinload(PenaltyCase.officer))
    fmt = requested_format()
    if fmt:
        rows = db.session.execute(stmt).scalars().all()
        headers = [_("Decided on"), _("Company"), _("Wharf"), _("Violation"), _("Violation occurred on"),
                   _("Circumstances"), _("Grade"), _("Suggested discretion"), _("Suggested fine from (CNY)"),
                   _("Suggested fine to (CNY)"), _("Final measure"), _("Fine (CNY)"), _("Notes"), _("Officer"),
                   _("Rule set")]
        circumstances = {c.id: c.text.get(lang) for c in ruleset.procedures.circumstances} if ruleset else {}
        return export_response(fmt, "penalty-cases", headers, [
            [r.decided_on, r.company.name, r.wharf.name, f"{r.violation_id} {violations.get(r.violation_id, '')}".strip(),
             r.occurred_on, "、".join(circumstances.get(c, c) for c in r.circumstances or []),
             r.grade or _("Not rated"), _band_text(r, lang), r.suggested_low, r.suggested_high,
             str(FINAL_MEASURE_NAMES.get(r.final_measure, r.final_measure)), r.final_amount_cny, r.notes,
             _officer(r), r.ruleset_version] for r in rows], title=_("Penalty cases"))
    return render_template("permits/penalties.html", page=paginate(stmt), filters=filters, violations=violations,
                           companies=_company_options(), measure_codes=PENALTY_MEASURES_FINAL,
                           band_text=lambda r: _band_text(r, lang), export_args=_export_args())


def _band_text(case: PenaltyCase, lang: str) -> str:
    band = (case.suggestion or {}).get("band") or {}
    return band.get(lang) or band.get("zh_CN") or case.suggested_band
