"""Admin pages, one module per concern: API tokens (tokens.py), rule sets and re-rating (rulesets.py), learned
calibrators (calibrators.py), the task worker's jobs and duties (tasks.py). They share this blueprint; every page's door is the "administer" action."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort

bp = Blueprint("admin", __name__, url_prefix="/admin")


def job_or_404(job_id: str, kind: str) -> dict[str, Any]:
    """The background job `job_id` if it is one of `kind` (its page), else 404."""
    from ...queue import jobs

    state = jobs.get(job_id)
    if state is None or state.get("kind") != kind:
        abort(404)
    return state


from . import calibrators, rulesets, tasks, tokens  # noqa: E402,F401  (registers the pages on bp)
