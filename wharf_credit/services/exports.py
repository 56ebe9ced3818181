"""Spreadsheet bytes (CSV with a BOM, XLSX) for the list pages and `flask export`, and the table of latest ratings
that `flask export ratings` writes. No Flask here: the web wraps the bytes in a download (web/exports.py).

Text cells that a spreadsheet would read as a formula (starting with = + - @, tab or carriage return) get a leading
apostrophe, so a company name or a note typed by someone cannot run as a formula when an officer opens the file."""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Company, RatingRow, Wharf
from .published import PUBLIC_STATUSES

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
RATING_HEADERS = ("company", "uscc", "wharf_code", "wharf", "type", "as_of", "score", "grade", "status",
                  "ruleset_version", "ruleset_sha256", "rating_id")


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


def latest_ratings(session: Session, published: bool = False) -> list[Sequence[Any]]:
    """The latest rating of every wharf (of the published or final ones with `published`), one row per wharf in
    RATING_HEADERS order, by company name then wharf code."""
    latest = select(func.max(RatingRow.id))
    if published:
        latest = latest.where(RatingRow.status.in_(PUBLIC_STATUSES))
    latest = latest.group_by(RatingRow.wharf_id)
    return list(session.execute(
        select(Company.name, Company.uscc, Wharf.code, Wharf.name, Wharf.type, RatingRow.as_of, RatingRow.score,
               RatingRow.grade, RatingRow.status, RatingRow.ruleset_version, RatingRow.ruleset_sha256, RatingRow.id)
        .join(Wharf, RatingRow.wharf_id == Wharf.id).join(Company, Wharf.company_id == Company.id)
        .where(RatingRow.id.in_(latest)).order_by(Company.name, Wharf.code)).all())
