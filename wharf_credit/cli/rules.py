"""`flask --app wsgi ...` commands: thin wrappers; user mistakes print to stderr and exit 1, never a traceback."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .. import clock
from .common import fail, performs
from ..domain import DomainError, FactsError, RuleBook, RuleSetError, load_rulebook, load_ruleset, parse_facts, rate
from ..domain.rating.examples import uncovered
from ..domain.rules.summary import ruleset_summary

rules_cli = AppGroup("rules", help="Check, show and apply rule sets (rules/<version>/).")


def _load(target: str | None) -> RuleBook:
    """A version folder (has ruleset.yaml) or a rules root; default: the app's RULES_DIR."""
    path = Path(target) if target else Path(current_app.config["RULES_DIR"])
    try:
        if (path / "ruleset.yaml").is_file():
            return RuleBook((load_ruleset(path),))
        return load_rulebook(path)
    except DomainError as exc:
        fail([str(p) for p in exc.problems])


@rules_cli.command("check")
@click.argument("folder", required=False)
@click.option("--coverage", is_flag=True, help="Also fail if an indicator, rule or grade has no example.")
@performs("administer")
def rules_check(folder: str | None, coverage: bool) -> None:
    """Validate rule-set folders and run their examples."""
    book = _load(folder)
    problems = []
    for rs in book.rulesets:
        click.echo(f"ok: {rs.id} {rs.version} sha256={rs.sha256} ({len(rs.indicators)} indicators,"
                   f" {len(rs.rules)} vetoes/caps/downgrades, {len(rs.examples)} examples passed)")
        if coverage:
            for what, ids in uncovered(rs).items():
                if ids:
                    problems.append(f"{rs.version}: no example covers {what}: {', '.join(ids)}")
    if problems:
        fail(problems)
    if coverage:
        click.echo("coverage: every indicator, veto/cap/downgrade and grade is exercised by an example")


@rules_cli.command("show")
@click.argument("folder", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the rule set(s) as JSON.")
@performs("administer")
def rules_show(folder: str | None, as_json: bool) -> None:
    """Show the loaded rule set(s)."""
    book = _load(folder)
    summaries = [ruleset_summary(rs) for rs in book.rulesets]
    if as_json:
        out: Any = summaries[0] if len(summaries) == 1 else summaries
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for rs, s in zip(book.rulesets, summaries, strict=True):
        ends = rs.ends_on.isoformat() if rs.ends_on else "∞"
        ended_by = " (ended by its successor)" if rs.ended_by else ""
        click.echo(f"{s['id']} {s['version']}  effective {s['effective_from']} .. {ends}{ended_by}")
        click.echo("  grades: " + ", ".join(f"{g['code']}≥{g['min_score']:g}" for g in s["grades"]))
        click.echo(f"  indicators: {len(s['indicators'])}; rules: {len(s['rules'])}; sha256 {s['sha256']}")


@rules_cli.command("rate")
@click.argument("facts_file", type=click.File("r", encoding="utf-8"))
@click.option("--lang", type=click.Choice(["zh_CN", "en"]), default="zh_CN", show_default=True)
@click.option("--rules", "folder", default=None, help="Rule-set folder or rules root (default: RULES_DIR).")
@performs("administer")
def rules_rate(facts_file: Any, lang: str, folder: str | None) -> None:
    """Rate FACTS_FILE (one facts object or a JSON list; '-' for stdin) and print the rating JSON."""
    name = getattr(facts_file, "name", "-")
    try:
        data = json.load(facts_file)
    except json.JSONDecodeError as exc:
        fail(f"{name}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}")
    book = _load(folder)
    items = data if isinstance(data, list) else [data]
    ratings = []
    for n, item in enumerate(items):
        prefix = f"[{n}]." if isinstance(data, list) else ""
        try:
            if not isinstance(item, dict):
                raise FactsError([]) from None
            ruleset = _ruleset_for(book, item)
            ratings.append(rate(parse_facts(item, ruleset), ruleset).to_dict(lang))
        except DomainError as exc:
            problems = exc.problems or []
            fail([f"{name}: {prefix}{p.where}: {p.message}" if p.where else f"{name}: {prefix}{p.message}"
                  for p in problems] or f"{name}: {prefix[:-1] or 'facts'}: expected a JSON object")
    out = ratings if isinstance(data, list) else ratings[0]
    click.echo(json.dumps(out, ensure_ascii=False, indent=2))


def _ruleset_for(book: RuleBook, item: dict[str, Any]) -> Any:
    import datetime as dt

    from ..domain import Problem

    raw = item.get("as_of")
    try:
        day = dt.date.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        day = None
    if day is None:
        raise FactsError([Problem("as_of", "required (a date YYYY-MM-DD)")])
    return book.for_date(day)


@rules_cli.command("diff")
@click.argument("candidate", type=click.Path(exists=True, file_okay=False))
@click.option("--as-of", "as_of", default=None, help="Date YYYY-MM-DD (default: today).")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Also write the wharves whose permit route or inspection rate changes.")
@click.option("--show", default=20, show_default=True, help="How many changed wharves to list.")
@performs("administer")
def rules_diff(candidate: str, as_of: str | None, csv_path: str | None, show: int) -> None:
    """Replay CANDIDATE (a rule-set folder) over every wharf beside the rule set in force: grade-migration
    matrix, changed permit routes and inspection rates, examples that now fail, score shift. Nothing is stored."""
    import datetime as dt

    from ..extensions import db
    from ..rules import rule_store
    from ..services.whatif import diff

    try:
        day = dt.date.fromisoformat(as_of) if as_of else clock.today()
    except ValueError:
        fail(f"--as-of must be a date YYYY-MM-DD, got {as_of!r}")
    try:
        cand = load_ruleset(candidate, check_examples=False)  # failing examples are reported, not fatal
    except RuleSetError as exc:
        fail([str(p) for p in exc.problems])
    try:
        report = diff(db.engine, rule_store().book, cand, day)
    except DomainError as exc:
        fail([f"{p.where}: {p.message}" for p in exc.problems])
    click.echo(f"what-if: {cand.id} {cand.version} (sha256 {cand.sha256[:12]}) against {report.current.version} "
               f"(sha256 {report.current.sha256[:12]}), as of {day}, {report.wharves} wharves")
    click.echo("grade migration (rows: now, columns: candidate)")
    click.echo("      " + "".join(f"{g:>7}" for g in report.grades) + "    total")
    for g, row in zip(report.grades, report.matrix, strict=True):
        click.echo(f"  {g:<4}" + "".join(f"{n:>7}" for n in row) + f"  {sum(row):>7}")
    click.echo(f"{report.moved} wharves change grade; {len(report.changes)} change permit route or inspection rate")
    for c in report.changes[:show]:
        click.echo(f"  {c.code} {c.name} ({c.company}): {c.grade_from}->{c.grade_to}, route {c.route_from}->"
                   f"{c.route_to}, inspection rate {c.rate_from:g}->{c.rate_to:g}")
    shift = report.shift()
    if shift:
        click.echo(f"score: mean {shift['mean_from']:.2f} -> {shift['mean_to']:.2f} (change {shift['mean_change']:+.2f};"
                   f" p10 {shift['p10_change']:+.2f}, p90 {shift['p90_change']:+.2f}; {shift['up']} up, "
                   f"{shift['down']} down)")
    if report.dropped_values:
        click.echo(f"note: {report.dropped_values} stored indicator values are not rated by the candidate")
    if report.failing_examples:
        click.echo(f"{len(report.failing_examples)} examples of {report.current.version} fail under the candidate:")
        for line in report.failing_examples:
            click.echo(f"  {line}")
    else:
        click.echo(f"every example of {report.current.version} still passes under the candidate")
    if report.own_failures:
        click.echo(f"{len(report.own_failures)} of the candidate's own examples fail:")
        for line in report.own_failures:
            click.echo(f"  {line}")
    if csv_path:
        with open(csv_path, "w", encoding="utf-8-sig", newline="") as fh:
            fh.write(report.csv())
        click.echo(f"wrote {len(report.changes)} rows to {csv_path}")


def register(app: Flask) -> None:
    app.cli.add_command(rules_cli)
