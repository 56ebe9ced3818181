"""Derived facts: the named values (FACT_CATALOGUE) that conditions of vetoes, caps and basic items read."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ..calendar import months_before, whole_months_between
from .facts import WharfFacts
from .green import GreenResult
from ..rules.model import RuleSet

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
    fatal12 = veto12 = veto36 = resp12 = major_overdue = overdue_n = open_n = 0
    pen12 = fines12 = onsite12 = obstruction12 = pledge12 = 0
    amount12 = 0.0
    for ev in facts.safety_events:
        if not ev.counts:
            continue
        recent = ev.date > c12
        kind = ev.kind
        if kind == "accident" and ev.responsible:
            if recent:
                resp12 += 1
                fatal12 += ev.deaths >= 1
            if ev.at_veto_bar(veto):
                if recent:
                    veto12 += 1
                elif ev.date > c36:
                    veto36 += 1
        elif kind == "hidden_danger":
            overdue = ev.overdue(as_of)
            overdue_n += overdue
            major_overdue += overdue and ev.severity == "major"
            open_n += ev.rectified_on is None
        elif kind == "penalty" and recent:
            pen12 += ev.measure in PENALTY_AT_LEAST_FINE
            if ev.measure == "fine":
                fines12 += 1
                amount12 += ev.amount_cny
        elif kind == "inspection" and recent:
            onsite12 += ev.onsite
        elif kind == "obstruction" and recent:
            obstruction12 += 1
        elif kind == "pledge_broken" and recent:
            pledge12 += 1
    d["safety.fatal_accidents_12m"] = fatal12
    d["safety.veto_accidents_12m"] = veto12
    d["safety.veto_accidents_13_36m"] = veto36
    d["safety.responsible_accidents_12m"] = resp12
    d["hidden_danger.major_overdue"] = major_overdue
    d["hidden_danger.overdue"] = overdue_n
    d["hidden_danger.open"] = open_n
    d["penalties.count_12m"] = pen12
    d["penalties.fines_12m"] = fines12
    d["penalties.amount_12m"] = amount12
    d["inspections.onsite_12m"] = onsite12
    d["conduct.obstruction_12m"] = obstruction12
    d["conduct.pledge_broken_12m"] = pledge12
    return d


def add_scores(d: dict[str, Any], green: GreenResult, safety_score: float) -> dict[str, Any]:
    d["green.mandatory_unmet"] = len(green.mandatory_unmet)
    d["green.score"] = green.score
    d["safety.score"] = safety_score
    return d
