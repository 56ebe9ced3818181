"""Error pages: HTML for the browser, problem+json for /api/."""
from __future__ import annotations

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException

from ..extensions import db


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
        return render_template("errors/error.html", error=exc), exc.code, headers

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.exception("unhandled error")
        db.session.rollback()
        if wants_json():
            return ({"type": "about:blank", "title": "Internal Server Error", "status": 500},
                    500, {"Content-Type": "application/problem+json"})
        return render_template("errors/error.html", error=None), 500
