"""Error pages: HTML for the browser, problem+json for /api/."""
from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from ..extensions import db

# The heading of the error page in the page's language (werkzeug's `exc.name` is English only); problem+json
# answers keep werkzeug's English titles.
STATUS_NAMES = {
    400: _l("Bad Request"), 401: _l("Unauthorized"), 403: _l("Forbidden"), 404: _l("Not Found"),
    405: _l("Method Not Allowed"), 413: _l("Request Entity Too Large"), 429: _l("Too Many Requests"),
    500: _l("Internal Server Error"),
}


def status_name(code: int, fallback: str = "") -> str:
    name = STATUS_NAMES.get(code)
    return str(name) if name is not None else fallback


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        headers = {}
        if exc.code == 405 and getattr(exc, "valid_methods", None):
            headers["Allow"] = ", ".join(sorted(exc.valid_methods))  # type: ignore[attr-defined]
        if wants_json():
            body = {"type": "about:blank", "title": exc.name, "status": exc.code, "detail": exc.description}
            return body, exc.code, {**headers, "Content-Type": "application/problem+json"}
        code = exc.code or 500
        return (render_template("errors/error.html", error=exc, code=code, title=status_name(code, exc.name)),
                code, headers)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.exception("unhandled error")
        db.session.rollback()
        if wants_json():
            return ({"type": "about:blank", "title": "Internal Server Error", "status": 500},
                    500, {"Content-Type": "application/problem+json"})
        return render_template("errors/error.html", error=None, code=500, title=status_name(500)), 500
