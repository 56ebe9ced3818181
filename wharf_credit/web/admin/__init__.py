"""Admin pages, one module per concern: API tokens (tokens.py), rule sets and re-rating (rulesets.py), learned
calibrators (calibrators.py), the task worker's jobs and duties (tasks.py). They share this blueprint; every page's door is the "administer" action."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from . import calibrators, rulesets, tasks, tokens  # noqa: E402,F401  (registers the pages on bp)
