"""Administrative penalties by grade (行政处罚): the discretion band, the fine range and the first-offence exemption
(首违不罚) suggested for a violation."""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from ..rules.procedures import Band, Circumstance, Procedures, Violation
from ..vocabulary import I18n


class ContradictoryCircumstances(ValueError):
    """Two circumstances were given that exclude each other (a first offence that is also a repeated one)."""

    def __init__(self, first: Circumstance, second: Circumstance):
        super().__init__(f"circumstances {first.id!r} and {second.id!r} cannot both apply")
        self.first, self.second = first, second


@dataclass(frozen=True)
class DiscretionAdvice:
    violation: Violation
    grade: str
    band: Band
    exempt: bool
    fine_low: int  # suggested range in CNY (0-0 when exempt)
    fine_high: int
    reasons: tuple[I18n, ...]


def discretion_advice(proc: Procedures, discretion_code: str, grade: str, violation_id: str,
                      circumstances: Iterable[str]) -> DiscretionAdvice:
    """Suggested discretion for a violation by a company of this grade under these circumstances.

    首违不罚 applies when the grade allows it, the violation is on the exemption list, every required circumstance
    holds and no aggravating one (positive shift) does. Otherwise the grade's base band moves by the circumstances'
    shifts, clamped to the non-exempt bands; the fine range is that band's share of the legal range."""
    v = proc.violation(violation_id)
    given = set(circumstances)
    known = {c.id: c for c in proc.circumstances}
    unknown = given - set(known)
    if unknown:
        raise KeyError(sorted(unknown)[0])
    for c in sorted(given):
        clash = next((other for other in known[c].excludes if other in given), None)
        if clash is not None:
            raise ContradictoryCircumstances(known[c], known[clash])
    base, exemption_allowed = proc.discretion[discretion_code]
    band_ids = [b.id for b in proc.bands]
    reasons: list[I18n] = [I18n(f"信用等级{grade}：基准裁量为「{proc.band(base).text.zh_CN}」",
                                f"Grade {grade}: base discretion is '{proc.band(base).text.en}'")]
    aggravating = [known[c] for c in sorted(given) if known[c].shift > 0]
    if (exemption_allowed and v.exemptible and set(proc.exemption_requires) <= given and not aggravating):
        band = proc.bands[0]
        reasons.append(I18n("符合首违不罚全部条件，且该违法行为列入首违不罚清单",
                            "All first-offence exemption conditions hold and the violation is on the exemption list"))
        return DiscretionAdvice(v, grade, band, True, 0, 0, tuple(reasons))
    if not exemption_allowed:
        reasons.append(I18n(f"信用等级{grade}不适用首违不罚", f"Grade {grade} excludes the first-offence exemption"))
    elif not v.exemptible:
        reasons.append(I18n("该违法行为不在首违不罚清单内", "The violation is not on the first-offence exemption list"))
    elif not set(proc.exemption_requires) <= given or aggravating:
        reasons.append(I18n("不满足首违不罚的全部条件", "Not every first-offence exemption condition holds"))
    idx = band_ids.index(base)
    for c in sorted(given):
        shift = known[c].shift
        if shift:
            idx += shift
            word = ("从重", "heavier") if shift > 0 else ("从轻", "lighter")
            reasons.append(I18n(f"{known[c].text.zh_CN}：{word[0]}{abs(shift)}档",
                                f"{known[c].text.en}: {abs(shift)} band(s) {word[1]}"))
    idx = min(max(idx, 1), len(band_ids) - 1)
    band = proc.bands[idx]
    span = v.fine_max - v.fine_min
    # rounded before floor/ceil: 90000 * 0.7 is 62999.999… in binary, and adjacent bands must meet at the same yuan
    low = v.fine_min + math.floor(round(span * band.low, 6))
    high = v.fine_min + math.ceil(round(span * band.high, 6))
    return DiscretionAdvice(v, grade, band, False, low, high, tuple(reasons))
