"""The kinds of safety event: their fields, their allowed values and what a rule-set item may match on.

The words the rule language (rules/) and the facts (rating/) share, so that neither imports the other for them."""
from __future__ import annotations

from typing import Any

ACCIDENT_SEVERITIES = ("general", "large", "major", "extraordinary")  # national classes 一般/较大/重大/特别重大
HIDDEN_DANGER_SEVERITIES = ("general", "major")
PENALTY_MEASURES = ("warning", "fine", "suspension", "revocation")
PENALTY_CATEGORIES = ("pollution", "safety", "operation")
COMMENDATION_LEVELS = ("county", "city", "province", "national")
EVENT_STATUSES = ("active", "repaired", "dismissed")

# kind -> match key -> "bool" | "number" | tuple of allowed values. A rule-set item's `match` may use these keys.
EVENT_MATCH_KEYS: dict[str, dict[str, Any]] = {
    "accident": {"severity": ACCIDENT_SEVERITIES, "veto_bar": "bool", "responsible": "bool"},
    "hidden_danger": {"severity": HIDDEN_DANGER_SEVERITIES, "overdue": "bool"},
    "penalty": {"measure": PENALTY_MEASURES, "category": PENALTY_CATEGORIES, "min_amount_cny": "number"},
    "standardisation": {"level": ("1", "2", "3")},
    "commendation": {"level": COMMENDATION_LEVELS},
    "inspection": {"onsite": "bool", "min_findings": "number"},
    "obstruction": {},
    "pledge_broken": {},
}
EVENT_KINDS = tuple(EVENT_MATCH_KEYS)

# kind -> the extra fields (beyond kind, date, id, status, note) a facts object may give
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "accident": ("severity", "deaths", "injuries", "loss_cny", "responsible"),
    "hidden_danger": ("severity", "deadline", "rectified_on"),
    "penalty": ("measure", "amount_cny", "category"),
    "standardisation": ("level",),
    "commendation": ("level",),
    "inspection": ("onsite", "findings"),
    "obstruction": (),
    "pledge_broken": (),
}
