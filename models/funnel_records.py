"""The funnel's records: each buyer once, from the lead it started as to the deal it became.

A lead that converted is followed on into its deal (the deal's steps after the lead's), so
the buyer counts once; a deal no lead names stands on its own. Where several leads name one
deal (the contacts of a buying committee, each associated with it), the buyer is the deal:
it is followed from the first of them (as ``deal_leads`` has it) and the others are not
counted again. Leads carry the top of the
funnel: an opportunity exists only once a buyer went on, so above the first opportunity
stage a rate measured from deals alone would be 100 % by construction.
"""

from __future__ import annotations

import datetime
import math
import statistics
from collections.abc import Iterable, Sequence
from itertools import chain, pairwise
from typing import NamedTuple

from journeyapp.models.buyer_origins import lead_deals
from journeyapp.models.calendar_days import UTC, start_of
from journeyapp.models.deal_stats import ClosingSteps, recorded
from journeyapp.models.entities import DealStep, Handoff
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.main_line import line_places, opportunity_start
from journeyapp.models.playbook import Playbook
from journeyapp.models.wilson import Rate, wilson

DAY = 86_400


class Record(NamedTuple):
    """One buyer's way through the funnel (a tuple: the funnel makes one per lead)."""

    name: str
    source: str  # the lead source, or NONE_RECORDED
    campaign: str  # or NONE_RECORDED
    path: tuple[DealStep, ...]
    from_lead: bool  # it starts as a lead, so it shows who did not go on

    @property
    def started(self) -> int | None:
        return self.path[0].entered if self.path else None


def funnel_records(playbook: Playbook) -> list[Record]:
    """Every lead (followed into its deal) and every deal no lead names."""
    linked = lead_deals(playbook)  # the export's opportunity id matched as the importer does
    closing = ClosingSteps(playbook)  # deals closed by their status alone reach Won or Lost
    followed: set[str] = set()
    records = []
    order = line_places(playbook) if len(playbook.leads) else {}
    for lead in playbook.leads:
        deal_id = linked.get(lead.id)
        if deal_id in followed:
            continue  # another contact of one buying committee: the buyer counts once
        deal = playbook.deals[deal_id] if deal_id else None
        path = lead.path
        if deal is not None:
            followed.add(deal.id)
            path = _joined(path, closing.path(deal), order)
        records.append(
            Record(
                lead.name,
                recorded(lead.lead_source or (deal.lead_source if deal else "")),
                recorded(lead.campaign or (deal.campaign if deal else "")),
                path,
                True,
            )
        )
    for deal in playbook.deals:
        if deal.id not in followed:
            source, campaign = recorded(deal.lead_source), recorded(deal.campaign)
            records.append(Record(deal.name, source, campaign, closing.path(deal), False))
    return records


# A lead's lifecycle date and its deal's record of the same move may be a day apart: sales
# opened the deal before the lifecycle stage was set, or one export gives days and the other
# times.
JOIN_SLACK = 86_400


def _joined(
    lead: tuple[DealStep, ...], deal: tuple[DealStep, ...], order: dict[str, int] | None = None
) -> tuple[DealStep, ...]:
    """The lead's steps up to its deal, then the deal's, the lead's later ones in time among
    them. From the stage the deal starts at, the deal's record of a move stands for the
    lead's (HubSpot dates "Customer" at the close, after the deal's middle stages), and the
    lead's earlier entry into that first stage is kept. A lifecycle stage above that one on
    the main line (``order``) stays before the deal though stamped while it ran (a workflow
    set MQL after the deal opened); any other follows its time."""
    if not lead or not deal:
        return lead or deal
    first, in_deal = deal[0], {step.stage for step in deal}
    start, order = first.entered, order or {}

    def the_deals(step: DealStep) -> bool:
        return step.stage == first.stage or (
            step.stage in in_deal and step.entered >= start - JOIN_SLACK
        )

    # The lead's steps before its first of the deal's; with none of them, each is placed
    # by the line (or its time) below.
    cut = next((n for n, step in enumerate(lead) if the_deals(step)), 0)
    same = [step.entered for step in lead if step.stage == first.stage]
    if same and min(same) < start:
        first = first._replace(entered=min(same))
    top = order.get(first.stage)

    def above(step: DealStep) -> bool:
        place = order.get(step.stage)
        if top is None or place is None:  # off the main line: its time says
            return step.entered <= start + JOIN_SLACK
        return place < top

    own = [step for step in lead[cut:] if not the_deals(step)]
    before = [*lead[:cut], *(step for step in own if above(step))]
    later = [step for step in own if not above(step)]
    if before:
        end = before[-1].exited
        went_on = first.entered if end is None else min(end, first.entered)
        before[-1] = before[-1]._replace(exited=max(before[-1].entered, went_on))
    # The deal's steps and the lead's later ones in time order (the deal's first on a tie).
    after = sorted([first, *deal[1:], *later], key=lambda step: step.entered)
    return _one_visit_each(before + after)


def _one_visit_each(path: list[DealStep]) -> tuple[DealStep, ...]:
    """Steps in a row at one stage made one visit (two lifecycle stages mapped to one map
    stage), and each step left no later than the next was entered, where it says nothing."""
    joined: list[DealStep] = []
    for step in path:
        if joined and joined[-1].stage == step.stage:
            joined[-1] = joined[-1]._replace(exited=step.exited)
            continue
        if joined and joined[-1].exited is None:
            joined[-1] = joined[-1]._replace(exited=max(joined[-1].entered, step.entered))
        joined.append(step)
    return tuple(joined)


def started_in(
    records: Iterable[Record],
    start: datetime.date,
    end: datetime.date,
    zone: datetime.tzinfo = UTC,
) -> list[Record]:
    """The records whose first stage was entered from ``start`` up to (not on) ``end``, days
    as ``zone`` counts them."""
    low, high = start_of(start, zone), start_of(end, zone)
    return [r for r in records if r.started is not None and low <= r.started < high]


@frozen_record
class Measured:
    rate: Rate | None
    no_lead_data: bool = False  # above the opportunities and no lead reached it
    in_play: int = 0  # records left out: still in the source stage, not yet given the time


@frozen_record
class InPlay:
    """When a record still sitting in a stage counts as not having moved on: once it has
    waited there ``grace`` seconds (per handoff) before ``as_of``, the latest moment the
    records know of."""

    as_of: int
    grace: dict[str, float]


def in_play_rule(
    records: Sequence[Record],
    line: Sequence[Handoff],
    horizon: Iterable[Record] = (),
    playbook: Playbook | None = None,
) -> InPlay:
    """The median time records took to go on past each handoff's source stage (as
    ``conversions`` counts a move), over ``records``, and the latest moment the data knows
    of: over ``horizon`` too (every record, those that started after the measured period
    among them: a quarter's leads that have waited since are not still in play). Where
    nobody has gone past a stage yet, a record still there is in play until it has waited
    twice the days the ``playbook`` expects in the stage: past that, a handoff nobody gets
    through reads 0 %, not "no rate". With no days expected, every one is in play."""
    days = days_past(records, line)
    as_of = max((step.entered for r in chain(records, horizon) for step in r.path), default=0)
    grace = {}
    for handoff in line:
        measured = days.get(handoff.id)
        expected = _expected_days(playbook, handoff.source)
        if measured is not None:
            grace[handoff.id] = measured * DAY
        elif expected:
            grace[handoff.id] = NOBODY_MOVED_WAIT * expected * DAY
        else:
            grace[handoff.id] = math.inf
    return InPlay(as_of, grace)


NOBODY_MOVED_WAIT = 2  # times the stage's expected days, where no record has moved on yet


def _expected_days(playbook: Playbook | None, stage_id: str) -> int | None:
    if playbook is None or not playbook.has_stage(stage_id):
        return None
    return playbook.stage(stage_id).expected_days


def conversions(
    playbook: Playbook,
    line: Sequence[Handoff],
    records: Sequence[Record],
    in_play: InPlay | None = None,
) -> dict[str, Measured]:
    """Each main-line handoff's conversion: of the records that reached its source stage, how
    many went on past it, to its target or further down the line (a CRM moves a record over
    stages it leaves empty: HubSpot takes a contact from Lead to Opportunity). A record that
    never was in the source stage is not judged at the handoff out of it. Above the first
    opportunity stage only records that started as leads count, and with none the handoff
    has no lead data.

    A record still sitting in the source stage has not failed to move on yet if it entered
    less than the median time the move takes (measured over the records that made it) before
    the latest moment the records know of: it is left out as still in play and counted, so a
    quarter that has just begun does not read as a collapse."""
    stages = [h.source for h in line] + [line[-1].target]
    first_opportunity = opportunity_start(playbook, stages)
    index = {h.id: n for n, h in enumerate(line)}
    place = {stage: n for n, stage in enumerate(stages)}
    sources = {h.source: [] for h in line}
    for h in line:
        sources[h.source].append(h)
    # One pass over the records: per handoff, reached and moved, for leads and for all.
    reached = {h.id: [0, 0] for h in line}  # [from leads, from every record]
    moved = {h.id: [0, 0] for h in line}
    rule = in_play_rule(records, line, playbook=playbook) if in_play is None else in_play
    grace, as_of = rule.grace, rule.as_of
    waited = {h.id: [0, 0] for h in line}  # left out as still in play
    for record in records:
        last = record.path[-1] if record.path else None
        for first, further in _going_past(record.path, place, sources):
            stage, went_on = first.stage, further is not None
            waiting = not went_on and last.stage == stage and last.exited is None
            for h in sources[stage]:
                if waiting and as_of - last.entered < grace[h.id]:
                    waited[h.id][1] += 1
                    waited[h.id][0] += record.from_lead
                    continue
                reached[h.id][1] += 1
                reached[h.id][0] += record.from_lead
                if went_on:
                    moved[h.id][1] += 1
                    moved[h.id][0] += record.from_lead
    result = {}
    for h in line:
        above = index[h.id] < first_opportunity
        which = 0 if above else 1
        count = reached[h.id][which]
        in_play = waited[h.id][which]
        result[h.id] = Measured(
            wilson(moved[h.id][which], count), above and count == 0 and not in_play, in_play
        )
    return result


def _going_past(
    path: Sequence[DealStep], place: dict[str, int], sources: Iterable[str]
) -> list[tuple[DealStep, DealStep | None]]:
    """For each of the ``sources`` stages the path visits: its first visit there, and the
    first step after it further down the line (``place``), or None if it never went past.
    One pass from the end: ``later`` keeps the steps still able to be some earlier step's
    first one further down, the nearest last."""
    found: dict[str, tuple[DealStep, DealStep | None]] = {}
    later: list[tuple[int, DealStep]] = []
    for step in reversed(path):
        here = place.get(step.stage, -1)
        while later and later[-1][0] <= here:
            later.pop()  # this step is nearer, and as far down: it comes first
        if step.stage in sources:  # an earlier visit, met later, takes the stage's place
            found[step.stage] = (step, later[-1][1] if later else None)
        later.append((here, step))
    return list(found.values())


def entered_in(
    records: Iterable[Record],
    stages: Iterable[str],
    start: datetime.date,
    end: datetime.date,
    zone: datetime.tzinfo = UTC,
) -> dict[str, int | None]:
    """How many records entered each stage from ``start`` up to ``end`` (days as ``zone``
    counts them): a period's actuals. None for a stage no record reaches in any period: not
    measured, which is no zero (visitors are in no CRM export)."""
    counts: dict[str, int | None] = dict.fromkeys(stages, 0)
    reached: set[str] = set()
    low, high = start_of(start, zone), start_of(end, zone)
    for record in records:
        reached.update(s.stage for s in record.path)
        seen = {s.stage for s in record.path if s.stage in counts and low <= s.entered < high}
        for stage in seen:
            counts[stage] += 1
    return {stage: n if stage in reached else None for stage, n in counts.items()}


def days_between(
    records: Iterable[Record], line: Sequence[Handoff], zone: datetime.tzinfo = UTC
) -> dict[str, float | None]:
    """For each main-line handoff, the median days from entering its source stage to entering
    its target, over the records that made that move (each once: its first); days by the
    clocks of ``zone``, so a week across a change of summer time is seven days."""
    spans: dict[str, list[float]] = {h.id: [] for h in line}
    pairs = {(h.source, h.target): h.id for h in line}
    for record in records:
        made = set()
        for before, after in pairwise(record.path):
            handoff = pairs.get((before.stage, after.stage))
            if handoff is not None and handoff not in made:
                made.add(handoff)
                span = _local(after.entered, zone) - _local(before.entered, zone)
                spans[handoff].append(max(0.0, span.total_seconds() / DAY))
    return {h: statistics.median(days) if days else None for h, days in spans.items()}


def _local(seconds: int, zone: datetime.tzinfo) -> datetime.datetime:
    """The moment as ``zone``'s clocks show it, without the zone: subtracting two of them
    leaves out the hour a change of summer time adds or takes."""
    return datetime.datetime.fromtimestamp(seconds, zone).replace(tzinfo=None)


def days_past(records: Iterable[Record], line: Sequence[Handoff]) -> dict[str, float | None]:
    """For each main-line handoff, the median days from first entering its source stage to
    the first step further down the line, over the records that went on past it."""
    place = {h.source: n for n, h in enumerate(line)} | {line[-1].target: len(line)}
    out_of = {h.source: h.id for h in line}
    spans: dict[str, list[float]] = {h.id: [] for h in line}
    for record in records:
        for first, further in _going_past(record.path, place, out_of):
            if further is not None:
                spans[out_of[first.stage]].append(max(0, further.entered - first.entered) / DAY)
    return {h: statistics.median(days) if days else None for h, days in spans.items()}


def median_days_in(records: Iterable[Record], stage_ids: Iterable[str]) -> dict[str, float | None]:
    """The median days the records spent in each stage before leaving it."""
    days: dict[str, list[float]] = {s: [] for s in stage_ids}
    for record in records:
        for step in record.path:
            if step.stage in days and step.exited is not None:
                days[step.stage].append(max(0, step.exited - step.entered) / DAY)
    return {s: statistics.median(d) if d else None for s, d in days.items()}
