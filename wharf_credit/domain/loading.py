"""Loading rule sets for use: each folder read and validated by the rule language (rules/loading.py), then its worked
examples run through the engine (rating/examples.py). A folder with a problem of either kind yields no rule set."""
from __future__ import annotations

from pathlib import Path

from .rating.examples import check_ruleset_examples
from .rules.loading import RuleBook, read_rulebook, read_ruleset
from .rules.model import RuleSet


def load_ruleset(folder: str | Path, check_examples: bool = True) -> RuleSet:
    """Load one rule-set folder; raise RuleSetError listing every problem with file:line:col."""
    return read_ruleset(folder, check_ruleset_examples if check_examples else None)


def load_rulebook(root: str | Path) -> RuleBook:
    """Load every `root/<version>/` folder; all must be valid, their examples must hold and their effective windows
    must not overlap."""
    return read_rulebook(root, check_ruleset_examples)
