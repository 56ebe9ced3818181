"""Display names of codes (roles, wharf types, statuses, event kinds), translated per request, and the punctuation
that joins them in the UI language (Chinese text takes full-width ：；，)."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from flask import request, session
from flask_babel import format_date, format_time
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ..languages import LANGS, pick

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


def format_moment(value: dt.datetime | str | None) -> str:
    """A moment in the bureau's time zone (TIMEZONE), with the zone named, its day written as format_day writes
    days: "2026年12月7日 20:00 中国标准时间" / "Dec 7, 2026 20:00 China Standard Time". Naive datetimes are UTC, as
    the database stores them; ISO text (the calibrator's activation record) is read first."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    return f"{format_date(value)} {format_time(value, 'HH:mm zzzz')}"


def format_day(value: dt.date | str | None) -> str:
    """A day in the UI language's one date format (2026年3月4日 / Mar 4, 2026); ISO text is read first."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return format_date(value)


def ui_lang() -> str:
    """The language of this request's page ("zh_CN" or "en", as the rule texts key them; Babel's locale selector
    too): ?lang= (remembered in the session) > the user's browser > Chinese (languages.pick)."""
    asked = request.args.get("lang")
    if asked in LANGS:
        session["lang"] = asked
    return pick(asked, session.get("lang"), request.accept_languages.best_match(["zh", "en"], default="zh"))


AFTER_CJK = re.compile(r"(?<=[\u3400-\u9fff）》」])\s*([;:])\s*")


def chinese_punctuation(text: str) -> str:
    """On a Chinese page, an ASCII semicolon or colon after Chinese text becomes its full-width form (rule texts
    of 2026.1 and older wrote "《行政处罚法》第三十三条; 首违不罚清单")."""
    if ui_lang() != "zh_CN" or not isinstance(text, str) or isinstance(text, Markup):
        return text
    return AFTER_CJK.sub(lambda m: "；" if m.group(1) == ";" else "：", text)


def labelled(label: Any, value: Any) -> Markup:
    """"label: value" with the UI language's colon (both escaped unless already markup)."""
    if ui_lang() == "zh_CN":
        return Markup("{}：{}").format(label, chinese_punctuation(value))
    return Markup("{}: {}").format(label, value)


def joined(parts: Iterable[str], strong: bool = False) -> str:
    """Items of a list in the UI language: 、 or , between words; ； or ; between clauses (`strong`)."""
    if ui_lang() == "zh_CN":
        return ("；" if strong else "、").join(parts)
    return ("; " if strong else ", ").join(parts)


CJK = re.compile(r"[\u3400-\u9fff]")


def original_text(text: str) -> Markup:
    """A text the rule set keeps only in Chinese (a legal basis, a standard's section): on an English page it is
    marked as Chinese and labelled as the original, so a reader knows it was not left untranslated by mistake."""
    if not text or ui_lang() == "zh_CN" or not CJK.search(text):
        return Markup.escape(chinese_punctuation(text or ""))
    return Markup('<span lang="zh-CN">{}</span> <small class="original-note">({})</small>').format(
        text, _l("original text in Chinese"))


def label_functions() -> dict:
    return {
        "role_name": lambda code: str(ROLE_NAMES.get(code, code)),
        "type_name": lambda code: str(TYPE_NAMES.get(code, code)),
        "status_name": lambda code: str(STATUS_NAMES.get(code, code)),
        "event_kind_name": lambda code: str(EVENT_KIND_NAMES.get(code, code)),
        "grade_name": lambda code: str(GRADE_NAMES.get(code, code)),
        "action_name": lambda code: str(ACTION_NAMES.get(code, code)),
        "original_text": original_text, "labelled": labelled,
        "colon": lambda: "：" if ui_lang() == "zh_CN" else ": ",
    }
