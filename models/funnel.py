"""The funnel calculator: from a revenue target back to the visitors it takes.

The journey's main line is followed backwards from the Won stage, one handoff at
a time, through the handoffs that carry a target conversion. Each stage then
needs as many buyers as the next one needs, divided by the rate between them.
Beside each target rate sits the rate measured from the leads and deals that started in a
period, with its sample size and 90 % Wilson interval; the handoff whose shortfall costs the
most is named only when its interval lies below the target. Each stage's volume comes with
the date it is needed by (the median days between stages, worked back from the period's
last day), the volume that actually entered it in the period, and marketing's commitment.
"""

from __future__ import annotations

import datetime
import math
import re
from itertools import pairwise

from journeyapp.models.back_schedule import needed_by
from journeyapp.models.calendar_days import UTC, calendar_zone, day_of
from journeyapp.models.entities import Commitment, DealOutcome
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.funnel_records import (
    Record,
    conversions,
    days_between,
    entered_in,
    funnel_records,
    in_play_rule,
    started_in,
)
from journeyapp.models.main_line import FunnelError, main_line
from journeyapp.models.playbook import Playbook
from journeyapp.models.wilson import Rate, interval, percent
from journeyapp.models.words import count

# More records than this at the top of a funnel is no plan anyone can use (and past float
# range, no number at all).
MOST_RECORDS = 1e12


@frozen_record
class Period:
    label: str
    start: datetime.date
    end: datetime.date  # exclusive

    def holds(self, seconds: int, zone: datetime.tzinfo = UTC) -> bool:
        """Whether the moment falls in the period, its days as ``zone`` counts them."""
        return self.start <= day_of(seconds, zone) < self.end


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


def quarter_label(day: datetime.date) -> str:
    """The quarter a day falls in, as periods are written: "2026-Q4"."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def current_quarter(today: datetime.date) -> Period:
    return parse_period(quarter_label(today))


@frozen_record
class FunnelStep:
    stage_id: str
    stage: str
    needed: int  # buyers who must reach this stage in the period
    handoff_id: str | None = None  # the handoff on to the next step (None for Won)
    target_rate: float | None = None
    rate: Rate | None = None  # measured on to the next step, with its interval
    no_lead_data: bool = False  # above the opportunities, and no lead reached it
    needed_by: datetime.date | None = None  # when the volume must be there
    actual_volume: int | None = 0  # records that entered it in the period; None: never measured
    committed: int | None = None  # marketing's commitment for the period
    in_play: int = 0  # records left out of the rate: still in the stage, not yet given the time

    @property
    def actual_rate(self) -> float | None:
        return None if self.rate is None else self.rate.value

    @property
    def measured_from(self) -> int:
        return 0 if self.rate is None else self.rate.trials


@frozen_record
class Gap:
    handoff_id: str
    source: str
    target: str
    target_rate: float
    rate: Rate
    extra_at_top: int | None  # more buyers needed at the top at the actual rate (None: 0 %)
    revenue_lost: float  # at the planned volume, what the shortfall costs

    @property
    def actual_rate(self) -> float:
        return self.rate.value


@frozen_record
class FunnelPlan:
    target: float
    deal_size: float
    period: Period
    steps: tuple[FunnelStep, ...]  # top of the funnel first, Won last
    records_measured: int  # leads and deals behind the actual rates
    measured_over: Period  # the period whose records the rates come from
    costliest: Gap | None  # only a shortfall whose interval excludes the target
    no_gap: str  # why no gap is named, when none is
    no_records: str  # a sentence when the measured period holds no records
    commitment: Commitment | None

    @property
    def deals_measured(self) -> int:
        return self.records_measured


def plan(
    playbook: Playbook,
    target: float,
    deal_size: float | None,
    period: Period,
    rates_from: Period | None = None,
) -> FunnelPlan:
    """The volumes ``period`` needs for ``target``, with rates and days between stages measured
    from the records that started in ``rates_from`` (default: the period itself). A period
    without records gives no rates and says so; it never borrows other periods' records."""
    if target <= 0:
        raise FunnelError("The revenue target must be more than zero.")
    if deal_size is not None and deal_size <= 0:
        raise FunnelError("The average deal size must be more than zero.")
    deal_size = deal_size if deal_size is not None else _average_won_amount(playbook)
    if deal_size is None or deal_size <= 0:
        raise FunnelError("Give an average deal size; there are no won deals with amounts.")
    line = main_line(playbook)
    measured_over = rates_from or period
    zone = calendar_zone(playbook.meta)
    every = funnel_records(playbook)
    records = started_in(every, measured_over.start, measured_over.end, zone)
    days = days_between(records, line, zone)
    measured = conversions(playbook, line, records, in_play_rule(records, line, every, playbook))
    dates = needed_by(line, period.end - datetime.timedelta(1), days)
    stages = [h.source for h in line] + [line[-1].target]
    actual = entered_in(every, stages, period.start, period.end, zone)
    commitment = commitment_for(playbook, period.label)
    committed = commitment.volumes if commitment is not None else {}
    won_needed = target / deal_size
    needed = [won_needed]
    for handoff in reversed(line):
        needed.append(needed[-1] / handoff.target_conversion)
    needed.reverse()  # top of the funnel first
    if not math.isfinite(needed[0]) or needed[0] > MOST_RECORDS:
        raise FunnelError(
            f"A target of {target:,.6g} at deals of {deal_size:,.6g} needs more than "
            f"{MOST_RECORDS:,.0f} records at the top of the funnel; check the target and the "
            "deal size."
        )
    steps = []
    for stage_id, volume, handoff in zip(stages, needed, [*line, None], strict=True):
        found = measured[handoff.id] if handoff else None
        steps.append(
            FunnelStep(
                stage_id,
                playbook.stage(stage_id).name,
                math.ceil(volume - 1e-9),
                handoff.id if handoff else None,
                handoff.target_conversion if handoff else None,
                found.rate if found else None,
                found.no_lead_data if found else False,
                dates[stage_id],
                actual[stage_id],
                committed.get(stage_id),
                found.in_play if found else 0,
            )
        )
    gap, no_gap = _costliest(steps, target)
    return FunnelPlan(
        target,
        deal_size,
        period,
        tuple(steps),
        len(records),
        measured_over,
        gap,
        no_gap,
        "" if records else no_records_in(measured_over, every, zone),
        commitment,
    )


def commitment_for(playbook: Playbook, period: str) -> Commitment | None:
    return next((c for c in playbook.commitments if c.period.casefold() == period.casefold()), None)


def no_records_in(period: Period, every: list[Record], zone: datetime.tzinfo = UTC) -> str:
    """Says plainly that ``period`` holds no records, and which quarters do."""
    quarters: dict[str, int] = {}
    for record in every:
        if record.started is not None:
            label = quarter_label(day_of(record.started, zone))
            quarters[label] = quarters.get(label, 0) + 1
    said = f"No leads or deals started in {period.label}, so it has no actual rates."
    if quarters:
        held = ", ".join(f"{q} ({n:,})" for q, n in sorted(quarters.items())[-4:])
        said += f" The records there are started in {held}: measure the rates over one of those."
    else:
        said += " Import leads or deals to measure them."
    return said


def _costliest(steps: list[FunnelStep], target: float) -> tuple[Gap | None, str]:
    """The shortfall that costs the most among those whose interval lies below the target;
    else None and why no gap is proven."""
    top = steps[0].needed
    proven: list[Gap] = []
    unproven: list[tuple[float, FunnelStep]] = []
    for step, after in pairwise(steps):
        rate, goal = step.rate, step.target_rate
        if rate is None or goal is None or rate.value >= goal:
            continue
        if not rate.below(goal):
            unproven.append((goal - rate.value, step))
            continue
        extra = math.ceil(top * (goal / rate.value - 1)) if rate.value > 0 else None
        gap = Gap(
            step.handoff_id,
            step.stage,
            after.stage,
            goal,
            rate,
            extra,
            target * (1 - rate.value / goal),
        )
        proven.append(gap)
    if proven:
        worst = max(proven, key=lambda g: (g.extra_at_top is None, g.extra_at_top or 0))
        return worst, ""
    if not any(step.rate for step in steps):
        return None, "No gap can be named: no measured rates."
    if not unproven:
        return None, "No gap: every measured rate reaches its target."
    _, step = max(unproven, key=lambda u: u[0])
    after = steps[steps.index(step) + 1]
    spread = interval(step.rate, step.target_rate)
    return None, (
        f"No gap is proven yet: {step.stage} → {after.stage} converts "
        f"{percent(step.rate.value)} against {percent(step.target_rate)}, but from "
        f"{count(step.rate.trials, 'record')} its 90% interval ({spread}) still includes the "
        "target."
    )


def _average_won_amount(playbook: Playbook) -> float | None:
    """The won deals' average amount; refused where they are in several currencies (the
    amounts do not add up)."""
    won = [d for d in playbook.deals if d.outcome is DealOutcome.WON and d.amount is not None]
    currencies = sorted({d.currency.strip().upper() for d in won if d.currency.strip()})
    if len(currencies) > 1:
        raise FunnelError(
            f"The won deals' amounts are in several currencies ({', '.join(currencies)}); "
            "give the average deal size in the target's currency."
        )
    return sum(d.amount for d in won) / len(won) if won else None
