"""Display names of codes (roles, wharf types, statuses, event kinds), translated per request."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

ROLE_NAMES = {"inspector": _l("Inspector"), "permit_officer": _l("Permit officer"), "reviewer": _l("Reviewer"),
              "company": _l("Port company"), "admin": _l("Administrator")}
TYPE_NAMES = {"bulk": _l("Bulk cargo"), "sand_gravel": _l("Sand and gravel"), "container": _l("Container"),
              "general_cargo": _l("General cargo"), "dangerous_goods": _l("Dangerous goods"),
              "passenger": _l("Passenger"), "roro": _l("Ro-ro")}
STATUS_NAMES = {"provisional": _l("Provisional"), "published": _l("Published"), "final": _l("Final"),
                "active": _l("Counts"), "repaired": _l("Repaired"), "dismissed": _l("Dismissed")}
EVENT_KIND_NAMES = {"accident": _l("Accident"), "hidden_danger": _l("Hidden danger"), "penalty": _l("Penalty"),
                    "standardisation": _l("Safety standardisation"), "commendation": _l("Commendation"),
                    "inspection": _l("Inspection"), "obstruction": _l("Obstruction of inspection"),
                    "pledge_broken": _l("Broken credit pledge")}
GRADE_NAMES = {"AA": _l("Excellent"), "A": _l("Good"), "B": _l("Fair"), "C": _l("Poor"), "D": _l("Seriously dishonest")}


def label_functions() -> dict:
    return {
        "role_name": lambda code: str(ROLE_NAMES.get(code, code)),
        "type_name": lambda code: str(TYPE_NAMES.get(code, code)),
        "status_name": lambda code: str(STATUS_NAMES.get(code, code)),
        "event_kind_name": lambda code: str(EVENT_KIND_NAMES.get(code, code)),
        "grade_name": lambda code: str(GRADE_NAMES.get(code, code)),
    }
