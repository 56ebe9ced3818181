"""The port company's portal: its own wharves, grades and what to fix first."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from ..extensions import db
from ..services.registry import search_wharves
from .access import role_required

bp = Blueprint("portal", __name__, url_prefix="/portal")


@bp.get("/")
@role_required("company")
def index():
    wharves = db.session.execute(search_wharves(db.session, company_id=current_user.company_id)).scalars().all()
    return render_template("portal/index.html", wharves=wharves, company=current_user.company)
