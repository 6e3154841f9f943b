"""Figures across many deals: per stage, per handoff, and where won and lost paths part."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import NamedTuple

from journeyapp.models.entities import Deal, DealOutcome, DealStep, StageKind
from journeyapp.models.main_line import lead_level_handoffs, line_places
from journeyapp.models.playbook import Playbook
from journeyapp.models.replay import closed_at
from journeyapp.models.spellings import spelling_key

DAY = 86400
NONE_RECORDED = "None recorded"  # a source or campaign the CRM left empty, counted as one


def recorded(value: str) -> str:
    return value.strip() or NONE_RECORDED


@dataclass
class StageFigures:
    stage: str
    entered: int = 0
    left: int = 0
    lost_here: int = 0
    won_here: int = 0
    days: list[float] = field(default_factory=list, repr=False)
    expected_days: int | None = None
    # Stays not ended: the days each open deal has sat here so far, up to the latest moment
    # the deals know of. Each will be at least that long.
    waiting: list[float] = field(default_factory=list, repr=False)

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.days) if self.days else None

    @property
    def pace_days(self) -> float | None:
        """The median over the stays that ended and those still going (so far): how slow the
        stage is, never flattered by the deals that have not left it."""
        stays = self.days + self.waiting
        return statistics.median(stays) if stays else None

    @property
    def p90_days(self) -> float | None:
        if not self.days:
            return None
        ordered = sorted(self.days)  # the nearest rank: the smallest with 90% at or below it
        return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


@dataclass
class HandoffFigures:
    handoff: str
    source: str
    target: str
    reached_source: int = 0
    moved: int = 0
    target_conversion: float | None = None
    # Above where opportunities begin: every deal went on past it, so deals give no rate.
    lead_level: bool = False
    target_entered: int = 0  # deals that entered its target stage (none: a stage added since)

    @property
    def gone_past(self) -> bool:
        """Deals moved on over it, yet none entered its target: they went past a stage the
        map has and the deals never had (one added since they closed)."""
        return self.moved > 0 and self.target_entered == 0

    @property
    def conversion(self) -> float | None:
        if self.lead_level or not self.reached_source:
            return None
        return self.moved / self.reached_source


@dataclass
class DealFilter:
    outcomes: frozenset[DealOutcome] = frozenset(DealOutcome)
    since: int | None = None  # deals that entered their first stage on or after
    until: int | None = None
    owner: str = ""
    segment: str = ""
    min_amount: float | None = None
    max_amount: float | None = None
    source: str = ""  # a lead source, or "None recorded" for deals without one
    campaign: str = ""

    def keeps(self, deal: Deal) -> bool:
        if deal.outcome not in self.outcomes or not deal.path:
            return False
        start = deal.path[0].entered
        if (self.since is not None and start < self.since) or (
            self.until is not None and start > self.until
        ):
            return False
        if self.owner and spelling_key(deal.owner) != spelling_key(self.owner):
            return False
        if self.segment and spelling_key(deal.segment) != spelling_key(self.segment):
            return False
        if self.source and spelling_key(recorded(deal.lead_source)) != spelling_key(self.source):
            return False
        if self.campaign and spelling_key(recorded(deal.campaign)) != spelling_key(self.campaign):
            return False
        amount = deal.amount
        if self.min_amount is not None and (amount is None or amount < self.min_amount):
            return False
        return not (self.max_amount is not None and (amount is None or amount > self.max_amount))


def stage_figures(
    playbook: Playbook, deals: Iterable[Deal], as_of: int | None = None
) -> dict[str, StageFigures]:
    """Each stage's figures over ``deals``; a stay not ended counts up to ``as_of`` (default:
    the latest moment the playbook's deals know of)."""
    figures = {
        stage.id: StageFigures(stage.id, expected_days=stage.expected_days)
        for stage in playbook.stages()
    }
    closing = ClosingSteps(playbook)
    as_of = latest_moment(playbook.deals) if as_of is None else as_of
    for deal in deals:
        for step in deal.path:
            stage = figures.get(step.stage)
            if stage is None:
                continue
            if step.exited is not None:  # each stay is a stay
                if step.exited - step.entered >= MEASURED_STAY:
                    stage.days.append((step.exited - step.entered) / DAY)
            elif deal.outcome is DealOutcome.OPEN and not _ends(closing.kinds.get(step.stage)):
                stage.waiting.append(max(0, as_of - step.entered) / DAY)
        # Deals, not visits: a deal back in a stage entered it once. A close said by the
        # deal's status alone is a close all the same (see ClosingSteps).
        path = closing.path(deal)
        entered = {step.stage for step in path}
        left = {step.stage for step in path[:-1]}
        for stage_id in entered:
            stage = figures.get(stage_id)
            if stage is None:
                continue  # a stage deleted from the map since
            stage.entered += 1
            stage.left += stage_id in left
        at = closed_at(playbook, deal)
        if at is not None:
            where = path[at].stage
            if where in figures:
                if deal.outcome is DealOutcome.LOST:
                    figures[where].lost_here += 1
                else:
                    figures[where].won_here += 1
    return figures


# A stay shorter than this is a stage the CRM moved the deal over (HubSpot stamps each with
# one time) or one it was in before the export begins (Close's first status): it counts as
# entered and left, but is no time spent in the stage.
MEASURED_STAY = 60


def _ends(kind: StageKind | None) -> bool:
    return kind is not None and kind.is_terminal


def latest_moment(deals: Iterable[Deal]) -> int:
    """The latest moment the deals' stage histories know of: their export's horizon."""
    return max((step.exited or step.entered for deal in deals for step in deal.path), default=0)


class ClosingSteps:
    """Where a deal closed by its status alone went: some exports (Dynamics views, HubSpot
    deals without closed-stage columns) keep no Won or Lost stage in a deal's path, only its
    outcome. Such a won or lost deal is taken on from its last stage to the won or lost
    stage a handoff from there leads to (else the journey's first of that kind), when its
    last stage was left (or entered); the path kept in the playbook is not changed."""

    def __init__(self, playbook: Playbook) -> None:
        self.kinds = {stage.id: stage.kind for stage in playbook.stages()}
        self.after: dict[tuple[str, StageKind], str] = {}
        for handoff in playbook.handoffs():
            kind = self.kinds.get(handoff.target)
            if kind in _CLOSING:
                self.after.setdefault((handoff.source, kind), handoff.target)
        order = playbook.stages_in_journey_order()
        self.first = {k: next((s.id for s in order if s.kind is k), None) for k in _CLOSING}

    def path(self, deal: Deal) -> tuple[DealStep, ...]:
        """The deal's path, with its close where only its outcome says it closed."""
        path, kind = deal.path, _OUTCOME_KINDS.get(deal.outcome)
        if kind is None or not path or self.kinds.get(path[-1].stage) in _CLOSING:
            return path
        last = path[-1]
        target = self.after.get((last.stage, kind)) or self.first[kind]
        if target is None:
            return path
        when = last.exited if last.exited is not None else last.entered
        return (*path, DealStep(target, deal.outcome.value, when, None))


_CLOSING = (StageKind.WON, StageKind.LOST)
_OUTCOME_KINDS = {DealOutcome.WON: StageKind.WON, DealOutcome.LOST: StageKind.LOST}


def handoff_figures(playbook: Playbook, deals: Iterable[Deal]) -> dict[str, HandoffFigures]:
    """Each handoff's deals: those that reached its source stage, and those that moved on
    over it. Over a main-line handoff, as the funnel counts, a deal moved on when it went
    anywhere further down the line (a CRM moves a deal over stages it leaves empty)."""
    line = line_places(playbook)
    lead_level = lead_level_handoffs(playbook, line)
    figures = {
        h.id: HandoffFigures(
            h.id,
            h.source,
            h.target,
            target_conversion=h.target_conversion,
            lead_level=h.id in lead_level,
        )
        for h in playbook.handoffs()
    }
    by_pair: dict[tuple[str, str], HandoffFigures] = {}  # counted by direct moves
    past: dict[str, HandoffFigures] = {}  # main-line handoffs, by source: counted going past
    for f in figures.values():
        if f.source in line and line.get(f.target) == line[f.source] + 1:
            past[f.source] = f
        else:
            by_pair[(f.source, f.target)] = f
    by_source: dict[str, list[HandoffFigures]] = {}
    by_target: dict[str, list[HandoffFigures]] = {}
    for f in figures.values():
        by_source.setdefault(f.source, []).append(f)
        by_target.setdefault(f.target, []).append(f)
    closing = ClosingSteps(playbook)
    for deal in deals:
        reached: set[str] = set()
        moved: set[tuple[str, str]] = set()
        path = closing.path(deal)
        for before, after in pairwise(path):
            reached.add(before.stage)
            moved.add((before.stage, after.stage))
        if path:
            reached.add(path[-1].stage)
        for stage in reached:
            for f in by_source.get(stage, ()):
                f.reached_source += 1
            for f in by_target.get(stage, ()):
                f.target_entered += 1
        for pair in moved:
            if pair in by_pair:
                by_pair[pair].moved += 1
        for source in went_past(path, line, past):
            past[source].moved += 1
    return figures


def went_past(path: Sequence[DealStep], line: dict[str, int], sources: Iterable[str]) -> set[str]:
    """The main-line ``sources`` stages the path left for a stage further down the line
    (``line``: each stage's place on it)."""
    gone: set[str] = set()
    furthest = -1  # the furthest place down the line of the steps after this one
    for step in reversed(path):
        here = line.get(step.stage)
        if here is not None and furthest > here and step.stage in sources:
            gone.add(step.stage)
        if here is not None:
            furthest = max(furthest, here)
    return gone


class Parting(NamedTuple):
    """Where won and lost deals part: the stage, and the share of each that moved on from it
    to a next stage (not straight to the close)."""

    stage: str | None
    won_moved_on: float = 0.0
    lost_moved_on: float = 0.0

    @property
    def gap(self) -> float:
        """How many percentage points more of the won deals than of the lost moved on."""
        return self.won_moved_on - self.lost_moved_on


def parting_point(playbook: Playbook, won: Iterable[Deal], lost: Iterable[Deal]) -> Parting:
    """The stage where won and lost paths differ most: where lost deals stop and won ones go
    on. A deal went on from a stage when it later reached any stage but a lost or exit one
    (its win included); a close is never where paths part. Each deal counts once a stage."""
    kinds = {stage.id: stage.kind for stage in playbook.stages()}
    stops = (StageKind.LOST, StageKind.EXIT)
    closing = ClosingSteps(playbook)  # a win said by the status alone went on to its close

    def went_on_share(deals: list[Deal]) -> dict[str, float]:
        entered: dict[str, int] = {}
        went_on: dict[str, int] = {}
        for deal in deals:
            path, seen = closing.path(deal), set()
            for n, step in enumerate(path):
                stage = step.stage
                kind = kinds.get(stage)
                if stage in seen or kind is None or kind.is_terminal:
                    continue
                seen.add(stage)
                entered[stage] = entered.get(stage, 0) + 1
                if any(kinds.get(later.stage) not in stops for later in path[n + 1 :]):
                    went_on[stage] = went_on.get(stage, 0) + 1
        return {stage: went_on.get(stage, 0) / count for stage, count in entered.items()}

    won_share, lost_share = went_on_share(list(won)), went_on_share(list(lost))
    gaps = {
        stage: won_share[stage] - lost_share.get(stage, 0.0)
        for stage in won_share
        if stage in lost_share
    }
    if not gaps:
        return Parting(None)
    stage = max(gaps, key=gaps.__getitem__)
    return Parting(stage, won_share[stage], lost_share[stage])


def reach_share(deals: Iterable[Deal], closing: ClosingSteps | None = None) -> dict[str, float]:
    """For each stage, the share of these deals that were ever in it (side by side for won
    and lost deals, it shows where their paths part); with ``closing``, a close said by the
    deal's status alone reaches its close stage."""
    deals = list(deals)
    counts: dict[str, int] = {}
    for deal in deals:
        path = deal.path if closing is None else closing.path(deal)
        for stage in {step.stage for step in path}:
            counts[stage] = counts.get(stage, 0) + 1
    return {stage: count / len(deals) for stage, count in counts.items()} if deals else {}
