"""A safety event of a wharf's record: the dated fact the safety score, the vetoes and credit repair judge."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..event_kinds import EVENT_FIELDS


@dataclass(slots=True)  # not frozen: built by the thousand in batch reads; treat as immutable
class SafetyEvent:
    """One dated event of a wharf's safety record. Unused fields stay at their defaults."""

    kind: str
    date: dt.date
    id: str = ""
    status: str = "active"  # repaired and dismissed events count 0 but stay visible
    severity: str = ""
    deaths: int = 0
    injuries: int = 0  # serious injuries
    loss_cny: float = 0.0
    responsible: bool = True
    deadline: dt.date | None = None
    rectified_on: dt.date | None = None
    measure: str = ""
    amount_cny: float = 0.0
    category: str = ""
    level: str = ""  # standardisation "1"-"3", commendation county..national
    onsite: bool = False
    findings: int = 0
    note: str = ""

    @property
    def counts(self) -> bool:
        return self.status == "active"

    def overdue(self, as_of: dt.date) -> bool:
        """A hidden danger not rectified by its deadline (judged on as_of)."""
        if self.kind != "hidden_danger" or self.deadline is None:
            return False
        if self.rectified_on is not None:
            return self.rectified_on > self.deadline
        return as_of > self.deadline

    def at_veto_bar(self, veto: dict[str, float]) -> bool:
        """A responsible accident with a death, many serious injuries or a large direct loss."""
        return (self.kind == "accident" and self.responsible
                and (self.deaths >= veto["min_deaths"] or self.injuries >= veto["min_serious_injuries"]
                     or self.loss_cny >= veto["min_loss_cny"]))

    def matches(self, match: dict[str, Any], as_of: dt.date, veto: dict[str, float]) -> bool:
        for key, want in match.items():
            if key == "severity" and self.severity not in want:
                return False
            if key == "veto_bar" and self.at_veto_bar(veto) != want:
                return False
            if key == "responsible" and self.responsible != want:
                return False
            if key == "overdue" and self.overdue(as_of) != want:
                return False
            if key == "measure" and self.measure not in want:
                return False
            if key == "category" and self.category not in want:
                return False
            if key == "min_amount_cny" and not self.amount_cny >= want:
                return False
            if key == "level" and self.level not in want:
                return False
            if key == "onsite" and self.onsite != want:
                return False
            if key == "min_findings" and not self.findings >= want:
                return False
        return True

    def label(self) -> str:
        """A short identifier for reasons and traces."""
        return self.id or f"{self.kind}@{self.date.isoformat()}"

    def as_dict(self) -> dict[str, Any]:
        """The event in the facts JSON shape (only the fields its kind uses)."""
        out: dict[str, Any] = {"kind": self.kind, "date": self.date.isoformat()}
        if self.id:
            out["id"] = self.id
        if self.status != "active":
            out["status"] = self.status
        for name in EVENT_FIELDS.get(self.kind, ()):
            value = getattr(self, name)
            out[name] = value.isoformat() if isinstance(value, dt.date) else value
        if self.kind == "standardisation" and self.level.isdigit():
            out["level"] = int(self.level)  # read as 1-3, kept as "1"-"3" beside the commendation levels
        if self.note:
            out["note"] = self.note
        return out
