"""Unified social credit code (统一社会信用代码) check digit, GB 32100-2015."""
from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_digit(first17: str) -> str:
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """None when `code` is a well-formed USCC with the right check digit, else what is wrong (English)."""
    code = (code or "").strip().upper()
    if len(code) != 18:
        return f"must be 18 characters, got {len(code)}"
    bad = sorted({ch for ch in code if ch not in ALPHABET})
    if bad:
        return f"contains characters not allowed in a USCC: {''.join(bad)}"
    if not code[8:17].isalnum():
        return "malformed organisation code"
    want = check_digit(code[:17])
    if code[17] != want:
        return f"check digit should be {want}, got {code[17]}"
    return None


def with_check_digit(first17: str) -> str:
    return first17 + check_digit(first17)
