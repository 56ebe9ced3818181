"""Exports of list pages as CSV or XLSX: the same filtered rows the page shows (all of them, not one page), headers
in the UI language. `?format=csv` / `?format=xlsx` on a list page; `export_response(...)` builds the download.

Text cells that a spreadsheet would read as a formula (starting with = + - @, tab or carriage return) get a leading
apostrophe, so a company name or a note typed by someone cannot run as a formula when an officer opens the file."""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from flask import Response, request

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def requested_format() -> str | None:
    """"csv" or "xlsx" when the list page was asked for an export (?format=...), else None."""
    fmt = request.args.get("format", "")
    return fmt if fmt in FORMATS else None


def safe_cell(value: Any) -> Any:
    """A cell value as it goes into the file: None -> "", formula-like text defused, numbers and dates kept."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark (so Excel opens Chinese text correctly), CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in headers])
    for row in rows:
        writer.writerow([safe_cell(v.isoformat() if isinstance(v, dt.date) else v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "Sheet") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31] or "Sheet"
    sheet.append([safe_cell(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(h)) for h in headers]
    for row in rows:
        values = [safe_cell(v) for v in row]
        sheet.append(values)
        widths = [max(w, len(str(v))) for w, v in zip(widths, values, strict=False)]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(max(width * 1.6, 8), 60)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_response(fmt: str, basename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]],
                    title: str = "Sheet") -> Response:
    """The download: `basename`-YYYY-MM-DD.csv|xlsx (ASCII file name; the headers carry the language)."""
    name = f"{basename}-{dt.date.today().isoformat()}.{fmt}"
    if fmt == "xlsx":
        body, mimetype = xlsx_bytes(headers, rows, title), XLSX_TYPE
    else:
        body, mimetype = csv_bytes(headers, rows), "text/csv; charset=utf-8"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response
