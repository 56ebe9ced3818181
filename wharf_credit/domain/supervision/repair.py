"""Credit repair (信用修复): whether an adverse event may be repaired today, and why not."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..calendar import months_before
from ..rating.events import SafetyEvent
from ..rules.procedures import Procedures, RepairRule
from ..vocabulary import I18n


@dataclass(frozen=True)
class RepairCheck:
    eligible: bool
    rule: RepairRule | None
    earliest: dt.date | None  # first day the minimum period is served
    reasons: tuple[I18n, ...]  # why not (empty when eligible)


def repair_rule(proc: Procedures, event: SafetyEvent) -> RepairRule | None:
    for rule in proc.repair:
        if rule.kind == event.kind and (not rule.categories or event.category in rule.categories):
            return rule
    return None


def repair_check(proc: Procedures, event: SafetyEvent, later_events: Iterable[SafetyEvent], today: dt.date,
                 fulfilled: bool) -> RepairCheck:
    """Whether an adverse event may be repaired today: its kind is repairable, the minimum period since the event is
    served, it was rectified (hidden dangers) or the decision fulfilled (penalties), and no event of the same kind
    (for penalties: of the same category) happened after it."""
    if event.status != "active":
        return RepairCheck(False, None, None, (I18n("该事件已修复或已撤销", "The event is already repaired or dismissed"),))
    rule = repair_rule(proc, event)
    if rule is None:
        return RepairCheck(False, None, None, (I18n("此类事件不可信用修复", "Events of this kind cannot be repaired"),))
    earliest = _months_after(event.date, rule.min_months)
    why: list[I18n] = []
    if today < earliest:
        why.append(I18n(f"最短公示期{rule.min_months}个月未满（{earliest.isoformat()}起可申请）",
                        f"The minimum period of {rule.min_months} months is not served (from {earliest.isoformat()})"))
    if rule.needs_rectified and event.rectified_on is None:
        why.append(I18n("隐患尚未整改完毕", "The hidden danger is not rectified"))
    if rule.needs_fulfilled and not fulfilled:
        why.append(I18n("处罚决定尚未履行完毕", "The penalty decision is not yet fulfilled"))
    repeats = [e for e in later_events if e.kind == event.kind and e.date > event.date and e.counts
               and (e.kind != "penalty" or e.category == event.category)]
    if repeats:
        why.append(I18n(f"此后再次发生同类事件（{repeats[0].date.isoformat()}）",
                        f"An event of the same kind happened again ({repeats[0].date.isoformat()})"))
    return RepairCheck(not why, rule, earliest, tuple(why))


def _months_after(day: dt.date, months: int) -> dt.date:
    return months_before(day, -months)
