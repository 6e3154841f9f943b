"""The funnel calculator: from a revenue target back to the visitors it takes.

The journey's main line is followed backwards from the Won stage, one handoff at
a time, through the handoffs that carry a target conversion. Each stage then
needs as many buyers as the next one needs, divided by the rate between them.
Beside each target rate sits the rate measured from imported deals, and the
handoff whose shortfall costs the most is named.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from itertools import pairwise

from journeyapp.models.deal_stats import handoff_figures
from journeyapp.models.entities import DealOutcome, Handoff, HandoffKind, StageKind
from journeyapp.models.errors import PlaybookError
from journeyapp.models.playbook import Playbook


class FunnelError(PlaybookError):
    """A funnel that cannot be worked out; the message says why."""


@dataclass(frozen=True)
class Period:
    label: str
    start: datetime.date
    end: datetime.date  # exclusive

    def holds(self, seconds: int) -> bool:
        day = datetime.datetime.fromtimestamp(seconds, datetime.UTC).date()
        return self.start <= day < self.end


def parse_period(text: str) -> Period:
    """A quarter ("2026-Q4", "2026 Q4", "Q4 2026") or a year ("2026")."""
    value = " ".join(text.split()).upper()  # single spaces: the pattern then cannot backtrack
    quarter = re.fullmatch(r"(\d{4})\s*[- ]?\s*Q([1-4])|Q([1-4])\s*[- ]?\s*(\d{4})", value)
    if quarter:
        year = _year(quarter.group(1) or quarter.group(4), text)
        number = int(quarter.group(2) or quarter.group(3))
        start = datetime.date(year, 3 * number - 2, 1)
        end = datetime.date(year + (number == 4), 1 if number == 4 else 3 * number + 1, 1)
        return Period(f"{year}-Q{number}", start, end)
    if re.fullmatch(r"\d{4}", value):
        year = _year(value, text)
        return Period(value, datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1))
    raise FunnelError(f"“{text[:30]}” is not a period; write a quarter like 2026-Q4 or a year.")


def _year(digits: str, text: str) -> int:
    year = int(digits)
    if not 1 <= year <= 9998:  # the period's end must still be a date
        raise FunnelError(f"“{text[:30]}” is not a period; the year must be between 1 and 9998.")
    return year


def parse_money(text: str, what: str) -> float:
    """An amount as people write it: 1200000, 1,200,000, $1.2M, 30k."""
    from journeyapp.models.deal_import.values import BadValue, parse_amount

    value = text.strip().upper()
    scale = {"K": 1e3, "M": 1e6, "B": 1e9}.get(value[-1:], 1)
    try:
        amount, _ = parse_amount(value[:-1] if scale != 1 else value)
    except BadValue:
        amount = None
    if amount is None:
        raise FunnelError(f"The {what} “{text[:30]}” is not an amount; write e.g. 1200000 or 1.2M.")
    return amount * scale


def current_quarter(today: datetime.date) -> Period:
    return parse_period(f"{today.year}-Q{(today.month - 1) // 3 + 1}")


@dataclass(frozen=True)
class FunnelStep:
    stage_id: str
    stage: str
    needed: int  # buyers who must reach this stage in the period
    handoff_id: str | None = None  # the handoff on to the next step (None for Won)
    target_rate: float | None = None
    actual_rate: float | None = None
    measured_from: int = 0  # deals that reached this stage, behind actual_rate


@dataclass(frozen=True)
class Gap:
    handoff_id: str
    source: str
    target: str
    target_rate: float
    actual_rate: float
    extra_at_top: int  # more buyers needed at the top of the funnel at the actual rate
    revenue_lost: float  # at the planned volume, what the shortfall costs


@dataclass(frozen=True)
class FunnelPlan:
    target: float
    deal_size: float
    period: Period
    steps: tuple[FunnelStep, ...]  # top of the funnel first, Won last
    deals_measured: int
    measured_over: str  # "2026-Q4" or "all imported deals"
    costliest: Gap | None


def main_line(playbook: Playbook) -> list[Handoff]:
    """The handoffs from the top of the funnel to Won, first to last."""
    won = next((s for s in playbook.stages_in_journey_order() if s.kind is StageKind.WON), None)
    if won is None:
        raise FunnelError("The map has no Won stage to work back from.")
    order = {s.id: n for n, s in enumerate(playbook.stages_in_journey_order())}
    forward = (HandoffKind.PROGRESSION, HandoffKind.CROSS_TEAM)
    line: list[Handoff] = []
    seen = {won.id}
    current = won.id
    while True:
        options = [
            h for h in playbook.incoming(current) if h.target_conversion and h.source not in seen
        ]
        if not options:
            break
        chosen = min(options, key=lambda h: (h.kind not in forward, order.get(h.source, 0)))
        line.append(chosen)
        seen.add(chosen.source)
        current = chosen.source
    if not line:
        raise FunnelError(
            f"No handoff into “{won.name}” has a target conversion; set the targets first."
        )
    return list(reversed(line))


def plan(playbook: Playbook, target: float, deal_size: float | None, period: Period) -> FunnelPlan:
    if target <= 0:
        raise FunnelError("The revenue target must be more than zero.")
    if deal_size is not None and deal_size <= 0:
        raise FunnelError("The average deal size must be more than zero.")
    deal_size = deal_size if deal_size is not None else _average_won_amount(playbook)
    if deal_size is None or deal_size <= 0:
        raise FunnelError("Give an average deal size; there are no won deals with amounts.")
    line = main_line(playbook)
    in_period = [d for d in playbook.deals if d.path and period.holds(d.path[0].entered)]
    deals, over = (in_period, period.label) if in_period else (list(playbook.deals), "all deals")
    figures = handoff_figures(playbook, deals)
    won_needed = target / deal_size
    needed = [won_needed]
    for handoff in reversed(line):
        needed.append(needed[-1] / handoff.target_conversion)
    needed.reverse()  # top of the funnel first
    steps = []
    for n, handoff in enumerate(line):
        measured = figures[handoff.id]
        steps.append(
            FunnelStep(
                handoff.source,
                playbook.stage(handoff.source).name,
                math.ceil(needed[n] - 1e-9),
                handoff.id,
                handoff.target_conversion,
                measured.conversion,
                measured.reached_source,
            )
        )
    won = line[-1].target
    steps.append(FunnelStep(won, playbook.stage(won).name, math.ceil(won_needed - 1e-9)))
    return FunnelPlan(
        target,
        deal_size,
        period,
        tuple(steps),
        len(deals),
        over,
        _costliest(playbook, steps, target),
    )


def _costliest(playbook: Playbook, steps: list[FunnelStep], target: float) -> Gap | None:
    top = steps[0].needed
    worst = None
    for step, after in pairwise(steps):
        if step.actual_rate is None or step.target_rate is None or step.actual_rate <= 0:
            continue
        if step.actual_rate >= step.target_rate:
            continue
        extra = math.ceil(top * (step.target_rate / step.actual_rate - 1))
        lost = target * (1 - step.actual_rate / step.target_rate)
        gap = Gap(
            step.handoff_id,
            step.stage,
            after.stage,
            step.target_rate,
            step.actual_rate,
            extra,
            lost,
        )
        if worst is None or gap.extra_at_top > worst.extra_at_top:
            worst = gap
    return worst


def _average_won_amount(playbook: Playbook) -> float | None:
    amounts = [
        d.amount for d in playbook.deals if d.outcome is DealOutcome.WON and d.amount is not None
    ]
    return sum(amounts) / len(amounts) if amounts else None
