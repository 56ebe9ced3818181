"""The JSON codec of the database columns behaves like the standard library where the code relies on it."""
from __future__ import annotations

import json
import math

import pytest

from wharf_credit.jsoncodec import json_text, json_value


@pytest.mark.parametrize("value", [
    {"as_of": "2026-11-24", "indicators": {"G-ENV-03": 0.4, "G-ENV-01": 3, "G-X": True}, "safety_events": []},
    {"score": 84.35, "grades": {"AA": 1, "D": 0}}, [1, 2.5, None, "中文"], 3, 0.1 + 0.2, "text",
])
def test_round_trips_like_the_standard_library(value):
    assert json_value(json_text(value)) == value == json.loads(json.dumps(value))


def test_non_string_keys_become_strings_and_nan_becomes_null():
    assert json_value(json_text({1: "a"})) == {"1": "a"}
    assert json_value(json_text({"x": math.nan})) == {"x": None}


def test_a_number_is_not_json_text():
    with pytest.raises(TypeError):
        json_value(3)
