"""Pagination of SQLAlchemy selects for list pages."""
from __future__ import annotations

from flask import current_app, request

from ..extensions import db


def paginate(stmt, per_page: int | None = None):
    """Flask-SQLAlchemy's paginator on a select; ?page=N (junk -> 1, past the end -> empty page, not 404)."""
    page = request.args.get("page", 1, type=int) or 1
    return db.paginate(stmt, page=max(page, 1), per_page=per_page or current_app.config["PER_PAGE"], error_out=False)
