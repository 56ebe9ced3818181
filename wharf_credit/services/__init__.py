"""Use cases that touch the database: short functions taking a Session, one commit each, domain values out."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class ServiceError(Exception):
    """A use case refused. `message` is an English message id with %(name)s placeholders filled from `params`;
    str(error) is the English sentence (the API and the CLI show it), web.messages.say() says it in the UI language
    (Babel extracts the first argument of every ServiceError(...) and NotFound(...) call into the catalogue).
    `reasons`: texts from the domain in both languages (I18n), added after the sentence (why a credit repair is
    refused)."""

    def __init__(self, message: str, field: str | None = None, *, reasons: Iterable[Any] = (), **params: Any):
        self.msgid, self.params, self.reasons = message, params, tuple(reasons)
        text = message % params if params else message
        if self.reasons:
            text = f"{text}: {'; '.join(r.en for r in self.reasons)}"
        super().__init__(text)
        self.field = field


class NotFound(ServiceError):
    pass
