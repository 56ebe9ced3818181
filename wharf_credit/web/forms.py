"""WTForms of the inspector journey: company and wharf records, the green-guide assessment (generated from the rule
set in force for the wharf's type) and safety events. Labels and messages are lazy translations."""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, SelectField, StringField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from .. import clock
from ..domain.event_kinds import (ACCIDENT_SEVERITIES, COMMENDATION_LEVELS, HIDDEN_DANGER_SEVERITIES,
    PENALTY_CATEGORIES, PENALTY_MEASURES)
from ..domain.rules.model import WHARF_TYPES, Indicator
from ..domain.uscc import ALPHABET, check_digit
from ..limits import AMOUNT_CNY_MAX, CAPACITY_KT_MAX, COUNT_MAX, DWT_MAX, INDICATOR_VALUE_MAX
from .fields import DayField, NumberField, TextField, WholeNumberField
from .labels import EVENT_KIND_NAMES, TYPE_NAMES

YES, NO = "yes", "no"


def options(pairs: Any) -> list[SelectChoice]:
    """(value, label) pairs as SelectField choices (tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(value, label) for value, label in pairs]


def uscc_message(code: str) -> str | None:
    """What is wrong with a unified social credit code, in the UI language (None when it is valid)."""
    code = (code or "").strip().upper()
    if len(code) != 18:
        return _("Must be 18 characters, got %(num)s.", num=len(code))
    bad = "".join(sorted({ch for ch in code if ch not in ALPHABET}))
    if bad:
        return _("Contains characters a unified social credit code cannot have: %(chars)s", chars=bad)
    want = check_digit(code[:17])
    if code[17] != want:
        return _("Wrong check digit: the last character should be %(want)s.", want=want)
    return None


def valid_uscc(form: Any, field: Any) -> None:
    problem = uscc_message(field.data or "")
    if problem:
        raise ValidationError(problem)


def not_in_future(form: Any, field: Any) -> None:
    if field.data and field.data > clock.today():
        raise ValidationError(_l("The date cannot be in the future."))


class CompanyForm(FlaskForm):
    name = StringField(_l("Company name"), validators=[DataRequired(), Length(max=200)])
    uscc = StringField(_l("Unified social credit code"), validators=[DataRequired(), valid_uscc],
                       filters=[lambda v: (v or "").strip().upper()])
    permit_no = StringField(_l("Port operation permit no."), validators=[Optional(), Length(max=64)])
    permit_valid_until = DayField(_l("Permit valid until"), validators=[Optional()])
    safety_evaluation_valid_until = DayField(_l("Safety evaluation valid until"), validators=[Optional()])
    dg_annex_valid_until = DayField(_l("Dangerous-goods annex valid until"), validators=[Optional()])
    serious_dishonesty_list = BooleanField(_l("On the list of seriously dishonest entities"))
    permit_fraud = BooleanField(_l("Permit obtained by fraud"))
    filings_complete = BooleanField(_l("Filings complete"), default=True)
    contact_name = StringField(_l("Contact person"), validators=[Optional(), Length(max=100)])
    contact_phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=40)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])

    def record(self) -> dict[str, Any]:
        return {name: (f.data or "") if isinstance(f, StringField) else f.data
                for name, f in self._fields.items() if name != "csrf_token"}


class WharfForm(FlaskForm):
    company_id = SelectField(_l("Company"), coerce=int, validators=[DataRequired()])
    name = StringField(_l("Wharf name"), validators=[DataRequired(), Length(max=200)])
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40)], filters=[lambda v: (v or "").strip()])
    type = SelectField(_l("Wharf type"), choices=options((t, TYPE_NAMES[t]) for t in WHARF_TYPES))
    waterway = StringField(_l("Waterway"), validators=[Optional(), Length(max=100)])
    berths = WholeNumberField(_l("Berths"), validators=[Optional()], maximum=1000)
    capacity_kt = NumberField(_l("Design capacity (kt per year)"), validators=[Optional()], maximum=CAPACITY_KT_MAX)
    max_dwt = WholeNumberField(_l("Largest ship (dwt)"), validators=[Optional()], maximum=DWT_MAX)
    year_built = WholeNumberField(_l("Year built"), validators=[Optional()], minimum=1900, maximum=2100)
    operating_since = DayField(_l("Operating since"), validators=[Optional(), not_in_future])
    location = StringField(_l("Location"), validators=[Optional(), Length(max=200)])

    def record(self) -> dict[str, Any]:
        return {name: (f.data or "") if isinstance(f, StringField) else f.data
                for name, f in self._fields.items() if name != "csrf_token"}


# --- the assessment form, one class per (rule set, wharf type) ----------------------------------------------------

LEVEL_CHOICES = [("", _l("Not assessed"))] + [(str(n), str(n)) for n in range(6)]
BOOL_CHOICES = [("", _l("Not assessed")), (YES, _l("Yes")), (NO, _l("No"))]


def value_field_name(ind: Indicator) -> str:
    return f"v_{ind.id}"


def evidence_field_name(ind: Indicator) -> str:
    return f"e_{ind.id}"


def photo_field_name(ind: Indicator) -> str:
    return f"p_{ind.id}"


class AssessmentFormBase(FlaskForm):
    assessed_on = DayField(_l("Assessed on"), validators=[InputRequired(), not_in_future], default=clock.today)
    notes = TextField(_l("Notes"), validators=[Optional(), Length(max=4000)])
    supersedes_id = HiddenField()

    indicators: tuple[Indicator, ...] = ()

    def values(self) -> dict[str, Any]:
        """The entered values in the facts shape: level int, bool, or number; blank ones left out."""
        out: dict[str, Any] = {}
        for ind in self.indicators:
            raw = self[value_field_name(ind)].data
            if raw in (None, ""):
                continue
            if ind.kind == "level":
                out[ind.id] = int(raw)
            elif ind.kind == "bool":
                out[ind.id] = raw == YES
            else:
                out[ind.id] = int(raw) if float(raw).is_integer() else float(raw)
        return out

    def evidence(self) -> dict[str, str]:
        return {ind.id: (self[evidence_field_name(ind)].data or "").strip() for ind in self.indicators
                if (self[evidence_field_name(ind)].data or "").strip()}

    def fill(self, values: dict[str, Any], evidence: dict[str, str]) -> None:
        """Pre-fill from a stored assessment (a correction starts from the values it corrects)."""
        for ind in self.indicators:
            if ind.id in values:
                v = values[ind.id]
                self[value_field_name(ind)].data = (
                    (YES if v else NO) if ind.kind == "bool" else str(v) if ind.kind == "level" else v)
            if evidence.get(ind.id):
                self[evidence_field_name(ind)].data = evidence[ind.id]


def assessment_form_class(indicators: tuple[Indicator, ...], lang: str) -> type[AssessmentFormBase]:
    """A form class with a value, an evidence note and a photo field per indicator, labelled in `lang`."""
    attrs: dict[str, Any] = {"indicators": indicators}
    for ind in indicators:
        label = f"{ind.name.get(lang)} ({ind.id})"
        if ind.kind == "level":
            attrs[value_field_name(ind)] = SelectField(label, choices=options(LEVEL_CHOICES), default="")
        elif ind.kind == "bool":
            attrs[value_field_name(ind)] = SelectField(label, choices=options(BOOL_CHOICES), default="")
        else:
            # the indicator's own range, so that a value out of it is reported with every other error at once
            low = ind.value_min if ind.value_min is not None else -INDICATOR_VALUE_MAX
            high = ind.value_max if ind.value_max is not None else INDICATOR_VALUE_MAX
            attrs[value_field_name(ind)] = NumberField(label, validators=[Optional()], minimum=max(low, -INDICATOR_VALUE_MAX),
                                                       maximum=min(high, INDICATOR_VALUE_MAX))
        attrs[evidence_field_name(ind)] = StringField(_l("Evidence"), validators=[Optional(), Length(max=1000)])
        attrs[photo_field_name(ind)] = FileField(_l("Photo (JPEG or PNG)"))
    return type("AssessmentForm", (AssessmentFormBase,), attrs)


# --- safety events ------------------------------------------------------------------------------------------------

EVENT_FORM_KINDS = tuple(EVENT_KIND_NAMES)
SEVERITY_NAMES = {"general": _l("General"), "large": _l("Large"), "major": _l("Major"),
                  "extraordinary": _l("Extraordinary")}
MEASURE_NAMES = {"warning": _l("Warning"), "fine": _l("Fine"), "suspension": _l("Suspension"),
                 "revocation": _l("Revocation")}
CATEGORY_NAMES = {"pollution": _l("Pollution"), "safety": _l("Safety"), "operation": _l("Operation")}
COMMENDATION_NAMES = {"county": _l("County"), "city": _l("City"), "province": _l("Province"),
                      "national": _l("National")}
BLANK = [("", "—")]

# form field -> (kind it belongs to, key in the facts JSON)
EVENT_FIELD_KEYS: dict[str, tuple[str, str]] = {
    "accident_severity": ("accident", "severity"), "deaths": ("accident", "deaths"),
    "injuries": ("accident", "injuries"), "loss_cny": ("accident", "loss_cny"),
    "responsible": ("accident", "responsible"),
    "danger_severity": ("hidden_danger", "severity"), "deadline": ("hidden_danger", "deadline"),
    "rectified_on": ("hidden_danger", "rectified_on"),
    "measure": ("penalty", "measure"), "amount_cny": ("penalty", "amount_cny"), "category": ("penalty", "category"),
    "std_level": ("standardisation", "level"), "commendation_level": ("commendation", "level"),
    "onsite": ("inspection", "onsite"), "findings": ("inspection", "findings"),
}


class EventForm(FlaskForm):
    kind = SelectField(_l("Kind of event"), choices=options((k, EVENT_KIND_NAMES[k]) for k in EVENT_FORM_KINDS))
    date = DayField(_l("Date"), validators=[InputRequired(), not_in_future], default=clock.today)
    # accident
    accident_severity = SelectField(_l("Accident class"), default="",
                                    choices=options(BLANK + [(s, SEVERITY_NAMES[s]) for s in ACCIDENT_SEVERITIES]))
    deaths = WholeNumberField(_l("Deaths"), validators=[Optional()], maximum=COUNT_MAX)
    injuries = WholeNumberField(_l("Serious injuries"), validators=[Optional()], maximum=COUNT_MAX)
    loss_cny = NumberField(_l("Direct loss (CNY)"), validators=[Optional()], maximum=AMOUNT_CNY_MAX)
    responsible = SelectField(_l("The company is responsible"), default=YES,
                              choices=options([(YES, _l("Yes")), (NO, _l("No"))]))
    # hidden danger
    danger_severity = SelectField(_l("Hidden danger class"), default="",
                                  choices=options(BLANK + [(s, SEVERITY_NAMES[s]) for s in HIDDEN_DANGER_SEVERITIES]))
    deadline = DayField(_l("Rectification deadline"), validators=[Optional()])
    rectified_on = DayField(_l("Rectified on"), validators=[Optional(), not_in_future])
    # penalty
    measure = SelectField(_l("Measure"), default="",
                          choices=options(BLANK + [(m, MEASURE_NAMES[m]) for m in PENALTY_MEASURES]))
    amount_cny = NumberField(_l("Fine (CNY)"), validators=[Optional()], maximum=AMOUNT_CNY_MAX)
    category = SelectField(_l("Category"), default="",
                           choices=options(BLANK + [(c, CATEGORY_NAMES[c]) for c in PENALTY_CATEGORIES]))
    # standardisation, commendation
    std_level = SelectField(_l("Standardisation level"), default="",
                            choices=options(BLANK + [(str(n), _l("Level %(num)s", num=n)) for n in (1, 2, 3)]))
    commendation_level = SelectField(_l("Commended by"), default="",
                                     choices=options(BLANK + [(c, COMMENDATION_NAMES[c]) for c in COMMENDATION_LEVELS]))
    # inspection
    onsite = BooleanField(_l("On-site inspection"))
    findings = WholeNumberField(_l("Findings"), validators=[Optional()], maximum=COUNT_MAX)
    note = TextField(_l("Note"), validators=[Optional(), Length(max=2000)])

    def field_for(self, kind: str, key: str) -> str | None:
        """The form field holding facts key `key` of an event of `kind`."""
        for name, (k, fact_key) in EVENT_FIELD_KEYS.items():
            if k == kind and fact_key == key:
                return name
        return key if key in ("kind", "date", "note") else None

    def event(self) -> dict[str, Any]:
        """The event in the facts shape (docs/architecture.md): only the fields of the chosen kind, blanks left out."""
        kind = self.kind.data
        out: dict[str, Any] = {"kind": kind, "date": self.date.data.isoformat() if self.date.data else None}
        for name, (k, key) in EVENT_FIELD_KEYS.items():
            if k != kind:
                continue
            value = self[name].data
            if value in (None, ""):
                continue
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif name == "responsible":
                value = value == YES
            elif name == "std_level":
                value = int(value)
            elif isinstance(value, float) and value.is_integer():
                value = int(value)
            out[key] = value
        if (self.note.data or "").strip():
            out["note"] = self.note.data.strip()
        return out
