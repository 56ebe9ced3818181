"""Reading YAML with positions: every value knows its file:line:col, and problems are collected, not raised.

ruamel.yaml's round-trip loader keeps line/column for every mapping key and sequence item and rejects duplicate
keys; this module wraps what it returns in `Node`s so the rule-set schema can say *where* something is wrong.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from ..errors import Problem


@dataclass(frozen=True)
class Loc:
    file: str
    line: int  # 1-based
    col: int  # 1-based

    def __str__(self) -> str:
        return self.text

    @cached_property
    def text(self) -> str:
        """`file:line:col` (cached: traces print it for every rule of every rating)."""
        return f"{self.file}:{self.line}:{self.col}"

    @property
    def short(self) -> str:
        """`file:line`, as shown in traces."""
        return f"{self.file}:{self.line}"


class Problems:
    """A sink for problems found while reading one rule-set folder."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, loc: Loc | str, message: str) -> None:
        self.items.append(Problem(str(loc), message))

    def __bool__(self) -> bool:
        return bool(self.items)


_MISSING = object()


class Node:
    """A YAML value plus where it was written. Typed accessors report problems and return None when wrong."""

    __slots__ = ("value", "loc", "problems", "path")

    def __init__(self, value: Any, loc: Loc, problems: Problems, path: str = ""):
        self.value = value
        self.loc = loc
        self.problems = problems
        self.path = path

    # -- structure -------------------------------------------------------------------------------------------
    def _child_loc(self, line_col: tuple[int, int] | None) -> Loc:
        if line_col is None:
            return self.loc
        return Loc(self.loc.file, line_col[0] + 1, line_col[1] + 1)

    def is_map(self) -> bool:
        return isinstance(self.value, dict)

    def mapping(self, required: tuple[str, ...] = (), optional: tuple[str, ...] = (), what: str = "") -> bool:
        """Check this is a mapping with exactly the allowed keys; report unknown and missing keys."""
        label = f" for {what}" if what else ""
        if not isinstance(self.value, dict):
            self.problems.add(self.loc, f"expected a mapping{label}, got {_describe(self.value)}")
            return False
        ok = True
        allowed = set(required) | set(optional)
        for key in self.value:
            if key not in allowed:
                hint = _closest(str(key), allowed)
                more = f" (did you mean {hint!r}?)" if hint else f" (allowed: {', '.join(sorted(allowed))})"
                self.problems.add(self.key_loc(key), f"unknown key {key!r}{label}{more}")
                ok = False
        for key in required:
            if key not in self.value:
                self.problems.add(self.loc, f"missing required key {key!r}{label}")
                ok = False
        return ok

    def key_loc(self, key: Any) -> Loc:
        try:
            return self._child_loc(self.value.lc.key(key))
        except (AttributeError, KeyError, TypeError):
            return self.loc

    def get(self, key: str, default: Any = _MISSING) -> Node | None:
        """The child under `key` (positioned at its value), or None when absent."""
        if not isinstance(self.value, dict) or key not in self.value:
            return None if default is _MISSING else Node(default, self.loc, self.problems, self._sub(key))
        try:
            loc = self._child_loc(self.value.lc.value(key))
        except (AttributeError, KeyError, TypeError):
            loc = self.loc
        return Node(self.value[key], loc, self.problems, self._sub(key))

    def items(self) -> Iterator[tuple[str, Node]]:
        if not isinstance(self.value, dict):
            return
        for key in self.value:
            child = self.get(key)
            assert child is not None
            # Report problems about a mapping entry at its key, which is where an author looks.
            yield key, Node(child.value, self.key_loc(key) if not isinstance(child.value, dict | list)
                            else child.loc, self.problems, child.path)

    def seq(self, what: str = "") -> list[Node]:
        if not isinstance(self.value, list):
            label = f" for {what}" if what else ""
            self.problems.add(self.loc, f"expected a list{label}, got {_describe(self.value)}")
            return []
        out = []
        for i, item in enumerate(self.value):
            try:
                loc = self._child_loc(self.value.lc.item(i))
            except (AttributeError, KeyError, TypeError, IndexError):
                loc = self.loc
            out.append(Node(item, loc, self.problems, f"{self.path}[{i}]"))
        return out

    def _sub(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else str(key)

    # -- scalars ---------------------------------------------------------------------------------------------
    def error(self, message: str) -> None:
        self.problems.add(self.loc, message)

    def str(self, pattern: re.Pattern[str] | None = None, what: str = "a string") -> str | None:
        if not isinstance(self.value, str) or not self.value.strip():
            self.error(f"expected {what}, got {_describe(self.value)}")
            return None
        if pattern is not None and not pattern.fullmatch(self.value):
            self.error(f"{self.value!r} is not {what}")
            return None
        return str(self.value)

    def choice(self, allowed: tuple[str, ...] | frozenset[str] | list[str], what: str = "value") -> str | None:
        if not isinstance(self.value, str) or self.value not in allowed:
            self.error(f"unknown {what} {_shown(self.value)} (allowed: {', '.join(sorted(allowed))})")
            return None
        return str(self.value)

    def int(self, lo: int | None = None, hi: int | None = None, what: str = "an integer") -> int | None:
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            self.error(f"expected {what}, got {_describe(self.value)}")
            return None
        return self._range(int(self.value), lo, hi)

    def num(self, lo: float | None = None, hi: float | None = None, what: str = "a number") -> float | None:
        if isinstance(self.value, bool) or not isinstance(self.value, int | float):
            self.error(f"expected {what}, got {_describe(self.value)}")
            return None
        if not math.isfinite(self.value):
            self.error(f"expected {what}, got {self.value} (.nan and .inf are not allowed)")
            return None
        return self._range(float(self.value), lo, hi)

    def _range(self, v: Any, lo: Any, hi: Any) -> Any:
        if lo is not None and v < lo:
            self.error(f"must be >= {lo}, got {v}")
            return None
        if hi is not None and v > hi:
            self.error(f"must be <= {hi}, got {v}")
            return None
        return v

    def bool(self) -> bool | None:
        if not isinstance(self.value, bool):
            self.error(f"expected true or false, got {_describe(self.value)}")
            return None
        return bool(self.value)

    def date(self) -> dt.date | None:
        v = self.value
        if isinstance(v, dt.datetime):
            return v.date()
        if isinstance(v, dt.date):
            return v
        if isinstance(v, str):
            try:
                return dt.date.fromisoformat(v)
            except ValueError:
                pass
        self.error(f"expected a date (YYYY-MM-DD), got {_describe(v)}")
        return None

    def plain(self) -> Any:
        """The value as plain Python (dicts, lists, scalars), for example facts."""
        return to_plain(self.value)


def to_plain(v: Any) -> Any:
    if isinstance(v, dict):
        return {str(k): to_plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [to_plain(x) for x in v]
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, int):
        return int(v)
    if isinstance(v, float):
        return float(v)
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def _describe(v: Any) -> str:
    if v is None:
        return "nothing (null)"
    if isinstance(v, bool):
        return f"boolean {str(v).lower()}"
    if isinstance(v, dict):
        return "a mapping"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, int | float):
        return f"number {v}"
    if isinstance(v, dt.date):
        return f"date {v}"
    return f"string {str(v)!r}"


def _shown(v: Any) -> str:
    return repr(str(v)) if isinstance(v, str) else _describe(v)


def _closest(word: str, options: set[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.75)
    return found[0] if found else None


def load_yaml(path: Path, label: str, problems: Problems) -> Node | None:
    """Parse one YAML file; syntax errors and duplicate keys become problems with file:line:col."""
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.add(Loc(label, 1, 1), f"cannot read file: {exc}")
        return None
    try:
        data = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Loc(label, mark.line + 1, mark.column + 1) if mark else Loc(label, 1, 1)
        what = "duplicate key" if type(exc).__name__ == "DuplicateKeyError" else "YAML syntax error"
        detail = (exc.problem or "").strip()
        problems.add(loc, f"{what}: {detail}" if detail else what)
        return None
    except Exception as exc:  # ruamel raises a few unmarked errors (e.g. bad timestamps)
        problems.add(Loc(label, 1, 1), f"YAML error: {exc}")
        return None
    return Node(data, Loc(label, 1, 1), problems)
