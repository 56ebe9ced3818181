"""Use cases that touch the database: short functions taking a Session, one commit each, domain values out."""
from __future__ import annotations


class ServiceError(Exception):
    """A use case refused: the message is for the user (English; views translate known ones)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class NotFound(ServiceError):
    pass
