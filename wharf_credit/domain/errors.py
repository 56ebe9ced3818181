"""Error types of the rating domain. Each lists *all* problems found, not just the first."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem: where (a `file:line:col` or a JSON path) and what."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class DomainError(Exception):
    """Base class: carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class RuleSetError(DomainError):
    """A rule-set folder is malformed; each problem names file:line:col."""


class FactsError(DomainError):
    """A facts object is malformed; each problem names the JSON path of the field."""


class NoRuleSetForDate(DomainError):
    """No loaded rule set is effective on the requested date."""
