"""The receiving team's promise, measured the way it is made: a first touch within N hours.

The clock starts when a buyer enters a stage over a handoff with an SLA and stops at the
receiving team's first touch after that (a call, an email or a meeting). A stage history
alone cannot show a touch: for a record with no touches at all nothing is called a breach,
and the figure shown is the time it took to move on, under that name.

A touch known only by its day (Salesforce keeps a task's ActivityDate at midnight UTC; a
date without a time reads the same) was some time that day: the SLA is met if it is met
at the day's end, breached if it is breached at the day's start (or the handover's, on the
day of the handover), and otherwise not judged.

The contact process is measured the same way: the attempts made before a lead was called
"could not reach" (recycled or disqualified), against the number and days agreed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from enum import StrEnum
from itertools import chain
from zoneinfo import ZoneInfo

from journeyapp.models.calendar_days import day_of
from journeyapp.models.entities import DealStep, Handoff, HandoffKind, Touch
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.words import count
from journeyapp.models.working_hours import PLAIN_HOURS_NOTE, HoursClock

DAY = 86400
FIRST_ENGAGEMENT_SOURCE = "hubspot-contacts"  # a lead layout whose touches are its first one
FIRST_TOUCH_KINDS = frozenset({"call", "email", "meeting"})


class SlaState(StrEnum):
    MET = "met"
    BREACHED = "breached"
    WAITING = "waiting"  # no touch yet, and the SLA has not run out
    DAY_ONLY = "touched that day"  # a touch known by its day alone, which the SLA ends in
    NOT_MEASURED = "time to move on"  # the record has no touches: no SLA can be measured


@frozen_record
class FirstTouch:
    """The SLA at one step entered over a handoff with an SLA."""

    sla_hours: float
    state: SlaState
    hours: float | None  # on the clock: to the first touch, or (no touch) to now or the close
    working: bool  # counted in the playbook's working hours, not plain ones
    touched: Touch | None = None
    moved_on_days: float | None = None  # not measured: the days until it moved on, if it did
    # A touch known by its day alone: the hours from the start of that day (or the handover)
    # and to its end; ``hours`` is the one the state rests on.
    day_hours: tuple[float, float] | None = None
    # Not measured: the day the imported activities end on, before its SLA ran out.
    activities_end_day: date | None = None

    @property
    def breached(self) -> bool:
        return self.state is SlaState.BREACHED

    @property
    def short(self) -> str:
        """A badge's words: "first touch 3 h / 24 h"."""
        sla = f"{self.sla_hours:g} h"
        if self.state is SlaState.NOT_MEASURED:
            if self.moved_on_days is None:
                return "still there"
            return f"moved on in {_days(self.moved_on_days)}"
        if self.state is SlaState.DAY_ONLY:
            low, high = self.day_hours
            return (
                f"touched after {_against(low, self.sla_hours)}–"
                f"{_against(high, self.sla_hours)} h / {sla}"
            )
        shown = f"{_against(self.hours, self.sla_hours)} h"
        if self.touched is None:
            return f"no touch in {shown} / {sla}"
        return f"first touch {shown} / {sla}"

    @property
    def words(self) -> str:
        """The step's SLA in a sentence: "first touch in 3 working h of 24 h"."""
        sla = f"{self.sla_hours:g} h"
        if self.state is SlaState.NOT_MEASURED:
            moved = "still there" if self.moved_on_days is None else _days(self.moved_on_days)
            why = "no calls, emails or meetings recorded"
            if self.activities_end_day is not None:
                end = self.activities_end_day
                why = (
                    f"the calls, emails and meetings imported end on {end.day} {end:%b %Y}, "
                    "before it ran out"
                )
            return (
                f"Time to move on: {moved} ({why}, so the {self.sla_hours:g}-hour SLA on "
                "first touch is not measured)"
            )
        unit = "working h" if self.working else "h"
        plain = "" if self.working else f" ({PLAIN_HOURS_NOTE})"
        if self.state is SlaState.DAY_ONLY:
            low, high = self.day_hours
            day = datetime.fromtimestamp(self.touched.when, UTC)
            return (
                f"First touch ({self.touched.kind}) on {day.day} {day:%b %Y}, after "
                f"{_against(low, self.sla_hours)} to {_against(high, self.sla_hours)} {unit} "
                f"of {sla}: the export gives the day, "
                f"not the time, so the SLA is not judged{plain}"
            )
        spent = f"{_against(self.hours, self.sla_hours)} {unit} of {sla}"
        if self.touched is not None and self.day_hours is not None:
            bound = "within" if self.state is SlaState.MET else "after at least"
            on_day = " on that day," if self.state is SlaState.MET else ""
            sentence = f"First touch ({self.touched.kind}){on_day} {bound} {spent}"
        elif self.touched is not None:
            sentence = f"First touch ({self.touched.kind}) in {spent}"
        elif self.state is SlaState.WAITING:
            sentence = f"No touch yet: {spent}"
        else:
            sentence = f"No touch in {spent}"
        breach = ": SLA breached" if self.breached else ""
        return f"{sentence}{breach}{plain}"


def _days(days: float, agreed: float | None = None) -> str:
    if days < 1 and float(_figure(days * 24)) < 24:
        return f"{_figure(days * 24)} h"
    shown = _against(days, agreed, places=1)
    if days < 1 and not shown.startswith("just"):  # 23.9999 h: under a day, not "24 h"
        shown = "just under 1"
    return f"{shown} day" if shown.endswith(" 1") or shown == "1" else f"{shown} days"


def _figure(value: float, places: int = 2) -> str:
    """``value`` to at most ``places`` decimals, without trailing zeros: 1.5, 24.02, 3."""
    return f"{value:.{places}f}".rstrip("0").rstrip(".")


def _against(value: float, limit: float | None, places: int = 2) -> str:
    """``value`` as ``_figure`` shows it, never rounded onto ``limit`` from either side: a
    breach by a second is "just over 24", never "24 of 24"."""
    shown = _figure(value, places)
    if limit is not None and value != limit and float(shown) == limit:
        return f"just {'over' if value > limit else 'under'} {_figure(limit, places)}"
    return shown


def first_touch(
    step: DealStep,
    handoff: Handoff | None,
    touches: Sequence[Touch],
    clock: HoursClock,
    record_end: int,
    later_touches_known: bool = True,
    touches_end: int | None = None,
) -> FirstTouch | None:
    """The SLA at ``step`` when it was entered over ``handoff`` and that handoff has one;
    ``record_end`` is when the clock stops without a touch (now, or when a closed record
    closed). ``later_touches_known``: False where the record's touches cannot show one after
    those given (HubSpot's first engagement is one touch, the first): with none after the
    step's entry, the SLA is not measured rather than called breached. ``touches_end``:
    where the imported activities end (``activities_end``); no touch after it is known, so
    a step whose SLA runs out later is not measured rather than called breached."""
    if handoff is None or handoff.sla_hours is None:
        return None
    sla = handoff.sla_hours
    if not any(touch.kind in FIRST_TOUCH_KINDS for touch in touches):
        return _not_measured(step, sla, clock)  # notes and other tasks are no first touches
    # Each touch as the span it happened in: an instant, or a day where the team works.
    spans = sorted(
        (*_span(touch, clock, step.entered), touch)
        for touch in touches
        if touch.kind in FIRST_TOUCH_KINDS
    )
    spans = [
        span
        for span in spans
        if span[1] > step.entered or (span[0] == span[1] and span[1] == step.entered)
    ]
    if spans:
        return _judged(step, spans, clock, sla)
    if not later_touches_known:
        return _not_measured(step, sla, clock)
    known = record_end if touches_end is None else min(record_end, touches_end)
    hours = clock.hours(step.entered, max(known, step.entered))
    if hours > sla:
        return FirstTouch(sla, SlaState.BREACHED, hours, clock.working)
    if known < record_end:
        return _not_measured(step, sla, clock, touches_end)
    return FirstTouch(sla, SlaState.WAITING, hours, clock.working)


def activities_end(records: Iterable, clock: HoursClock | None = None) -> int | None:
    """The latest moment the records' touches cover (a touch known by its day covers that
    day, where ``clock``'s team works): where the imported activities end."""
    timed = day = None  # the latest touch at a moment, and the latest known by its day
    for touch in chain.from_iterable(record.touches for record in records):
        when = touch[0]
        if when % DAY:
            timed = when if timed is None or when > timed else timed
        elif day is None or when > day:
            day = when
    if day is not None:  # a later day ends later, in any zone
        day = (clock or HoursClock(None)).day_bounds(day)[1]
    return max((end for end in (timed, day) if end is not None), default=None)


def _judged(step: DealStep, spans: list, clock: HoursClock, sla: float) -> FirstTouch:
    """The SLA on the first of the touches after the step's entry, given as (start, end,
    touch) spans in order: the first touch came no earlier than the first span allows and
    no later than the earliest span's end."""
    start, end, touch = spans[0]
    latest = min(span[1] for span in spans)
    if start == end and latest == end:  # a touch at a known time comes first
        hours = clock.hours(step.entered, end)
        state = SlaState.BREACHED if hours > sla else SlaState.MET
        return FirstTouch(sla, state, hours, clock.working, touch)
    low = clock.hours(step.entered, max(start, step.entered))
    high = clock.hours(step.entered, latest)
    if high <= sla:
        state, hours = SlaState.MET, high
    elif low > sla:
        state, hours = SlaState.BREACHED, low
    else:
        state, hours = SlaState.DAY_ONLY, None
    return FirstTouch(sla, state, hours, clock.working, touch, day_hours=(low, high))


def _not_measured(
    step: DealStep, sla: float, clock: HoursClock, touches_end: int | None = None
) -> FirstTouch:
    """No SLA measured at ``step``: the time it took to move on, if it did."""
    moved = None if step.exited is None else (step.exited - step.entered) / DAY
    end_day = None
    if touches_end is not None:  # the day its last moment falls on, in the team's calendar
        end_day = day_of(touches_end - 1, ZoneInfo(clock.zone) if clock.zone else UTC)
    return FirstTouch(
        sla, SlaState.NOT_MEASURED, None, clock.working, moved_on_days=moved,
        activities_end_day=end_day,
    )  # fmt: skip


def _day_only(touch: Touch) -> bool:
    """A touch known by its day alone: at midnight UTC, where Salesforce keeps an
    ActivityDate and a date without a time is read."""
    return touch.when % DAY == 0


def _span(touch: Touch, clock: HoursClock, handover: int | None = None) -> tuple[int, int]:
    """When the touch happened: its instant, or for one known by its day, that calendar day
    where the team works (Salesforce's ActivityDate is the user's day, kept at midnight UTC).
    A touch logged to the minute in the ``handover``'s own minute (a report keeps minutes, a
    stage history seconds) is taken as at the handover, not before it."""
    if _day_only(touch):
        return clock.day_bounds(touch.when)
    if handover is not None and touch.when % 60 == 0 and 0 < handover - touch.when < 60:
        return handover, handover
    return touch.when, touch.when


def _overlaps(span: tuple[int, int], start: int, end: int) -> bool:
    if span[0] == span[1]:
        return start <= span[0] <= end
    return span[1] > start and span[0] <= end


def first_engagement_only(record) -> bool:
    """Whether a record's touches are HubSpot's first engagement alone (a contacts export
    holds that one), which cannot show a touch after it."""
    return (
        getattr(record, "source_system", "") == FIRST_ENGAGEMENT_SOURCE and len(record.touches) < 2
    )


@frozen_record
class ContactEffort:
    """The attempts made in a stage before the buyer was given up on ("could not reach"),
    against the handoff's agreed contact process."""

    attempts: int
    days: float  # from entering the stage to being given up on
    agreed_attempts: int | None
    agreed_days: int | None

    @property
    def short_of_agreement(self) -> bool:
        few = self.agreed_attempts is not None and self.attempts < self.agreed_attempts
        quick = self.agreed_days is not None and self.days < self.agreed_days
        return few or quick

    @property
    def words(self) -> str:
        attempts = count(self.attempts, "attempt")
        if self.agreed_attempts is not None:
            attempts = f"{self.attempts} of {count(self.agreed_attempts, 'agreed attempt')}"
        days = _days(self.days, self.agreed_days)
        if self.agreed_days is not None:
            days = f"{days} of the {count(self.agreed_days, 'day')} agreed"
        verdict = "short of the contact process" if self.short_of_agreement else "as agreed"
        return f"Could not reach after {attempts} in {days}: {verdict}"

    @property
    def short(self) -> str:
        """A table cell's words: "2 of 6 attempts in 3 of 14 days: short"."""
        attempts = f"{self.attempts}"
        if self.agreed_attempts is not None:
            attempts += f" of {self.agreed_attempts}"
        attempts += " attempt" if attempts == "1" else " attempts"
        days = _days(self.days, self.agreed_days)
        if self.agreed_days is not None:
            days = f"{days.removesuffix(' days').removesuffix(' day')} of {self.agreed_days} days"
        return f"{attempts} in {days}: {'short' if self.short_of_agreement else 'as agreed'}"


def agrees_contact_process(handoff: Handoff) -> bool:
    """Whether the handoff agrees attempts or days before a buyer may be given up on."""
    return handoff.contact_attempts is not None or handoff.contact_days is not None


def contact_effort(
    step: DealStep,
    arrived_by: Handoff | None,
    left_by: Handoff | None,
    touches: Sequence[Touch],
    clock: HoursClock | None = None,
    touches_end: int | None = None,
) -> ContactEffort | None:
    """The contact process at ``step``: measured when the handoff into it agreed one, the
    buyer left it for the agreed "could not reach" stage (else by a recycle: a
    disqualified buyer was reached and judged), and the record has calls, emails or
    meetings, imported past the end of the stay. A touch known by its day counts where that
    day (in ``clock``'s zone) and the stay overlap."""
    if arrived_by is None or left_by is None or step.exited is None:
        return None
    if not agrees_contact_process(arrived_by):
        return None
    if not any(touch.kind in FIRST_TOUCH_KINDS for touch in touches):
        return None  # tasks and notes alone say nothing of the attempts made
    if touches_end is not None and touches_end < step.exited:
        return None  # the imported activities end during the stay: later attempts unknown
    could_not_reach = arrived_by.recycle_to
    if could_not_reach is None and left_by.kind is not HandoffKind.RECYCLE:
        return None
    if could_not_reach is not None and left_by.target != could_not_reach:
        return None
    attempts = sum(  # the touches while it was there, a day's touch if that day was
        1
        for touch in touches
        if touch.kind in FIRST_TOUCH_KINDS
        and _overlaps(_span(touch, clock or HoursClock(None)), step.entered, step.exited)
    )
    return ContactEffort(
        attempts,
        (step.exited - step.entered) / DAY,
        arrived_by.contact_attempts,
        arrived_by.contact_days,
    )
