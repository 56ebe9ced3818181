"""Browsable API documentation rendered on the server from the OpenAPI document (no CDN, no inline script), in the
UI language: what each operation does is said here in words (OPERATION_TEXTS, translated); the contract itself
(paths, parameters, schemas) is shown as the OpenAPI document has it, marked translate="no"."""
from __future__ import annotations

import http

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

bp = Blueprint("apidocs", __name__)

# (method, path under /api/v1) -> what the operation does, for people; the OpenAPI document keeps the English one.
OPERATION_TEXTS = {
    ("POST", "/ratings/preview"): _l("Rate a facts object with the rule set in force on its as_of date; nothing is "
                                     "stored."),
    ("GET", "/wharves"): _l("Wharves with their latest published grade, filtered by type and grade; a company "
                            "token sees only its own wharves."),
    ("GET", "/wharves/{wharf_id}"): _l("One wharf with its latest published grade."),
    ("GET", "/wharves/{wharf_id}/rating"): _l("The latest rating: staff see the newest of any status, others the "
                                              "newest published one."),
    ("GET", "/wharves/{wharf_id}/ratings"): _l("Rating history, newest first (only published ratings for tokens "
                                               "of companies)."),
    ("GET", "/companies/{uscc}/grade"): _l("For permit systems: the company's grade (its worst published wharf), "
                                           "the measures that apply, the vetoes in force and warnings."),
    ("POST", "/wharves/{wharf_id}/assessments"): _l("File a green-guide assessment (inspectors): it is stored, rated "
                                                    "and never changed; supersedes_id corrects an older one."),
    ("POST", "/wharves/{wharf_id}/safety-events"): _l("Record a safety event (inspectors); the wharf is rated again "
                                                      "as of today."),
}
PLACES = {"query": _l("query string"), "path": _l("path"), "header": _l("header")}


# The same names as the error pages (web/errors.py), so both read alike; 422 occurs only in the API.
STATUS_TEXTS = {200: _l("Success"), 201: _l("Created and stored"), 400: _l("Bad Request"), 401: _l("Unauthorized"),
                403: _l("Forbidden"), 404: _l("Not Found"), 405: _l("Method Not Allowed"),
                413: _l("Request Entity Too Large"), 422: _l("Invalid fields"), 429: _l("Too Many Requests"),
                500: _l("Internal Server Error")}


def status_text(code: str) -> str:
    """A response's status in the UI language ("default": any other error)."""
    try:
        number = int(code)
    except ValueError:
        return str(_l("Any other error"))
    name = STATUS_TEXTS.get(number)
    return str(name) if name is not None else http.HTTPStatus(number).phrase


@bp.get("/api/v1/docs")
def docs():
    from . import api

    spec = api.spec.to_dict()
    prefix = "/api/v1"
    operations = []
    for path, item in spec.get("paths", {}).items():
        for method, op in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                key = (method.upper(), path.removeprefix(prefix))
                operations.append({"method": method.upper(), "path": path, "text": OPERATION_TEXTS.get(key), **op})
    return render_template("api/docs.html", spec=spec, operations=operations, places=PLACES,
                           status_text=status_text)
