"""Admin: rule sets (the versions in force, the candidates in RULES_CANDIDATES_DIR with their what-if diff,
activation after a viewed diff) and a background re-rating of every wharf."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms.validators import InputRequired

from ... import clock
from ...domain import DomainError, RuleSet, load_ruleset
from ...extensions import db
from ...rules import rule_store
from ...config import candidates_dir
from ...queue import jobs
from ...queue.broker import read_json
from ...queue.tasks import start_rerate, start_whatif
from ...services.rulesets import CandidateRefused, activate_candidate, problems_of, record_diff_viewed
from ...services.whatif import DiffReport, report_from_json
from ..access import requires
from ..fields import DayField
from ..messages import say
from . import bp, job_or_404


SHOW_CHANGES = 200  # changed wharves listed on the diff page; the CSV has them all


class AsOfForm(FlaskForm):
    """The day a re-rating or a what-if rates every wharf as of."""
    as_of = DayField(_l("As of"), validators=[InputRequired()])


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


def _flash_problems(exc: Exception) -> None:
    _flash_lines(problems_of(exc))


def _flash_lines(lines: list[str], limit: int = 20) -> None:
    for line in lines[:limit]:
        flash(line, "error")
    if len(lines) > limit:
        flash(_("… and %(count)d more problems.", count=len(lines) - limit), "error")


def _back_to_rules() -> tuple[Response, int]:
    return redirect(url_for("admin.rules")), 303


def _current_job() -> dict[str, Any] | None:
    return jobs.current("rerate")


def _rules_page(form: AsOfForm, status: int = 200) -> tuple[str, int]:
    candidates = []
    for folder in _candidate_folders():
        try:
            candidates.append({"name": folder.name, "ruleset": load_ruleset(folder, check_examples=False),
                               "problems": []})
        except DomainError as exc:  # a broken candidate shows its file:line:col problems
            candidates.append({"name": folder.name, "ruleset": None, "problems": problems_of(exc)})
    return render_template("admin/rules.html", book=rule_store().book, candidates=candidates,
                           candidates_dir=candidates_dir(), form=form, job=_current_job(),
                           today=clock.today()), status


@bp.get("/rules")
@requires("administer")
def rules():
    form = AsOfForm()
    form.as_of.data = clock.today()
    return _rules_page(form)


@bp.get("/rules/candidates/<candidate>/diff")
@requires("administer")
def candidate_diff(candidate: str):
    folder = _candidate_folder(candidate)
    raw = (request.args.get("as_of") or "").strip()
    try:
        day = dt.date.fromisoformat(raw) if raw else clock.today()
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
        current = rule_store().book.for_date(day)
    except DomainError as exc:  # e.g. no rule set in force on that day
        _flash_problems(exc)
        return _back_to_rules()
    report, job = _computed_whatif(candidate, cand, current, day)
    if report is None:
        if job is not None:  # queued or running: its page shows how far it is
            return redirect(url_for("admin.whatif_job", job_id=job["id"])), 303
        return render_template("admin/rules_whatif.html", name=candidate, cand=cand, day=day, current=current)
    if request.args.get("format") == "csv":
        return Response("\ufeff" + report.csv(), mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="whatif-{cand.version}-{day.isoformat()}.csv"'})
    record_diff_viewed(db.session, current_user.username, candidate, cand, day, report)
    return render_template("admin/rules_diff.html", name=candidate, cand=cand, report=report, day=day,
                           shift=report.shift(), histogram=report.histogram(),
                           changes=report.changes[:SHOW_CHANGES], exists=_version_exists(cand.version))


def _computed_whatif(candidate: str, cand: RuleSet, current: RuleSet, day: dt.date
                     ) -> tuple[DiffReport | None, dict[str, Any] | None]:
    """The stored what-if of exactly this candidate content against the rule set in force on `day`, if a job
    computed it; else the job computing it now, if any."""
    for job in jobs.all_jobs("whatif"):  # newest first
        if (job["candidate"], job["sha256"], job["as_of"]) != (candidate, cand.sha256, day.isoformat()):
            continue
        if job["status"] in jobs.ACTIVE:
            return None, job
        data = read_json(jobs.data_key(job["id"])) if job["status"] == "done" else None
        report = report_from_json(data, current, cand) if isinstance(data, dict) else None
        if report is not None:
            return report, job
    return None, None


@bp.post("/rules/candidates/<candidate>/whatif")
@requires("administer")
def candidate_whatif(candidate: str):
    """Queue the what-if of the candidate as it is now, as of the form's day."""
    folder = _candidate_folder(candidate)
    form = AsOfForm()
    if not form.validate_on_submit():
        flash(_("The as-of date must be a date YYYY-MM-DD."), "error")
        return _back_to_rules()
    try:
        cand = load_ruleset(folder, check_examples=False)
    except DomainError as exc:
        flash(_("Candidate %(name)s does not load:", name=candidate), "error")
        _flash_problems(exc)
        return _back_to_rules()
    job = start_whatif(candidate, cand.sha256, form.as_of.data, current_user.username)
    if job is None:
        flash(_("A what-if is already queued or running; wait until it has finished."), "error")
        return _back_to_rules()
    return redirect(url_for("admin.whatif_job", job_id=job["id"])), 303


@bp.get("/rules/whatif/<job_id>")
@requires("administer")
def whatif_job(job_id: str):
    return render_template("admin/whatif_job.html", job=job_or_404(job_id, "whatif"))


def _version_exists(version: str) -> bool:
    return (Path(current_app.config["RULES_DIR"]) / version).exists()


@bp.post("/rules/candidates/<candidate>/activate")
@requires("administer")
def activate(candidate: str):
    """Activate the candidate (services.rulesets.activate_candidate); any refusal changes nothing."""
    folder = _candidate_folder(candidate)
    try:
        cand = activate_candidate(db.session, folder, Path(current_app.config["RULES_DIR"]), current_user.username,
                                  rule_store().reload)
    except CandidateRefused as exc:
        flash(say(exc), "error")
        _flash_lines(exc.problems)
        return _back_to_rules()
    flash(_("Rule set %(version)s is active. It applies to ratings whose as-of date is in its effective window "
            "%(window)s; existing ratings keep the rule set they were made with until they are re-rated.",
            version=cand.version, window=_window(cand)), "info")
    return _back_to_rules()


def _window(rs: RuleSet) -> str:
    return f"{format_date(rs.effective_from)} – {format_date(rs.ends_on) if rs.ends_on else _('open-ended')}"


@bp.post("/rules/rerate")
@requires("administer")
def rerate():
    form = AsOfForm()
    if not form.validate_on_submit():
        return _rules_page(form, 400)
    day = form.as_of.data
    try:
        ruleset = rule_store().book.for_date(day)
    except DomainError as exc:
        _flash_problems(exc)
        return _back_to_rules()
    job = start_rerate(day, ruleset.version, current_user.username)
    if job is None:
        flash(_("A re-rating job is already queued or running; wait until it has finished."), "error")
        return _back_to_rules()
    flash(_("Re-rating of every wharf as of %(day)s queued.", day=format_date(day)), "info")
    return redirect(url_for("admin.job", job_id=job["id"])), 303


@bp.get("/rules/jobs/<job_id>")
@requires("administer")
def job(job_id: str):
    return render_template("admin/rules_job.html", job=job_or_404(job_id, "rerate"))

