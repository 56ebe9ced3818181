"""The bureau dashboard: grade distribution and wharves due for reassessment."""
from __future__ import annotations

from flask import Blueprint, render_template

from ..models import STAFF_ROLES
from .access import role_required

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


@bp.get("/")
@role_required(*STAFF_ROLES)
def index():
    return render_template("dashboard/index.html")
