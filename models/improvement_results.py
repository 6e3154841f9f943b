"""An improvement's result measured from the deals: its metric over the test period against
the same metric over an equally long period just before the test started (the baseline).

Which deals count: those that entered the stage the improvement changes (for a handoff, its
source stage; for an activity, the activity's stage) within the period.
- win rate: of those deals now closed, the share won;
- days in stage: the median days they spent in that stage, for those that left it;
- conversion: the share that moved on over the handoff (for a stage, out of it to any
  next step).
"""

from __future__ import annotations

import datetime
import statistics
from decimal import Decimal

from journeyapp.models.calendar_days import calendar_zone, start_of
from journeyapp.models.change import Kind
from journeyapp.models.deal_stats import ClosingSteps
from journeyapp.models.entities import DealOutcome, Improvement, ImprovementMeasure, StageKind
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.playbook import Playbook
from journeyapp.models.rounding import half_up, whole_percent
from journeyapp.models.words import count

DAY = 86400
MIN_DEALS = 3  # fewer deals than this in either period: too few to call a result


@frozen_record
class Reading:
    """The metric over one period: its value and how many deals it rests on."""

    value: float | None
    deals: int
    start: datetime.date
    end: datetime.date  # exclusive


@frozen_record
class MeasuredResult:
    measure: ImprovementMeasure
    before: Reading
    during: Reading
    ended: bool  # the test period is over

    @property
    def enough(self) -> bool:
        return (
            self.before.value is not None
            and self.during.value is not None
            and min(self.before.deals, self.during.deals) >= MIN_DEALS
        )

    @property
    def better(self) -> bool | None:
        """Whether the metric moved the right way as its figures read (fewer days in a stage is
        better); None when they read the same."""
        change = self.change
        if change is None or change == 0:
            return None
        return change < 0 if self.measure is ImprovementMeasure.DAYS_IN_STAGE else change > 0

    @property
    def change(self) -> Decimal | None:
        """The change between the two figures as shown (points, or days to a tenth), so the
        words never state a move the figures do not show."""
        if self.before.value is None or self.during.value is None:
            return None
        return _figure(self.measure, self.during.value) - _figure(self.measure, self.before.value)

    @property
    def words(self) -> str:
        """ "Win rate 58 % (12 deals) against 40 % before (15 deals): up 18 points"."""
        name = self.measure.value.capitalize()
        during = f"{_shown(self.measure, self.during.value)} ({count(self.during.deals, 'deal')})"
        before = f"{_shown(self.measure, self.before.value)} ({count(self.before.deals, 'deal')})"
        sentence = f"{name} {during} against {before} before"
        if not self.enough:
            return f"{sentence}: too few deals to call it"
        change = self.change
        if change == 0:
            return f"{sentence}: no change"
        direction = "up" if change > 0 else "down"
        unit = "day" if self.measure is ImprovementMeasure.DAYS_IN_STAGE else "point"
        sentence = f"{sentence}: {direction} {count(abs(change), unit, shown=_plain(abs(change)))}"
        return sentence if self.ended else f"{sentence} so far"


def _figure(measure: ImprovementMeasure, value: float) -> Decimal:
    """The value as shown: days to a tenth, a rate in whole percent."""
    if measure is ImprovementMeasure.DAYS_IN_STAGE:
        return half_up(value, 1)
    return Decimal(whole_percent(value))


def _plain(number: Decimal) -> str:
    """ "0.4", "1", "12": a change without a needless ".0"."""
    return f"{number:f}".removesuffix(".0")


def _shown(measure: ImprovementMeasure, value: float | None) -> str:
    if value is None:
        return "—"
    unit = "days" if measure is ImprovementMeasure.DAYS_IN_STAGE else "%"
    return f"{_figure(measure, value)} {unit}"


def measured_stage(playbook: Playbook, improvement: Improvement) -> str | None:
    """The stage whose deals the improvement's metric is read from."""
    target, kind = improvement.target, improvement.target_kind
    if target is None or not playbook.has(kind, target):
        return None
    if kind is Kind.STAGE:
        return target
    if kind is Kind.ACTIVITY:
        return playbook.activities[target].stage
    return playbook.handoff(target).source


def measured_result(
    playbook: Playbook, improvement: Improvement, today: datetime.date
) -> MeasuredResult | None:
    """The result, or None when the app cannot measure it: no measure chosen, no stage, or
    the test has not started."""
    stage = measured_stage(playbook, improvement)
    if improvement.measure is ImprovementMeasure.NONE or stage is None or not improvement.started:
        return None
    try:
        start = datetime.date.fromisoformat(improvement.started)
        planned_end = (
            datetime.date.fromisoformat(improvement.test_ends) if improvement.test_ends else None
        )
    except ValueError:
        return None
    end = min(planned_end, today) if planned_end else today
    end = max(end, start) + datetime.timedelta(days=1)  # the last day counts
    length = end - start
    next_stage = None
    if improvement.target_kind is Kind.HANDOFF:
        next_stage = playbook.handoff(improvement.target).target
    during = _reading(playbook, improvement.measure, stage, next_stage, start, end)
    before = _reading(playbook, improvement.measure, stage, next_stage, start - length, start)
    ended = planned_end is not None and planned_end < today
    return MeasuredResult(improvement.measure, before, during, ended)


def _reading(
    playbook: Playbook,
    measure: ImprovementMeasure,
    stage: str,
    next_stage: str | None,
    start: datetime.date,
    end: datetime.date,
) -> Reading:
    zone = calendar_zone(playbook.meta)  # the test's days are the team's
    low, high = start_of(start, zone), start_of(end, zone)
    closed = won = moved = 0
    days: list[float] = []
    entered_deals = 0
    closing = ClosingSteps(playbook)  # a deal closed by its status alone moved on all the same
    for deal in playbook.deals:
        path = closing.path(deal)
        index = next(
            (
                n
                for n, step in enumerate(path)
                if step.stage == stage and low <= step.entered < high
            ),
            None,
        )
        if index is None:
            continue
        entered_deals += 1
        step = path[index]
        if deal.outcome is not DealOutcome.OPEN:
            closed += 1
            won += deal.outcome is DealOutcome.WON
        if step.exited is not None:
            days.append((step.exited - step.entered) / DAY)
        following = path[index + 1].stage if index + 1 < len(path) else None
        if following is not None:
            moved += following == next_stage if next_stage else _onwards(playbook, following)
    if measure is ImprovementMeasure.WIN_RATE:
        value = won / closed if closed else None
        return Reading(value, closed, start, end)
    if measure is ImprovementMeasure.DAYS_IN_STAGE:
        return Reading(statistics.median(days) if days else None, len(days), start, end)
    value = moved / entered_deals if entered_deals else None
    return Reading(value, entered_deals, start, end)


def _onwards(playbook: Playbook, stage: str) -> bool:
    """A move to a stage that does not end the deal as lost or gone."""
    if not playbook.has_stage(stage):
        return True
    return playbook.stage(stage).kind not in (StageKind.LOST, StageKind.EXIT)


def result_words(playbook: Playbook, improvement: Improvement, today: datetime.date) -> str:
    """The result as shown: measured where the app can, else as written."""
    measured = measured_result(playbook, improvement, today)
    return measured.words if measured is not None else improvement.result
