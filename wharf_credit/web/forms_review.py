"""WTForms and helpers of publication, objections and credit repair: the company's objection and repair request, the
reviewer's decisions. Labels and messages are lazy translations; service messages (English) are translated here."""
from __future__ import annotations


from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField
from wtforms.validators import AnyOf, DataRequired, Length

from .fields import TextField
from .forms import options
from . import uploads

REASON_MAX = 4000
OBJECTION_OUTCOMES = ("upheld", "corrected")
REPAIR_DECISIONS = ("approve", "refuse")
REQUEST_STATUS_NAMES = {"open": _l("Pending"), "upheld": _l("Upheld"), "corrected": _l("Corrected"),
                        "approved": _l("Accepted"), "refused": _l("Refused")}


def request_status_name(code: str) -> str:
    return str(REQUEST_STATUS_NAMES.get(code, code))


class ActionForm(FlaskForm):
    """No fields: the CSRF token of a one-button action (publish, finalise)."""


class ObjectionForm(FlaskForm):
    reason = TextField(_l("Reason for the objection"), validators=[
        DataRequired(message=_l("Give the reason for the objection.")), Length(max=REASON_MAX)])
    attachment = FileField(_l("Supporting document (PDF, JPEG or PNG, optional)"))


class RepairForm(FlaskForm):
    reason = TextField(_l("What was done to correct it"), validators=[
        DataRequired(message=_l("Explain what was done to correct it.")), Length(max=REASON_MAX)])
    fulfilled = BooleanField(_l("The penalty decision has been fulfilled"))


def _decision_reason() -> TextField:
    return TextField(_l("Reasons (the company will read them)"), validators=[
        DataRequired(message=_l("Give the reasons for the decision; the company will read them.")),
        Length(max=REASON_MAX)])


class ObjectionDecisionForm(FlaskForm):
    outcome = RadioField(_l("Reviewer's decision"), validate_choice=False, choices=options([
        ("upheld", _l("Upheld: the rating stands")),
        ("corrected", _l("Corrected: rate the wharf again from the current facts and publish the new rating"))]),
        validators=[AnyOf(OBJECTION_OUTCOMES, message=_l("Choose upheld or corrected."))])
    reason = _decision_reason()


class RepairDecisionForm(FlaskForm):
    decision = RadioField(_l("Reviewer's decision"), validate_choice=False, choices=options([
        ("approve", _l("Approve: the event is marked repaired and no longer counts")),
        ("refuse", _l("Refuse: the event keeps counting"))]),
        validators=[AnyOf(REPAIR_DECISIONS, message=_l("Choose approve or refuse."))])
    reason = _decision_reason()


# --- the objection's supporting document ----------------------------------------------------------------------------

def read_attachment(form: ObjectionForm) -> tuple[bytes, str] | None | bool:
    """(bytes, kind) of the uploaded document; None when there is none; False (with a field error) when it is
    refused (too large, or not a PDF, JPEG or PNG)."""
    return uploads.read_upload(form.attachment, uploads.DOCUMENT_KINDS,
                               lambda size: _("The file is larger than %(size)s MB.", size=size),
                               lambda: _("Only PDF, JPEG or PNG files are accepted."))
