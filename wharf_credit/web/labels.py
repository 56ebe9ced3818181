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
# what an audit entry records, as a sentence fragment for the history tables ("rating.created" -> "评价结果已生成")
ACTION_NAMES = {
    "assessment.submitted": _l("Assessment filed"), "auth.failed": _l("Failed sign-in"), "auth.login": _l("Signed in"),
    "auth.logout": _l("Signed out"), "calibrator.activate": _l("Calibrator activated"),
    "calibrator.deactivate": _l("Calibrator deactivated"), "calibrator.fallback": _l("Calibrator not usable: rules only"),
    "company.created": _l("Company registered"), "company.updated": _l("Company record changed"),
    "demo.seeded": _l("Demo data loaded"), "inspections.drawn": _l("Inspection draw made"),
    "objection.filed": _l("Objection filed"), "objection.upheld": _l("Objection decided: rating upheld"),
    "objection.corrected": _l("Objection decided: rating corrected"), "penalty.decided": _l("Penalty case decided"),
    "permit.decided": _l("Permit decision recorded"), "rating.created": _l("Rating made"),
    "rating.finalised": _l("Rating made final"), "rating.published": _l("Rating published"),
    "ratings.batch": _l("Whole registry re-rated"), "repair.requested": _l("Credit repair requested"),
    "repair.approved": _l("Credit repair approved"), "repair.refused": _l("Credit repair refused"),
    "rules.activated": _l("Rule set activated"), "rules.diff_viewed": _l("Rule-set what-if viewed"),
    "safety_event.recorded": _l("Safety event recorded"), "safety_event.repaired": _l("Safety event repaired"),
    "token.created": _l("API token created"), "token.revoked": _l("API token revoked"),
    "user.created": _l("User created"), "wharf.created": _l("Wharf registered"),
    "wharf.updated": _l("Wharf record changed"),
}
GRADE_NAMES = {"AA": _l("Excellent"), "A": _l("Good"), "B": _l("Fair"), "C": _l("Poor"), "D": _l("Seriously dishonest")}


def label_functions() -> dict:
    return {
        "role_name": lambda code: str(ROLE_NAMES.get(code, code)),
        "type_name": lambda code: str(TYPE_NAMES.get(code, code)),
        "status_name": lambda code: str(STATUS_NAMES.get(code, code)),
        "event_kind_name": lambda code: str(EVENT_KIND_NAMES.get(code, code)),
        "grade_name": lambda code: str(GRADE_NAMES.get(code, code)),
        "action_name": lambda code: str(ACTION_NAMES.get(code, code)),
    }
