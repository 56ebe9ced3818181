"""JSON text for the database's JSON columns: orjson, with the standard library's treatment of non-string keys."""
from __future__ import annotations

from typing import Any

import orjson


def json_text(value: Any) -> str:
    """Compact JSON text; dict keys that are not strings become strings (as json.dumps does), NaN becomes null."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def json_value(text: str | bytes) -> Any:
    """The value of JSON text. Anything else is a TypeError, as with json.loads: SQLAlchemy's SQLite dialect relies
    on it to pass through numbers that SQLite's NUMERIC affinity stored as numbers."""
    if not isinstance(text, str | bytes | bytearray | memoryview):
        raise TypeError(f"JSON text must be str or bytes, not {type(text).__name__}")
    return orjson.loads(text)
