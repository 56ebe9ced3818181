"""Admin: learned calibrators (their model cards and held-out metrics, activation behind the skill gate,
deactivation)."""
from __future__ import annotations

from typing import Any

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import Length, NumberRange, Optional

from ... import clock
from ...domain import DomainError
from ...extensions import db
from ...rules import rule_store
from ...services.calibrator_training import STAGES
from ...queue import jobs
from ...queue.tasks import start_training
from ..access import requires
from ..fields import DayField
from ..labels import joined, ui_lang
from . import bp, job_or_404


def _reliability_chart(metrics: dict[str, Any] | None) -> Any:
    """Reliability diagram (server-side SVG): observed outcome rate against the predicted one, per quantile bin, for
    the calibrator and the rules-only reference, beside the diagonal of perfect calibration."""
    from .. import charts

    bins = (metrics or {}).get("reliability") or []
    ref = (metrics or {}).get("reliability_rules_only") or []
    top = max([b["predicted"] for b in bins + ref] + [b["observed"] for b in bins + ref] + [0.01])
    top = min(100.0, float(int(top * 100 / 5) + 1) * 5)  # percent, rounded up to 5

    def points(rows: list[dict[str, float]]) -> list[tuple[float, float, str]]:
        return [(round(b["predicted"] * 100, 2), round(b["observed"] * 100, 2),
                 _("predicted %(p)s%%, observed %(o)s%% (%(n)s ratings)", p=f"{b['predicted'] * 100:.1f}",
                   o=f"{b['observed'] * 100:.1f}", n=b["n"])) for b in rows]

    series = []
    if bins:
        series = [charts.Series(_("Perfect calibration"), [(0.0, 0.0), (top, top)], colour=charts.LINE,
                                css_class="diagonal"),
                  charts.Series(_("Rules-only"), points(ref), colour=charts.MUTED, css_class="rules-only"),
                  charts.Series(_("Calibrator"), points(bins), colour=charts.ACCENT, css_class="calibrator")]
    return charts.line_chart(series, _("Reliability: observed vs predicted 12-month risk (%)"), y_min=0, y_max=top,
                             x_format=lambda x: f"{x:g}%", y_format=lambda y: f"{y:g}%",
                             empty=_("No held-out metrics"), css_class="line-chart reliability")


CARD_TEXTS = ("intended_use", "label", "ladder", "limits", "data_source")
MODEL_KINDS = {"logistic": _l("logistic regression (Platt)"), "hgb": _l("monotone gradient boosting")}
FEATURE_NAMES = {"score": _l("score"), "green": _l("green wharf"), "safety": _l("port safety"),
                 "basic": _l("basic compliance")}


class TrainForm(FlaskForm):
    since = DayField(_l("From (first rating date included)"), validators=[Optional()])
    until = DayField(_l("Until (first rating date left out)"), validators=[Optional()])
    owner = StringField(_l("Owner (recorded on the model card)"), validators=[Length(max=100)])
    simulated = IntegerField(_l("Simulated wharf-years (a dry run; leave empty to train on stored ratings)"),
                             validators=[Optional(), NumberRange(min=100, max=200_000)])


def card_texts(card: dict[str, Any], lang: str) -> dict[str, tuple[str, str | None]]:
    """The model card's sentences in the UI language: (text, None), or (English text, "en") for a card saved
    before cards carried Chinese, so the page can mark that text's language."""
    zh = card.get("zh_CN") or {}
    out: dict[str, tuple[str, str | None]] = {}
    for key in CARD_TEXTS:
        if lang != "en" and zh.get(key):
            out[key] = (zh[key], None)
        else:
            out[key] = (str(card.get(key) or ""), None if lang == "en" else "en")
    return out


def model_summary(card: dict[str, Any], meta: dict[str, Any]) -> str:
    kind = card.get("kind") or meta.get("kind") or ""
    features = card.get("features") or meta.get("features") or []
    names = joined(str(FEATURE_NAMES.get(f, f)) for f in features)
    return f"{MODEL_KINDS.get(kind, kind)} · " + _("features: %(names)s", names=names)


@bp.get("/calibrators")
@requires("administer")
def calibrators(form: TrainForm | None = None, status: int = 200):
    from ...calibration import passes_gate
    from ...calibration.registry import list_artefacts, read_active
    from ...services.ratings import active_for, calibrator_fallback, calibrators_root

    root = calibrators_root()
    active = read_active(root) if root else None
    today = clock.today()
    try:
        ruleset = rule_store().book.for_date(today)
    except DomainError:
        ruleset = None
    why = None
    if root is not None and ruleset is not None and active:
        why = active_for(root, ruleset, today)[1]
    items = []
    for item in list_artefacts(root) if root else []:
        card = item.get("card") or {}
        metrics = card.get("metrics")
        items.append({**item, "active": bool(active) and item["id"] == active.get("id"),
                      "gate": passes_gate(metrics or {}), "metrics": metrics, "chart": _reliability_chart(metrics),
                      "simulated": "simulated" in str(card.get("data_source") or ""),
                      "texts": card_texts(card, ui_lang()), "model": model_summary(card, item.get("meta") or {})})
    return render_template("admin/calibrators.html", root=root, active=active, items=items, why=why,
                           fallback=calibrator_fallback(), ruleset=ruleset, form=form or TrainForm(),
                           job=jobs.current("calibrator")), status


@bp.post("/calibrators/train")
@requires("administer")
def calibrator_train():
    """Queue the training of a new calibrator for the rule set in force (the task worker runs it)."""
    form = TrainForm()
    if not form.validate_on_submit():
        return calibrators(form, 400)
    today = clock.today()
    try:
        ruleset = rule_store().book.for_date(today)
    except DomainError:
        flash(_("No rule set is in force today: there is nothing to train a calibrator for."), "error")
        return _back_to_calibrators()
    ident = "cal-" + clock.now().strftime("%Y%m%d-%H%M%S")
    job = start_training(ruleset.version, today, ident, current_user.username, simulated=form.simulated.data,
                         since=form.since.data, until=form.until.data, owner=form.owner.data or "")
    if job is None:
        flash(_("A calibrator is already being trained; wait until it has finished."), "error")
        return _back_to_calibrators()
    return redirect(url_for("admin.calibrator_job", job_id=job["id"])), 303


@bp.get("/calibrators/jobs/<job_id>")
@requires("administer")
def calibrator_job(job_id: str):
    return render_template("admin/calibrator_job.html", job=job_or_404(job_id, "calibrator"), stages=len(STAGES))


def _back_to_calibrators() -> tuple[Response, int]:
    return redirect(url_for("admin.calibrators")), 303


@bp.post("/calibrators/<ident>/activate")
@requires("administer")
def calibrator_activate(ident: str):
    """Activate a calibrator exactly as `flask calibrator activate` does (services.calibrators)."""
    from ...services.calibrators import CalibratorRefused, activate_calibrator
    from ...services.ratings import calibrators_root

    try:
        activate_calibrator(db.session, calibrators_root(), ident, rule_store().book, current_user.username,
                            clock.today())
    except CalibratorRefused as exc:
        flash(_refusal(exc, ident), "error")
        return _back_to_calibrators()
    flash(_("Calibrator %(id)s is active: ratings from now on carry its bounded adjustment.", id=ident), "info")
    return _back_to_calibrators()


def _refusal(exc: Any, ident: str) -> str:
    if exc.kind == "no_folder":
        return _("Not activated: no calibrators folder is configured (CALIBRATOR_DIR).")
    if exc.kind == "unknown":
        return _("Not activated: there is no calibrator %(id)s.", id=ident)
    if exc.kind == "gate":
        return _("Not activated: the 10th bootstrap percentile of the skill gain of %(id)s over rules-only is below 0 "
                 "(or it has no held-out metrics).", id=ident)
    error = str(exc.__cause__ or exc)
    return _("Not activated: calibrator %(id)s does not load: %(error)s", id=ident, error=error)


@bp.post("/calibrators/deactivate")
@requires("administer")
def calibrator_deactivate():
    from ...services.calibrators import deactivate_calibrator
    from ...services.ratings import calibrators_root

    before = deactivate_calibrator(db.session, calibrators_root(), current_user.username)
    if before is None:
        flash(_("No calibrator was active."), "info")
        return _back_to_calibrators()
    flash(_("Calibrator %(id)s deactivated: ratings are rules-only.", id=before.get("id")), "info")
    return _back_to_calibrators()
