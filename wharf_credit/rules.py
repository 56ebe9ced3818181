"""The app's view of the rule sets: the rule book loaded from RULES_DIR, kept until a reload succeeds.

A broken edit of a rule file never replaces the rules in use: `reload()` keeps the last good book and re-raises.
Loaded books are cached per process by the folder's file fingerprint (paths, sizes, mtimes), so several apps in
one process (tests, gunicorn preload) parse the YAML and run the examples once.
"""
from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask, current_app

from .domain import RuleBook, load_rulebook

_lock = threading.RLock()
_cache: dict[str, tuple[tuple, RuleBook]] = {}


def fingerprint(root: Path) -> tuple:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return (str(root.resolve()),) + tuple((str(p.relative_to(root)), p.stat().st_size, p.stat().st_mtime_ns)
                                          for p in files)


def load_cached(root: Path) -> RuleBook:
    """The folder's rule book, parsed again only when a file in it was added, removed or changed."""
    key = fingerprint(root)
    cached = _cache.get(key[0])
    if cached is not None and cached[0] == key:
        return cached[1]
    book = load_rulebook(root)  # raises on a broken folder; the cache keeps the last good book
    with _lock:
        _cache[key[0]] = (key, book)
    return book


class RuleStore:
    def __init__(self, root: str | Path):
        self.root = Path(root)
        self._book: RuleBook | None = None

    @property
    def book(self) -> RuleBook:
        if self._book is None:
            with _lock:
                if self._book is None:
                    self._book = load_cached(self.root) if self.root.is_dir() else load_rulebook(self.root)
        return self._book

    def reload(self) -> RuleBook:
        """Load the folder again; on any error the previous book stays active and the error propagates."""
        fresh = load_cached(self.root) if self.root.is_dir() else load_rulebook(self.root)
        with _lock:
            self._book = fresh
        return fresh


def init_app(app: Flask) -> None:
    app.extensions["wharf_credit.rules"] = RuleStore(app.config["RULES_DIR"])


def rule_store() -> RuleStore:
    return current_app.extensions["wharf_credit.rules"]
