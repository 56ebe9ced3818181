"""Typed SQLAlchemy rows. Translators to the domain live in services/facts.py; the domain never sees a session."""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .clock import utcnow
from .extensions import db

JSONType = JSON().with_variant(JSONB(), "postgresql")
RATING_STATUSES = ("provisional", "published", "final")


class Company(db.Model):  # type: ignore[name-defined]
    __tablename__ = "companies"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    permit_no: Mapped[str] = mapped_column(String(64), default="")
    permit_valid_until: Mapped[dt.date | None] = mapped_column(Date)
    safety_evaluation_valid_until: Mapped[dt.date | None] = mapped_column(Date)
    dg_annex_valid_until: Mapped[dt.date | None] = mapped_column(Date)
    serious_dishonesty_list: Mapped[bool] = mapped_column(Boolean, default=False)
    permit_fraud: Mapped[bool] = mapped_column(Boolean, default=False)
    filings_complete: Mapped[bool] = mapped_column(Boolean, default=True)
    contact_name: Mapped[str] = mapped_column(String(100), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    wharves: Mapped[list[Wharf]] = relationship(back_populates="company", order_by="Wharf.code")

    def audit_view(self) -> dict[str, Any]:
        return _columns(self)


class Wharf(db.Model):  # type: ignore[name-defined]
    __tablename__ = "wharves"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    type: Mapped[str] = mapped_column(String(32), index=True)
    waterway: Mapped[str] = mapped_column(String(100), default="")
    berths: Mapped[int | None] = mapped_column(Integer)
    capacity_kt: Mapped[float | None] = mapped_column(Float)
    max_dwt: Mapped[int | None] = mapped_column(Integer)
    year_built: Mapped[int | None] = mapped_column(Integer)
    operating_since: Mapped[dt.date | None] = mapped_column(Date)
    location: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    company: Mapped[Company] = relationship(back_populates="wharves")

    def audit_view(self) -> dict[str, Any]:
        return _columns(self)


class Assessment(db.Model):  # type: ignore[name-defined]
    """A green-guide assessment of one wharf. Submitted assessments never change; a correction supersedes."""

    __tablename__ = "assessments"
    id: Mapped[int] = mapped_column(primary_key=True)
    wharf_id: Mapped[int] = mapped_column(ForeignKey("wharves.id"), index=True)
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    ruleset_version: Mapped[str] = mapped_column(String(20))
    ruleset_sha256: Mapped[str] = mapped_column(String(64))
    inspector_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    notes: Mapped[str] = mapped_column(Text, default="")
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    values: Mapped[list[AssessmentValue]] = relationship(back_populates="assessment", order_by="AssessmentValue.id")
    wharf: Mapped[Wharf] = relationship()
    inspector: Mapped[User | None] = relationship()

    def audit_view(self) -> dict[str, Any]:
        return {**_columns(self), "values": {v.indicator_id: v.value for v in self.values}}


class AssessmentValue(db.Model):  # type: ignore[name-defined]
    __tablename__ = "assessment_values"
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    indicator_id: Mapped[str] = mapped_column(String(40))
    value: Mapped[Any] = mapped_column(JSONType)  # level int, bool or number, as the rule says
    evidence: Mapped[str] = mapped_column(Text, default="")
    photo: Mapped[str | None] = mapped_column(String(100))  # random file name under instance/uploads

    assessment: Mapped[Assessment] = relationship(back_populates="values")


class SafetyEventRow(db.Model):  # type: ignore[name-defined]
    """A dated safety event of a wharf. Append-only: status changes (repair, dismissal) are new audit entries."""

    __tablename__ = "safety_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    wharf_id: Mapped[int] = mapped_column(ForeignKey("wharves.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    date: Mapped[dt.date] = mapped_column(Date)
    data: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)  # kind-specific fields (facts JSON)
    status: Mapped[str] = mapped_column(String(16), default="active")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    wharf: Mapped[Wharf] = relationship()

    def audit_view(self) -> dict[str, Any]:
        return _columns(self)


class RatingRow(db.Model):  # type: ignore[name-defined]
    """A stored rating: everything needed to recompute it bit for bit (inputs + rule-set hash)."""

    __tablename__ = "ratings"
    __table_args__ = (Index("ix_ratings_wharf_asof", "wharf_id", "as_of"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    wharf_id: Mapped[int] = mapped_column(ForeignKey("wharves.id"), index=True)
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"))
    as_of: Mapped[dt.date] = mapped_column(Date)
    score: Mapped[float] = mapped_column(Float)
    grade: Mapped[str] = mapped_column(String(2), index=True)
    base_grade: Mapped[str] = mapped_column(String(2))
    components: Mapped[dict[str, Any]] = mapped_column(JSONType)
    # Large JSON, loaded only when read (lists and grade look-ups need the scalar columns only).
    result: Mapped[dict[str, Any]] = mapped_column(JSONType, deferred=True)  # texts (zh_CN+en), trace
    inputs: Mapped[dict[str, Any]] = mapped_column(JSONType, deferred=True)  # the facts JSON rated
    ruleset_id: Mapped[str] = mapped_column(String(64))
    ruleset_version: Mapped[str] = mapped_column(String(20))
    ruleset_sha256: Mapped[str] = mapped_column(String(64))
    calibrator: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    status: Mapped[str] = mapped_column(String(16), default="provisional", index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    objection_until: Mapped[dt.date | None] = mapped_column(Date)  # last day an objection may be filed
    batch_id: Mapped[str | None] = mapped_column(String(32), index=True)  # set by `flask rate --all`

    wharf: Mapped[Wharf] = relationship()

    def audit_view(self) -> dict[str, Any]:
        return {k: v for k, v in _columns(self).items() if k not in ("result", "inputs")}


PERMIT_DECISIONS = ("approved", "rejected", "more_material")
PENALTY_MEASURES_FINAL = ("none", "warning", "fine", "suspension", "revocation")
OBJECTION_STATUSES = ("open", "upheld", "corrected")
REPAIR_STATUSES = ("open", "approved", "refused")


class PermitDecision(db.Model):  # type: ignore[name-defined]
    """A permit officer's decision on one application, with the grade and rule set it was made under."""

    __tablename__ = "permit_decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    application_type: Mapped[str] = mapped_column(String(40))
    reference: Mapped[str] = mapped_column(String(64), default="")  # the application's number in the permit system
    grade: Mapped[str | None] = mapped_column(String(2))  # company grade at decision time (None: never rated)
    rating_id: Mapped[int | None] = mapped_column(ForeignKey("ratings.id"))
    rating_status: Mapped[str] = mapped_column(String(16), default="")
    route_code: Mapped[str] = mapped_column(String(40))
    ruleset_version: Mapped[str] = mapped_column(String(20))
    ruleset_sha256: Mapped[str] = mapped_column(String(64))
    decision: Mapped[str] = mapped_column(String(16))
    notes: Mapped[str] = mapped_column(Text, default="")
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    company: Mapped[Company] = relationship()
    officer: Mapped[User | None] = relationship()

    def audit_view(self) -> dict[str, Any]:
        return _columns(self)


class PenaltyCase(db.Model):  # type: ignore[name-defined]
    """A violation, the discretion the rule set suggested for the grade, and the officer's final decision."""

    __tablename__ = "penalty_cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    wharf_id: Mapped[int] = mapped_column(ForeignKey("wharves.id"), index=True)
    violation_id: Mapped[str] = mapped_column(String(40))
    circumstances: Mapped[list[str]] = mapped_column(JSONType, default=list)
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    grade: Mapped[str | None] = mapped_column(String(2))
    rating_id: Mapped[int | None] = mapped_column(ForeignKey("ratings.id"))
    ruleset_version: Mapped[str] = mapped_column(String(20))
    ruleset_sha256: Mapped[str] = mapped_column(String(64))
    suggested_band: Mapped[str] = mapped_column(String(20))
    suggested_low: Mapped[int] = mapped_column(Integer)
    suggested_high: Mapped[int] = mapped_column(Integer)
    suggestion: Mapped[dict[str, Any]] = mapped_column(JSONType)  # band text and reasons, zh_CN and en
    final_measure: Mapped[str] = mapped_column(String(16))
    final_amount_cny: Mapped[float] = mapped_column(Float, default=0.0)
    notes: Mapped[str] = mapped_column(Text, default="")
    event_id: Mapped[int | None] = mapped_column(ForeignKey("safety_events.id"))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    company: Mapped[Company] = relationship()
    wharf: Mapped[Wharf] = relationship()
    officer: Mapped[User | None] = relationship()

    def audit_view(self) -> dict[str, Any]:
        return _columns(self)


class InspectionDraw(db.Model):  # type: ignore[name-defined]
    """A published 双随机 draw: the period, the seed and the method, so anyone can repeat it."""

    __tablename__ = "inspection_draws"
    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(8), unique=True)
    seed: Mapped[str] = mapped_column(String(64))
    ruleset_version: Mapped[str] = mapped_column(String(20))
    ruleset_sha256: Mapped[str] = mapped_column(String(64))
    rates: Mapped[dict[str, float]] = mapped_column(JSONType)
    population: Mapped[dict[str, int]] = mapped_column(JSONType)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    items: Mapped[list[InspectionDrawItem]] = relationship(back_populates="draw", order_by="InspectionDrawItem.id")

    def audit_view(self) -> dict[str, Any]:
        return _columns(self)


class InspectionDrawItem(db.Model):  # type: ignore[name-defined]
    __tablename__ = "inspection_draw_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("inspection_draws.id"), index=True)
    wharf_id: Mapped[int] = mapped_column(ForeignKey("wharves.id"), index=True)
    grade: Mapped[str] = mapped_column(String(2))  # the grade it was drawn under
    inspector_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    draw: Mapped[InspectionDraw] = relationship(back_populates="items")
    wharf: Mapped[Wharf] = relationship()
    inspector: Mapped[User | None] = relationship()


class Objection(db.Model):  # type: ignore[name-defined]
    """A company's objection (异议) to a published rating, and the reviewer's decision."""

    __tablename__ = "objections"
    id: Mapped[int] = mapped_column(primary_key=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("ratings.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    filed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    filed_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    attachment: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    corrected_rating_id: Mapped[int | None] = mapped_column(ForeignKey("ratings.id"))

    rating: Mapped[RatingRow] = relationship(foreign_keys=[rating_id])
    company: Mapped[Company] = relationship()

    def audit_view(self) -> dict[str, Any]:
        return _columns(self)


class RepairRequest(db.Model):  # type: ignore[name-defined]
    """A company's request to repair (信用修复) an adverse safety event, and the reviewer's decision."""

    __tablename__ = "repair_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("safety_events.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    fulfilled: Mapped[bool] = mapped_column(Boolean, default=False)  # the company declares the decision carried out
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_on: Mapped[dt.date | None] = mapped_column(Date)

    event: Mapped[SafetyEventRow] = relationship()
    company: Mapped[Company] = relationship()

    def audit_view(self) -> dict[str, Any]:
        return _columns(self)


class User(UserMixin, db.Model):  # type: ignore[name-defined]
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    display_name: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Part of the id a browser session carries (get_id): raising it ends every session of the user at once, however
    # the cookie was kept (signing out, a new password).
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    company: Mapped[Company | None] = relationship()

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    def get_id(self) -> str:
        return f"{self.id}.{self.session_version or 0}"

    def end_sessions(self) -> None:
        """Every session cookie issued to this user so far stops working."""
        self.session_version = (self.session_version or 0) + 1

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)
        if self.id is not None:
            self.end_sessions()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def audit_view(self) -> dict[str, Any]:
        return {k: v for k, v in _columns(self).items() if k not in ("password_hash", "session_version")}


class ApiToken(db.Model):  # type: ignore[name-defined]
    """A bearer token for the JSON API, acting as its user. Only the sha256 of the token is stored."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    prefix: Mapped[str] = mapped_column(String(12))  # first characters, to recognise a token in lists
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()

    def audit_view(self) -> dict[str, Any]:
        return {k: v for k, v in _columns(self).items() if k != "token_hash"}


class ReassessmentDue(db.Model):  # type: ignore[name-defined]
    """A wharf whose latest assessment has run past the rule set's validity, or that was never assessed: flagged by
    the `reassessment` duty on the day it found it, cleared by the same duty once a newer assessment exists."""

    __tablename__ = "reassessment_due"
    id: Mapped[int] = mapped_column(primary_key=True)
    wharf_id: Mapped[int] = mapped_column(ForeignKey("wharves.id"))
    last_assessed_on: Mapped[dt.date | None] = mapped_column(Date)  # None: never assessed
    due_since: Mapped[dt.date] = mapped_column(Date)  # the first day it was out of date
    flagged_on: Mapped[dt.date] = mapped_column(Date)
    cleared_on: Mapped[dt.date | None] = mapped_column(Date)

    # one open flag per wharf
    __table_args__ = (Index("uq_reassessment_due_open", "wharf_id", unique=True,
                            sqlite_where=text("cleared_on IS NULL"), postgresql_where=text("cleared_on IS NULL")),)

    def audit_view(self) -> dict[str, Any]:
        return _columns(self)


class AuditEntry(db.Model):  # type: ignore[name-defined]
    """Append-only, hash-chained log of every write: hash = sha256(prev_hash + canonical entry); mac = the hash
    signed with the audit key, which is kept outside the database (services/audit.py)."""

    __tablename__ = "audit_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    # unique: two writers that read the same chain head cannot both append (the loser retries)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    mac: Mapped[str | None] = mapped_column(String(80))  # "<key id>:<hmac-sha256 hex>"; null before signing began

    __table_args__ = (Index("ix_audit_object", "object_type", "object_id"),)


def _columns(obj: Any) -> dict[str, Any]:
    out = {}
    for col in obj.__table__.columns:
        v = getattr(obj, col.key)
        if isinstance(v, dt.datetime | dt.date):
            v = v.isoformat()
        out[col.key] = v
    return out

