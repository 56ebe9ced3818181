"""The typed condition language of vetoes, caps, downgrades and basic-info items — no eval, no expression strings.

A condition is `{fact: NAME, op: OP, value: V}` or `{all: [...]}`, `{any: [...]}`, `{not: {...}}`. NAME must be in
`FACT_CATALOGUE` (derived from the facts by `derived.derive`), and V must have the fact's type. The same evaluator
works on scalars (one rating) and on numpy arrays (batch), because it only uses `==`, `<`, `&`, `|`, `~`-style
operations that both support.
"""
from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from .yaml_source import Loc, Node

# name -> (type, description). Types: "number", "bool", "type" (a wharf type code).
FACT_CATALOGUE: dict[str, tuple[str, str]] = {
    "wharf.type": ("type", "wharf type code"),
    "wharf.months_operating": ("number", "whole months between operating_since and as_of (0 when unknown)"),
    "wharf.age_years": ("number", "years since year_built (0 when unknown)"),
    "company.permit_valid": ("bool", "port operation permit known and valid on as_of"),
    "company.permit_expiring_90d": ("bool", "permit valid but expires within 90 days"),
    "company.safety_evaluation_overdue": ("bool", "mandatory safety (re-)evaluation date passed"),
    "company.dg_annex_expired": ("bool", "dangerous-goods annex / security certificate expired"),
    "company.serious_dishonesty_list": ("bool", "on the serious-dishonesty (严重失信) list"),
    "company.permit_fraud": ("bool", "permit obtained by fraud, certificate forged or lent"),
    "company.filings_complete": ("bool", "required filings (备案) complete"),
    "safety.fatal_accidents_12m": ("number", "responsible accidents with a death in the last 12 months"),
    "safety.veto_accidents_12m": ("number", "responsible accidents at the veto bar (death, serious injuries, loss)"
                                            " in the last 12 months"),
    "safety.veto_accidents_13_36m": ("number", "veto-bar accidents 13-36 months ago"),
    "safety.responsible_accidents_12m": ("number", "responsible accidents of any severity in the last 12 months"),
    "safety.score": ("number", "safety component score 0-100"),
    "hidden_danger.major_overdue": ("number", "major hidden dangers not rectified by their deadline"),
    "hidden_danger.overdue": ("number", "hidden dangers of any severity not rectified by their deadline"),
    "hidden_danger.open": ("number", "hidden dangers not yet rectified"),
    "penalties.count_12m": ("number", "fines or heavier penalties in the last 12 months"),
    "penalties.fines_12m": ("number", "fines in the last 12 months"),
    "penalties.amount_12m": ("number", "total fines in CNY in the last 12 months"),
    "inspections.onsite_12m": ("number", "on-site inspections in the last 12 months"),
    "conduct.obstruction_12m": ("number", "obstruction of inspection, or ignoring effective decisions, in 12 months"),
    "conduct.pledge_broken_12m": ("number", "告知承诺 credit pledges broken in the last 12 months"),
    "green.mandatory_unmet": ("number", "mandatory (控制项) green indicators below the required level"),
    "green.score": ("number", "green component score 0-100"),
}
# Facts a basic-info item may not read (they are computed from, or after, the basic score).
SCORE_FACTS = frozenset({"safety.score", "green.score", "green.mandatory_unmet"})

OPS: dict[str, tuple[str, ...]] = {
    "number": ("==", "!=", "<", "<=", ">", ">="),
    "bool": ("==", "!="),
    "type": ("==", "!=", "in"),
}


@dataclass(frozen=True)
class Condition:
    """A parsed condition tree. `kind` is "fact", "all", "any" or "not"."""

    kind: str
    loc: Loc
    fact: str = ""
    op: str = ""
    value: Any = None
    children: tuple[Condition, ...] = ()

    def facts(self) -> tuple[str, ...]:
        """Every fact name this condition reads, in order, without repeats."""
        return self.fact_names

    @cached_property
    def fact_names(self) -> tuple[str, ...]:
        if self.kind == "fact":
            return (self.fact,)
        seen: dict[str, None] = {}
        for child in self.children:
            for name in child.facts():
                seen[name] = None
        return tuple(seen)

    @cached_property
    def test(self) -> Callable[[dict[str, Any]], bool]:
        """The condition compiled to a closure over scalar facts (one rating); same result as evaluate()."""
        if self.kind == "fact":
            name, compare, right = self.fact, _SCALAR_OPS[self.op], self.value
            return lambda facts: compare(facts[name], right)
        if self.kind == "not":
            inner = self.children[0].test
            return lambda facts: not inner(facts)
        tests = tuple(c.test for c in self.children)
        if self.kind == "all":
            return lambda facts: all(t(facts) for t in tests)
        return lambda facts: any(t(facts) for t in tests)

    def evaluate(self, facts: dict[str, Any]) -> Any:
        """True/False for scalar facts; a boolean array for array facts (batch)."""
        if self.kind == "fact":
            return _compare(facts[self.fact], self.op, self.value)
        if self.kind == "not":
            r = self.children[0].evaluate(facts)
            return np.logical_not(r) if isinstance(r, np.ndarray) else not r
        results = [c.evaluate(facts) for c in self.children]
        if any(isinstance(r, np.ndarray) for r in results):
            fn = np.logical_and if self.kind == "all" else np.logical_or
            return fn.reduce(np.broadcast_arrays(*results)) if len(results) > 1 else np.asarray(results[0])
        return all(results) if self.kind == "all" else any(results)

    def describe(self) -> str:
        if self.kind == "fact":
            return f"{self.fact} {self.op} {self.value!r}"
        if self.kind == "not":
            return f"not ({self.children[0].describe()})"
        joiner = " and " if self.kind == "all" else " or "
        return "(" + joiner.join(c.describe() for c in self.children) + ")"


_SCALAR_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "in": lambda left, right: left in right,
}


def _compare(left: Any, op: str, right: Any) -> Any:
    if op == "==":
        return left == right
    if op == "!=":
        return left != right
    if op == "<":
        return left < right
    if op == "<=":
        return left <= right
    if op == ">":
        return left > right
    if op == ">=":
        return left >= right
    if op == "in":
        if isinstance(left, np.ndarray):
            return np.isin(left, list(right))
        return left in right
    raise ValueError(op)  # unreachable: ops are validated when loading


def parse_condition(node: Node, wharf_types: tuple[str, ...], forbidden: frozenset[str] = frozenset()) -> Condition | None:
    """Parse and type-check a condition; problems go to the node's sink with file:line:col."""
    v = node.value
    if not isinstance(v, dict):
        node.error("a condition must be a mapping with 'fact'/'op'/'value', or 'all', 'any' or 'not'")
        return None
    keys = set(v)
    if keys & {"all", "any", "not"}:
        if len(keys) != 1:
            node.error(f"a combining condition has exactly one key ('all', 'any' or 'not'), got {sorted(keys)}")
            return None
        kind = next(iter(keys))
        child = node.get(kind)
        assert child is not None
        if kind == "not":
            inner = parse_condition(child, wharf_types, forbidden)
            return Condition("not", node.loc, children=(inner,)) if inner else None
        items = child.seq(what=f"'{kind}'")
        if not items and isinstance(child.value, list):
            child.error(f"'{kind}' needs at least one condition")
            return None
        parsed = [parse_condition(i, wharf_types, forbidden) for i in items]
        if any(p is None for p in parsed) or not parsed:
            return None
        return Condition(kind, node.loc, children=tuple(p for p in parsed if p is not None))
    if not node.mapping(required=("fact", "op", "value"), what="a condition"):
        return None
    fact_node, op_node, value_node = node.get("fact"), node.get("op"), node.get("value")
    assert fact_node and op_node and value_node
    name = fact_node.value
    if not isinstance(name, str) or name not in FACT_CATALOGUE:
        from .yaml_source import _closest

        hint = _closest(str(name), set(FACT_CATALOGUE))
        more = f" (did you mean {hint!r}?)" if hint else " (see docs/rules.md for the fact catalogue)"
        fact_node.error(f"unknown fact {name!r}{more}")
        return None
    if name in forbidden:
        fact_node.error(f"fact {name!r} cannot be used here")
        return None
    ftype = FACT_CATALOGUE[name][0]
    op = op_node.choice(OPS[ftype], what=f"operator for {ftype} fact {name!r}")
    if op is None:
        return None
    if ftype == "number":
        value = value_node.num(what=f"a number for {name!r}")
    elif ftype == "bool":
        value = value_node.bool()
    elif op == "in":
        items = value_node.seq(what="'in'")
        vals = [i.choice(wharf_types, what="wharf type") for i in items]
        value = None if (not items or None in vals) else tuple(vals)
        if not items and isinstance(value_node.value, list):
            value_node.error("'in' needs at least one wharf type")
    else:
        value = value_node.choice(wharf_types, what="wharf type")
    if value is None:
        return None
    return Condition("fact", node.loc, fact=name, op=op, value=value)
