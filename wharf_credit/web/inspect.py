"""Bureau staff: the registry of companies and wharves, assessments and safety events."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from ..extensions import db
from ..models import STAFF_ROLES
from ..services.registry import search_companies, search_wharves
from .access import role_required
from .pagination import paginate

bp = Blueprint("inspect", __name__)


@bp.get("/wharves")
@role_required(*STAFF_ROLES)
def wharves():
    q = request.args.get("q", "")
    page = paginate(search_wharves(db.session, q, request.args.get("type", "")))
    return render_template("inspect/wharves.html", page=page, q=q)


@bp.get("/companies")
@role_required(*STAFF_ROLES)
def companies():
    q = request.args.get("q", "")
    page = paginate(search_companies(db.session, q))
    return render_template("inspect/companies.html", page=page, q=q)
