"""Marshmallow schemas of the JSON API: they document the OpenAPI contract and refuse loose types (2.5 is not an
integer, "3" is not a number). The facts object is checked field by field by the domain (`parse_facts`), which
names every problem; the schema here only fixes its outer shape."""
from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from ..domain.event_kinds import (ACCIDENT_SEVERITIES, COMMENDATION_LEVELS, EVENT_KINDS, HIDDEN_DANGER_SEVERITIES,
    PENALTY_CATEGORIES, PENALTY_MEASURES)
from ..domain.rules.model import WHARF_TYPES
from ..domain.vocabulary import GRADE_CODES
from ..limits import DB_INT_MAX

GRADES = validate.OneOf(GRADE_CODES)


class StrictFloat(fields.Float):
    """A JSON number only: refuses strings ("3") and booleans, which marshmallow's Float would coerce."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class Strict(Schema):
    class Meta:
        unknown = RAISE


class FactsSchema(Strict):
    as_of = fields.String(required=True, metadata={"example": "2026-11-24", "description": "YYYY-MM-DD"})
    wharf = fields.Dict(required=True, metadata={"example": {"type": "bulk", "operating_since": "2009-05-01"}})
    company = fields.Dict(metadata={"example": {"permit_valid_until": "2028-06-30"}})
    indicators = fields.Dict(keys=fields.String(), metadata={"example": {"G-DUST-01": 4}})
    safety_events = fields.List(fields.Dict(), metadata={"example": [{"kind": "inspection", "date": "2026-10-01",
                                                                       "onsite": True, "findings": 0}]})


class PreviewQuery(Strict):
    lang = fields.String(load_default="zh_CN", validate=validate.OneOf(("zh_CN", "en")))


class RuleSetRef(Schema):
    id = fields.String()
    version = fields.String()
    sha256 = fields.String()


class RatingSchema(Schema):
    """the rating document of docs/architecture.md."""
    as_of = fields.String()
    score = fields.Float()
    grade = fields.String(validate=GRADES)
    base_grade = fields.String(validate=GRADES)
    components = fields.Dict(keys=fields.String(), values=fields.Float())
    vetoes = fields.List(fields.Dict())
    caps = fields.List(fields.Dict())
    downgrades = fields.List(fields.Dict())
    reasons = fields.List(fields.Dict())
    next_grade = fields.Dict(allow_none=True)
    measures = fields.Dict()
    ruleset = fields.Nested(RuleSetRef)
    calibrator = fields.Dict(allow_none=True)
    trace = fields.List(fields.Dict())


class CompanyRef(Schema):
    uscc = fields.String()
    name = fields.String()


class StoredRatingSchema(Schema):
    id = fields.Integer()
    wharf_id = fields.Integer()
    as_of = fields.Date()
    score = fields.Float()
    grade = fields.String(validate=GRADES)
    base_grade = fields.String(validate=GRADES)
    status = fields.String(validate=validate.OneOf(("provisional", "published", "final")))
    under_objection = fields.Boolean()
    components = fields.Dict(keys=fields.String(), values=fields.Float())
    vetoes = fields.List(fields.Dict())
    caps = fields.List(fields.Dict())
    reasons = fields.List(fields.Dict())
    next_grade = fields.Dict(allow_none=True)
    measures = fields.Dict()
    ruleset = fields.Nested(RuleSetRef)
    calibrator = fields.Dict(allow_none=True, metadata={
        "description": "null (rules only), or the learned calibrator's id, probability, reference_probability, "
                       "adjustment (points) and reason"})
    published_at = fields.DateTime(allow_none=True)
    objection_until = fields.Date(allow_none=True)


class WharfSchema(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    type = fields.String(validate=validate.OneOf(WHARF_TYPES))
    waterway = fields.String()
    berths = fields.Integer(allow_none=True)
    capacity_kt = fields.Float(allow_none=True)
    year_built = fields.Integer(allow_none=True)
    operating_since = fields.Date(allow_none=True)
    company = fields.Nested(CompanyRef)
    grade = fields.String(allow_none=True, metadata={"description": "latest published grade, null if none"})
    graded_on = fields.Date(allow_none=True)


class WharfQuery(Strict):
    type = fields.String(validate=validate.OneOf(WHARF_TYPES))
    grade = fields.String(validate=GRADES)
    q = fields.String(validate=validate.Length(max=100))


class LangQuery(Strict):
    lang = fields.String(load_default="zh_CN", validate=validate.OneOf(("zh_CN", "en")))


class CompanyGradeSchema(Schema):
    uscc = fields.String()
    name = fields.String()
    grade = fields.String(allow_none=True, validate=GRADES)
    status = fields.String(allow_none=True, metadata={"description": "status of the rating behind the grade"})
    as_of = fields.Date(allow_none=True)
    rating_id = fields.Integer(allow_none=True)
    warnings = fields.List(fields.String())
    measures = fields.Dict(allow_none=True)
    vetoes = fields.List(fields.Dict())
    wharves = fields.List(fields.Dict())
    ruleset = fields.Nested(RuleSetRef)


class AssessmentIn(Strict):
    assessed_on = fields.Date(metadata={"description": "default: today"})
    values = fields.Dict(keys=fields.String(), required=True,
                         metadata={"description": "indicator id -> level 0-5, true/false or number"})
    evidence = fields.Dict(keys=fields.String(), values=fields.String(validate=validate.Length(max=2000)))
    notes = fields.String(validate=validate.Length(max=5000))
    supersedes_id = fields.Integer(strict=True, validate=validate.Range(min=1, max=DB_INT_MAX))


class AssessmentOut(Schema):
    assessment_id = fields.Integer()
    rating = fields.Nested(StoredRatingSchema)


class EventIn(Strict):
    """One safety event (docs/architecture.md). Which fields a kind takes, and that dates are not in the future, is
    checked by the domain (422 naming the field); the schema states every value the server can accept."""
    kind = fields.String(required=True, validate=validate.OneOf(EVENT_KINDS))
    date = fields.Date(required=True)
    severity = fields.String(validate=validate.OneOf(sorted({*ACCIDENT_SEVERITIES, *HIDDEN_DANGER_SEVERITIES})))
    deaths = fields.Integer(strict=True, validate=validate.Range(min=0, max=10_000))
    injuries = fields.Integer(strict=True, validate=validate.Range(min=0, max=10_000))
    loss_cny = StrictFloat(validate=validate.Range(min=0, max=1e12))
    responsible = fields.Boolean()
    deadline = fields.Date()
    rectified_on = fields.Date()
    measure = fields.String(validate=validate.OneOf(PENALTY_MEASURES))
    amount_cny = StrictFloat(validate=validate.Range(min=0, max=1e12))
    category = fields.String(validate=validate.OneOf(PENALTY_CATEGORIES))
    level = fields.Raw(metadata={"description": "standardisation 1-3, commendation "
                                                f"{'|'.join(COMMENDATION_LEVELS)}"})
    onsite = fields.Boolean()
    findings = fields.Integer(strict=True, validate=validate.Range(min=0, max=10_000))
    note = fields.String(validate=validate.Length(max=2000))


class EventOut(Schema):
    event_id = fields.Integer()
    rating = fields.Nested(StoredRatingSchema)


class ProblemSchema(Schema):
    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    errors = fields.List(fields.Dict(), metadata={"description": "one entry per problem: field path and message"})
