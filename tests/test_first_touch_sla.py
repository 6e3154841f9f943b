"""The SLA measured as promised: the receiving team's first touch after the handoff, in working
hours; without touches only the time to move on, never a breach; the contact process's
attempts before "could not reach"."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from journeyapp.models.change import Kind
from journeyapp.models.codec import playbook_from_dict, playbook_to_dict
from journeyapp.models.entities import Deal, DealOutcome, DealStep, Touch
from journeyapp.models.first_touch import SlaState
from journeyapp.models.operations import set_fields
from journeyapp.models.replay import replay
from journeyapp.models.templates import load_template
from journeyapp.models.validation import Severity, validate
from journeyapp.models.working_hours import HoursClock

HOUR = 3600
DAY = 86400
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def at(zone, *when) -> int:
    return int(datetime(*when, tzinfo=zone).timestamp())


def by_name(playbook, name):
    return next(s for s in playbook.stages() if s.name == name)


def with_hours(playbook, time_zone, work_days="Mon-Fri", start="09:00", end="17:00"):
    playbook.apply(
        set_fields(
            playbook,
            Kind.META,
            "meta",
            work_days=work_days,
            day_start=start,
            day_end=end,
            time_zone=time_zone,
        )
    )
    return playbook


def deal_into_sql(playbook, entered, left=None, touches=(), outcome=DealOutcome.OPEN, then=None):
    """A deal handed from MQL to SQL at ``entered``, leaving SQL at ``left`` for ``then``."""
    mql, sql = by_name(playbook, "MQL"), by_name(playbook, "SQL")
    path = [
        DealStep(mql.id, "MQL", entered - 2 * DAY, entered),
        DealStep(sql.id, "SQL", entered, left),
    ]
    if then is not None:
        path.append(DealStep(by_name(playbook, then).id, then, left, None))
    return Deal("d1", "Acme", outcome=outcome, path=tuple(path), touches=tuple(touches))


def test_working_hours_skip_the_weekend_and_the_night():
    clock = HoursClock.of(with_hours(load_template("b2b-saas"), "Europe/Berlin").meta)
    friday_four = at(BERLIN, 2026, 1, 9, 16, 0)
    monday_eleven = at(BERLIN, 2026, 1, 12, 11, 0)
    assert clock.working and clock.hours(friday_four, monday_eleven) == 3  # 16–17 and 9–11
    assert clock.hours(monday_eleven, friday_four) == 0
    saturday = at(BERLIN, 2026, 1, 10, 10, 0)
    assert clock.hours(saturday, saturday + 5 * HOUR) == 0


def test_working_hours_follow_the_clock_across_a_change_to_summer_time():
    """New York moved its clocks on Sunday 8 March 2026: Friday's working day ends at 21:00
    UTC, Monday's starts at 13:00 UTC, not 14:00."""
    clock = HoursClock.of(with_hours(load_template("b2b-saas"), "America/New_York").meta)
    friday_four = at(NEW_YORK, 2026, 3, 6, 16, 0)
    monday_ten = at(NEW_YORK, 2026, 3, 9, 10, 0)
    assert monday_ten - friday_four == 65 * HOUR  # a plain clock loses an hour over the change
    assert clock.hours(friday_four, monday_ten) == 2
    week = with_hours(load_template("b2b-saas"), "Europe/Berlin", "Sun-Thu", "08:00", "16:00")
    clock = HoursClock.of(week.meta)  # Berlin moved its clocks on Sunday 29 March 2026
    assert clock.hours(at(BERLIN, 2026, 3, 29, 8, 0), at(BERLIN, 2026, 3, 29, 16, 0)) == 8


def test_without_a_time_zone_plain_hours_are_counted_and_said_to_be():
    clock = HoursClock.of(load_template("blank").meta)
    assert not clock.working and clock.unit == "h"
    friday = at(BERLIN, 2026, 1, 9, 16, 0)
    assert clock.hours(friday, friday + 67 * HOUR) == 67


def test_a_first_touch_over_the_weekend_meets_the_sla_in_working_hours_only():
    """Handed to sales at 16:00 on a Friday, called at 11:00 on Monday: 3 working hours of
    the 24 promised; counted in plain hours it would be 67, a breach."""
    entered = at(BERLIN, 2026, 1, 9, 16, 0)
    call = Touch(at(BERLIN, 2026, 1, 12, 11, 0), "call")
    early = Touch(entered - DAY, "email")  # before the handoff: not its first touch
    playbook = with_hours(load_template("b2b-saas"), "Europe/Berlin")
    deal = deal_into_sql(playbook, entered, touches=[early, call])
    step = replay(playbook, deal, now=entered + 30 * DAY).steps[1]
    assert step.first_touch.state is SlaState.MET and step.first_touch.hours == 3
    assert step.first_touch.touched == call
    assert step.first_touch.words == "First touch (call) in 3 working h of 24 h"
    assert not step.sla_breached

    plain = with_hours(load_template("b2b-saas"), "")  # no time zone: no working week
    step = replay(plain, deal_into_sql(plain, entered, touches=[call]), now=entered).steps[1]
    assert step.sla_breached and step.first_touch.hours == 67
    assert "plain hours" in step.first_touch.words and "SLA breached" in step.first_touch.words


def test_a_first_touch_after_more_working_hours_than_promised_is_a_breach():
    playbook = with_hours(load_template("b2b-saas"), "Europe/Berlin")
    entered = at(BERLIN, 2026, 1, 12, 9, 0)  # Monday morning
    late = Touch(at(BERLIN, 2026, 1, 15, 12, 0), "meeting")  # Thursday noon: 27 working hours
    step = replay(playbook, deal_into_sql(playbook, entered, touches=[late])).steps[1]
    assert step.sla_breached and step.first_touch.hours == 27
    assert step.first_touch.words.endswith("of 24 h: SLA breached")


def test_without_touches_no_sla_is_breached_only_the_time_to_move_on_is_shown():
    """A stage history cannot show a first touch. The sample's Tailspin deal was marked
    "SLA breached" on reaching Discovery after 3 days in SQL; a deal that sat in SQL four
    times its 48-hour SLA before moving on is no breach either."""
    playbook = load_template("b2b-saas")
    entered = at(BERLIN, 2026, 1, 12, 9, 0)
    deal = deal_into_sql(playbook, entered, entered + 8 * DAY, then="Opportunity: Discovery")
    steps = replay(playbook, deal).steps
    assert not any(step.sla_breached for step in steps)
    into_sql, into_discovery = steps[1].first_touch, steps[2].first_touch
    assert into_sql.state is SlaState.NOT_MEASURED
    assert into_sql.words.startswith("Time to move on: 8 days")
    assert "not measured" in into_sql.words
    assert into_discovery.state is SlaState.NOT_MEASURED and "still there" in into_discovery.words
    for deal in load_template("b2b-saas").deals:
        assert not any(step.sla_breached for step in replay(playbook, deal).steps), deal.name


def test_the_sample_tailspin_deal_shows_its_first_touches_and_no_breach():
    playbook = load_template("b2b-saas")
    tailspin = next(d for d in playbook.deals if d.name.startswith("Tailspin"))
    steps = replay(playbook, tailspin).steps
    words = [step.first_touch.words for step in steps if step.first_touch is not None]
    assert words == [
        "First touch (call) in 3 working h of 24 h",
        "First touch (meeting) in 5 working h of 48 h",
    ]
    assert not any(step.sla_breached for step in steps)


def test_a_handoff_still_waiting_for_its_first_touch_is_breached_once_the_sla_runs_out():
    playbook = with_hours(load_template("b2b-saas"), "Europe/Berlin")
    entered = at(BERLIN, 2026, 1, 12, 9, 0)
    before = Touch(entered - 3 * DAY, "call")  # marketing's call before the handoff
    deal = deal_into_sql(playbook, entered, touches=[before])
    waiting = replay(playbook, deal, now=entered + 5 * HOUR).steps[1]
    assert waiting.first_touch.state is SlaState.WAITING and not waiting.sla_breached
    assert waiting.first_touch.words == "No touch yet: 5 working h of 24 h"
    late = replay(playbook, deal, now=at(BERLIN, 2026, 1, 16, 9, 0)).steps[1]
    assert late.sla_breached and late.first_touch.hours == 32
    assert late.first_touch.words == "No touch in 32 working h of 24 h: SLA breached"
    # Other kinds of touch ("other": a note, a task) are no first touch.
    noted = dataclasses.replace(deal, touches=(before, Touch(entered + HOUR, "other")))
    assert replay(playbook, noted, now=at(BERLIN, 2026, 1, 16, 9, 0)).steps[1].sla_breached


def test_no_breach_is_claimed_where_the_imported_activities_end_before_the_sla_runs_out():
    """The activity export ends on some day; a handoff after it shows no touch because none
    was imported, not because none was made. It read "No touch in 5518 working h: SLA
    breached", the hours growing every day."""
    playbook = with_hours(load_template("b2b-saas"), "Europe/Berlin")
    latest = max(touch.when for deal in playbook.deals for touch in deal.touches)
    entered = latest + 30 * DAY
    before = Touch(entered - 3 * DAY, "call")  # an earlier touch: this deal was followed
    deal = deal_into_sql(playbook, entered, touches=[before])
    step = replay(playbook, deal, now=entered + 60 * DAY).steps[1]
    assert step.first_touch.state is SlaState.NOT_MEASURED and not step.sla_breached
    assert "the calls, emails and meetings imported end on" in step.first_touch.words
    # Where the export runs past the SLA's end, the missing touch is a breach.
    early = latest - 10 * DAY
    waited = deal_into_sql(playbook, early, touches=[Touch(early - 3 * DAY, "call")])
    assert replay(playbook, waited, now=entered + 60 * DAY).steps[1].sla_breached


def test_where_the_activities_end_counts_the_leads_touches_and_names_the_last_day():
    """Replay took where the activities end from the deals' touches alone, so a lead's later
    touch in the same export did not count and replay said "not measured" where the agenda
    counted a breach; and a last touch known by its day (5 March) was said as "6 Mar"."""
    from journeyapp.models.edits import PutEntities
    from journeyapp.models.entities import Lead

    playbook = with_hours(load_template("b2b-saas"), "America/New_York")
    playbook.drop_entities(Kind.DEAL, playbook.deals.ids())
    entered = at(NEW_YORK, 2026, 3, 9, 10, 0)
    deal = deal_into_sql(playbook, entered, touches=[Touch(entered - 3 * DAY, "call")])
    last_day = Touch(int(datetime(2026, 3, 5, tzinfo=UTC).timestamp()), "call")  # a day alone
    step = replay(playbook, dataclasses.replace(deal, touches=(last_day,))).steps[1]
    assert "imported end on 5 Mar 2026" in step.first_touch.words
    later = Lead("lead-1", "Lead", touches=(Touch(entered + 20 * DAY, "email"),))
    playbook.apply(PutEntities(Kind.LEAD, (later,), label="Import 1 lead"))
    assert replay(playbook, deal, now=entered + 30 * DAY).steps[1].sla_breached


def test_the_contact_process_is_not_judged_where_the_activities_end_during_the_stay():
    """The last touch anywhere was on day 3; the buyer was recycled on day 8 after two calls:
    "short of the contact process", though nothing after day 3 was imported."""
    playbook = load_template("b2b-saas")
    playbook.drop_entities(Kind.DEAL, playbook.deals.ids())
    entered = at(BERLIN, 2026, 1, 12, 9, 0)
    calls = [Touch(entered + n * DAY + HOUR, "call") for n in range(2)]
    gave_up = deal_into_sql(
        playbook, entered, entered + 8 * DAY, calls, DealOutcome.OPEN, "Nurture / could not reach"
    )
    assert replay(playbook, gave_up).steps[1].contact is None


def test_contact_attempts_before_could_not_reach_are_measured_against_the_agreed_process():
    """MQL → SQL agrees six attempts over fourteen days before a lead goes to "could not
    reach"; sales gave up after two calls in three days."""
    playbook = load_template("b2b-saas")
    handoff = playbook.handoff_between(by_name(playbook, "MQL").id, by_name(playbook, "SQL").id)
    assert (handoff.contact_attempts, handoff.contact_days) == (6, 14)
    entered = at(BERLIN, 2026, 1, 12, 9, 0)
    calls = [Touch(entered + n * DAY + HOUR, "call") for n in range(2)]
    gave_up = deal_into_sql(
        playbook, entered, entered + 3 * DAY, calls, DealOutcome.OPEN, "Nurture / could not reach"
    )
    effort = replay(playbook, gave_up).steps[1].contact
    assert (effort.attempts, effort.days) == (2, 3) and effort.short_of_agreement
    assert effort.words == (
        "Could not reach after 2 of 6 agreed attempts in 3 days of the 14 days agreed: "
        "short of the contact process"
    )
    calls = [Touch(entered + n * 2 * DAY + HOUR, "email") for n in range(7)]
    followed = deal_into_sql(
        playbook, entered, entered + 15 * DAY, calls, DealOutcome.OPEN, "Nurture / could not reach"
    )
    effort = replay(playbook, followed).steps[1].contact
    assert (effort.attempts, effort.short_of_agreement) == (7, False)
    # Moving on to Discovery is no "could not reach"; a record without touches is not measured.
    on = deal_into_sql(playbook, entered, entered + 3 * DAY, calls, then="Opportunity: Discovery")
    assert replay(playbook, on).steps[1].contact is None
    silent = deal_into_sql(
        playbook, entered, entered + 3 * DAY, (), DealOutcome.OPEN, "Nurture / could not reach"
    )
    assert replay(playbook, silent).steps[1].contact is None


def test_a_lead_disqualified_once_reached_is_no_could_not_reach():
    """ "Spoke, no budget this year": a disqualified buyer was reached and judged no fit.
    Only leaving for the handoff's agreed "could not reach" stage ends a contact process."""
    playbook = load_template("b2b-saas")
    entered = at(BERLIN, 2026, 1, 12, 9, 0)
    call = [Touch(entered + HOUR, "call")]
    no_fit = deal_into_sql(playbook, entered, entered + 2 * DAY, call, then="Disqualified")
    assert replay(playbook, no_fit).steps[1].contact is None


def test_contact_attempts_are_not_judged_where_no_call_email_or_meeting_was_read():
    """Touches of kind "other" alone (tasks, notes) say nothing of the attempts made: the
    replay said "no calls, emails or meetings recorded" and "after 0 of 6 attempts"."""
    playbook = load_template("b2b-saas")
    entered = at(BERLIN, 2026, 1, 12, 9, 0)
    tasks = [Touch(entered + n * DAY + HOUR, "other") for n in range(6)]
    gave_up = deal_into_sql(
        playbook, entered, entered + 16 * DAY, tasks, DealOutcome.OPEN, "Nurture / could not reach"
    )
    assert replay(playbook, gave_up).steps[1].contact is None


def test_a_touch_known_only_by_its_day_is_judged_only_where_the_whole_day_agrees():
    """Salesforce keeps a task's ActivityDate as a day, at midnight UTC: the touch was some
    time that day. Handed over Monday 14:00 (Berlin): a call that Monday is a touch (not one
    before the handoff, leaving a made-up breach); a call on Tuesday meets a 24-hour SLA
    however late that day; on Thursday it could be 19 working hours or 27, and the SLA is
    not judged; on Friday it is breached however early."""
    playbook = with_hours(load_template("b2b-saas"), "Europe/Berlin")
    entered = at(BERLIN, 2026, 3, 9, 14, 0)

    def judged(day: int):
        call = Touch(int(datetime(2026, 3, day, tzinfo=UTC).timestamp()), "call")
        deal = deal_into_sql(playbook, entered, touches=[call])
        return replay(playbook, deal, now=entered + 30 * DAY).steps[1].first_touch

    monday, tuesday, thursday, friday = judged(9), judged(10), judged(12), judged(13)
    assert (monday.state, monday.hours) == (SlaState.MET, 3)
    assert monday.words == "First touch (call) on that day, within 3 working h of 24 h"
    assert (tuesday.state, tuesday.hours) == (SlaState.MET, 11)
    assert thursday.state is SlaState.DAY_ONLY and not thursday.breached
    assert thursday.words == (
        "First touch (call) on 12 Mar 2026, after 19 to 27 working h of 24 h: the export "
        "gives the day, not the time, so the SLA is not judged"
    )
    assert friday.breached and friday.hours == 27
    assert friday.words == "First touch (call) after at least 27 working h of 24 h: SLA breached"


SYDNEY = ZoneInfo("Australia/Sydney")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def day_only(year, month, day, kind="call") -> Touch:
    return Touch(int(datetime(year, month, day, tzinfo=UTC).timestamp()), kind)


def test_a_touch_known_by_its_day_is_that_day_where_the_team_works_not_in_utc():
    """Salesforce's ActivityDate is the user's calendar day. In Sydney, a meeting on the day
    of a 09:00 handover read as 11:00 onwards (the UTC day's start): "after at least 2
    working h", breached. In Los Angeles, a meeting the next day was within 1 to 9 working
    hours of a 15:00 handover, and not judged, though any time that day is past 1.5 h."""
    sydney = with_hours(load_template("b2b-saas"), "Australia/Sydney")
    sydney.apply(_sla(sydney, 1))
    entered = at(SYDNEY, 2024, 3, 5, 9, 0)
    deal = deal_into_sql(sydney, entered, touches=[day_only(2024, 3, 5, "meeting")])
    touch = replay(sydney, deal, now=entered + 30 * DAY).steps[1].first_touch
    assert touch.state is SlaState.DAY_ONLY and touch.day_hours == (0, 8)

    west = with_hours(load_template("b2b-saas"), "America/Los_Angeles")
    west.apply(_sla(west, 1.5))
    entered = at(LOS_ANGELES, 2024, 3, 4, 15, 0)
    deal = deal_into_sql(west, entered, touches=[day_only(2024, 3, 5, "meeting")])
    touch = replay(west, deal, now=entered + 30 * DAY).steps[1].first_touch
    assert touch.state is SlaState.BREACHED and touch.hours == 2


def _sla(playbook, hours):
    handoff = playbook.handoff_between(by_name(playbook, "MQL").id, by_name(playbook, "SQL").id)
    return set_fields(playbook, Kind.HANDOFF, handoff.id, sla_hours=hours)


def test_a_touch_known_by_its_day_does_not_hide_a_timed_touch_that_day():
    """An email task dated Monday, and a call logged at 11:00 that Monday: the first touch
    came at 11:00 at the latest, one working hour after the 10:00 handover."""
    playbook = with_hours(load_template("b2b-saas"), "Europe/Berlin")
    playbook.apply(_sla(playbook, 4))
    entered = at(BERLIN, 2024, 3, 4, 10, 0)
    call = Touch(at(BERLIN, 2024, 3, 4, 11, 0), "call")
    deal = deal_into_sql(playbook, entered, touches=[day_only(2024, 3, 4, "email"), call])
    touch = replay(playbook, deal, now=entered + 30 * DAY).steps[1].first_touch
    assert touch.state is SlaState.MET and touch.hours == 1


def test_attempts_count_a_touch_known_by_its_day_as_the_first_touch_does():
    playbook = load_template("b2b-saas")
    entered = at(BERLIN, 2024, 3, 4, 10, 0)
    calls = [day_only(2024, 3, 4)] + [Touch(entered + n * 2 * DAY, "call") for n in range(1, 6)]
    gave_up = deal_into_sql(
        playbook, entered, entered + 14 * DAY, calls, DealOutcome.OPEN, "Nurture / could not reach"
    )
    step = replay(playbook, gave_up).steps[1]
    assert step.first_touch.touched == calls[0]
    assert step.contact.attempts == 6


def test_hours_and_days_are_never_rounded_to_the_other_side_of_what_was_agreed():
    """1.5 working hours read "2"; a breach by a minute read "24 working h of 24 h: SLA
    breached"; 13.6 days read "14 days of the 14 days agreed: short"."""
    playbook = with_hours(load_template("b2b-saas"), "Europe/Berlin")
    friday = at(BERLIN, 2026, 1, 9, 16, 30)
    call = Touch(at(BERLIN, 2026, 1, 12, 10, 0), "call")
    touch = replay(playbook, deal_into_sql(playbook, friday, touches=[call])).steps[1].first_touch
    assert touch.words == "First touch (call) in 1.5 working h of 24 h"
    monday = at(BERLIN, 2026, 1, 12, 10, 0)
    late = Touch(at(BERLIN, 2026, 1, 15, 10, 1), "call")
    touch = replay(playbook, deal_into_sql(playbook, monday, touches=[late])).steps[1].first_touch
    assert touch.breached and "in 24.02 working h of 24 h: SLA breached" in touch.words
    entered = at(BERLIN, 2026, 1, 12, 9, 0)
    calls = [Touch(entered + n * DAY + HOUR, "call") for n in range(2)]
    gave_up = deal_into_sql(
        playbook, entered, entered + int(13.6 * DAY), calls, DealOutcome.OPEN,
        "Nurture / could not reach",
    )  # fmt: skip
    effort = replay(playbook, gave_up).steps[1].contact
    assert "in 13.6 days of the 14 days agreed" in effort.words


def test_a_working_day_that_ends_before_it_starts_counts_plain_hours_and_check_says_why():
    """22:00–06:00, accepted from a JSON file though the dialog refuses it, counted every SLA
    as met in 0 working hours."""
    data = playbook_to_dict(with_hours(load_template("b2b-saas"), "Europe/Berlin"))
    data["meta"].update(day_start="22:00", day_end="06:00")
    playbook = playbook_from_dict(data)
    entered = at(BERLIN, 2026, 1, 12, 9, 0)
    late = Touch(at(BERLIN, 2026, 1, 15, 12, 0), "meeting")
    touch = replay(playbook, deal_into_sql(playbook, entered, touches=[late])).steps[1].first_touch
    assert touch.breached and touch.hours == 75 and not touch.working
    problems = [p.message for p in validate(playbook) if p.severity is Severity.ERROR]
    assert (
        "The working day must end after it starts; 06:00 is not after 22:00. SLAs are "
        "counted in plain hours until it does." in problems
    )


def test_a_backward_working_day_still_reads_a_touchs_day_where_the_team_is():
    """With its working day unusable, the clock fell back to UTC days too: Sydney's meeting
    on the handover day was "breached" again."""
    data = playbook_to_dict(with_hours(load_template("b2b-saas"), "Australia/Sydney"))
    data["meta"].update(day_start="17:00", day_end="09:00")
    playbook = playbook_from_dict(data)
    entered = at(SYDNEY, 2024, 3, 5, 9, 0)
    deal = deal_into_sql(playbook, entered, touches=[day_only(2024, 3, 5, "meeting")])
    touch = replay(playbook, deal, now=entered + 30 * DAY).steps[1].first_touch
    assert touch.state is SlaState.MET and touch.day_hours == (0, 15)
    assert "no usable business hours" in touch.words


def test_a_day_only_range_and_contact_days_are_never_rounded_onto_what_was_agreed():
    from journeyapp.models.first_touch import ContactEffort, FirstTouch

    touch = FirstTouch(24, SlaState.DAY_ONLY, None, True, day_only(2024, 3, 5), None, (16, 24.0008))
    assert "after 16 to just over 24 working h of 24 h" in touch.words
    under = ContactEffort(6, 0.99999, 6, 1)
    assert "in just under 1 day of the 1 day agreed: short" in under.words
    over = ContactEffort(6, 1.00001, 6, 1)
    assert "in just over 1 day of the 1 day agreed" in over.words


def test_a_touch_logged_to_the_minute_of_the_handover_is_after_it_not_before():
    """The stage history keeps seconds (09:00:45), a report export of calls only minutes
    (09:00): the call in the handover's own minute was dropped as before it, and a breach
    called."""
    playbook = with_hours(load_template("b2b-saas"), "Europe/Berlin")
    entered = at(BERLIN, 2024, 3, 4, 9, 0) + 45
    same_minute = Touch(at(BERLIN, 2024, 3, 4, 9, 0), "call")
    deal = deal_into_sql(playbook, entered, touches=[same_minute])
    touch = replay(playbook, deal, now=entered + 30 * DAY).steps[1].first_touch
    assert (touch.state, touch.hours, touch.touched) == (SlaState.MET, 0, same_minute)
    earlier = Touch(at(BERLIN, 2024, 3, 4, 8, 59), "call")  # the minute before: before it
    deal = deal_into_sql(playbook, entered, touches=[earlier])
    assert replay(playbook, deal, now=entered + 30 * DAY).steps[1].first_touch.breached


def test_a_record_whose_only_touches_are_no_calls_emails_or_meetings_is_not_measured():
    """A note or a task of type Other is no first touch: with nothing else, the record has no
    first-touch data, and nothing may be called a breach."""
    playbook = with_hours(load_template("b2b-saas"), "Europe/Berlin")
    entered = at(BERLIN, 2026, 1, 12, 9, 0)
    note = Touch(entered + HOUR, "other")
    deal = deal_into_sql(playbook, entered, touches=[note])
    touch = replay(playbook, deal, now=entered + 30 * DAY).steps[1].first_touch
    assert touch.state is SlaState.NOT_MEASURED and not touch.breached


def test_where_the_activities_end_takes_the_latest_of_them_east_of_utc():
    """Sydney: a task known by its day (Thu 5 March) and a call at 10:00 the next morning,
    which is 23:00 UTC on the 5th. The day-only task was taken as the latest (its midnight UTC
    plus a day) and its Sydney day's end returned, ten hours before the call."""
    from journeyapp.models.first_touch import activities_end
    from journeyapp.models.working_hours import HoursClock

    sydney = ZoneInfo("Australia/Sydney")
    playbook = with_hours(load_template("b2b-saas"), "Australia/Sydney")
    clock = HoursClock.of(playbook.meta)
    call = Touch(at(sydney, 2026, 3, 6, 10, 0), "call")
    task = Touch(int(datetime(2026, 3, 5, tzinfo=UTC).timestamp()), "call")  # a day alone
    deal = Deal("d1", "Acme", touches=(task, call))
    assert activities_end([deal], clock) == call.when
