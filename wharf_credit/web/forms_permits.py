"""WTForms of the permit desk: the permit check with its decision, and the penalty case (suggestion, then decision).
Choices that come from the rule set (application types, violations, circumstances) are set per request."""
from __future__ import annotations


from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from .. import clock
from ..limits import AMOUNT_CNY_MAX
from ..models import PENALTY_MEASURES_FINAL, PERMIT_DECISIONS
from .fields import DayField, NumberField, TextField
from .forms import MEASURE_NAMES, not_in_future, options

DECISION_NAMES = {"approved": _l("Approved"), "rejected": _l("Rejected"),
                  "more_material": _l("More material requested")}
FINAL_MEASURE_NAMES = {"none": _l("No penalty"), **MEASURE_NAMES}
BLANK = [("", "—")]

# which fields each button needs: "check"/"suggest" only the first part, "decide" everything
PERMIT_CHECK_FIELDS = ("application_type", "reference")
PENALTY_SUGGEST_FIELDS = ("wharf_id", "violation_id", "circumstances", "occurred_on")


def validate_fields(form: FlaskForm, names: tuple[str, ...]) -> bool:
    """Validate only the named fields (and the CSRF token): a first step ("check", "suggest") needs no decision."""
    if not form.is_submitted():
        return False
    ok = True
    for name in (*names, "csrf_token"):
        if name in form._fields:
            ok = form[name].validate(form) and ok
    return ok


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes."""
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PermitCheckForm(FlaskForm):
    application_type = SelectField(_l("Application type"), validators=[DataRequired()])
    reference = StringField(_l("Application reference no."), validators=[Optional(), Length(max=64)],
                            filters=[lambda v: (v or "").strip()])
    decision = SelectField(_l("Decision"), validators=[DataRequired()],
                           choices=options(BLANK + [(d, DECISION_NAMES[d]) for d in PERMIT_DECISIONS]))
    notes = TextField(_l("Notes"), validators=[Optional(), Length(max=4000)])

    def validate_part(self, names: tuple[str, ...]) -> bool:
        return validate_fields(self, names)


class PenaltyForm(FlaskForm):
    wharf_id = SelectField(_l("Wharf"), validators=[DataRequired()])
    violation_id = SelectField(_l("Violation"), validators=[DataRequired()])
    circumstances = CheckboxesField(_l("Circumstances"), validators=[Optional()])
    occurred_on = DayField(_l("Violation occurred on"), validators=[InputRequired(), not_in_future],
                            default=clock.today)
    final_measure = SelectField(_l("Final measure"), validators=[DataRequired()],
                                choices=options(BLANK + [(m, FINAL_MEASURE_NAMES[m]) for m in PENALTY_MEASURES_FINAL]))
    final_amount_cny = NumberField(_l("Fine (CNY)"), validators=[Optional()], maximum=AMOUNT_CNY_MAX)
    notes = TextField(_l("Notes"), validators=[Optional(), Length(max=4000)])

    def validate_part(self, names: tuple[str, ...]) -> bool:
        return validate_fields(self, names)

