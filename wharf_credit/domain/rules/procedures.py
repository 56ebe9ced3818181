"""What measures.yaml says, as data: permit routes per application type, violations and their fine ranges, the
discretion bands and circumstances, the objection window and the credit-repair rules. The functions that apply
them live in supervision/."""
from __future__ import annotations

from dataclasses import dataclass

from ..vocabulary import I18n, Route
from .yaml_source import Loc


@dataclass(frozen=True)
class ApplicationType:
    id: str
    name: I18n
    routes: dict[str, str]  # grade -> route code
    src: Loc


@dataclass(frozen=True)
class Violation:
    id: str
    name: I18n
    category: str  # pollution | safety | operation (the penalty event's category)
    fine_min: int  # CNY
    fine_max: int
    exemptible: bool  # on the first-offence exemption list (首违不罚清单)
    basis: I18n
    src: Loc


@dataclass(frozen=True)
class Band:
    id: str
    low: float  # share of the fine range, 0-1
    high: float
    text: I18n


@dataclass(frozen=True)
class Circumstance:
    id: str
    shift: int  # bands up (+) or down (-)
    text: I18n
    excludes: tuple[str, ...] = ()  # circumstances that cannot hold together with this one (mutual)


@dataclass(frozen=True)
class RepairRule:
    kind: str
    categories: tuple[str, ...]  # penalties only: the categories this rule covers (empty = any)
    min_months: int
    needs_rectified: bool  # hidden dangers: rectified_on must be set
    needs_fulfilled: bool  # penalties: fine paid / decision carried out, checked by the reviewer
    src: Loc


@dataclass(frozen=True)
class Procedures:
    routes: dict[str, Route]  # route code -> text and basis
    applications: tuple[ApplicationType, ...]
    violations: tuple[Violation, ...]
    bands: tuple[Band, ...]  # lightest first; the first is the exemption band
    discretion: dict[str, tuple[str, bool]]  # measures' penalty_discretion code -> (base band, exemption allowed)
    circumstances: tuple[Circumstance, ...]
    exemption_requires: tuple[str, ...]  # circumstances that must all hold for 首违不罚
    objection_days: int  # calendar days after publication
    unrated_grade: str  # grade used to draw inspections for wharves never rated
    repair: tuple[RepairRule, ...]

    def application(self, ident: str) -> ApplicationType:
        for a in self.applications:
            if a.id == ident:
                return a
        raise KeyError(ident)

    def violation(self, ident: str) -> Violation:
        for v in self.violations:
            if v.id == ident:
                return v
        raise KeyError(ident)

    def band(self, ident: str) -> Band:
        for b in self.bands:
            if b.id == ident:
                return b
        raise KeyError(ident)
