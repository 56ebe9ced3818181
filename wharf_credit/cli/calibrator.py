"""`flask calibrator train | evaluate | activate ID | deactivate | drift | list` (issue 6).

Artefacts live in CALIBRATOR_DIR (default <instance>/calibrators; none under TESTING); the active one is recorded in active.json there.
Data comes from stored ratings at least 12 months old, labelled by the serious outcomes recorded in the following 12
months, or, with --simulate N, from the seeded simulator (a dry run that touches no stored data). A user mistake or a
refusal is one line (or a short table) and exit 1, never a traceback.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click
from flask import Flask
from flask.cli import AppGroup

from .. import clock
from .common import fail, performs
from ..calibration import ArtefactError, choose_rung, evaluate, load_artefact, passes_gate, simulate
from ..calibration import registry
from ..calibration.dataset import Dataset, LabelledRow
from ..calibration.drift import drift_report
from .calibrator_report import describe, print_metrics, print_rates
from ..calibration.ladder import DEFAULT_COMPONENTS
from ..services.calibrator_training import TrainingData, TrainingRefused, train_calibrator, training_data

calibrator_cli = AppGroup("calibrator", help="The optional learned calibrator: train, evaluate, activate, drift.")


def calibrator_dir() -> Path:
    """The folder the ratings and /admin/calibrators use too (services.ratings.calibrators_root)."""
    from ..services.ratings import calibrators_root

    root = calibrators_root()
    if root is None:
        fail("no calibrators folder: set CALIBRATOR_DIR (under TESTING there is no default)")
    return root


def parse_day(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{name} must be a date YYYY-MM-DD, got {value!r}")


def ruleset_today(today: dt.date):
    from ..domain import DomainError
    from ..rules import rule_store

    try:
        return rule_store().book.for_date(today)
    except (DomainError, KeyError, LookupError) as exc:
        fail(f"no rule set in force on {today}: {exc}")


def load_data(simulated: int | None, seed: int, since: dt.date | None, until: dt.date | None, today: dt.date,
              ruleset: Any) -> TrainingData:
    """The labelled rows (services.calibrator_training.training_data), their description printed; refusals fail."""
    from ..extensions import db

    try:
        found = training_data(db.session, simulated, seed, since, until, today, ruleset)
    except TrainingRefused as exc:
        fail(str(exc))
    narrate("data", found)
    return found


def narrate(stage: str, detail: Any) -> None:
    """What `calibrator train` prints as each stage of training ends."""
    if stage == "data":
        describe(detail.data, detail.source.en)
        if detail.skipped:
            click.echo(f"note: {detail.skipped} stored rating(s) could not be re-rated under the rule set "
                       f"(their facts do not validate under it) and are left out")
    elif stage == "split":
        cutoff, train_rows, test_rows = detail
        click.echo(f"time split at {cutoff}: {train_rows} rows to train, {test_rows} held out")
    elif stage == "model":
        click.echo(f"ladder: {detail.kind}: {detail.reason}")
        if detail.kind == "logistic":
            click.echo("coefficients: " + ", ".join(f"{k} {v:+.5f}" for k, v in detail.coefficients.items())
                       + f", intercept {detail.intercept:+.4f}")
    elif stage == "metrics":
        print_metrics(detail)


data_options = [
    click.option("--since", default=None, help="First as_of date included (YYYY-MM-DD)."),
    click.option("--until", default=None, help="First as_of date excluded (YYYY-MM-DD)."),
    click.option("--simulate", "simulated", type=int, default=None,
                 help="Dry run on N simulated labelled wharf-years instead of stored ratings."),
    click.option("--seed", type=int, default=0, show_default=True, help="Seed of the simulator and bootstrap."),
]


def with_data_options(f):
    for option in reversed(data_options):
        f = option(f)
    return f


@calibrator_cli.command("train")
@with_data_options
@click.option("--components", default=",".join(DEFAULT_COMPONENTS), show_default=True,
              help="Components beside the score for the logistic rung (at most 2, comma-separated; '' for none).")
@click.option("--test-fraction", type=float, default=0.25, show_default=True,
              help="The most recent share of rows held out for evaluation (time split).")
@click.option("--id", "ident", default=None, help="Artefact id (default cal-<UTC timestamp>).")
@click.option("--owner", default="", help="Owner recorded on the model card.")
@click.option("--boot", type=int, default=200, show_default=True, help="Bootstrap resamples.")
@click.option("--queue", "queued", is_flag=True,
              help="Queue it as a background job (run by the task worker; `flask jobs show ID`) instead.")
@performs("administer")
def train_cmd(since, until, simulated, seed, components, test_fraction, ident, owner, boot, queued) -> None:
    """Train a calibrator on labelled history (time split), evaluate it, save the artefact and its model card."""
    from ..extensions import db
    from ..queue.tasks import start_training

    today = clock.today()
    ruleset = ruleset_today(today)
    settings = {"simulated": simulated, "seed": seed, "since": parse_day(since, "--since"),
                "until": parse_day(until, "--until"),
                "components": tuple(c.strip() for c in components.split(",") if c.strip()),
                "test_fraction": test_fraction, "owner": owner, "boot": boot}
    ident = ident or "cal-" + clock.now().strftime("%Y%m%d-%H%M%S")
    if queued:
        job = start_training(ruleset.version, today, ident, "cli", **settings)
        if job is None:
            fail("a calibrator training job is already queued or running (`flask jobs list`)")
        click.echo(f"job {job['id']} {job['status']}: training calibrator {ident} for rule set {ruleset.version}")
        return
    try:
        report = train_calibrator(db.session, calibrator_dir(), ruleset, today, ident, on_step=narrate, **settings)
    except TrainingRefused as exc:
        if exc.data is not None:
            print_rates(exc.data)
        fail(str(exc))
    saved = report.saved
    click.echo(f"saved {saved.id} at {saved.folder} (sha256 {saved.sha256}); rule set {ruleset.version}")
    click.echo(f"model card: {saved.folder / 'card.md'}")


@calibrator_cli.command("evaluate")
@click.argument("ident", required=False)
@with_data_options
@click.option("--boot", type=int, default=200, show_default=True, help="Bootstrap resamples.")
@performs("administer")
def evaluate_cmd(ident, since, until, simulated, seed, boot) -> None:
    """Observed outcome rates per grade and what the ladder would do; with ID, that artefact's metrics on the data."""
    today = clock.today()
    ruleset = ruleset_today(today)
    data = load_data(simulated, seed, parse_day(since, "--since"), parse_day(until, "--until"), today,
                     ruleset).data
    print_rates(data)
    if ident is None:
        rung, reason = choose_rung(len(data), data.positives)
        click.echo(f"ladder: {rung}: {reason}")
        return
    folder = calibrator_dir() / ident
    try:
        sha = registry.sha256_file(folder / registry.MANIFEST)
        loaded = load_artefact(folder, sha, ruleset)
    except (ArtefactError, OSError) as exc:
        fail(f"calibrator {ident}: {exc}")
    if data.positives == 0 or data.positives == len(data):
        fail("the data has only one outcome class: only the rates above can be given")
    model = loaded.calibrator.model
    print_metrics(evaluate(data.label, model.predict_data(data), model.reference.predict(data.score), data.grade,
                           n_boot=boot, seed=seed, score=data.score))


@calibrator_cli.command("list")
@performs("administer")
def list_cmd() -> None:
    """Every stored calibrator, the active one marked with *."""
    root = calibrator_dir()
    active = registry.read_active(root) or {}
    items = registry.list_artefacts(root)
    if not items:
        click.echo(f"no calibrators in {root}")
    for item in items:
        mark = "*" if item["id"] == active.get("id") else " "
        if "error" in item:
            click.echo(f"{mark} {item['id']}: unreadable ({item['error']})")
            continue
        meta, card = item["meta"], item["card"] or {}
        gate = "gate passes" if passes_gate(card.get("metrics") or {}) else "gate fails"
        tr = meta.get("training", {})
        click.echo(f"{mark} {item['id']}  {meta.get('kind')}  {tr.get('rows')} rows / {tr.get('positives')} pos  "
                   f"rule set {meta.get('ruleset', {}).get('version')}  created {meta.get('created')}  "
                   f"review {meta.get('review_date')}  {gate}  sha256 {item['sha256'][:12]}")
    if active and not active.get("id"):
        click.echo(f"active record unreadable: {active.get('error')}")


@calibrator_cli.command("activate")
@click.argument("ident")
@performs("administer")
def activate_cmd(ident: str) -> None:
    """Activate a calibrator: only if it loads cleanly for the rule set in force and passes the gate."""
    from ..extensions import db
    from ..rules import rule_store
    from ..services.calibrators import CalibratorRefused, activate_calibrator

    root = calibrator_dir()
    try:
        record = activate_calibrator(db.session, root, ident, rule_store().book, "cli", clock.today())
    except CalibratorRefused as exc:
        fail(str(exc))
    click.echo(f"activated {ident} (sha256 {record['artefact_sha256'][:12]}, trained on rule set "
               f"{record['ruleset_version']}); ratings from now on carry its bounded adjustment")


@calibrator_cli.command("deactivate")
@performs("administer")
def deactivate_cmd() -> None:
    """Deactivate the active calibrator: ratings are rules-only again."""
    before = deactivate(calibrator_dir())
    if before is None:
        click.echo("no calibrator was active")
        return
    click.echo(f"deactivated {before.get('id')}: ratings are rules-only")


def deactivate(root: Path, reason: dict[str, Any] | None = None) -> dict[str, Any] | None:
    from ..extensions import db
    from ..services.calibrators import deactivate_calibrator

    return deactivate_calibrator(db.session, root, "cli", reason)


@calibrator_cli.command("drift")
@click.option("--since", default=None, help="First as_of date of the recent window (default: 91 days ago).")
@click.option("--until", default=None, help="First as_of date excluded (default: tomorrow).")
@click.option("--simulate", "simulated", type=int, default=None, help="Recent rows from the simulator (dry run).")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--shift", type=float, default=0.0, help="With --simulate: add this to every simulated score.")
@performs("administer")
def drift_cmd(since, until, simulated, seed, shift) -> None:
    """PSI of recent scores/components against the active calibrator's training window; deactivates at >= 0.25
    (and when the artefact no longer loads: hash, rule set, version, review date)."""
    root = calibrator_dir()
    active = registry.read_active(root)
    if not active or not active.get("id"):
        fail("no calibrator is active")
    today = clock.today()
    ident = active["id"]
    try:
        loaded = load_artefact(root / ident, active["artefact_sha256"], ruleset_today(today), today=today)
    except ArtefactError as exc:
        deactivate(root, {"reason": exc.reason, "message": str(exc)})
        fail(f"deactivated {ident}: {exc}")
    ref = loaded.meta.get("drift_reference")
    if not ref:
        fail(f"calibrator {ident} has no training-window reference to compare against")
    lo = parse_day(since, "--since") or today - dt.timedelta(days=91)
    hi = parse_day(until, "--until") or today + dt.timedelta(days=1)
    if simulated is not None:
        data = simulate(simulated, seed=seed)
        if shift:
            data = Dataset(data.score + shift, data.green, data.safety, data.basic, data.grade, data.as_of,
                           data.label)
        source = f"simulated ({simulated} rows, seed {seed}, score shift {shift:+g})"
    else:
        data = recent_ratings(lo, hi)
        source = f"stored ratings {lo} – {hi}"
    click.echo(f"recent: {source}: {len(data)} rows")
    if not len(data):
        fail("no recent ratings to compare")
    report = drift_report(ref, data)
    for f, v in report["features"].items():
        click.echo(f"  {f:<8} PSI {v['psi']:.4f}  {v['status']}")
    if simulated is not None and 0 < data.positives < len(data):
        model = loaded.calibrator.model
        m = evaluate(data.label, model.predict_data(data), model.reference.predict(data.score), data.grade, n_boot=0)
        click.echo(f"  {'grade':<6}{'rows':>8}{'observed':>10}{'predicted':>11}")
        for g, v in m["per_grade"].items():
            click.echo(f"  {g:<6}{v['n']:>8}{v['observed']:>10.2%}{v['expected']:>11.2%}")
    click.echo(f"max PSI {report['max_psi']:.4f}: {report['status']} (0.1 watch, 0.25 act)")
    if report["status"] == "act":
        deactivate(root, {"reason": "drift", "max_psi": report["max_psi"]})
        click.echo(f"deactivated {ident}: population drift; ratings are rules-only")


def recent_ratings(since: dt.date, until: dt.date) -> Dataset:
    """Recent stored ratings as unlabelled rows (label 0: drift looks at features only)."""
    from sqlalchemy import select

    from ..extensions import db
    from ..models import RatingRow

    rows = []
    for as_of, score, comps, grade in db.session.execute(
            select(RatingRow.as_of, RatingRow.score, RatingRow.components, RatingRow.grade)
            .where(RatingRow.as_of >= since, RatingRow.as_of < until)):
        if comps and all(k in comps for k in ("green", "safety", "basic")):
            rows.append(LabelledRow(float(score), float(comps["green"]), float(comps["safety"]),
                                    float(comps["basic"]), grade, as_of, 0))
    return Dataset.from_rows(rows)


def register(app: Flask) -> None:
    app.cli.add_command(calibrator_cli)
