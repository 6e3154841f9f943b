"""One deal's path laid on the map: time in each stage, the handoffs it took, where it left the map.

A move between two stages that the map does not connect is a finding for the
workshop ("the map has no path here"), not an error.
"""

from __future__ import annotations

import time
from enum import StrEnum
from itertools import chain

from journeyapp.models.entities import Deal, DealOutcome, Handoff
from journeyapp.models.first_touch import (
    ContactEffort,
    FirstTouch,
    activities_end,
    contact_effort,
    first_touch,
)
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.playbook import Playbook
from journeyapp.models.words import count
from journeyapp.models.working_hours import HoursClock

DAY = 86400
AMBER_FROM = 1.0  # share of the expected days
RED_FROM = 1.5


class Pace(StrEnum):
    ON_TIME = "on time"  # green
    SLOW = "slow"  # amber
    STUCK = "stuck"  # red
    UNKNOWN = "no expected days"


@frozen_record
class ReplayStep:
    index: int
    stage: str
    stage_name: str
    crm_stage: str
    entered: int
    exited: int | None
    days: float | None  # None while the deal is still there
    expected_days: int | None
    pace: Pace
    on_map: bool  # False: the stage was deleted from the map since
    arrived_by: Handoff | None  # the handoff from the previous step, if the map has one
    off_map_move: bool  # the previous step leads here, but the map has no path
    backward: bool  # back to a stage earlier in the journey
    revisit: bool  # this stage was visited before (a loop)
    # The handoff's SLA on first touch, when it has one: met, breached, or (no touches
    # recorded) only the time it took to move on.
    first_touch: FirstTouch | None = None
    contact: ContactEffort | None = None  # the attempts before it was given up on here
    # An open deal's stay in the stage it is still in: its days so far, which its pace is.
    so_far: float | None = None
    closed: bool = False  # the stage a closed deal ended in: a stay with no end, and no wait

    @property
    def sla_breached(self) -> bool:
        """The receiving team's first touch came later than the SLA (or has not come): only
        ever from touches, never from time in a stage."""
        return self.first_touch is not None and self.first_touch.breached


@frozen_record
class Replay:
    deal: Deal
    steps: tuple[ReplayStep, ...]
    closed_at: int | None = None  # the step where a closed deal was won or lost

    @property
    def ending(self) -> str:
        """The end in words: won, lost at a stage with its reason, or still open."""
        deal = self.deal
        if deal.outcome is DealOutcome.WON:
            return "Won"
        if deal.outcome is DealOutcome.LOST:
            where = "" if self.closed_at is None else f" at {self.steps[self.closed_at].stage_name}"
            reason = f": {deal.stated_reason}" if deal.stated_reason else ""
            return f"Lost{where}{reason}"
        return f"Open, now in {self.steps[-1].stage_name}" if self.steps else "Open"

    @property
    def off_map_moves(self) -> int:
        return sum(step.off_map_move for step in self.steps)


def closed_at(playbook: Playbook, deal: Deal) -> int | None:
    """The step where a closed deal was won or lost: the last one in a stage that is not itself
    a close (won, lost, exit). A CRM that says "lost" only in an outcome column gives no
    closing row, and the deal was lost in the stage it was last in. None while it is open."""
    if deal.outcome is DealOutcome.OPEN or not deal.path:
        return None
    for index in range(len(deal.path) - 1, -1, -1):
        stage = deal.path[index].stage
        if not (playbook.has_stage(stage) and playbook.stage(stage).kind.is_terminal):
            return index
    return len(deal.path) - 1  # nothing but closes: the last of them


def close_time(playbook: Playbook, deal: Deal) -> int | None:
    """When a closed deal was won or lost: its closing row's entry or, where only its status
    says it closed, when it left its last stage (else when it entered it, all that is known).
    None while it is open."""
    if deal.outcome is DealOutcome.OPEN or not deal.path:
        return None
    last = deal.path[-1]
    closing_row = playbook.has_stage(last.stage) and playbook.stage(last.stage).kind.is_terminal
    return last.entered if closing_row or last.exited is None else last.exited


def pace_of(days: float | None, expected: int | None) -> Pace:
    if days is None or not expected:
        return Pace.UNKNOWN
    share = days / expected
    if share <= AMBER_FROM:
        return Pace.ON_TIME
    return Pace.SLOW if share <= RED_FROM else Pace.STUCK


def replay(
    playbook: Playbook, deal: Deal, now: int | None = None, touches_end: int | None = None
) -> Replay:
    """The deal's steps on the map; ``now`` (default: the present) is when an open deal's SLA
    clock stands while no one has touched it yet; ``touches_end``: where the imported
    activities end (``first_touch.activities_end`` over the deals and leads, worked out here
    unless given)."""
    clock = HoursClock.of(playbook.meta)
    closing = closed_at(playbook, deal)
    closed = close_time(playbook, deal)
    record_end = closed if closed is not None else int(time.time()) if now is None else now
    order = {stage.id: n for n, stage in enumerate(playbook.stages_in_journey_order())}
    if touches_end is None:  # no later touch is known, on any deal or lead
        touches_end = activities_end(chain(playbook.deals, playbook.leads, (deal,)), clock)
    steps: list[ReplayStep] = []
    seen: set[str] = set()
    previous = None
    for index, step in enumerate(deal.path):
        on_map = playbook.has_stage(step.stage)
        stage = playbook.stage(step.stage) if on_map else None
        days = None if step.exited is None else (step.exited - step.entered) / DAY
        so_far = None
        if days is None and closing is None and index == len(deal.path) - 1:
            so_far = max(0, record_end - step.entered) / DAY
        handoff = None
        if previous is not None and on_map and playbook.has_stage(previous.stage):
            handoff = playbook.handoff_between(previous.stage, step.stage)
        following = deal.path[index + 1] if index + 1 < len(deal.path) else None
        left_by = (
            playbook.handoff_between(step.stage, following.stage)
            if following is not None and on_map and playbook.has_stage(following.stage)
            else None
        )
        steps.append(
            ReplayStep(
                index=index,
                stage=step.stage,
                stage_name=stage.name if stage else f"{step.crm_stage} (no longer on the map)",
                crm_stage=step.crm_stage,
                entered=step.entered,
                exited=step.exited,
                days=days,
                expected_days=stage.expected_days if stage else None,
                pace=pace_of(
                    days if so_far is None else so_far, stage.expected_days if stage else None
                ),
                on_map=on_map,
                arrived_by=handoff,
                off_map_move=previous is not None and handoff is None,
                backward=previous is not None
                and order.get(step.stage, 0) < order.get(previous.stage, 0),
                revisit=step.stage in seen,
                first_touch=first_touch(
                    step, handoff, deal.touches, clock, record_end, touches_end=touches_end
                ),
                contact=contact_effort(
                    step, handoff, left_by, deal.touches, clock, touches_end=touches_end
                ),
                so_far=so_far,
                closed=closing is not None and days is None and index == len(deal.path) - 1,
            )
        )
        seen.add(step.stage)
        previous = step
    return Replay(deal, tuple(steps), closing)


def still_there(so_far: float | None, closed: bool = False) -> str:
    """A stay with no end in words: "still there, 300 days so far", or where a closed deal
    ended ("the deal closed here")."""
    if closed:
        return "the deal closed here"
    if so_far is None:
        return "still there"
    return f"still there, {count(round(so_far), 'day')} so far"
