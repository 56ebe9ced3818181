"""What `flask calibrator` prints: the data it used, outcome rates per grade, held-out metrics and the gate."""
from __future__ import annotations

from typing import Any

import click

from ..calibration import passes_gate
from ..calibration.dataset import Dataset


def describe(data: Dataset, source: str) -> None:
    window = data.window
    span = f"{window[0]} – {window[1]}" if window else "no rows"
    click.echo(f"data: {source}: {len(data)} labelled rows, {data.positives} positives, as_of {span}")


def print_rates(data: Dataset) -> None:
    click.echo(f"{'grade':<6}{'rows':>8}{'outcomes':>10}{'rate':>9}")
    for grade, (n, pos, rate) in data.outcome_rates().items():
        click.echo(f"{grade:<6}{n:>8}{pos:>10}{rate:>9.1%}")


def grade_band(v: dict[str, Any], key: str) -> str:
    """`[p5, p95]` of one grade's observed or expected rate ('' without a bootstrap or when it is nan)."""
    lo, hi = v.get(f"{key}_p5"), v.get(f"{key}_p95")
    if lo is None or hi is None or lo != lo or hi != hi:
        return ""
    return f"[{lo:.2%}, {hi:.2%}]"


def shape_violations(iso: dict[str, Any]) -> str:
    return "; ".join(f"rate rises from {v['rate_from']:.1%} near score {v['from']:.1f} to {v['rate_to']:.1%} near "
                     f"{v['to']:.1f}" for v in iso["violations"])


def print_metrics(m: dict[str, Any]) -> None:
    ci = m["ci"]

    def band(key: str) -> str:
        return f"[{ci[key]['p5']:.4f}, {ci[key]['p95']:.4f}]" if key in ci else ""

    click.echo(f"held-out: {m['n']} rows, {m['positives']} positives, base rate {m['base_rate']:.2%}")
    click.echo(f"  Brier      {m['brier']:.4f} {band('brier')}  rules-only {m['brier_rules_only']:.4f}  "
               f"base rate {m['brier_base_rate']:.4f}")
    click.echo(f"  skill vs base rate   {m['skill_vs_base_rate']:+.4f} {band('skill_vs_base_rate')}")
    click.echo(f"  skill vs rules-only  {m['skill_vs_rules_only']:+.4f} {band('skill_vs_rules_only')}")
    click.echo(f"  log loss   {m['log_loss']:.4f}  rules-only {m['log_loss_rules_only']:.4f}")
    click.echo(f"  AUC        {m['auc']:.4f} {band('auc')}  rules-only {m['auc_rules_only']:.4f}")
    if m.get("per_grade"):
        click.echo(f"  {'grade':<6}{'rows':>8}{'observed':>10} {'5th–95th pct':<17}{'expected':>9} {'5th–95th pct'}")
        for g, v in m["per_grade"].items():
            click.echo(f"  {g:<6}{v['n']:>8}{v['observed']:>10.2%} {grade_band(v, 'observed'):<17}"
                       f"{v['expected']:>9.2%} {grade_band(v, 'expected')}")
    iso = m.get("isotonic")
    if iso:
        click.echo("score → risk shape: isotonic (non-increasing) fit of the outcomes on the score beside the "
                   "rules-only Platt curve (a diagnostic, not a model)")
        click.echo(f"  {'score':>7}{'isotonic':>10}{'rules-only':>12}")
        for c in iso["curve"]:
            click.echo(f"  {c['score']:>7g}{c['isotonic']:>10.2%}{c['p_ref']:>12.2%}")
        click.echo(f"  max |isotonic − rules-only| {iso['max_abs_gap']:.2%} at score {iso['max_abs_gap_score']:g}; "
                   f"observed risk monotone non-increasing in score: "
                   f"{'yes' if iso['monotone_non_increasing'] else 'NO, ' + shape_violations(iso)}")
    p10 = ci.get("skill_vs_rules_only", {}).get("p10", float("nan"))
    click.echo(f"gate: 10th percentile of the skill gain over rules-only = {p10:+.4f} -> "
               f"{'passes' if passes_gate(m) else 'FAILS (cannot be activated)'}")
