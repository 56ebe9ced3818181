"""The condition language evaluates the same on one rating (scalars, the compiled closure) and on a batch (numpy
arrays), for every operator, including the ones no shipped rule uses yet (!=, in), and through not / all / any."""
from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from wharf_credit.domain.rules.conditions import OPS, Condition
from wharf_credit.domain.rules.yaml_source import Loc

HERE = Loc("vetoes.yaml", 1, 1)
TYPES = ("bulk", "container", "dangerous_goods", "passenger")


def fact(name: str, op: str, value) -> Condition:
    return Condition("fact", HERE, fact=name, op=op, value=value)


def check_both_ways(condition: Condition, rows: list[dict]) -> list[bool]:
    """The scalar results, after checking that evaluate(), the closure and the batch evaluation all agree."""
    scalar = [bool(condition.evaluate(row)) for row in rows]
    assert [bool(condition.test(row)) for row in rows] == scalar
    columns = {name: np.asarray([row[name] for row in rows]) for name in rows[0]}
    assert np.asarray(condition.evaluate(columns)).tolist() == scalar
    return scalar


@given(st.sampled_from(OPS["number"]), st.integers(-3, 3), st.lists(st.integers(-3, 3), min_size=1, max_size=12))
def test_every_number_operator_agrees_on_scalars_and_arrays(op, right, lefts):
    expected = {"==": [x == right for x in lefts], "!=": [x != right for x in lefts],
                "<": [x < right for x in lefts], "<=": [x <= right for x in lefts],
                ">": [x > right for x in lefts], ">=": [x >= right for x in lefts]}[op]
    assert check_both_ways(fact("penalties.count_12m", op, right), [{"penalties.count_12m": x} for x in lefts]) == \
        expected


def test_a_type_is_in_a_list_or_not_and_differs_from_another():
    rows = [{"wharf.type": t} for t in TYPES]
    assert check_both_ways(fact("wharf.type", "in", ("bulk", "passenger")), rows) == [True, False, False, True]
    assert check_both_ways(fact("wharf.type", "!=", "container"), rows) == [True, False, True, True]
    assert check_both_ways(fact("wharf.type", "==", "container"), rows) == [False, True, False, False]


def test_not_all_and_any_combine_as_they_say():
    rows = [{"a": a, "b": b} for a in (0, 1) for b in (0, 1)]
    a, b = fact("a", "==", 1), fact("b", "==", 1)
    assert check_both_ways(Condition("all", HERE, children=(a, b)), rows) == [False, False, False, True]
    assert check_both_ways(Condition("any", HERE, children=(a, b)), rows) == [False, True, True, True]
    assert check_both_ways(Condition("not", HERE, children=(a,)), rows) == [True, True, False, False]
    assert Condition("all", HERE, children=(a, Condition("not", HERE, children=(b,)))).describe() == \
        "(a == 1 and not (b == 1))"
    assert Condition("any", HERE, children=(a, b, a)).facts() == ("a", "b")
