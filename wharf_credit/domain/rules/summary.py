"""`rules show --json`: the loaded rule set in a stable, tool-readable shape (docs/architecture.md, the rule-set summary)."""
from __future__ import annotations

from typing import Any

from .model import WHARF_TYPES, RuleSet


def ruleset_summary(rs: RuleSet) -> dict[str, Any]:
    return {
        "id": rs.id,
        "version": rs.version,
        "sha256": rs.sha256,
        "effective_from": rs.effective_from.isoformat(),
        "effective_to": rs.effective_to.isoformat() if rs.effective_to else None,
        "components": dict(rs.components),
        "wharf_types": list(WHARF_TYPES),
        "grades": [{"code": g.code, "min_score": g.min_score, "name": g.name.as_dict()} for g in rs.grades],
        "categories": [{"id": c.id, "name": c.name.as_dict()} for c in rs.categories],
        "indicators": [
            {"id": i.id, "category": i.category, "name": i.name.as_dict(), "applies_to": list(i.applies_to),
             "kind": i.kind, "min": i.bounds()[0], "max": i.bounds()[1], "better": i.better,
             "breakpoints": list(i.breakpoints) or None, "unit": i.unit or None,
             "weight": {t: w / 100 for t, w in i.weights_h.items()}, "mandatory_for": list(i.mandatory_for),
             "basis": i.basis or None}
            for i in rs.indicators
        ],
        "rules": [{"id": r.id, "kind": r.kind, "cap": r.cap, "steps": r.steps or None,
                   "when": r.when.describe(), "text": r.text.as_dict()} for r in rs.rules],
        "measures": {code: m.as_dict() for code, m in rs.measures.items()},
        "application_types": [{"id": a.id, "name": a.name.as_dict(), "routes": dict(a.routes)}
                              for a in rs.procedures.applications],
        "violations": [{"id": v.id, "name": v.name.as_dict(), "category": v.category, "fine": [v.fine_min, v.fine_max],
                        "exemptible": v.exemptible, "basis": v.basis.as_dict()} for v in rs.procedures.violations],
        "objection_days": rs.procedures.objection_days,
    }
