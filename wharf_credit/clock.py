"""The clock: what day it is for wharf_credit's use cases. One function, so that a test can move the day (monkeypatch
`clock.today`) and every page that asks sees the same day."""
from __future__ import annotations

import datetime as dt


def today() -> dt.date:
    """The day the use cases run on."""
    return dt.date.today()
