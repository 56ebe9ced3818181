"""Exports of list pages as CSV or XLSX: the same filtered rows the page shows (all of them, not one page), headers
in the UI language. `?format=csv` / `?format=xlsx` on a list page; `export_response(...)` builds the download.
The bytes (and the formula-defusing of cells) come from services/exports.py."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from flask import Response, request

from .. import clock
from ..services.exports import csv_bytes, xlsx_bytes

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def requested_format() -> str | None:
    """"csv" or "xlsx" when the list page was asked for an export (?format=...), else None."""
    fmt = request.args.get("format", "")
    return fmt if fmt in FORMATS else None


def export_response(fmt: str, basename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]],
                    title: str = "Sheet") -> Response:
    """The download: `basename`-YYYY-MM-DD.csv|xlsx (ASCII file name; the headers carry the language)."""
    name = f"{basename}-{clock.today().isoformat()}.{fmt}"
    if fmt == "xlsx":
        body, mimetype = xlsx_bytes(headers, rows, title), XLSX_TYPE
    else:
        body, mimetype = csv_bytes(headers, rows), "text/csv"  # Werkzeug adds "; charset=utf-8" to text/*
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response
