"""What a domain error says: every problem on its own line, each with where it is when that is known; and a rule set's
procedure tables name the id they do not have."""
from __future__ import annotations

import pytest

from wharf_credit.domain import load_rulebook
from wharf_credit.domain.errors import DomainError, FactsError, Problem

RULESET = load_rulebook("rules").latest()


def test_every_problem_is_a_line_of_the_message_with_its_place_when_known():
    error = FactsError([Problem("indicators.G-DUST-01", "expected level 0-5, got 7"),
                        Problem("", "as_of is missing")])
    assert str(error) == "indicators.G-DUST-01: expected level 0-5, got 7\nas_of is missing"
    assert isinstance(error, DomainError) and [p.message for p in error.problems][1] == "as_of is missing"
    assert str(Problem("", "no place")) == "no place" and str(Problem("a.yaml:3:1", "bad")) == "a.yaml:3:1: bad"


@pytest.mark.parametrize("table", ["application", "violation", "band"])
def test_an_unknown_procedure_id_is_a_key_error_naming_it(table):
    with pytest.raises(KeyError) as caught:
        getattr(RULESET.procedures, table)("no-such-id")
    assert caught.value.args == ("no-such-id",)
