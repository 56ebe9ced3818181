"""Sentences the engine writes into reasons and fixes, in both UI languages (the domain has no Babel)."""
from __future__ import annotations

from ..vocabulary import I18n


def pts(x: float) -> str:
    return f"{x:.2f}"


def indicator_loss(name: I18n, level: int, assessed: bool, lost: float) -> I18n:
    if not assessed:
        return I18n(f"{name.zh_CN}：未评估（按0级计），失{pts(lost)}分",
                    f"{name.en}: not assessed (counted as level 0), {pts(lost)} points lost")
    return I18n(f"{name.zh_CN}：达到{level}级（满级5级），失{pts(lost)}分",
                f"{name.en}: level {level} of 5, {pts(lost)} points lost")


def event_loss(date: str, text: I18n, lost: float) -> I18n:
    return I18n(f"{date} {text.zh_CN}，扣{pts(lost)}分", f"{date} {text.en}: {pts(lost)} points lost")


def basic_loss(text: I18n, lost: float) -> I18n:
    return I18n(f"{text.zh_CN}，扣{pts(lost)}分", f"{text.en}: {pts(lost)} points lost")


def fix_text(name: I18n, frm: int, to: int, gain: float) -> I18n:
    return I18n(f"将「{name.zh_CN}」从{frm}级提升到{to}级（约+{pts(gain)}分）",
                f"Raise '{name.en}' from level {frm} to {to} (about +{pts(gain)} points)")


def blocker_text(text: I18n) -> I18n:
    return I18n(f"须先消除限制：{text.zh_CN}", f"First remove the restriction: {text.en}")
