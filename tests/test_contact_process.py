"""The agreed contact process measured on leads as on deals: the calls, emails and meetings
made before a buyer was given up on as "could not reach", for the feedback list and the
weekly review."""

from __future__ import annotations

import datetime
from datetime import UTC

from journeyapp.models.change import Kind
from journeyapp.models.contact_process import ContactProcess, agenda_lines
from journeyapp.models.edits import PutEntities
from journeyapp.models.entities import Deal, DealStep, Lead, Touch
from journeyapp.models.funnel import Period
from journeyapp.models.meeting_agenda import agenda_for
from journeyapp.models.operations import set_fields
from journeyapp.models.review_entities import Cadence
from journeyapp.models.templates import load_template

DAY = 86400
HOUR = 3600
ENTERED = int(datetime.datetime(2026, 1, 12, 9, tzinfo=UTC).timestamp())
JANUARY = Period("January", datetime.date(2026, 1, 1), datetime.date(2026, 2, 1))


def _stage(playbook, name):
    return next(s for s in playbook.stages() if s.name == name)


def _path(playbook, days_in_sql, then="Nurture / could not reach"):
    """MQL for two days, then SQL (over MQL → SQL, which agrees 6 attempts in 14 days) for
    ``days_in_sql``, then ``then``."""
    mql, sql, after = (_stage(playbook, n) for n in ("MQL", "SQL", then))
    left = ENTERED + days_in_sql * DAY
    return (
        DealStep(mql.id, "MQL", ENTERED - 2 * DAY, ENTERED),
        DealStep(sql.id, "SQL", ENTERED, left),
        DealStep(after.id, then, left, None),
    )


def _calls(number, every_days=1, kind="call"):
    return tuple(Touch(ENTERED + n * every_days * DAY + HOUR, kind) for n in range(number))


def _playbook_with(*records):
    """The records, and a lead touched a month on: the activities imported reach past their
    stays (else a stay's later attempts would be unknown, and it is not judged)."""
    playbook = load_template("b2b-saas")
    playbook.drop_entities(Kind.DEAL, playbook.deals.ids())
    later = Touch(ENTERED + 30 * DAY, "email")
    records = (*records, Lead("lead-later", "Later", path=_path(playbook, 3)[:1], touches=(later,)))
    leads = tuple(r for r in records if isinstance(r, Lead))
    deals = tuple(r for r in records if isinstance(r, Deal))
    for kind, entities in ((Kind.LEAD, leads), (Kind.DEAL, deals)):
        if entities:
            playbook.apply(PutEntities(kind, entities, label="Import"))
    return playbook


def test_a_lead_given_up_on_is_measured_against_the_handoffs_agreed_process():
    template = load_template("b2b-saas")
    hurried = Lead("lead-1", "Ana", path=_path(template, 3), touches=_calls(2))
    playbook = _playbook_with(hurried)
    [given] = ContactProcess(playbook).given_up(playbook.leads["lead-1"])
    assert given.handoff.id == "ho-mql-sql"
    assert (given.effort.attempts, given.effort.days) == (2, 3)
    assert given.effort.short == "2 of 6 attempts in 3 of 14 days: short"
    assert ContactProcess(playbook).at(playbook.leads["lead-1"], "ho-mql-sql") == given.effort


def test_leads_reached_moved_on_or_silent_are_not_measured():
    template = load_template("b2b-saas")
    reached = Lead("lead-1", "Ana", path=_path(template, 3, "Disqualified"), touches=_calls(1))
    onward = Lead(
        "lead-2", "Ben", path=_path(template, 3, "Opportunity: Discovery"), touches=_calls(2)
    )
    silent = Lead("lead-3", "Cy", path=_path(template, 3))
    tasks = Lead("lead-4", "Di", path=_path(template, 3), touches=_calls(4, kind="other"))
    playbook = _playbook_with(reached, onward, silent, tasks)
    process = ContactProcess(playbook)
    assert [process.given_up(lead) for lead in playbook.leads] == [[]] * 5


def test_the_weekly_review_names_where_buyers_were_given_up_on_too_soon():
    template = load_template("b2b-saas")
    hurried = [
        Lead(f"lead-{n}", f"Lead {n}", path=_path(template, 3), touches=_calls(2 + n % 2))
        for n in range(3)
    ]
    thorough = Lead("lead-9", "Kept at it", path=_path(template, 15), touches=_calls(7, 2))
    deal = Deal("d1", "Acme", path=_path(template, 2), touches=_calls(1))
    playbook = _playbook_with(*hurried, thorough, deal)
    assert agenda_lines(playbook, JANUARY) == [
        "Contact process: 5 buyers given up on as could not reach; 4 short of the agreed "
        "process: MQL → SQL: 4 (a median of 2 of 6 agreed attempts in 3.0 of 14 agreed days)."
    ]
    february = Period("February", datetime.date(2026, 2, 1), datetime.date(2026, 3, 1))
    assert agenda_lines(playbook, february) == [
        "Contact process: nobody given up on as could not reach in the period, where calls, "
        "emails and meetings were recorded."
    ]
    # The week to the 16th: the four given up on by the 15th; the thorough one left on the 27th.
    numbers = agenda_for(playbook, Cadence.WEEKLY, datetime.date(2026, 1, 16)).numbers
    assert any(line.startswith("Contact process: 4 buyers") for line in numbers)


def test_all_given_up_after_the_agreed_effort_is_said_so():
    template = load_template("b2b-saas")
    thorough = Lead("lead-9", "Kept at it", path=_path(template, 15), touches=_calls(7, 2))
    playbook = _playbook_with(thorough)
    assert agenda_lines(playbook, JANUARY) == [
        "Contact process: 1 buyer given up on as could not reach, all after the agreed "
        "attempts and days."
    ]


def test_a_stay_past_the_imported_activities_is_not_judged():
    """The last touch anywhere is on day 12: a lead given up on at day 15 may have been called
    on days 13 and 14, for all the file can tell."""
    template = load_template("b2b-saas")
    thorough = Lead("lead-9", "Kept at it", path=_path(template, 15), touches=_calls(7, 2))
    playbook = _playbook_with(thorough)
    playbook.drop_entities(Kind.LEAD, ["lead-later"])
    assert ContactProcess(playbook).given_up(playbook.leads["lead-9"]) == []


def test_no_line_where_no_handoff_agrees_a_contact_process():
    template = load_template("b2b-saas")
    playbook = _playbook_with(Lead("lead-1", "Ana", path=_path(template, 3), touches=_calls(2)))
    for handoff in playbook.handoffs():
        if handoff.contact_attempts is not None or handoff.contact_days is not None:
            playbook.apply(
                set_fields(
                    playbook, Kind.HANDOFF, handoff.id, contact_attempts=None, contact_days=None
                )
            )
    assert agenda_lines(playbook, JANUARY) == []
