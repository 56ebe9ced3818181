"""How a stored safety event's own fields are shown on a page (the registry, the portal, the reviewer's desk)."""
from __future__ import annotations

from flask_babel import format_decimal
from flask_babel import gettext as _

from ..models import SafetyEventRow
from .forms import CATEGORY_NAMES, COMMENDATION_NAMES, MEASURE_NAMES, SEVERITY_NAMES
from .labels import format_day, joined, labelled

EVENT_DETAIL_LABELS = {
    "severity": lambda: _("Class"), "deaths": lambda: _("Deaths"), "injuries": lambda: _("Serious injuries"),
    "loss_cny": lambda: _("Direct loss (CNY)"), "responsible": lambda: _("The company is responsible"),
    "deadline": lambda: _("Rectification deadline"), "rectified_on": lambda: _("Rectified on"),
    "measure": lambda: _("Measure"), "amount_cny": lambda: _("Fine (CNY)"), "category": lambda: _("Category"),
    "level": lambda: _("Level"), "onsite": lambda: _("On-site inspection"), "findings": lambda: _("Findings"),
}
EVENT_VALUE_NAMES = {"severity": SEVERITY_NAMES, "measure": MEASURE_NAMES, "category": CATEGORY_NAMES,
                     "level": COMMENDATION_NAMES}


def event_details(row: SafetyEventRow) -> str:
    """The kind-specific fields of a stored event as one line of text."""
    parts = []
    for key, value in (row.data or {}).items():
        label = EVENT_DETAIL_LABELS.get(key)
        if label is None or value in (None, ""):
            continue
        names = EVENT_VALUE_NAMES.get(key, {})
        if isinstance(value, bool):
            shown = _("Yes") if value else _("No")
        elif str(value) in names:
            shown = str(names[str(value)])
        elif isinstance(value, int | float):
            shown = format_decimal(value, "#,##0.##")
        elif key.endswith("_on") and isinstance(value, str):
            shown = format_day(value)
        else:
            shown = str(value)
        parts.append(labelled(str(label()), shown))
    return joined(parts, strong=True)
