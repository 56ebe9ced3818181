"""Pagination of SQLAlchemy selects for list pages."""
from __future__ import annotations

from flask import current_app

from ..extensions import db
from .params import page_arg


def paginate(stmt, per_page: int | None = None):
    """Flask-SQLAlchemy's paginator on a select; ?page=N (junk -> 1, past the end -> empty page, not 404; see
    params.page_arg)."""
    return db.paginate(stmt, page=page_arg(), per_page=per_page or current_app.config["PER_PAGE"], error_out=False)
