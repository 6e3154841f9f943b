"""A new review meeting's agenda, pre-filled from what changed since the last meeting of the
same cadence: the article's one agenda of numbers, reps' feedback, customers' feedback and
results of tests, then decisions to take.

An agenda covers whole days: from the day of the last meeting of its cadence up to the day
before its own (the agenda is made as the meeting's day begins), so consecutive agendas
share no day and leave none out. A first meeting looks back one cadence: a weekly one over
the seven days before it, a daily one over the day before; a monthly or quarterly one over
the calendar month or quarter it reviews, the one under way or, held in the first half of
a month or quarter, the one just ended (a quarterly review on 1 or 20 October covers July
to September and the days since; one on 2 December, October to the day before).
"""

from __future__ import annotations

import calendar
import contextlib
import datetime
from collections import Counter

from journeyapp.models import contact_process
from journeyapp.models.calendar_days import calendar_zone, start_of
from journeyapp.models.entities import Deal, DealOutcome, DealStep, ImprovementStatus
from journeyapp.models.feedback import rejections_by_reason
from journeyapp.models.first_touch import (
    SlaState,
    activities_end,
    first_engagement_only,
    first_touch,
)
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.funnel import Period
from journeyapp.models.improvement_results import result_words
from journeyapp.models.operations import handoff_name
from journeyapp.models.playbook import Playbook
from journeyapp.models.replay import close_time, closed_at
from journeyapp.models.review_entities import Cadence, Meeting, MeetingDecision
from journeyapp.models.rounding import whole_percent
from journeyapp.models.staleness import stale_stages
from journeyapp.models.words import count
from journeyapp.models.working_hours import HoursClock

LISTED = 5  # names listed per line before "and N more"


@frozen_record
class Agenda:
    since: datetime.date  # the first day covered
    until: datetime.date  # the last day covered: the day before the meeting
    numbers: tuple[str, ...]
    reps_feedback: tuple[str, ...]
    customer_feedback: tuple[str, ...]
    test_results: tuple[str, ...]
    decisions: tuple[MeetingDecision, ...]


def last_meeting(playbook: Playbook, cadence: Cadence, before: datetime.date) -> Meeting | None:
    """The latest meeting of ``cadence`` held before ``before``."""
    held = [m for m in playbook.meetings if m.cadence == cadence and m.held < before.isoformat()]
    return max(held, key=lambda m: (m.held, m.id), default=None)


CALENDAR_MONTHS = {Cadence.MONTHLY: 1, Cadence.QUARTERLY: 3}


def agenda_period(playbook: Playbook, cadence: Cadence, today: datetime.date) -> Period:
    """The days a meeting of ``cadence`` held on ``today`` reviews: from the day of the last
    meeting of the cadence (or, for the first, one cadence back) to the day before
    ``today``."""
    since = _first_day(cadence, today)
    last = last_meeting(playbook, cadence, today)
    if last is not None:
        with contextlib.suppress(ValueError):  # a held day not written as a date: as a first
            since = datetime.date.fromisoformat(last.held)
    return Period(span_words(since, today - datetime.timedelta(days=1)), since, today)


def _first_day(cadence: Cadence, today: datetime.date) -> datetime.date:
    months = CALENDAR_MONTHS.get(cadence)
    if months is None:
        return today - datetime.timedelta(days=cadence.days)
    back = _months_before(today, months)
    started = _months_before(back.replace(day=1), (back.month - 1) % months)
    following = _months_before(started, -months)
    return started if (back - started) <= (following - back) else following


def _months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month ``months`` months earlier (later, for fewer than 0), or
    that month's last day if it is shorter."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def span_words(since: datetime.date, until: datetime.date) -> str:
    """ "from 2026-07-01 to 2026-09-30", or "on 2026-11-29" for one day."""
    if since >= until:
        return f"on {since.isoformat()}"
    return f"from {since.isoformat()} to {until.isoformat()}"


def agenda_for(playbook: Playbook, cadence: Cadence, today: datetime.date) -> Agenda:
    period = agenda_period(playbook, cadence, today)
    since, until = period.start, today - datetime.timedelta(days=1)
    won, lost = _closed_since(playbook, period)
    numbers = [
        *_deal_lines(playbook, won, lost, period.label),
        *_sla_lines(playbook, period),
        *contact_process.agenda_lines(playbook, period),
    ]
    numbers += [
        f"Due for review: {stale.name}, {stale.reason}" for stale in stale_stages(playbook, today)
    ]
    ended = [
        i
        for i in playbook.improvements
        if i.status is ImprovementStatus.TESTING
        and i.test_ends
        and i.test_ends <= today.isoformat()
    ]
    running = [
        i for i in playbook.improvements if i.status is ImprovementStatus.TESTING and i not in ended
    ]
    tests = [f"{i.title}: {result_words(playbook, i, today) or 'no result yet'}" for i in ended]
    tests += [
        f"Still testing: {i.title}" + (f" (until {i.test_ends})" if i.test_ends else "")
        for i in running
    ]
    decisions = tuple(MeetingDecision(improvement=i.id) for i in ended)
    return Agenda(
        since,
        until,
        tuple(numbers),
        tuple(_rejection_lines(playbook, period)),
        tuple(_customer_lines(won + lost)),
        tuple(tests),
        decisions,
    )


def _closed_since(playbook: Playbook, period: Period) -> tuple[list, list]:
    won, lost = [], []
    zone = calendar_zone(playbook.meta)
    for deal in playbook.deals:
        closed = close_time(playbook, deal)
        if closed is not None and period.holds(closed, zone):
            (won if deal.outcome is DealOutcome.WON else lost).append(deal)
    return won, lost


def _names(items: list[str]) -> str:
    shown = ", ".join(items[:LISTED])
    more = len(items) - LISTED
    return f"{shown} and {more} more" if more > 0 else shown


def _deal_lines(playbook: Playbook, won: list, lost: list, span: str) -> list[str]:
    if not won and not lost:
        return [f"No deals won or lost {span}."]
    lines = []
    if won:
        lines.append(f"Won {span}: {count(len(won), 'deal')}: " + _names([d.name for d in won]))
    if lost:
        where = []
        for deal in lost:
            at = closed_at(playbook, deal)
            step = deal.path[at] if at is not None else None
            reason = f", {deal.stated_reason}" if deal.stated_reason else ""
            where.append(f"{deal.name} (at {_stage_words(playbook, step)}{reason})")
        lines.append(f"Lost {span}: {count(len(lost), 'deal')}: " + _names(where))
    closed = len(won) + len(lost)
    lines.append(
        f"Win rate of those: {whole_percent(len(won) / closed)} % of {count(closed, 'deal')}"
    )
    return lines


def _stage_words(playbook: Playbook, step: DealStep | None) -> str:
    """The stage a deal was lost at: its name on the map, or the CRM's where the map no
    longer has it."""
    if step is not None and playbook.has_stage(step.stage):
        return playbook.stage(step.stage).name
    if step is not None and step.crm_stage.strip():
        return f"{step.crm_stage.strip()}, no longer on the map"
    return "an unmapped stage"


def _sla_lines(playbook: Playbook, period: Period) -> list[str]:
    """SLA breaches on first touch at steps entered in the period, where touches exist. A
    step still waiting for its first touch is judged as the meeting's day (the period's end)
    begins: an SLA that runs out later that day is no breach yet."""
    with_sla = [h for h in playbook.handoffs() if h.sla_hours is not None]
    if not with_sla:
        return []
    clock = HoursClock.of(playbook.meta)
    zone = calendar_zone(playbook.meta)
    as_of = start_of(period.end, zone)
    breaches: Counter[str] = Counter()
    measured = waiting = unjudged = 0
    beyond = None  # the day the imported activities end on, where a handover's SLA ran past it
    records = (*playbook.deals, *playbook.leads)
    touches_end = activities_end(records, clock)  # no later touch is known
    for record in records:
        if not record.touches:
            continue
        # The clock runs, as replay runs it, to the close or to the meeting: a buyer who
        # moved on untouched is still waiting for the first touch the SLA promised.
        closed = close_time(playbook, record) if isinstance(record, Deal) else None
        end = as_of if closed is None else min(as_of, closed)
        for before, step in zip(record.path, record.path[1:], strict=False):
            if not period.holds(step.entered, zone):
                continue
            handoff = playbook.handoff_between(before.stage, step.stage)
            if handoff is None or handoff.sla_hours is None:
                continue
            touch = first_touch(
                step,
                handoff,
                record.touches,
                clock,
                max(end, step.entered),
                later_touches_known=not first_engagement_only(record),
                touches_end=touches_end,
            )
            if touch is None or touch.state is SlaState.NOT_MEASURED:
                if touch is not None and touch.activities_end_day is not None:
                    beyond = touch.activities_end_day
                continue
            measured += 1
            waiting += touch.state is SlaState.WAITING
            unjudged += touch.state is SlaState.DAY_ONLY
            if touch.breached:
                breaches[handoff_name(playbook, handoff)] += 1
    if not measured:
        if beyond is not None:
            return [
                "SLA on first touch: not measured (the calls, emails and meetings imported "
                f"end on {beyond.day} {beyond:%b %Y}, before the period's SLAs ran out)."
            ]
        return ["SLA on first touch: not measured (no touches recorded in the period)."]
    open_ones = [
        f"{waiting} still within the SLA without a touch" if waiting else "",
        f"{unjudged} not judged (touched that day, the export gives no time)" if unjudged else "",
    ]
    if not breaches and (waiting or unjudged):
        return [
            f"SLA on first touch: no breach at {count(measured, 'handover')}; "
            + "; ".join(part for part in open_ones if part)
            + "."
        ]
    if not breaches:
        return [f"SLA on first touch: met at all {count(measured, 'handover')}."]
    where = ", ".join(f"{route} ({n})" for route, n in breaches.most_common())
    total = sum(breaches.values())
    return [f"SLA breaches: {total} of {count(measured, 'handover')}: {where}"]


def _rejection_lines(playbook: Playbook, period: Period) -> list[str]:
    lines = []
    for group in rejections_by_reason(playbook, period=period):
        latest = next((r.comment for r in group.rejections if r.comment.strip()), "")
        quote = f" (latest: “{latest.strip()}”)" if latest else ""
        lines.append(f"{group.reason}: {count(len(group.rejections), 'rejection')}{quote}")
    return lines or ["No leads rejected by sales in the period."]


def _customer_lines(closed: list) -> list[str]:
    lines = []
    for deal in closed:
        outcome = "won" if deal.outcome is DealOutcome.WON else "lost"
        if deal.buyer_words.strip():
            lines.append(f"{deal.name} ({outcome}): “{deal.buyer_words.strip()}”")
        elif deal.stated_reason.strip():
            lines.append(f"{deal.name} ({outcome}): stated reason “{deal.stated_reason.strip()}”")
    return lines or ["No buyer's words recorded on the deals closed in the period."]


def as_text(lines: tuple[str, ...]) -> str:
    """An agenda item's lines as the meeting record keeps them: one bullet a line."""
    return "\n".join(f"• {line}" for line in lines)
