"""Whole numbers from URLs, query strings and form lists, bounded so that nothing a user types reaches the database
as an integer it cannot hold (SQLite raises OverflowError past 2**63, PostgreSQL past 2**31 for `integer`).

- `<int:...>` in every route (web and API) is `BoundedIntegerConverter`: an id above DB_INT_MAX matches no route,
  so it is a 404 like any other id that does not exist (and the OpenAPI document states the maximum).
- `page_arg()`: a missing or unreadable ?page= is page 1 (a list page never fails on a stale link); a page above
  PAGE_MAX is a 400 saying so.
- `id_arg(name)` / `id_values(texts)`: an optional id filter; not a number -> ignored, out of range -> 400."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Flask, abort, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

from ..limits import DB_INT_MAX, PAGE_MAX


class BoundedIntegerConverter(IntegerConverter):
    """werkzeug's `int` converter with max=DB_INT_MAX unless the route gives its own."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = None,  # noqa: A002
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=DB_INT_MAX if max is None else max,
                         signed=signed)


def install_converters(app: Flask) -> None:
    """Before any blueprint is registered: every `<int:...>` in the app is bounded."""
    app.url_map.converters["int"] = BoundedIntegerConverter


def page_arg(name: str = "page") -> int:
    text = (request.args.get(name) or "").strip()
    if text.isascii() and text.isdigit():
        if len(text) > 7 or int(text) > PAGE_MAX:
            abort(400, description=_("There is no page %(page)s: page numbers go from 1 to %(max)s.",
                                     page=text[:20], max=PAGE_MAX))
        return max(int(text), 1)
    return 1


def id_arg(name: str) -> int | None:
    """An optional id in the query string: None when absent or not a number; 400 when out of range."""
    return _bounded(request.args.get(name), name)


def id_values(texts: Iterable[str], name: str) -> list[int]:
    """Ids from a form list (checkboxes): the ones that are numbers, sorted, each checked for range."""
    return sorted({value for text in texts if (value := _bounded(text, name)) is not None})


def _bounded(text: str | None, name: str) -> int | None:
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    if len(text) > 10 or not 1 <= int(text) <= DB_INT_MAX:
        abort(400, description=_("%(name)s must be a whole number from 1 to %(max)s.", name=name, max=DB_INT_MAX))
    return int(text)


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def refuse_nul_characters() -> None:
    """Before any view: a NUL character in a query string, a form or a JSON body is a 400. No text here may hold
    one, and PostgreSQL refuses them in a query (it would be a 500 there and pass unnoticed on SQLite)."""
    pairs = [*request.args.items(multi=True)]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        pairs += [*request.form.items(multi=True)]
    if any(_has_nul(k) or _has_nul(v) for k, v in pairs) or (request.is_json and _has_nul(request.get_json(
            silent=True))):
        abort(400, description=_("The request contains a NUL character (\\0), which no field may hold."))
