"""The app's view of the rule sets: the rule book loaded from RULES_DIR, kept until a reload succeeds.

A broken edit of a rule file never replaces the rules in use: `reload()` keeps the last good book and re-raises.
"""
from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask, current_app

from .domain import RuleBook, load_rulebook

_lock = threading.Lock()


class RuleStore:
    def __init__(self, root: str | Path):
        self.root = Path(root)
        self._book: RuleBook | None = None

    @property
    def book(self) -> RuleBook:
        if self._book is None:
            with _lock:
                if self._book is None:
                    self._book = load_rulebook(self.root)
        return self._book

    def reload(self) -> RuleBook:
        """Load the folder again; on any error the previous book stays active and the error propagates."""
        fresh = load_rulebook(self.root)
        with _lock:
            self._book = fresh
        return fresh


def init_app(app: Flask) -> None:
    app.extensions["wharf_credit.rules"] = RuleStore(app.config["RULES_DIR"])


def rule_store() -> RuleStore:
    return current_app.extensions["wharf_credit.rules"]
