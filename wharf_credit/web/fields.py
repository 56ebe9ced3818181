"""Number and date fields for the forms, with messages in the UI language that say what to type.

WTForms' FloatField takes "inf", "nan" and "1e400" (= inf), and IntegerField takes any size of integer: NumberField
and WholeNumberField refuse non-finite numbers and bound both ends. DateField answers an impossible date
(2026-02-30) with "This field is required" when DataRequired follows it: DayField says the date does not exist; use
it with InputRequired (typed at all?) rather than DataRequired (typed and understood?).

A <textarea maxlength> makes the browser cut a longer paste without a word: TextField renders its limit as
data-maxlength instead (static/js/app.js counts the characters as they are typed) and the server's Length validator
says when the text is too long, keeping what was typed."""
from __future__ import annotations

import datetime as dt
import math
from typing import Any

from flask_babel import gettext as _
from wtforms import DateField, FloatField, IntegerField, TextAreaField


class NumberField(FloatField):
    """A finite number between `minimum` and `maximum` (inclusive)."""

    def __init__(self, label: Any = None, validators: Any = None, *, minimum: float = 0.0,
                 maximum: float, **kwargs: Any):
        super().__init__(label, validators, **kwargs)
        self.minimum, self.maximum = minimum, maximum

    def process_formdata(self, valuelist: list[Any]) -> None:
        raw = _typed(valuelist)
        if raw is None:
            self.data = None
            return
        try:
            value = float(raw)
        except (TypeError, ValueError):
            self.data = None
            raise ValueError(_("Enter a number, for example 12.5.")) from None
        if not math.isfinite(value):
            self.data = None
            raise ValueError(_("Enter an ordinary number: infinity, “nan” and numbers too large to store are not "
                               "accepted.")) from None
        self.data = value
        if not self.minimum <= value <= self.maximum:
            raise ValueError(_("Enter a number from %(min)s to %(max)s.", min=_plain(self.minimum),
                               max=_plain(self.maximum)))


class WholeNumberField(IntegerField):
    """A whole number between `minimum` and `maximum` (inclusive)."""

    def __init__(self, label: Any = None, validators: Any = None, *, minimum: int = 0, maximum: int, **kwargs: Any):
        super().__init__(label, validators, **kwargs)
        self.minimum, self.maximum = minimum, maximum

    def process_formdata(self, valuelist: list[Any]) -> None:
        raw = _typed(valuelist)
        if raw is None:
            self.data = None
            return
        # Length first: int() of a 5,000-digit string is refused by Python, and a long one is slow.
        if len(str(raw)) > 20:
            self.data = None
            raise ValueError(_("Enter a whole number from %(min)s to %(max)s.", min=self.minimum, max=self.maximum))
        try:
            value = int(raw)
        except (TypeError, ValueError):
            self.data = None
            raise ValueError(_("Enter a whole number, for example 3.")) from None
        self.data = value
        if not self.minimum <= value <= self.maximum:
            raise ValueError(_("Enter a whole number from %(min)s to %(max)s.", min=self.minimum, max=self.maximum))


def _typed(valuelist: list[Any]) -> Any:
    """What was typed into the field, stripped; None when nothing was."""
    raw = valuelist[0] if valuelist else None
    if isinstance(raw, str):
        raw = raw.strip()
    return None if raw in ("", None) else raw


def _plain(value: float) -> str:
    """1000000.0 -> "1000000", 0.5 -> "0.5", 1e12 -> "1000000000000"."""
    return str(int(value)) if float(value).is_integer() else repr(value)


class DayField(DateField):
    """A calendar day typed as YYYY-MM-DD; one that does not exist is named in the message."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        raw = _typed(valuelist)
        if raw is None:
            self.data = None
            return
        raw = str(raw)
        try:
            self.data = dt.date.fromisoformat(raw) if len(raw) == 10 else None
        except ValueError:
            self.data = None
        if self.data is None:
            raise ValueError(_("%(value)s is not a day of the calendar: write it as YYYY-MM-DD, for example "
                               "2026-03-31.", value=raw[:20]))


class TextField(TextAreaField):
    """A textarea whose length limit is reported, never enforced by cutting (see the module's docstring)."""

    def __call__(self, **kwargs: Any) -> Any:
        limit = getattr(self.flags, "maxlength", None)
        kwargs.setdefault("maxlength", False)
        if limit:
            kwargs.setdefault("data_maxlength", limit)
        return super().__call__(**kwargs)
