"""The app's view of the rule sets: the rule book loaded from RULES_DIR, kept until a reload succeeds.

A broken edit of a rule file never replaces the rules in use: `reload()` keeps the last good book and re-raises.
Loaded books are cached per process by the folder's file fingerprint (paths, sizes, mtimes), so several apps in
one process (tests, gunicorn preload) parse the YAML and run the examples once.

The app's store follows the folder (RULES_RECHECK_SECONDS): at most that often it compares the fingerprint and, if
files changed, loads the folder again. That is how every gunicorn worker picks up a rule set the admin page
activated in one of them (activation writes into the folder). A folder that does not load is logged and skipped
until it changes again; the last good book stays in force.
"""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from flask import Flask, current_app

from .domain import RuleBook, load_rulebook

_lock = threading.RLock()
_cache: dict[str, tuple[tuple, RuleBook]] = {}


log = logging.getLogger(__name__)


def fingerprint(root: Path) -> tuple:
    """Paths, sizes and mtimes of the folder's files; hidden ones (the admin's staging copies) do not count."""
    files = sorted(p for p in root.rglob("*")
                   if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts))
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
    def __init__(self, root: str | Path, recheck_seconds: float | None = None):
        """`recheck_seconds`: follow the folder, looking for changed files at most that often (None: only on
        reload())."""
        self.root = Path(root)
        self.recheck_seconds = recheck_seconds
        self._book: RuleBook | None = None
        self._loaded: tuple | None = None  # fingerprint of the folder the book was loaded from
        self._refused: tuple | None = None  # fingerprint of a folder that did not load
        self._checked_at = time.monotonic()

    @property
    def book(self) -> RuleBook:
        if self._book is None:
            with _lock:
                if self._book is None:
                    self._set(*self._load())
        elif self.recheck_seconds is not None and time.monotonic() - self._checked_at >= self.recheck_seconds:
            self._follow_folder()
        assert self._book is not None
        return self._book

    def reload(self) -> RuleBook:
        """Load the folder again; on any error the previous book stays active and the error propagates."""
        book, key = self._load()
        self._set(book, key)
        return book

    def _load(self) -> tuple[RuleBook, tuple | None]:
        if not self.root.is_dir():
            return load_rulebook(self.root), None
        key = fingerprint(self.root)
        return load_cached(self.root), key

    def _set(self, book: RuleBook, key: tuple | None) -> None:
        with _lock:
            self._book, self._loaded, self._checked_at = book, key, time.monotonic()

    def _follow_folder(self) -> None:
        self._checked_at = time.monotonic()
        if not self.root.is_dir():
            return
        key = fingerprint(self.root)
        if key in (self._loaded, self._refused):
            return
        try:
            book = load_cached(self.root)
        except Exception as exc:  # noqa: BLE001 — the last good book stays; the folder is retried once it changes
            self._refused = key
            log.error("the rules folder %s changed but does not load; the rule sets in force are unchanged: %s",
                      self.root, exc)
            return
        log.info("the rules folder %s changed: rule book reloaded (%s)", self.root, ", ".join(book.versions()))
        self._set(book, key)


def init_app(app: Flask) -> None:
    app.extensions["wharf_credit.rules"] = RuleStore(app.config["RULES_DIR"],
                                                    app.config.get("RULES_RECHECK_SECONDS"))


def rule_store() -> RuleStore:
    return current_app.extensions["wharf_credit.rules"]
