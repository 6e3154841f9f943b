"""The funnel split by where buyers came from: conversion through each handoff and time in
each stage per lead source (or campaign), and the sources sales rejects more than the rest."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from journeyapp.models.deal_stats import (
    NONE_RECORDED,
    HandoffFigures,
    StageFigures,
    handoff_figures,
    recorded,
    stage_figures,
)
from journeyapp.models.entities import Deal, Handoff, VerdictOutcome
from journeyapp.models.funnel_records import (
    Measured,
    Record,
    conversions,
    in_play_rule,
    median_days_in,
)
from journeyapp.models.playbook import Playbook
from journeyapp.models.wilson import Rate, interval, wilson


@dataclass(frozen=True)
class SourceFunnel:
    source: str
    records: int
    conversions: dict[str, Measured]  # by handoff id
    median_days: dict[str, float | None]  # by stage id


def group_of(record: Record, by: str) -> str:
    return record.campaign if by == "campaign" else record.source


def split_by(
    playbook: Playbook, line: Sequence[Handoff], records: Sequence[Record], by: str = "source"
) -> list[SourceFunnel]:
    """One funnel per source (or campaign), the most records first, “None recorded” last."""
    groups: dict[str, list[Record]] = {}
    for record in records:
        groups.setdefault(group_of(record, by), []).append(record)
    stages = [h.source for h in line] + [line[-1].target]
    in_play = in_play_rule(records, line)  # one moment and one wait for every source
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


@dataclass(frozen=True)
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
    return [
        DealGroup(
            name,
            groups[name],
            stage_figures(playbook, groups[name]),
            handoff_figures(playbook, groups[name]),
        )
        for name in _largest_first(groups)
    ]


@dataclass(frozen=True)
class Rejections:
    source: str
    rate: Rate  # rejected out of verdicts at scored handoffs
    others: float | None  # the other sources' pooled rejection rate
    flagged: bool


def rejections_by_source(playbook: Playbook) -> list[Rejections]:
    """How often sales rejects each source's leads that passed the score threshold.

    The rule: a lead passed the threshold when the receiving team gave a verdict on it at a
    handoff that has a score threshold (it was handed over because it scored). Of those
    verdicts, the rejected share per lead source is a rate with its 90 % Wilson interval. A
    source is flagged when the low end of its interval lies above the pooled rejection rate
    of all the other sources together: its leads are rejected more than the others', beyond
    what chance in a sample that size explains.
    """
    scored = {h.id for h in playbook.handoffs() if h.score_threshold is not None}
    counts: dict[str, list[int]] = {}
    for lead in playbook.leads:
        for handoff, verdict in lead.verdicts.items():
            if handoff in scored:
                tally = counts.setdefault(recorded(lead.lead_source), [0, 0])
                tally[0] += verdict.outcome is VerdictOutcome.REJECTED
                tally[1] += 1
    rejected_all = sum(t[0] for t in counts.values())
    verdicts_all = sum(t[1] for t in counts.values())
    result = []
    for source, (rejected, verdicts) in sorted(counts.items(), key=lambda i: -i[1][1]):
        rest = verdicts_all - verdicts
        others = (rejected_all - rejected) / rest if rest else None
        rate = wilson(rejected, verdicts)
        result.append(Rejections(source, rate, others, others is not None and rate.low > others))
    return result


def flagged_words(rejections: list[Rejections]) -> str:
    """The flagged sources in a sentence, or why none is flagged."""
    if not rejections:
        return "No verdicts at a handoff with a score threshold yet, so no source can be flagged."
    flagged = [r for r in rejections if r.flagged]
    if not flagged:
        return (
            "No source's leads are rejected by sales after the score threshold more than the "
            "others' beyond chance (90% interval)."
        )
    return " ".join(
        f"Flagged: sales rejects {r.rate.value:.0%} of {r.source}'s leads that passed the score "
        f"threshold ({interval(r.rate)}, n={r.rate.trials:,}) against {r.others:.0%} of the "
        "others'."
        for r in flagged
    )
