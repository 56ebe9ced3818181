"""Error pages: HTML for the browser, problem+json for /api/."""
from __future__ import annotations

from typing import Any

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


def field_errors(data: dict[str, Any]) -> list[dict[str, str]]:
    """Every problem with its field path: the API's own `errors`, or webargs' nested `messages`
    ({"json": {"values": ["Not a valid mapping."]}} -> {"field": "values", "message": ...})."""
    if data.get("errors"):
        return list(data["errors"])
    out: list[dict[str, str]] = []

    def walk(node: Any, path: list[str]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, [*path, str(key)])
        elif isinstance(node, list) and all(isinstance(m, str) for m in node):
            for message in node:
                out.append({"field": ".".join(path[1:]) if len(path) > 1 else "", "in": path[0] if path else "",
                            "message": message})
        else:
            out.append({"field": ".".join(path[1:]), "in": path[0] if path else "", "message": str(node)})

    walk(data.get("messages") or {}, [])
    return out


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        headers = {}
        if exc.code == 405 and getattr(exc, "valid_methods", None):
            headers["Allow"] = ", ".join(sorted(exc.valid_methods))  # type: ignore[attr-defined]
        if exc.code == 401 and request.path.startswith("/api/"):
            headers["WWW-Authenticate"] = "Bearer"
        if wants_json():
            body = {"type": "about:blank", "title": exc.name, "status": exc.code, "detail": exc.description}
            errors = field_errors(getattr(exc, "data", None) or {})
            if errors:
                body["errors"] = errors
            return body, exc.code, {**headers, "Content-Type": "application/problem+json"}
        code = exc.code or 500
        # A description given at abort(...) is ours and already in the UI language; werkzeug's default is not.
        detail = exc.description if exc.description != type(exc).description else None
        return (render_template("errors/error.html", error=exc, code=code, title=status_name(code, exc.name),
                                detail=detail), code, headers)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.exception("unhandled error")
        db.session.rollback()
        if wants_json():
            return ({"type": "about:blank", "title": "Internal Server Error", "status": 500},
                    500, {"Content-Type": "application/problem+json"})
        return render_template("errors/error.html", error=None, code=500, title=status_name(500)), 500
