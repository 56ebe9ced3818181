"""The unified social credit code check digit (GB 32100-2015): every well-formed code passes, every single-character
slip is caught, and each kind of malformed code is named."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wharf_credit.domain.uscc import ALPHABET, WEIGHTS, check_digit, uscc_problem, with_check_digit

FIRST17 = st.text(alphabet=ALPHABET, min_size=17, max_size=17)


def test_the_alphabet_leaves_out_the_letters_that_look_like_digits_and_the_weights_are_powers_of_3_mod_31():
    assert len(ALPHABET) == 31 and not set("IOSVZ") & set(ALPHABET)
    assert WEIGHTS == tuple(pow(3, i, 31) for i in range(17))


def test_a_code_worked_by_hand():
    # 9 1 3 5 0 1 0 0 M 0 0 0 1 0 0 Y 4 are worth 9,1,3,5,0,1,0,0,21,0,0,0,1,0,0,30,4 (M and Y by their place in
    # the alphabet); weighted: 9+3+27+135+26+420+8+900+112 = 1640; 1640 mod 31 = 28; 31 - 28 = 3 -> "3"
    assert check_digit("91350100M000100Y4") == "3"
    assert uscc_problem("91350100M000100Y43") is None
    assert uscc_problem("91350100M000100Y4G") == "check digit should be 3, got G"
    assert check_digit("91350100M000100Y0") == ALPHABET[(31 - (1640 - 112) % 31) % 31]


@given(FIRST17)
def test_every_code_with_its_check_digit_passes_in_either_case_and_with_spaces_around(first17):
    code = with_check_digit(first17)
    assert len(code) == 18 and code[:17] == first17
    assert uscc_problem(code) is None and uscc_problem(f"  {code.lower()} ") is None


@given(FIRST17, st.integers(min_value=0, max_value=17), st.sampled_from(ALPHABET))
def test_any_single_character_changed_is_caught(first17, position, other):
    code = with_check_digit(first17)
    if code[position] == other:
        return
    slipped = code[:position] + other + code[position + 1:]
    assert uscc_problem(slipped) is not None


def test_each_kind_of_malformed_code_is_named():
    good = with_check_digit("91330521MA2B3C4D5")
    assert uscc_problem(good[:-1]) == "must be 18 characters, got 17"
    assert uscc_problem(good + "1") == "must be 18 characters, got 19"
    assert uscc_problem("") == "must be 18 characters, got 0" and uscc_problem(None) == "must be 18 characters, got 0"
    assert uscc_problem("9133052IMA2B3C4D5O") == "contains characters not allowed in a USCC: IO"
    assert uscc_problem("91330521-A2B3C4D5X") == "contains characters not allowed in a USCC: -"


@pytest.mark.parametrize("wrong_length", ["9133052", "91330521MA2B3C4D5E1"])
def test_a_check_digit_is_only_computed_over_exactly_17_characters(wrong_length):
    with pytest.raises(ValueError):
        check_digit(wrong_length)
