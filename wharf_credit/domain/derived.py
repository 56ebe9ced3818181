"""Derived facts: the named values (FACT_CATALOGUE) that conditions of vetoes, caps and basic items read."""
from __future__ import annotations

import datetime as dt
from typing import Any

from .calendar import months_before, whole_months_between
from .facts import WharfFacts
from .green import GreenResult
from .model import RuleSet

PENALTY_AT_LEAST_FINE = ("fine", "suspension", "revocation")


def derive_base(facts: WharfFacts, ruleset: RuleSet) -> dict[str, Any]:
    """Facts that do not depend on any component score (basic-info items may read only these)."""
    as_of = facts.as_of
    c12 = months_before(as_of, 12)
    c36 = months_before(as_of, 36)
    veto = ruleset.safety.veto_accident
    w, co = facts.wharf, facts.company
    d: dict[str, Any] = {
        "wharf.type": w.type,
        "wharf.months_operating": whole_months_between(w.operating_since, as_of) if w.operating_since else 0,
        "wharf.age_years": max(as_of.year - w.year_built, 0) if w.year_built else 0,
        "company.permit_valid": co.permit_valid_until is not None and co.permit_valid_until >= as_of,
        "company.permit_expiring_90d": (co.permit_valid_until is not None and as_of <= co.permit_valid_until
                                        < as_of + dt.timedelta(days=90)),
        "company.safety_evaluation_overdue": (co.safety_evaluation_valid_until is not None
                                              and co.safety_evaluation_valid_until < as_of),
        "company.dg_annex_expired": co.dg_annex_valid_until is not None and co.dg_annex_valid_until < as_of,
        "company.serious_dishonesty_list": co.serious_dishonesty_list,
        "company.permit_fraud": co.permit_fraud,
        "company.filings_complete": co.filings_complete,
    }
    n = dict.fromkeys(("fatal12", "veto12", "veto36", "resp12", "major_overdue", "overdue", "open", "pen12",
                       "fines12", "onsite12", "obstruction12", "pledge12"), 0)
    amount12 = 0.0
    for ev in facts.safety_events:
        if not ev.counts:
            continue
        recent = ev.date > c12
        if ev.kind == "accident" and ev.responsible:
            if recent:
                n["resp12"] += 1
                n["fatal12"] += ev.deaths >= 1
            if ev.at_veto_bar(veto):
                if recent:
                    n["veto12"] += 1
                elif ev.date > c36:
                    n["veto36"] += 1
        elif ev.kind == "hidden_danger":
            overdue = ev.overdue(as_of)
            n["overdue"] += overdue
            n["major_overdue"] += overdue and ev.severity == "major"
            n["open"] += ev.rectified_on is None
        elif ev.kind == "penalty" and recent:
            n["pen12"] += ev.measure in PENALTY_AT_LEAST_FINE
            if ev.measure == "fine":
                n["fines12"] += 1
                amount12 += ev.amount_cny
        elif ev.kind == "inspection" and recent:
            n["onsite12"] += ev.onsite
        elif ev.kind == "obstruction" and recent:
            n["obstruction12"] += 1
        elif ev.kind == "pledge_broken" and recent:
            n["pledge12"] += 1
    d.update({
        "safety.fatal_accidents_12m": n["fatal12"], "safety.veto_accidents_12m": n["veto12"],
        "safety.veto_accidents_13_36m": n["veto36"], "safety.responsible_accidents_12m": n["resp12"],
        "hidden_danger.major_overdue": n["major_overdue"], "hidden_danger.overdue": n["overdue"],
        "hidden_danger.open": n["open"], "penalties.count_12m": n["pen12"], "penalties.fines_12m": n["fines12"],
        "penalties.amount_12m": amount12, "inspections.onsite_12m": n["onsite12"],
        "conduct.obstruction_12m": n["obstruction12"], "conduct.pledge_broken_12m": n["pledge12"],
    })
    return d


def add_scores(d: dict[str, Any], green: GreenResult, safety_score: float) -> dict[str, Any]:
    d["green.mandatory_unmet"] = len(green.mandatory_unmet)
    d["green.score"] = green.score
    d["safety.score"] = safety_score
    return d
