"""JSON API `/api/v1` for permit systems and batch clients, documented by OpenAPI (flask-smorest).

Bearer tokens only (no session cookies), so the blueprint is CSRF-exempt. Role rules are the UI's: a company token
sees only its own company (anything else is 404). Errors are application/problem+json with the field path of every
problem; the app's error handler (web/errors.py) writes them, flask-smorest's own handler is not installed.
"""
from __future__ import annotations

import datetime as dt
import http
import re
from types import SimpleNamespace
from typing import Any, NoReturn

from flask import Flask, Response, abort, current_app, g, request
from flask_smorest import Api, Blueprint
from flask_smorest.utils import prepare_response
from werkzeug.exceptions import HTTPException

from .. import clock
from ..domain import DomainError, FactsError, NoRuleSetForDate, parse_facts, rate
from ..extensions import csrf, db
from ..languages import pick
from .. import policy
from ..models import RatingRow, User, Wharf
from ..rules import rule_store
from ..domain.rating.engine import CalibratorAdjustment
from ..services import NotFound, ServiceError, audit
from ..services.registry import company_by_uscc
from ..services.assessments import record_event, submit_assessment
from ..services.published import ratings_page, wharves_with_grades
from ..services.publication import open_objection
from ..services.ratings import latest_rating, rating_texts
from ..services.standing import company_standing
from ..services.tokens import digest, user_for_token
from ..services.uow import retrying
from .docs import bp as docs_bp
from . import schemas as s
from .paging import bound_page_numbers


class WharfApi(Api):
    """flask-smorest with our error contract: every error response is documented as application/problem+json."""

    ERROR_SCHEMA = s.ProblemSchema

    def _register_error_handlers(self) -> None:
        """The app's own handler answers problem+json for /api/ (and keeps 405's Allow header)."""

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = s.ProblemSchema
            prepare_response(response, self.spec, PROBLEM)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Default error response", "schema": s.ProblemSchema}
        prepare_response(response, self.spec, PROBLEM)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)

    def _register_pagination_header(self) -> None:
        # The header carries JSON text; documented as a string so clients and validators read it as one.
        self.spec.components.header("PAGINATION", {
            "description": 'Pagination metadata as JSON, e.g. {"total": 210, "total_pages": 9, "page": 1, ...}',
            "schema": {"type": "string"}}, lazy=True)


PROBLEM = "application/problem+json"
bound_page_numbers()
api = WharfApi()
blp = Blueprint("api", __name__, url_prefix="/api/v1", description="Green-wharf credit grades")


def init_app(app: Flask) -> None:
    app.config.setdefault("API_TITLE", "wharf_credit")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("API_SPEC_OPTIONS", {
        "info": {"description": __doc__},
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
    })
    api.init_app(app)
    api.register_blueprint(blp)
    csrf.exempt(blp)
    app.register_blueprint(docs_bp)


def fail(status: int, detail: str, errors: list[dict[str, str]]) -> NoReturn:
    """Abort with a problem+json body listing every problem (web/errors.py renders `errors`)."""
    try:
        abort(status, description=detail)
    except HTTPException as exc:
        exc.data = {"errors": errors}  # type: ignore[attr-defined]
        raise


def domain_problem(exc: DomainError, status: int = 422) -> NoReturn:
    fail(status, "the request has invalid fields", [{"field": p.where, "message": p.message}
                                                           for p in exc.problems])


_documented_query: dict[tuple[str, str], frozenset[str]] = {}


def documented_query_params() -> frozenset[str]:
    """The query parameters the OpenAPI document lists for this operation (the document is the contract)."""
    rule = request.url_rule.rule if request.url_rule else ""
    key = (rule, request.method.lower())
    if key not in _documented_query:
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)
        op = api.spec.to_dict().get("paths", {}).get(path, {}).get(request.method.lower(), {})
        _documented_query[key] = frozenset(p["name"] for p in op.get("parameters", []) if p.get("in") == "query")
    return _documented_query[key]


@blp.before_request
def authenticate() -> None:
    if request.path.rstrip("/").endswith("/openapi.json") or request.method == "OPTIONS":
        return
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        abort(401, description="a valid bearer token is required (Authorization: Bearer <token>)")
    token = token.strip()
    if request.method == "GET":  # reads may use a snapshot of the token's user, valid until the next write
        key = ("token", digest(token), data_version())
        snapshot = _cache.get(key)
        if snapshot is None:
            user = user_for_token(db.session, token)
            snapshot = None if user is None else SimpleNamespace(
                id=user.id, username=user.username, role=user.role, company_id=user.company_id)
            _remember(key, snapshot or False)
        if not snapshot:
            abort(401, description="a valid bearer token is required (Authorization: Bearer <token>)")
        g.api_user = snapshot
        return
    user = user_for_token(db.session, token)
    if user is None:
        abort(401, description="a valid bearer token is required (Authorization: Bearer <token>)")
    g.api_user = user


# Read caches keyed on the head of the audit chain: every write appends an audit entry, so one cheap query tells
# every worker whether anything changed (a write, a revoked token, a published rating, a repaired event).
_cache: dict[tuple, Any] = {}
_CACHE_MAX = 2000


def data_version() -> tuple[Any, ...]:
    """(id and hash of the newest audit entry, the rule book in use, today): any write, a rule reload or a new day
    gives a new version. The hash makes it unique across databases (a restored backup, tests)."""
    env = request.environ  # per request (g can outlive a request when an app context is already pushed)
    if "wharf_credit.data_version" not in env:
        env["wharf_credit.data_version"] = (audit.head(db.session), id(rule_store().book),
                                            clock.today().isoformat())
    return env["wharf_credit.data_version"]


def _remember(key: tuple, value: Any) -> None:
    if len(_cache) >= _CACHE_MAX:
        _cache.clear()
    _cache[key] = value


# What an operation does, in the permission table (wharf_credit/policy.py), beyond "any valid token" (reads are
# open to every role; a company token sees only its own company). Checked right after the token, before the query
# string or the body is looked at, so a caller without the role learns nothing about what the operation accepts.
OPERATION_ACTIONS: dict[str, str] = {
    "api.post_assessment": "edit_registry",
    "api.post_event": "edit_registry",
}


@blp.before_request
def authorize() -> None:
    action = OPERATION_ACTIONS.get(request.endpoint or "")
    if action and getattr(g, "api_user", None) is not None and not policy.may(g.api_user, action):
        abort(403, description=f"this operation needs one of the roles: {', '.join(policy.roles_for(action))}")


@blp.before_request
def refuse_unknown_query_parameters() -> None:
    unknown = sorted(set(request.args) - documented_query_params())
    if unknown and request.url_rule is not None:
        fail(422, "unknown query parameters", [{"field": k, "in": "query", "message": "Unknown field."}
                                                for k in unknown])


def caller() -> User:
    return g.api_user


def visible_wharf(wharf_id: int) -> Wharf:
    wharf = db.session.get(Wharf, wharf_id)
    user = caller()
    if wharf is None or not policy.sees_company(user, wharf.company_id):
        abort(404, description="wharf not found")
    return wharf


def rating_json(row: RatingRow, lang: str) -> dict[str, Any]:
    texts = rating_texts(row, rule_store().book, lang)
    return {"id": row.id, "wharf_id": row.wharf_id, "as_of": row.as_of, "score": row.score, "grade": row.grade,
            "base_grade": row.base_grade, "status": row.status,
            "under_objection": open_objection(db.session, row.id) is not None, "components": row.components,
            "vetoes": texts.get("vetoes", []), "caps": texts.get("caps", []), "reasons": texts.get("reasons", []),
            "next_grade": texts.get("next_grade"), "measures": texts.get("measures", {}),
            "ruleset": {"id": row.ruleset_id, "version": row.ruleset_version, "sha256": row.ruleset_sha256},
            "calibrator": CalibratorAdjustment.from_stored(row.calibrator).as_dict(lang) if row.calibrator else None,
            "published_at": row.published_at.replace(tzinfo=dt.UTC) if row.published_at else None,  # stored as UTC
            "objection_until": row.objection_until}


def wharf_json(w: Wharf, graded: RatingRow | None) -> dict[str, Any]:
    return {"id": w.id, "code": w.code, "name": w.name, "type": w.type, "waterway": w.waterway, "berths": w.berths,
            "capacity_kt": w.capacity_kt, "year_built": w.year_built, "operating_since": w.operating_since,
            "company": {"uscc": w.company.uscc, "name": w.company.name},
            "grade": graded.grade if graded else None, "graded_on": graded.as_of if graded else None}


def lang_arg() -> str:
    return pick(request.args.get("lang"))


ERRORS = {400: "malformed request (e.g. a body that is not JSON)", 401: "no valid bearer token", 403: "role not allowed", 404: "not found or not yours",
          422: "invalid fields (every problem with its field path)"}


def responses(*codes: int) -> Any:
    def deco(fn: Any) -> Any:
        for code in codes:
            fn = blp.alt_response(code, schema=s.ProblemSchema, description=ERRORS[code], content_type=PROBLEM)(fn)
        return fn
    return deco


@blp.route("/ratings/preview", methods=["POST"])
@blp.arguments(s.FactsSchema, location="json", as_kwargs=False, error_status_code=422)
@blp.arguments(s.PreviewQuery, location="query", error_status_code=422)
@blp.response(200, s.RatingSchema)
@responses(400, 401, 422)
def preview(facts: dict[str, Any], query: dict[str, Any]):
    """Rate a facts object (FactsSchema) with the rule set in force on its as_of; nothing is stored."""
    try:
        day = dt.date.fromisoformat(facts["as_of"]) if isinstance(facts.get("as_of"), str) else None
    except ValueError:
        day = None
    if day is None:
        fail(422, "the request has invalid fields", [{"field": "as_of", "message": "expected YYYY-MM-DD"}])
    try:
        ruleset = rule_store().book.for_date(day)  # type: ignore[arg-type]
        return rate(parse_facts(facts, ruleset), ruleset).to_dict(query["lang"])
    except (FactsError, NoRuleSetForDate) as exc:
        domain_problem(exc)


@blp.route("/wharves", methods=["GET"])
@blp.arguments(s.WharfQuery, location="query", error_status_code=422)
@blp.response(200, s.WharfSchema(many=True))
@blp.paginate()
@responses(401, 422)
def wharves(query: dict[str, Any], pagination_parameters: Any):
    """Wharves with their latest published grade; a company token sees only its own. Filter by type and grade."""
    user = caller()
    total, rows = wharves_with_grades(
        db.session, pagination_parameters.page, pagination_parameters.page_size,
        company_id=user.company_id if policy.own_company_only(user) else None,
        wharf_type=query.get("type") or "", grade=query.get("grade") or "", q=query.get("q") or "")
    pagination_parameters.item_count = total
    return [wharf_json(w, rating) for w, rating in rows]


@blp.route("/wharves/<int:wharf_id>", methods=["GET"])
@blp.response(200, s.WharfSchema)
@responses(401, 404)
def wharf(wharf_id: int):
    """One wharf with its latest published grade."""
    w = visible_wharf(wharf_id)
    return wharf_json(w, latest_rating(db.session, w.id, published_only=True))


@blp.route("/wharves/<int:wharf_id>/rating", methods=["GET"])
@blp.arguments(s.LangQuery, location="query", error_status_code=422)
@blp.response(200, s.StoredRatingSchema)
@responses(401, 404, 422)
def wharf_rating(query: dict[str, Any], wharf_id: int):
    """The latest rating: staff see the newest of any status, others the newest published one."""
    w = visible_wharf(wharf_id)
    row = latest_rating(db.session, w.id, published_only=not policy.may(caller(), "view_unpublished_ratings"))
    if row is None:
        abort(404, description="this wharf has no rating yet")
    return rating_json(row, query["lang"])


@blp.route("/wharves/<int:wharf_id>/ratings", methods=["GET"])
@blp.arguments(s.LangQuery, location="query", error_status_code=422)
@blp.response(200, s.StoredRatingSchema(many=True))
@blp.paginate()
@responses(401, 404, 422)
def wharf_ratings(query: dict[str, Any], wharf_id: int, pagination_parameters: Any):
    """Rating history, newest first (published ones only for non-staff tokens)."""
    w = visible_wharf(wharf_id)
    total, rows = ratings_page(db.session, w.id, pagination_parameters.page, pagination_parameters.page_size,
                               published_only=not policy.may(caller(), "view_unpublished_ratings"))
    pagination_parameters.item_count = total
    return [rating_json(r, query["lang"]) for r in rows]


@blp.route("/companies/<string:uscc>/grade", methods=["GET"])
@blp.arguments(s.LangQuery, location="query", error_status_code=422)
@blp.response(200, s.CompanyGradeSchema)
@responses(401, 404, 422)
def company_grade(query: dict[str, Any], uscc: str):
    """For permit systems: the company grade (its worst published wharf), the measures that apply, vetoes in force,
    and warnings (never_rated, provisional_newer, under_objection, stale, unrated_wharves)."""
    user = caller()
    lang = query["lang"]
    key = ("grade", uscc.upper(), lang, user.company_id if policy.own_company_only(user) else None, data_version())
    cached = _cache.get(key)
    if cached is not None:
        return Response(cached, mimetype="application/json")  # already dumped through the schema
    company = company_by_uscc(db.session, uscc)
    if company is None or not policy.sees_company(user, company.id):
        abort(404, description="company not found")
    standing = company_standing(db.session, rule_store().book, company, clock.today())
    basis = standing.basis
    answer = {
        "uscc": company.uscc, "name": company.name, "grade": standing.grade,
        "status": basis.status if basis else None, "as_of": basis.as_of if basis else None,
        "rating_id": basis.id if basis else None, "warnings": standing.warnings,
        "measures": standing.measures.as_dict(lang) if standing.measures else None,
        "vetoes": standing.basis_texts(lang).get("vetoes", []) + standing.basis_texts(lang).get("caps", []),
        "wharves": [{"id": w.id, "code": w.code, "grade": p.grade if p else None} for w, p, _ in standing.wharves],
        "ruleset": standing.ruleset.identity(),
    }
    body = current_app.json.dumps(s.CompanyGradeSchema().dump(answer)).encode()
    _remember(key, body)
    return Response(body, mimetype="application/json")


@blp.route("/wharves/<int:wharf_id>/assessments", methods=["POST"])
@blp.arguments(s.AssessmentIn, location="json", error_status_code=422)
@blp.response(201, s.AssessmentOut)
@responses(400, 401, 403, 404, 422)
def post_assessment(body: dict[str, Any], wharf_id: int):
    """File a green-guide assessment (inspector): stored, rated, append-only; `supersedes_id` corrects an older one."""
    w = visible_wharf(wharf_id)
    try:
        assessment, row = retrying(db.session, lambda: submit_assessment(
            db.session, rule_store().book, w.id, body["values"], caller(), assessed_on=body.get("assessed_on"),
            evidence=body.get("evidence"), notes=body.get("notes", ""), supersedes_id=body.get("supersedes_id")))
    except DomainError as exc:
        domain_problem(exc)
    except ServiceError as exc:
        if isinstance(exc, NotFound):
            abort(404, description=str(exc))
        fail(422, "the request has invalid fields", [{"field": exc.field or "", "message": str(exc)}])
    return {"assessment_id": assessment.id, "rating": rating_json(row, lang_arg())}


@blp.route("/wharves/<int:wharf_id>/safety-events", methods=["POST"])
@blp.arguments(s.EventIn, location="json", error_status_code=422)
@blp.response(201, s.EventOut)
@responses(400, 401, 403, 404, 422)
def post_event(body: dict[str, Any], wharf_id: int):
    """Record a safety event (inspector): appended, and the wharf is rated again as of today."""
    w = visible_wharf(wharf_id)
    try:
        event, row = retrying(db.session,
                              lambda: record_event(db.session, rule_store().book, w.id, _iso_dates(body), caller()))
    except DomainError as exc:
        domain_problem(exc)
    return {"event_id": event.id, "rating": rating_json(row, lang_arg()) if row else None}


def _iso_dates(body: dict[str, Any]) -> dict[str, Any]:
    """The body as the facts shape has it: dates as YYYY-MM-DD text (the schema parsed them)."""
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in body.items()}
