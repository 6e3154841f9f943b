"""The funnel split by where buyers came from: conversion through each handoff and time in
each stage per lead source (or campaign), and the sources sales rejects more than the rest."""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence

from journeyapp.models.calendar_days import calendar_zone, start_of
from journeyapp.models.deal_stats import (
    NONE_RECORDED,
    HandoffFigures,
    StageFigures,
    handoff_figures,
    latest_moment,
    recorded,
    stage_figures,
)
from journeyapp.models.entities import Deal, Handoff, VerdictOutcome
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.funnel_records import (
    Measured,
    Record,
    conversions,
    in_play_rule,
    median_days_in,
)
from journeyapp.models.playbook import Playbook
from journeyapp.models.scoring import score_facts
from journeyapp.models.scoring_backtest import can_be_scored, export_columns, scored_on
from journeyapp.models.spellings import merged_spellings
from journeyapp.models.wilson import Rate, interval, wilson


@frozen_record
class SourceFunnel:
    source: str
    records: int
    conversions: dict[str, Measured]  # by handoff id
    median_days: dict[str, float | None]  # by stage id


def group_of(record: Record, by: str) -> str:
    return record.campaign if by == "campaign" else record.source


def split_by(
    playbook: Playbook,
    line: Sequence[Handoff],
    records: Sequence[Record],
    by: str = "source",
    horizon: Sequence[Record] = (),
) -> list[SourceFunnel]:
    """One funnel per source (or campaign), the most records first, “None recorded” last;
    names written differently only in case or spacing are one. ``horizon``: every record,
    for the latest moment the data knows of (see ``in_play_rule``)."""
    groups: dict[str, list[Record]] = {}
    for record in records:
        groups.setdefault(group_of(record, by), []).append(record)
    groups = merged_spellings(groups, list.__add__, len)
    stages = [h.source for h in line] + [line[-1].target]
    in_play = in_play_rule(records, line, horizon, playbook)  # one for every source
    return [
        SourceFunnel(
            name,
            len(groups[name]),
            conversions(playbook, line, groups[name], in_play),
            median_days_in(groups[name], stages),
        )
        for name in _largest_first(groups)
    ]


def _largest_first(groups: dict[str, list]) -> list[str]:
    return sorted(groups, key=lambda g: (g == NONE_RECORDED, -len(groups[g]), g.casefold()))


@frozen_record
class DealGroup:
    name: str
    deals: list[Deal]
    stages: dict[str, StageFigures]
    handoffs: dict[str, HandoffFigures]


def deals_split(playbook: Playbook, deals: Sequence[Deal], by: str = "source") -> list[DealGroup]:
    """The deal figures per lead source (or campaign): entered, days and conversions."""
    groups: dict[str, list[Deal]] = {}
    for deal in deals:
        key = recorded(deal.campaign if by == "campaign" else deal.lead_source)
        groups.setdefault(key, []).append(deal)
    groups = merged_spellings(groups, list.__add__, len)
    as_of = latest_moment(playbook.deals)  # where every group's open stays are counted to
    return [
        DealGroup(
            name,
            groups[name],
            stage_figures(playbook, groups[name], as_of),
            handoff_figures(playbook, groups[name]),
        )
        for name in _largest_first(groups)
    ]


@frozen_record
class Rejections:
    source: str
    rate: Rate  # rejected out of verdicts at scored handoffs
    others: float | None  # the other sources' pooled rejection rate
    flagged: bool


def rejections_by_source(
    playbook: Playbook, period: tuple[datetime.date, datetime.date] | None = None
) -> list[Rejections]:
    """How often sales rejects each source's leads that passed the score threshold; with a
    ``period`` (start, end), of the leads that started in it, as the funnel's rates count.

    The rule: a lead with scoring facts passed a handoff's threshold when its score there
    passes it; a lead without any passed it when the receiving team gave a verdict on it at
    a handoff that has a threshold (it was handed over because it scored). Of those
    verdicts, the rejected share per lead source is a rate with its 90 % Wilson interval. A
    source is flagged when Fisher's exact test finds its share above that of all the other
    sources together at the 10 % level (one-sided): its leads are rejected more than the
    others', beyond what chance in samples of those sizes explains. Sources written
    differently only in case or spacing are one.
    """
    scored = {h.id: h for h in playbook.handoffs() if h.score_threshold is not None}
    rules = list(playbook.scoring_rules)
    scorable = {
        system
        for system, columns in export_columns(playbook.leads).items()
        if can_be_scored(rules, columns)
    }
    counts: dict[str, list[int]] = {}
    zone = calendar_zone(playbook.meta)
    leads = playbook.leads if period is None else _started_in(playbook.leads, *period, zone)
    for lead in leads:
        for handoff_id, verdict in lead.verdicts.items():
            handoff = scored.get(handoff_id)
            if handoff is None or not passed(rules, lead, handoff, scorable):
                continue
            tally = counts.setdefault(recorded(lead.lead_source), [0, 0])
            tally[0] += verdict.outcome is VerdictOutcome.REJECTED
            tally[1] += 1
    counts = merged_spellings(counts, lambda a, b: [a[0] + b[0], a[1] + b[1]], lambda t: t[1])
    rejected_all = sum(t[0] for t in counts.values())
    verdicts_all = sum(t[1] for t in counts.values())
    result = []
    for source, (rejected, verdicts) in sorted(counts.items(), key=lambda i: -i[1][1]):
        rest = verdicts_all - verdicts
        others = (rejected_all - rejected) / rest if rest else None
        chance = more_than_chance(rejected, verdicts, rejected_all, verdicts_all)
        flagged = others is not None and chance < FLAG_LEVEL - 1e-9  # exactly the level is no flag
        result.append(Rejections(source, wilson(rejected, verdicts), others, flagged))
    return result


def _started_in(leads, start: datetime.date, end: datetime.date, zone: datetime.tzinfo) -> list:
    low, high = start_of(start, zone), start_of(end, zone)
    return [lead for lead in leads if lead.path and low <= lead.path[0].entered < high]


FLAG_LEVEL = 0.10  # one-sided: as the 90 % intervals shown beside the rates


def passed(rules, lead, handoff: Handoff, scorable: set[str]) -> bool:
    """Whether the lead passed the handoff's score threshold: by its score where its export
    (a system in ``scorable``) gives the rules something to score, else by having been
    handed over there (a lone column a rule gives no points for is no score)."""
    if not lead.facts or lead.source_system not in scorable:
        return True
    return score_facts(rules, lead.facts, scored_on(lead, handoff)).passes(
        handoff.score_threshold or 0
    )


def more_than_chance(rejected: int, verdicts: int, rejected_all: int, verdicts_all: int) -> float:
    """Fisher's exact test, one-sided: the chance that ``verdicts`` drawn at random from all
    ``verdicts_all`` hold ``rejected`` or more of the ``rejected_all`` rejections."""
    low = max(0, verdicts + rejected_all - verdicts_all)
    high = min(verdicts, rejected_all)
    if rejected <= low:
        return 1.0

    def log_ways(n: int, k: int) -> float:
        return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)

    whole = log_ways(verdicts_all, verdicts)
    tail = 0.0
    for k in range(rejected, high + 1):
        term = math.exp(
            log_ways(rejected_all, k) + log_ways(verdicts_all - rejected_all, verdicts - k) - whole
        )
        tail += term
        if term < tail * 1e-12:  # past the mode the terms only shrink
            break
    return min(1.0, tail)


def flagged_words(rejections: list[Rejections]) -> str:
    """The flagged sources in a sentence, or why none is flagged."""
    if not rejections:
        return "No verdicts at a handoff with a score threshold yet, so no source can be flagged."
    flagged = [r for r in rejections if r.flagged]
    if not flagged:
        return (
            "No source's leads are rejected by sales after the score threshold more than the "
            "others' beyond chance (Fisher's exact test, 10% level)."
        )
    return " ".join(
        f"Flagged: sales rejects {r.rate.value:.0%} of {r.source}'s leads that passed the score "
        f"threshold ({interval(r.rate)}, n={r.rate.trials:,}) against {r.others:.0%} of the "
        "others'."
        for r in flagged
    )
