"""What a refused use case says to the person at the page, in the UI language.

A ServiceError carries its English message id and parameters (services/__init__.py); the catalogue has every id
(Babel extracts them from the services), so saying it is one gettext. Codes among the parameters (a status) are named
as the pages name them; domain reasons come in both languages and the page takes its own."""
from __future__ import annotations

from typing import Any

from flask_babel import format_decimal, gettext

from ..services import ServiceError
from .labels import STATUS_NAMES, joined, labelled, ui_lang


def _shown(value: Any) -> Any:
    if isinstance(value, str) and value in STATUS_NAMES:
        return str(STATUS_NAMES[value])
    if isinstance(value, float):
        return format_decimal(value, "#,##0.##")
    return value


def field_error(form: Any, field: str | None, message: str) -> None:
    """Attach a message to a form field (or to the form as a whole when the field is not on it)."""
    target = form._fields.get(field or "")
    if target is not None:
        target.errors = [*target.errors, message]
    else:
        form.form_errors.append(message)


def say(exc: ServiceError) -> str:
    """The refusal as one sentence in the UI language (the English ids are lower-case fragments, as the API and
    the CLI print them: on a page they start with a capital and end with a full stop)."""
    params = {key: _shown(value) for key, value in exc.params.items()}
    text = gettext(exc.msgid, **params) if params else gettext(exc.msgid)
    lang = ui_lang()
    if exc.reasons:
        text = str(labelled(text, joined((r.get(lang) for r in exc.reasons), strong=True)))
    if lang == "en" and text:
        text = text[0].upper() + text[1:]
        if text[-1] not in ".!?:":
            text += "."
    return text
