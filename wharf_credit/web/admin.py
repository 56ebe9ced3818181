"""Admin: API tokens (create — shown once — and revoke, with confirmation); rule sets (the versions in force, the
candidates in RULES_CANDIDATES_DIR with their what-if diff, activation after a viewed diff, and a background
re-rating of every wharf)."""
from __future__ import annotations

import datetime as dt
import re
import secrets
import shutil
import threading
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from ..domain import DomainError, RuleSet, load_ruleset
from ..extensions import db
from ..models import AuditEntry, User
from ..rules import rule_store
from ..services import ServiceError, audit
from ..services.rerate import rerate_all
from ..services.tokens import create_token, list_tokens, revoke_token
from ..services.whatif import diff as whatif_diff
from .access import role_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


class TokenForm(FlaskForm):
    username = SelectField(_l("User"), validators=[DataRequired()])
    name = StringField(_l("What the token is for"), validators=[Length(max=100)])


def _form() -> TokenForm:
    form = TokenForm()
    users = db.session.execute(db.select(User).where(User.active.is_(True)).order_by(User.username)).scalars()
    form.username.choices = [(u.username, f"{u.username} ({u.role})") for u in users]
    return form


@bp.route("/tokens", methods=["GET", "POST"])
@role_required("admin")
def tokens():
    form = _form()
    created = None
    status = 200
    if form.validate_on_submit():
        try:
            created = create_token(db.session, form.username.data, current_user, form.name.data or "")[1]
        except ServiceError as exc:
            form.username.errors.append(str(exc))
            status = 400
        else:
            flash(_("Token created. Copy it now: it is shown only once."), "info")
    elif form.is_submitted():
        status = 400
    return render_template("admin/tokens.html", form=form, tokens=list_tokens(db.session), created=created), status


@bp.post("/tokens/<int:token_id>/revoke")
@role_required("admin")
def revoke(token_id: int):
    try:
        revoke_token(db.session, token_id, current_user)
    except ServiceError as exc:
        flash(str(exc), "error")
        return redirect(url_for("admin.tokens")), 303
    flash(_("Token revoked: it no longer works."), "info")
    return redirect(url_for("admin.tokens")), 303


# --- rule sets ------------------------------------------------------------------------------------------------------

SHOW_CHANGES = 200  # changed wharves listed on the diff page; the CSV has them all
SAFE_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")  # a version becomes a folder name under RULES_DIR
KEEP_JOBS = 20  # finished re-rating jobs remembered (per process) for their pages

# Background re-rating jobs of this process: job id -> state. One job at a time; guarded by _jobs_lock.
_jobs: dict[str, dict[str, Any]] = {}
_jobs_lock = threading.Lock()
_activate_lock = threading.Lock()  # one activation at a time (copy, reload, roll back)


class RerateForm(FlaskForm):
    as_of = DateField(_l("As of"), validators=[DataRequired()])


def candidates_dir() -> Path:
    return Path(current_app.config.get("RULES_CANDIDATES_DIR") or Path(current_app.instance_path) / "candidates")


def _candidate_folders() -> list[Path]:
    root = candidates_dir()
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def _candidate_folder(name: str) -> Path:
    """The candidate folder called `name` (a direct sub-folder of RULES_CANDIDATES_DIR), else 404."""
    for folder in _candidate_folders():
        if folder.name == name:
            return folder
    abort(404)


def _problems(exc: Exception) -> list[str]:
    return [str(p) for p in getattr(exc, "problems", None) or []] or [str(exc) or exc.__class__.__name__]


def _flash_problems(exc: Exception, limit: int = 20) -> None:
    lines = _problems(exc)
    for line in lines[:limit]:
        flash(line, "error")
    if len(lines) > limit:
        flash(_("… and %(count)d more problems.", count=len(lines) - limit), "error")


def _back_to_rules() -> tuple[Response, int]:
    return redirect(url_for("admin.rules")), 303


def _current_job() -> dict[str, Any] | None:
    with _jobs_lock:
        running = [j for j in _jobs.values() if j["status"] == "running"]
        latest = max(_jobs.values(), key=lambda j: j["started"], default=None)
        return dict(running[0] if running else latest) if (running or latest) else None


def _rules_page(form: RerateForm, status: int = 200) -> tuple[str, int]:
    candidates = []
    for folder in _candidate_folders():
        try:
            candidates.append({"name": folder.name, "ruleset": load_ruleset(folder, check_examples=False),
                               "problems": []})
        except DomainError as exc:  # a broken candidate shows its file:line:col problems
            candidates.append({"name": folder.name, "ruleset": None, "problems": _problems(exc)})
    return render_template("admin/rules.html", book=rule_store().book, candidates=candidates,
                           candidates_dir=candidates_dir(), form=form, job=_current_job(),
                           today=dt.date.today()), status


@bp.get("/rules")
@role_required("admin")
def rules():
    form = RerateForm()
    form.as_of.data = dt.date.today()
    return _rules_page(form)


@bp.get("/rules/candidates/<candidate>/diff")
@role_required("admin")
def candidate_diff(candidate: str):
    folder = _candidate_folder(candidate)
    raw = (request.args.get("as_of") or "").strip()
    try:
        day = dt.date.fromisoformat(raw) if raw else dt.date.today()
    except ValueError:
        flash(_("The as-of date must be a date YYYY-MM-DD."), "error")
        return _back_to_rules()
    try:
        cand = load_ruleset(folder, check_examples=False)  # its failing examples are reported, not fatal
    except DomainError as exc:
        flash(_("Candidate %(name)s does not load:", name=candidate), "error")
        _flash_problems(exc)
        return _back_to_rules()
    try:
        report = whatif_diff(db.engine, rule_store().book, cand, day)
    except DomainError as exc:  # e.g. no rule set in force on that day
        _flash_problems(exc)
        return _back_to_rules()
    if request.args.get("format") == "csv":
        return Response("\ufeff" + report.csv(), mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="whatif-{cand.version}-{day.isoformat()}.csv"'})
    audit.record(db.session, current_user.username, "rules.diff_viewed", "ruleset", cand.sha256, None,
                 {"candidate": candidate, "version": cand.version, "sha256": cand.sha256, "as_of": day.isoformat(),
                  "against": report.current.version, "wharves": report.wharves, "moved": report.moved,
                  "changes": len(report.changes)})
    db.session.commit()
    return render_template("admin/rules_diff.html", name=candidate, cand=cand, report=report, day=day,
                           shift=report.shift(), histogram=report.histogram(),
                           changes=report.changes[:SHOW_CHANGES], exists=_version_exists(cand.version))


def _version_exists(version: str) -> bool:
    return (Path(current_app.config["RULES_DIR"]) / version).exists()


def diff_viewed(sha256: str) -> bool:
    """An administrator has opened the what-if diff of exactly this rule-set content."""
    return db.session.execute(select(AuditEntry.id).where(
        AuditEntry.action == "rules.diff_viewed", AuditEntry.object_type == "ruleset",
        AuditEntry.object_id == sha256).limit(1)).first() is not None


@bp.post("/rules/candidates/<candidate>/activate")
@role_required("admin")
def activate(candidate: str):
    """Copy the candidate into RULES_DIR/<version> and reload the rule book; any refusal changes nothing.

    The folder is first copied to a hidden staging folder (ignored by the rule book) and the copy is what is checked
    and moved into place, so an edit of the candidate after its diff was viewed cannot slip through."""
    folder = _candidate_folder(candidate)
    root = Path(current_app.config["RULES_DIR"])
    with _activate_lock:
        staging = root / f".staging-{secrets.token_hex(6)}"  # hidden: the rule book skips it
        copy = staging / folder.name  # a rule-set folder is named after its version
        try:
            try:
                shutil.copytree(folder, copy)
                cand = load_ruleset(copy, check_examples=False)
            except DomainError as exc:
                flash(_("Candidate %(name)s does not load:", name=candidate), "error")
                _flash_problems(exc)
                return _back_to_rules()
            except OSError as exc:
                flash(_("The candidate could not be copied into the rules folder: %(error)s", error=str(exc)),
                      "error")
                return _back_to_rules()
            if not diff_viewed(cand.sha256):
                flash(_("Not activated: open the what-if diff of this exact candidate first (its content, sha256 "
                        "%(sha)s, has no viewed diff).", sha=cand.sha256[:12]), "error")
                return _back_to_rules()
            if not SAFE_VERSION.match(cand.version):
                flash(_("Not activated: version %(version)s cannot be used as a folder name.",
                        version=cand.version), "error")
                return _back_to_rules()
            target = root / cand.version
            if target.exists():
                flash(_("Not activated: version %(version)s already exists in the rules folder; give the candidate "
                        "a new version.", version=cand.version), "error")
                return _back_to_rules()
            copy.rename(target)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
        try:
            rule_store().reload()
        except Exception as exc:  # noqa: BLE001 — any failure: take the copy away, the old book stays in force
            shutil.rmtree(target, ignore_errors=True)
            flash(_("Not activated: with %(version)s the rules folder does not load, so it was removed again and "
                    "the rule sets in force are unchanged.", version=cand.version), "error")
            _flash_problems(exc)
            return _back_to_rules()
    audit.record(db.session, current_user.username, "rules.activated", "ruleset", cand.sha256, None,
                 {"candidate": candidate, "version": cand.version, "sha256": cand.sha256,
                  "effective_from": cand.effective_from.isoformat(),
                  "effective_to": cand.effective_to.isoformat() if cand.effective_to else None})
    db.session.commit()
    flash(_("Rule set %(version)s is active. It applies to ratings whose as-of date is in its effective window "
            "%(window)s; existing ratings keep the rule set they were made with until they are re-rated.",
            version=cand.version, window=_window(cand)), "info")
    return _back_to_rules()


def _window(rs: RuleSet) -> str:
    return f"[{rs.effective_from.isoformat()}, {rs.effective_to.isoformat() if rs.effective_to else '∞'})"


@bp.post("/rules/rerate")
@role_required("admin")
def rerate():
    form = RerateForm()
    if not form.validate_on_submit():
        return _rules_page(form, 400)
    day = form.as_of.data
    try:
        ruleset = rule_store().book.for_date(day)
    except DomainError as exc:
        _flash_problems(exc)
        return _back_to_rules()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    actor = current_user.username
    with _jobs_lock:
        if any(j["status"] == "running" for j in _jobs.values()):
            flash(_("A re-rating job is already running; wait until it has finished."), "error")
            return _back_to_rules()
        for old in sorted(_jobs.values(), key=lambda j: j["started"])[:-KEEP_JOBS]:
            _jobs.pop(old["id"], None)
        job_id = secrets.token_hex(8)
        _jobs[job_id] = {"id": job_id, "status": "running", "done": 0, "total": 0, "report": None, "error": None,
                         "as_of": day, "ruleset": ruleset.version, "actor": actor, "started": dt.datetime.now()}
    threading.Thread(target=_run_rerate, args=(app, job_id, ruleset, day, actor), name=f"rerate-{job_id}",
                     daemon=True).start()
    flash(_("Re-rating of every wharf as of %(day)s started.", day=day.isoformat()), "info")
    return redirect(url_for("admin.job", job_id=job_id)), 303


def _update_job(job_id: str, **changes: Any) -> None:
    with _jobs_lock:
        _jobs[job_id].update(changes)


def _run_rerate(app: Flask, job_id: str, ruleset: RuleSet, day: dt.date, actor: str) -> None:
    """The background thread: its own app context and connections from the engine's pool."""
    try:
        with app.app_context():
            report = rerate_all(db.engine, ruleset, day, actor,
                                progress=lambda done, total: _update_job(job_id, done=done, total=total))
    except Exception as exc:  # noqa: BLE001 — the job page shows it; the transaction was rolled back
        app.logger.exception("re-rating job %s failed", job_id)
        _update_job(job_id, status="failed", error=str(exc) or exc.__class__.__name__)
    else:
        _update_job(job_id, status="done", report=report, done=report.wharves, total=report.wharves)


@bp.get("/rules/jobs/<job_id>")
@role_required("admin")
def job(job_id: str):
    with _jobs_lock:
        state = dict(_jobs[job_id]) if job_id in _jobs else None
    if state is None:
        abort(404)
    response = Response(render_template("admin/rules_job.html", job=state))
    if state["status"] == "running":
        response.headers["Refresh"] = "2"  # besides the <meta> in the page: base.html has no head block
    return response
