"""Each commitment beside what happened, for the printed and the web playbook: per stage the
committed volume, the volume that entered the stage in the period, and the rate on from it
with its record count and 90 % interval, measured over the period's records alone."""

from __future__ import annotations

from journeyapp.models.calendar_days import calendar_zone
from journeyapp.models.entities import Commitment
from journeyapp.models.errors import PlaybookError
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.funnel import main_line, no_records_in, parse_period
from journeyapp.models.funnel_records import (
    conversions,
    entered_in,
    funnel_records,
    in_play_rule,
    started_in,
)
from journeyapp.models.playbook import Playbook
from journeyapp.models.wilson import Rate, interval, percent


@frozen_record
class CommittedStage:
    stage: str
    committed: int | None
    actual: int | None  # None: the period cannot be read as dates
    rate: Rate | None = None  # on to the next main-line stage
    target_rate: float | None = None
    no_lead_data: bool = False
    in_play: int = 0  # left out of the rate: still in the stage, not yet given the time


@frozen_record
class CommitmentReview:
    commitment: Commitment
    stages: tuple[CommittedStage, ...]
    note: str  # why actuals or rates are missing, if they are


def commitment_reviews(playbook: Playbook) -> list[CommitmentReview]:
    records = funnel_records(playbook)
    try:
        line = main_line(playbook)
    except PlaybookError:
        line = []
    return [_review(playbook, commitment, line, records) for commitment in playbook.commitments]


def _review(playbook: Playbook, commitment: Commitment, line, records) -> CommitmentReview:
    names = {s.id: s.name for s in playbook.stages()}
    main = [h.source for h in line] + ([line[-1].target] if line else [])
    stage_ids = main + [s for s in commitment.volumes if s not in main]
    try:
        period = parse_period(commitment.period)
    except PlaybookError:
        stages = tuple(
            CommittedStage(names.get(s, s), v, None) for s, v in commitment.volumes.items()
        )
        note = f"“{commitment.period}” is not a quarter or a year, so no actuals are counted."
        return CommitmentReview(commitment, stages, note)
    zone = calendar_zone(playbook.meta)
    started = started_in(records, period.start, period.end, zone)
    measured = {}
    if line:
        rule = in_play_rule(started, line, records, playbook)
        measured = conversions(playbook, line, started, rule)
    actual = entered_in(records, stage_ids, period.start, period.end, zone)
    onward = {h.source: h for h in line}
    stages = []
    for stage in stage_ids:
        handoff = onward.get(stage)
        found = measured.get(handoff.id) if handoff else None
        stages.append(
            CommittedStage(
                names.get(stage, stage),
                commitment.volumes.get(stage),
                actual[stage],
                found.rate if found else None,
                handoff.target_conversion if handoff else None,
                found.no_lead_data if found else False,
                found.in_play if found else 0,
            )
        )
    note = "" if started else no_records_in(period, records, zone)
    return CommitmentReview(commitment, tuple(stages), note)


def rate_words(stage: CommittedStage) -> str:
    """“62% (48–75%, n=40, 3 still in play)”, “no lead data”, or “—”."""
    if stage.no_lead_data:
        return "no lead data"
    if stage.rate is None:
        return "—"
    few = ", few records" if stage.rate.thin else ""
    waiting = f", {stage.in_play:,} still in play" if stage.in_play else ""
    ends = interval(stage.rate, stage.target_rate)  # a proven gap never reads as one
    return f"{percent(stage.rate.value)} ({ends}, n={stage.rate.trials:,}{few}{waiting})"


def count_words(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"
