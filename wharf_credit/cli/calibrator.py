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
from ..calibration import ArtefactError, NotEnoughData, WrongSign, choose_rung, evaluate, load_artefact, passes_gate
from ..calibration import save_artefact, simulate, train
from ..calibration import registry
from ..calibration.dataset import Dataset, LabelledRow, label_ratings, split_fraction
from ..calibration.drift import drift_report
from .calibrator_report import describe, print_metrics, print_rates
from ..calibration.ladder import DEFAULT_COMPONENTS
from ..domain.vocabulary import I18n

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


def stored_data(since: dt.date | None, until: dt.date | None, today: dt.date, ruleset: Any) -> Dataset:
    """Labelled rows from stored ratings (the latest rating per wharf and day) and recorded safety events.

    The features are recomputed from each rating's stored facts under `ruleset` (the rule set the calibrator is
    trained for) as of the rating's own date: a rating is a pure function of its inputs, so this leaks nothing, and
    every row is on the scale the calibrator will adjust, not the scale of whichever rule set was in force then.
    Labels follow the rule set's definition of a serious adverse outcome (policy.calibrator.label)."""
    from sqlalchemy import select

    from ..extensions import db
    from ..models import RatingRow, SafetyEventRow

    q = select(RatingRow.wharf_id, RatingRow.as_of, RatingRow.inputs).order_by(
        RatingRow.wharf_id, RatingRow.as_of, RatingRow.id)
    if since:
        q = q.where(RatingRow.as_of >= since)
    if until:
        q = q.where(RatingRow.as_of < until)
    latest: dict[tuple[int, dt.date], dict[str, Any]] = {}
    for wharf_id, as_of, inputs in db.session.execute(q):
        if isinstance(inputs, dict):
            latest[(wharf_id, as_of)] = inputs
    events: dict[int, list[tuple[dt.date, dict]]] = {}
    for wharf_id, day, kind, data, status in db.session.execute(
            select(SafetyEventRow.wharf_id, SafetyEventRow.date, SafetyEventRow.kind, SafetyEventRow.data,
                   SafetyEventRow.status)):
        events.setdefault(wharf_id, []).append((day, {**(data or {}), "kind": kind, "status": status}))
    rows, skipped = rescore(latest, ruleset)
    if skipped:
        click.echo(f"note: {skipped} stored rating(s) could not be re-rated under rule set {ruleset.version} "
                   f"(their facts do not validate under it) and are left out")
    return Dataset.from_rows(label_ratings(rows, events, today, ruleset.policy.calibrator_label))


def rescore(facts: dict[tuple[int, dt.date], dict[str, Any]], ruleset: Any
            ) -> tuple[list[tuple[int, dt.date, float, dict, str]], int]:
    """(wharf id, as_of, score, components, grade) of each stored facts object rated under `ruleset` (batch path,
    one batch per date), and how many could not be rated (facts invalid under it)."""
    from ..domain import FactsError, parse_facts
    from ..domain.rating.batch import BatchInput, rate_batch
    from ..services.rerate import applicable

    by_day: dict[dt.date, list[tuple[int, dict[str, Any]]]] = {}
    for (wharf_id, day), f in facts.items():
        by_day.setdefault(day, []).append((wharf_id, f))
    out, skipped = [], 0
    for day, items in sorted(by_day.items()):
        parsed, ids = [], []
        for wharf_id, f in items:
            try:
                parsed.append(parse_facts(applicable({**f, "as_of": day.isoformat()}, ruleset), ruleset))
                ids.append(wharf_id)
            except (FactsError, KeyError, TypeError):
                skipped += 1
        if not parsed:
            continue
        result = rate_batch(BatchInput.from_facts(parsed, ruleset), ruleset, day)
        for wharf_id, row in zip(ids, result.rows(), strict=True):
            out.append((wharf_id, day, row["score"], row["components"], row["grade"]))
    return out, skipped


def load_data(simulated: int | None, seed: int, since: dt.date | None, until: dt.date | None,
              today: dt.date, ruleset: Any) -> tuple[Dataset, I18n]:
    label = ruleset.policy.calibrator_label
    if simulated is not None:
        if simulated <= 0:
            fail("--simulate takes a positive number of rows")
        data = simulate(simulated, seed=seed).between(since, until)
        return data, I18n(f"模拟的码头年度数据（{simulated} 条，随机种子 {seed}）",
                          f"simulated ({simulated} wharf-years, seed {seed})")
    return (stored_data(since, until, today, ruleset),
            I18n(f"按规则集 {ruleset.version} 重新评价的已存储评价结果（标签期限 {label.horizon_days} 天）",
                 f"stored ratings re-rated under {ruleset.version} (label horizon {label.horizon_days} days)"))


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
@performs("administer")
def train_cmd(since, until, simulated, seed, components, test_fraction, ident, owner, boot) -> None:
    """Train a calibrator on labelled history (time split), evaluate it, save the artefact and its model card."""
    today = clock.today()
    ruleset = ruleset_today(today)
    data, source = load_data(simulated, seed, parse_day(since, "--since"), parse_day(until, "--until"), today,
                             ruleset)
    describe(data, source.en)
    if not 0.05 <= test_fraction <= 0.5:
        fail("--test-fraction must be between 0.05 and 0.5")
    if len(data) < 2:
        print_rates(data)
        fail("not enough labelled history to train a calibrator")
    train_part, test_part, cutoff = split_fraction(data, test_fraction)
    click.echo(f"time split at {cutoff}: {len(train_part)} rows to train, {len(test_part)} held out")
    comps = tuple(c.strip() for c in components.split(",") if c.strip())
    try:
        model = train(train_part, components=comps, seed=seed)
    except NotEnoughData as exc:
        print_rates(data)
        fail(str(exc))
    except (WrongSign, ValueError) as exc:
        fail(str(exc))
    click.echo(f"ladder: {model.kind}: {model.reason}")
    if model.kind == "logistic":
        click.echo("coefficients: " + ", ".join(f"{k} {v:+.5f}" for k, v in model.coefficients.items())
                   + f", intercept {model.intercept:+.4f}")
    if test_part.positives == 0 or test_part.positives == len(test_part):
        fail("the held-out period has only one outcome class: nothing to evaluate on")
    metrics = evaluate(test_part.label, model.predict_data(test_part), model.reference.predict(test_part.score),
                       test_part.grade, n_boot=boot, seed=seed, score=test_part.score)
    print_metrics(metrics)
    ident = ident or "cal-" + clock.now().strftime("%Y%m%d-%H%M%S")
    try:
        saved = save_artefact(model, calibrator_dir(), ident, ruleset, metrics=metrics, owner=owner,
                              train_data=train_part, test_window=test_part.window, data_source=source)
    except (ValueError, FileExistsError) as exc:
        fail(str(exc))
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
    data, source = load_data(simulated, seed, parse_day(since, "--since"), parse_day(until, "--until"), today,
                             ruleset)
    describe(data, source.en)
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
