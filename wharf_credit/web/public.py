"""Public pages (no login): the home page and the list of published grades (公示)."""
from __future__ import annotations


from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from .. import clock
from ..domain import DomainError
from ..domain.rules.model import WHARF_TYPES
from ..domain.vocabulary import GRADE_CODES
from ..extensions import db
from ..rules import rule_store
from ..services.published import published_grades
from .exports import export_response, requested_format
from .labels import label_functions
from .params import page_arg

bp = Blueprint("public", __name__)
type_name = label_functions()["type_name"]


@bp.get("/")
def index():
    try:
        ruleset = rule_store().book.for_date(clock.today())
        error = None
    except DomainError as exc:
        ruleset, error = None, str(exc)
    return render_template("public/index.html", ruleset=ruleset, error=error, wharf_types=WHARF_TYPES)


@bp.get("/grades")
def grades():
    q = request.args.get("q", "")[:100]
    wharf_type = request.args.get("type", "")
    grade = request.args.get("grade", "")
    wharf_type = wharf_type if wharf_type in WHARF_TYPES else ""
    grade = grade if grade in GRADE_CODES else ""
    fmt = requested_format()
    if fmt:  # the same filtered list, every row
        rows = db.session.execute(published_grades(q, wharf_type, grade)).scalars()
        return export_response(fmt, "published-grades", [  # the columns the page shows, nothing more
            str(_("Company")), str(_("Wharf")), str(_("Wharf type")), str(_("Grade")), str(_("Rated on"))],
            ([r.wharf.company.name, r.wharf.name, type_name(r.wharf.type), r.grade, r.as_of] for r in rows),
            title=str(_("Published grades")))
    page = db.paginate(published_grades(q, wharf_type, grade), page=page_arg(),
                       per_page=50, error_out=False, count=True)
    return render_template("public/grades.html", page=page, q=q, wharf_type=wharf_type, grade=grade,
                           wharf_types=WHARF_TYPES, grades=GRADE_CODES)


@bp.get("/healthz")
def health():
    return {"status": "ok"}
