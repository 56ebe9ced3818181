"""Browsable API documentation rendered on the server from the OpenAPI document (no CDN, no inline script)."""
from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("apidocs", __name__)


@bp.get("/api/v1/docs")
def docs():
    from . import api

    spec = api.spec.to_dict()
    operations = []
    for path, item in spec.get("paths", {}).items():
        for method, op in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                operations.append({"method": method.upper(), "path": path, **op})
    return render_template("api/docs.html", spec=spec, operations=operations)
