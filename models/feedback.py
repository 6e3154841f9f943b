"""Sales' feedback on handed-off leads: how many carry the receiving team's verdict (feedback
coverage, per handoff, per period and per owner), and the rejections grouped by reason, the
list the weekly review reads.

A lead was handed over at a cross-team handoff when it entered the handoff's receiving
stage, carries a verdict there, or entered the stage the handoff leaves and went over no
other cross-team handoff from that stage. A handoff back to an earlier stage of the journey
(customers brought back to sales) counts only for a lead that reached the stage it leaves:
one that skipped the stages before its receiving stage came forward, not back over it. It
was handed over when it entered the leaving stage (or, if it skipped it, the receiving one);
that moment places it in a quarter.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from journeyapp.models.calendar_days import UTC, calendar_zone, day_of
from journeyapp.models.deal_stats import NONE_RECORDED, recorded
from journeyapp.models.entities import (
    DealStep,
    Handoff,
    HandoffKind,
    Lead,
    Verdict,
    VerdictOutcome,
)
from journeyapp.models.errors import MissingEntity
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.funnel import Period, quarter_label
from journeyapp.models.playbook import Playbook
from journeyapp.models.spellings import merged_spellings
from journeyapp.models.verdicts import CRM_REASON_PREFIX

NO_DATE = "No date"
NO_REASON = "No reason given"
OFF_LIST = "A reason not on the agreed list"
LOW_COVERAGE = 0.8  # a share under this is marked: the loop is not closed there yet


@dataclass
class Coverage:
    """Of the leads handed over, how many carry a verdict, and which."""

    name: str
    handed: int = 0
    outcomes: dict[VerdictOutcome, int] = field(default_factory=dict)

    @property
    def with_verdict(self) -> int:
        return sum(self.outcomes.values())

    @property
    def share(self) -> float | None:
        return self.with_verdict / self.handed if self.handed else None

    @property
    def percent(self) -> str:
        """The share as a whole percentage, never rounded up onto the mark a lower share is
        marked under ("79.6%", not "80%"); "—" for none handed over."""
        share = self.share
        if share is None:
            return "—"
        mark = LOW_COVERAGE * 100
        if share < LOW_COVERAGE and round(share * 100) >= mark:
            tenths = round(share * 1000) / 10
            if tenths >= mark:  # 79.96%: a tenth rounded up would read 80.0%
                tenths = math.floor(share * 1000) / 10
            return f"{tenths:.1f}%"
        return f"{share:.0%}"

    def words(self) -> str:
        """ "34 of 50 (68%)", or "none handed over"."""
        if not self.handed:
            return "none handed over"
        return f"{self.with_verdict:,} of {self.handed:,} ({self.percent})"


@frozen_record
class HandedLead:
    lead: Lead
    handoff: Handoff
    at: int | None  # seconds since 1970, UTC; None: no date on the path
    verdict: Verdict | None  # the lead's verdict at the handoff, if given


@dataclass
class FeedbackCoverage:
    overall: Coverage
    handoffs: list[Coverage]  # named by route, in map order
    periods: list[Coverage]  # quarters, oldest first; "No date" last
    owners: list[Coverage]  # the most leads first; "None recorded" last


def cross_team_handoffs(playbook: Playbook) -> list[Handoff]:
    """The cross-team handoffs leads are handed over at, in the order a buyer meets them: not
    those after the close (Won → Customer onboarding hands over customers, and no lead status
    gives a verdict there)."""
    closed = {s.id for s in playbook.stages() if s.kind.is_terminal}
    place = {stage.id: n for n, stage in enumerate(playbook.stages_in_journey_order())}
    return sorted(
        (
            h
            for h in playbook.handoffs()
            if h.kind is HandoffKind.CROSS_TEAM and h.source not in closed
        ),
        key=lambda h: (place.get(h.source, 0), place.get(h.target, 0)),
    )


def handed_leads(
    playbook: Playbook, leads: Iterable[Lead] | None = None, handoff_id: str | None = None
) -> list[HandedLead]:
    """Every (lead, cross-team handoff) pair where the lead was handed over, the most recently
    handed over first."""
    over = Handovers(playbook, handoff_id)
    found = [item for lead in (playbook.leads if leads is None else leads) for item in over(lead)]
    found.sort(key=_newest_first)
    return found


def _newest_first(item: HandedLead) -> tuple[bool, int]:
    return item.at is None, -(item.at or 0)


class Handovers:
    """The cross-team handoffs a lead was handed over at: the map's handoffs are looked at
    once, then each lead in turn (an import asks for each of a million)."""

    def __init__(self, playbook: Playbook, handoff_id: str | None = None) -> None:
        crossings = cross_team_handoffs(playbook)
        self.wanted = [h for h in crossings if handoff_id is None or h.id == handoff_id]
        self.leaving: dict[str, list[Handoff]] = {}
        for handoff in crossings:
            self.leaving.setdefault(handoff.source, []).append(handoff)
        self.ends = {stage for h in self.wanted for stage in (h.source, h.target)}
        order = {stage.id: n for n, stage in enumerate(playbook.stages_in_journey_order())}
        self.back = {h.id for h in crossings if order.get(h.source, 0) > order.get(h.target, 0)}
        self.lane = {stage.id: stage.lane for stage in playbook.stages()}

    def __call__(self, lead: Lead) -> list[HandedLead]:
        return [
            HandedLead(lead, handoff, at, lead.verdicts.get(handoff.id))
            for handoff, at in self.over(lead.path, lead.verdicts)
        ]

    def over(
        self, path: Sequence[DealStep], verdicts: Mapping[str, Verdict]
    ) -> list[tuple[Handoff, int | None]]:
        """Each handoff a lead of this path and these verdicts was handed over at, and when."""
        if not verdicts and self.ends.isdisjoint([step.stage for step in path]):
            return []  # most leads never come near a handoff between teams
        entered = _first_entries(path)
        found = []
        for handoff in self.wanted:
            back = handoff.id in self.back or self._found_by_receivers(path, handoff)
            if _handed_over(verdicts, handoff, entered, self.leaving[handoff.source], back):
                found.append((handoff, entered.get(handoff.source, entered.get(handoff.target))))
        return found

    def _found_by_receivers(self, path: Sequence[DealStep], handoff: Handoff) -> bool:
        """Whether the path reached the handoff's target, never having been in its source,
        from a stage in the target's own lane: a lead the receiving team found itself (an
        SDR's outbound lead), which nobody handed over."""
        before = None
        for step in path:
            if step.stage == handoff.source:
                return False
            if step.stage == handoff.target:
                lane = self.lane.get(handoff.target)
                return before is not None and lane is not None and self.lane.get(before) == lane
            before = step.stage
        return False


def _first_entries(path: Sequence[DealStep]) -> dict[str, int]:
    entered: dict[str, int] = {}
    for step in path:
        if step.stage not in entered or step.entered < entered[step.stage]:
            entered[step.stage] = step.entered
    return entered


def _handed_over(
    verdicts: Mapping[str, Verdict],
    handoff: Handoff,
    entered: dict[str, int],
    siblings: list[Handoff],
    back: bool = False,
) -> bool:
    if handoff.id in verdicts:
        return True
    if handoff.source not in entered:
        return handoff.target in entered and not back
    if handoff.target in entered:
        return True
    return not any(
        other.target in entered or other.id in verdicts
        for other in siblings
        if other.id != handoff.id
    )


def feedback_coverage(
    playbook: Playbook, handed: list[HandedLead] | None = None
) -> FeedbackCoverage:
    handed = handed_leads(playbook) if handed is None else handed
    zone = calendar_zone(playbook.meta)
    overall = Coverage("All cross-team handoffs")
    by_handoff = {h.id: Coverage(_route(playbook, h)) for h in cross_team_handoffs(playbook)}
    by_period: dict[str, Coverage] = {}
    by_owner: dict[str, Coverage] = {}
    for item in handed:
        period = quarter_of(item.at, zone)
        owner = recorded(item.lead.owner)
        for coverage in (
            overall,
            by_handoff[item.handoff.id],
            by_period.setdefault(period, Coverage(period)),
            by_owner.setdefault(owner, Coverage(owner)),
        ):
            _count(coverage, item.verdict)
    periods = sorted(by_period.values(), key=lambda c: (c.name == NO_DATE, c.name))
    by_owner = merged_spellings(by_owner, _both, lambda coverage: coverage.handed)
    for name, coverage in by_owner.items():
        coverage.name = name
    owners = sorted(
        by_owner.values(),
        key=lambda c: (c.name == NONE_RECORDED, -c.handed, c.name.casefold()),
    )
    return FeedbackCoverage(overall, list(by_handoff.values()), periods, owners)


def _both(one: Coverage, other: Coverage) -> Coverage:
    outcomes = dict(one.outcomes)
    for outcome, leads in other.outcomes.items():
        outcomes[outcome] = outcomes.get(outcome, 0) + leads
    return Coverage(one.name, one.handed + other.handed, outcomes)


def _count(coverage: Coverage, verdict: Verdict | None) -> None:
    coverage.handed += 1
    if verdict is not None:
        coverage.outcomes[verdict.outcome] = coverage.outcomes.get(verdict.outcome, 0) + 1


def quarter_of(seconds: int | None, zone: datetime.tzinfo = UTC) -> str:
    """The quarter a moment falls in, its days as ``zone`` counts them."""
    if seconds is None:
        return NO_DATE
    return quarter_label(day_of(seconds, zone))


def _route(playbook: Playbook, handoff: Handoff) -> str:
    return f"{playbook.stage(handoff.source).name} → {playbook.stage(handoff.target).name}"


@frozen_record
class Rejection:
    lead: str
    route: str
    by: str
    at: str
    comment: str


@frozen_record
class ReasonGroup:
    reason: str
    rejections: list[Rejection]


def rejections_by_reason(
    playbook: Playbook,
    handoff_id: str | None = None,
    period: Period | None = None,
    outcomes: frozenset[VerdictOutcome] = frozenset({VerdictOutcome.REJECTED}),
) -> list[ReasonGroup]:
    """The verdicts of ``outcomes`` (rejections by default) grouped by reason, the most given
    first, then reasons the CRM gave that are not on the agreed list, and "No reason given"
    last; each group newest first. ``period`` keeps the verdicts given in it; a verdict
    without a readable date (a CRM status gives none) is dated as the coverage table dates
    its lead, by when it was handed over, and left out if that is not known either."""
    groups: dict[str, list[Rejection]] = {}
    zone = calendar_zone(playbook.meta)
    handovers = Handovers(playbook) if period is not None else None
    for lead in playbook.leads:
        for handoff_key, verdict in lead.verdicts.items():
            if verdict.outcome not in outcomes:
                continue
            if handoff_id is not None and handoff_key != handoff_id:
                continue
            if period is not None and handovers is not None:
                day = _day_of_verdict(handovers, lead, handoff_key, verdict, zone)
                if day is None or not period.start <= day < period.end:
                    continue
            try:
                route = _route(playbook, playbook.handoff(handoff_key))
            except MissingEntity:
                route = "a handoff since deleted"
            groups.setdefault(_group_of(verdict), []).append(
                Rejection(lead.name, route, verdict.by, verdict.at, verdict.comment)
            )
    for rejections in groups.values():
        rejections.sort(key=lambda r: r.at, reverse=True)
    order = sorted(
        groups,
        key=lambda r: (r in (OFF_LIST, NO_REASON), r == NO_REASON, -len(groups[r]), r.casefold()),
    )
    return [ReasonGroup(reason, groups[reason]) for reason in order]


def _group_of(verdict: Verdict) -> str:
    if verdict.reason:
        return verdict.reason
    return OFF_LIST if verdict.comment.startswith(CRM_REASON_PREFIX) else NO_REASON


def _day_of_verdict(
    handovers: Handovers,
    lead: Lead,
    handoff_id: str,
    verdict: Verdict,
    zone: datetime.tzinfo,
) -> datetime.date | None:
    """The day the verdict was given, or, without one, the day its lead was handed over at
    that handoff (the day the coverage table counts the lead in)."""
    day = _day_given(verdict, zone)
    if day is not None:
        return day
    handed = handovers.over(lead.path, lead.verdicts)
    at = next((at for handoff, at in handed if handoff.id == handoff_id), None)
    return None if at is None else day_of(at, zone)


def _day_given(verdict: Verdict, zone: datetime.tzinfo = UTC) -> datetime.date | None:
    """The day the verdict was given in ``zone``; a time written without a zone is taken as
    written."""
    try:
        moment = datetime.datetime.fromisoformat(verdict.at)
    except ValueError:
        return None
    return moment.date() if moment.tzinfo is None else moment.astimezone(zone).date()


def verdict_quarters(playbook: Playbook) -> list[str]:
    """The quarters verdicts were given in (one without a date: its lead was handed over in),
    newest first."""
    quarters = set()
    zone = calendar_zone(playbook.meta)
    handovers = Handovers(playbook)
    for lead in playbook.leads:
        for handoff_id, verdict in lead.verdicts.items():
            day = _day_of_verdict(handovers, lead, handoff_id, verdict, zone)
            if day is not None:
                quarters.add(quarter_label(day))
    return sorted(quarters, reverse=True)
