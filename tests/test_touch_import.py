"""First touches from activity exports (Salesforce tasks and events, the generic layout),
attached to the leads and deals they name, as one undo step, never twice."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from conftest import DATA_DIR
from journeyapp.models.change import Kind
from journeyapp.models.deal_import.plan import UnclearDateOrder, import_edit, read_export
from journeyapp.models.deal_import.refusal import UnreadableFile
from journeyapp.models.deal_import.touch_plan import read_touches, touch_edit
from journeyapp.models.deal_import.values import DateOrder
from journeyapp.models.edit_session import EditSession
from journeyapp.models.edits import PutEntities
from journeyapp.models.entities import DealStep, Lead, Touch
from journeyapp.models.lead_import.salesforce_ids import id_key
from journeyapp.models.operations import set_fields
from journeyapp.models.replay import replay
from journeyapp.models.store import Store
from journeyapp.models.templates import load_template

from journeyapp.cli import main

CRM = DATA_DIR / "crm"
LEAD_ID = "00Q1x00000LDA01"  # Salesforce's 15 characters; the export writes its 18


def utc(*when) -> int:
    return int(datetime(*when, tzinfo=UTC).timestamp())


def sample_with_a_lead():
    playbook = load_template("b2b-saas")
    mql = next(s for s in playbook.stages() if s.name == "MQL")
    lead = Lead(
        "lead-sf-1",
        "Initech",
        source_id=LEAD_ID,
        source_system="salesforce",
        path=(DealStep(mql.id, "MQL", utc(2026, 3, 9, 9)),),
    )
    playbook.apply(PutEntities(Kind.LEAD, (lead,), label="Import 1 lead"))
    return playbook


def imported(playbook, name, **options):
    plan = read_touches(playbook, CRM / name, **options)  # CRM / a full path is that path
    edit = touch_edit(playbook, plan)
    playbook.apply(edit)
    return plan, edit


def test_salesforce_tasks_become_calls_and_emails_on_the_deals_and_leads_they_name():
    playbook = sample_with_a_lead()
    plan, edit = imported(playbook, "sf_Task.csv")
    assert plan.format == "salesforce-tasks"
    wingtip = playbook.deals["deal-sample-wingtip"]  # named by its 18-character id
    assert wingtip.touches == (Touch(utc(2026, 3, 9, 15, 30), "call"),)  # when it was done
    fabrikam = playbook.deals["deal-sample-fabrikam"]  # named by its 15 characters
    assert fabrikam.touches == (Touch(utc(2026, 3, 26, 10), "email"),)
    lead = playbook.leads["lead-sf-1"]  # the WhoId, in 18 characters
    # A plain Task whose Type is Meeting; the ListEmail newsletter is none.
    assert lead.touches == (Touch(utc(2026, 3, 10, 11), "meeting"),)
    assert plan.skipped == [
        (5, "not done yet: a planned activity is no touch"),
        (7, "a list email, sent to a list at once, is no touch"),
    ]
    assert plan.unmatched == 1  # an opportunity the playbook does not have
    assert edit.label == "Import 3 touches from sf_Task.csv"
    # Sales called Wingtip 14.5 working hours after the handoff into SQL (24 promised);
    # Fabrikam's first email came after 41 working hours.
    sql = next(step for step in replay(playbook, wingtip).steps if step.stage_name == "SQL")
    assert sql.first_touch.words == "First touch (call) in 14.5 working h of 24 h"
    sql = next(step for step in replay(playbook, fabrikam).steps if step.stage_name == "SQL")
    assert sql.sla_breached and sql.first_touch.hours == 41


def test_importing_touches_is_one_undo_step_and_importing_again_adds_nothing(tmp_path):
    path = tmp_path / "p.journey"
    Store.create(path, sample_with_a_lead()).close()
    store = Store.open(path)
    try:
        playbook = store.load()
        session = EditSession(playbook, store)
        before = {deal.id: deal.touches for deal in playbook.deals}
        edit = touch_edit(playbook, read_touches(playbook, CRM / "sf_Task.csv"))
        session.apply(edit)
        assert playbook.deals["deal-sample-wingtip"].touches
        again = read_touches(playbook, CRM / "sf_Task.csv")
        assert (again.added, again.repeats) == (0, 3)
        assert touch_edit(playbook, again) is None
        session.undo()
        assert {deal.id: deal.touches for deal in playbook.deals} == before
        assert playbook.leads["lead-sf-1"].touches == ()
    finally:
        store.close()


def test_salesforce_events_become_meetings_at_their_start():
    playbook = load_template("b2b-saas")
    plan, _ = imported(playbook, "sf_Event.csv")
    assert plan.format == "salesforce-events" and plan.skipped == []
    northwind = playbook.deals["deal-sample-northwind"]
    assert northwind.touches == (Touch(utc(2026, 3, 18, 14), "meeting"),)
    contoso = playbook.deals["deal-sample-contoso"]
    assert contoso.touches == (
        Touch(utc(2026, 3, 12, 10), "call"),  # an event whose Type is Call
        Touch(utc(2026, 4, 8), "meeting"),  # all day: its ActivityDate
    )
    discovery = [s for s in replay(playbook, northwind).steps if s.stage_name.endswith("Discovery")]
    assert discovery[0].first_touch.words == "First touch (meeting) in 13 working h of 48 h"


@pytest.mark.parametrize(
    "start",
    [
        "",  # an all-day event has no StartDateTime: its day is its ActivityDate
        "2026-04-08T00:00:00.000Z",  # or Salesforce gives it midnight UTC of its day
    ],
)
def test_an_all_day_event_is_its_day_never_when_it_was_booked(tmp_path, start):
    """The CreatedDate is when the meeting was booked, weeks before: never the touch. A
    midnight UTC start, read as a moment, put a meeting on 8 April in Los Angeles on the
    evening before, and a met SLA was called breached."""
    playbook = _with_one_event(
        tmp_path,
        '"00U1x00000EVT09EAH","0031x00000CON03AAH","0061x00000CTL02AAH","Workshop","HQ",'
        f'"true","{start}","2026-04-08","1440","","","0011x00000ACC02AAH","0051x00000USR01AAH",'
        '"Meeting","2026-03-09T09:30:00.000Z","Event"',
    )
    assert playbook.deals["deal-sample-contoso"].touches == (Touch(utc(2026, 4, 8), "meeting"),)


def _with_one_event(tmp_path, row: str):
    """The sample with the touches of a Salesforce Event export of this one row."""
    header = CRM.joinpath("sf_Event.csv").read_text("utf-8").splitlines()[0]
    path = tmp_path / "Event.csv"
    path.write_text(f"{header}\n{row}\n", "utf-8")
    playbook = load_template("b2b-saas")
    imported(playbook, path)
    return playbook


def test_a_task_made_ahead_of_its_due_day_is_no_touch_when_it_was_made(tmp_path):
    """A call task created at the handoff and due a week later, completed with no
    CompletedDateTime in the export: it was not done when it was created. A task logged on
    its day (a call logged once made) is a touch when it was created."""
    path = tmp_path / "Task.csv"
    path.write_text(
        '"Id","WhoId","WhatId","Subject","ActivityDate","Status","Type","TaskSubtype",'
        '"CreatedDate","IsClosed"\n'
        '"00T1","","0061x00000CTL02AAH","Follow up","2026-03-16","Completed","Call","Call",'
        '"2026-03-09T09:30:00.000Z","true"\n'
        '"00T2","","0061x00000NWH01AAH","Logged call","2026-03-10","Completed","Call","Call",'
        '"2026-03-10T15:05:00.000Z","true"\n',
        "utf-8",
    )
    playbook = load_template("b2b-saas")
    imported(playbook, path)
    assert playbook.deals["deal-sample-contoso"].touches == (Touch(utc(2026, 3, 16), "call"),)
    assert Touch(utc(2026, 3, 10, 15, 5), "call") in playbook.deals["deal-sample-northwind"].touches


def test_a_call_logged_days_after_it_was_made_is_a_touch_on_the_day_it_says(tmp_path):
    """Log a Call dates the call with its ActivityDate; a rep who logs Thursday's call the
    next Tuesday saves it then. Dated when saved, a met SLA read as breached and calls at
    the end of a stay fell out of the attempts."""
    path = tmp_path / "Task.csv"
    path.write_text(
        '"Id","WhoId","WhatId","Subject","ActivityDate","Status","Type","TaskSubtype",'
        '"CreatedDate","CompletedDateTime","IsClosed"\n'
        '"00T1","","0061x00000CTL02AAH","Call","2026-03-05","Completed","Call","Call",'
        '"2026-03-10T09:00:00.000Z","","true"\n'
        '"00T2","","0061x00000NWH01AAH","Call","2026-03-05","Completed","Call","Call",'
        '"2026-03-10T09:00:00.000Z","2026-03-10T09:00:00.000Z","true"\n',
        "utf-8",
    )
    playbook = load_template("b2b-saas")
    imported(playbook, path)
    assert Touch(utc(2026, 3, 5), "call") in playbook.deals["deal-sample-contoso"].touches
    assert Touch(utc(2026, 3, 5), "call") in playbook.deals["deal-sample-northwind"].touches


def test_a_plain_task_whose_subject_is_the_call_or_email_picklist_value_is_that_touch(tmp_path):
    """Salesforce's Subject picklist offers Call and Email; a plain task (TaskSubtype Task)
    with no Type says what it was there. Read as "other", six calls counted as none."""
    path = tmp_path / "Task.csv"
    path.write_text(
        '"Id","WhoId","WhatId","Subject","ActivityDate","Status","Type","TaskSubtype",'
        '"CreatedDate","IsClosed"\n'
        '"00T1","","0061x00000CTL02AAH","Call","2026-03-16","Completed","","Task",'
        '"2026-03-16T10:00:00.000Z","true"\n'
        '"00T2","","0061x00000CTL02AAH","Email","2026-03-17","Completed","","Task",'
        '"2026-03-17T10:00:00.000Z","true"\n'
        '"00T3","","0061x00000CTL02AAH","Call back re pricing","2026-03-18","Completed","",'
        '"Task","2026-03-18T10:00:00.000Z","true"\n',
        "utf-8",
    )
    playbook = load_template("b2b-saas")
    imported(playbook, path)
    touches = playbook.deals["deal-sample-contoso"].touches
    assert Touch(utc(2026, 3, 16, 10), "call") in touches
    assert Touch(utc(2026, 3, 17, 10), "email") in touches
    assert Touch(utc(2026, 3, 18, 10), "other") in touches  # free text says nothing sure


def test_two_calls_due_the_same_day_are_two_attempts_and_a_repeated_row_is_one(tmp_path):
    """Cadence calls 1 and 2, made at the handoff and due the same day, were counted as one
    attempt: touches were told apart by moment and kind, not by the activity's Id."""
    path = tmp_path / "Task.csv"
    path.write_text(
        '"Id","WhoId","WhatId","Subject","ActivityDate","Status","Type","TaskSubtype",'
        '"CreatedDate","IsClosed"\n'
        '"00T1","","0061x00000CTL02AAH","Cadence call 1","2026-03-16","Completed","Call",'
        '"Call","2026-03-09T09:30:00.000Z","true"\n'
        '"00T2","","0061x00000CTL02AAH","Cadence call 2","2026-03-16","Completed","Call",'
        '"Call","2026-03-09T09:30:00.000Z","true"\n'
        '"00T2","","0061x00000CTL02AAH","Cadence call 2","2026-03-16","Completed","Call",'
        '"Call","2026-03-09T09:30:00.000Z","true"\n',
        "utf-8",
    )
    playbook = load_template("b2b-saas")
    before = playbook.deals["deal-sample-contoso"].touches
    plan, _ = imported(playbook, path)
    assert plan.added == 2 and plan.repeats == 1
    added = [t for t in playbook.deals["deal-sample-contoso"].touches if t not in before]
    assert added == [Touch(utc(2026, 3, 16), "call")] * 2
    again = read_touches(playbook, path)
    assert again.added == 0


def _calls_by_name_and_id(playbook, tmp_path, name: str, record_id: str):
    """The plan of two calls: one naming a record by ``name``, one by ``record_id``."""
    path = tmp_path / "touches.csv"
    path.write_text(
        f"record_id,touched_at,kind\n{name},2026-03-16T10:00:00Z,call\n"
        f"{record_id},2026-03-17T10:00:00Z,call\n",
        "utf-8",
    )
    return read_touches(playbook, path)


def test_a_touch_naming_a_deal_by_a_name_two_deals_share_is_not_given_to_either(tmp_path):
    """Two deals called "Acme Renewal": the call went to the first, which then showed a
    breach, while the one it was for showed nothing. By their ids they are told apart."""
    playbook = load_template("b2b-saas")
    contoso, northwind = (
        playbook.deals[i] for i in ("deal-sample-contoso", "deal-sample-northwind")
    )
    for deal in (contoso, northwind):
        playbook.apply(set_fields(playbook, Kind.DEAL, deal.id, name="Acme Renewal"))
    plan = _calls_by_name_and_id(playbook, tmp_path, "Acme Renewal", northwind.source_id)
    assert plan.ambiguous == 1 and "1 row naming a deal or lead several share" in plan.tally()
    assert list(plan.touches) == [(Kind.DEAL, northwind.id)]


def test_a_call_logged_at_once_on_an_american_evening_keeps_its_moment(tmp_path):
    """16:10 in Los Angeles is 00:10 UTC the next day: a call logged at once was taken for
    one logged on a later day than its ActivityDate, and its exact time was dropped."""
    from journeyapp.models.operations import set_fields

    path = tmp_path / "Task.csv"
    path.write_text(
        '"Id","WhoId","WhatId","Subject","ActivityDate","Status","Type","TaskSubtype",'
        '"CreatedDate","CompletedDateTime","IsClosed"\n'
        '"00T1","","0061x00000CTL02AAH","Call","2026-03-04","Completed","Call","Call",'
        '"2026-03-05T00:10:00.000Z","2026-03-05T00:10:00.000Z","true"\n',
        "utf-8",
    )
    playbook = load_template("b2b-saas")
    playbook.apply(set_fields(playbook, Kind.META, "meta", time_zone="America/Los_Angeles"))
    imported(playbook, path)
    assert Touch(utc(2026, 3, 5, 0, 10), "call") in playbook.deals["deal-sample-contoso"].touches


def test_a_touch_naming_a_lead_and_a_deal_that_share_a_name_is_given_to_neither(tmp_path):
    """A contact exported without a name is named after its company, as its deal may be."""
    playbook = sample_with_a_lead()
    deal = playbook.deals["deal-sample-contoso"]
    playbook.apply(set_fields(playbook, Kind.DEAL, deal.id, name="Initech"))
    plan = _calls_by_name_and_id(playbook, tmp_path, "Initech", LEAD_ID)
    assert plan.ambiguous == 1
    assert list(plan.touches) == [(Kind.LEAD, "lead-sf-1")]


def test_the_summary_says_what_kinds_of_touch_were_read(tmp_path, capsys):
    """Six tasks read as "other" were summed up as "Imported 6 touches", and the replay then
    said no calls were recorded: the summary now says what each touch was read as."""
    path = tmp_path / "touches.csv"
    path.write_text(
        "record_id,touched_at,kind\n"
        "0061x00000ADT04,2026-03-16T10:00:00Z,call\n"
        "0061x00000ADT04,2026-03-17T10:00:00Z,call\n"
        "0061x00000ADT04,2026-03-18T10:00:00Z,note\n",
        "utf-8",
    )
    plan = read_touches(load_template("b2b-saas"), path)
    assert plan.kinds_words() == "2 calls, 1 other (no call, email or meeting: no first touch)"
    file = tmp_path / "p.journey"
    assert main(["new", str(file)]) == 0
    assert main(["import-touches", str(file), str(path), "--dry-run"]) == 0
    assert "Would import 3 touches (2 calls, 1 other (no call" in capsys.readouterr().out


def test_a_touch_time_written_without_colons_is_a_moment_in_the_zone_given(tmp_path):
    """ISO allows 2026-03-16T1422: read as a day alone, it was kept at midnight UTC whatever
    zone was chosen, and T0000 became a touch known only by its day."""
    path = tmp_path / "touches.csv"
    path.write_text(
        "record_id,touched_at,kind\n0061x00000ADT04,2026-03-16T1422,call\n"
        "0061x00000ADT04,2026-03-17T0000,email\n",
        "utf-8",
    )
    plan = read_touches(load_template("b2b-saas"), path, zone=ZoneInfo("Europe/Berlin"))
    (touches,) = plan.touches.values()
    assert touches == [
        Touch(utc(2026, 3, 16, 13, 22), "call"),
        Touch(utc(2026, 3, 16, 23, 0), "email"),
    ]


def test_the_generic_layout_reads_day_first_dates_and_finds_deals_by_name_or_id():
    playbook = load_template("b2b-saas")
    plan, _ = imported(playbook, "generic_touches.csv")
    assert plan.format == "generic"
    assert playbook.deals["deal-sample-adatum"].touches == (
        Touch(utc(2026, 3, 18, 13), "call"),
        Touch(utc(2026, 3, 23, 10), "meeting"),
    )
    assert plan.repeats == 1  # the sample's Tailspin call, already recorded
    assert plan.skipped == [(5, "touched_at: “not yet” is not a date")]


def test_an_export_of_something_else_is_refused_in_one_sentence():
    with pytest.raises(UnreadableFile, match=r"^sf_Opportunity.csv is not an activity export"):
        read_touches(load_template("b2b-saas"), CRM / "sf_Opportunity.csv")


def test_import_touches_on_the_command_line_and_a_dry_run_changes_nothing(tmp_path, capsys):
    path = tmp_path / "p.journey"
    assert main(["new", str(path)]) == 0
    capsys.readouterr()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert main(["import-touches", str(path), str(CRM / "sf_Event.csv"), "--dry-run"]) == 0
    assert capsys.readouterr().out.startswith(
        "Would import 3 touches (1 call, 2 meetings) onto 2 leads and deals"
    )
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert main(["import-touches", str(path), str(CRM / "sf_Event.csv")]) == 0
    assert "Imported 3 touches" in capsys.readouterr().out
    assert main(["import-touches", str(path), str(CRM / "sf_Event.csv")]) == 0
    assert "Imported 0 touches" in capsys.readouterr().out
    assert main(["import-touches", str(path), str(CRM / "sf_Task.csv"), "--format", "zoho"]) == 2
    error = capsys.readouterr().err
    assert (
        error.startswith("journeyapp: argument --format: invalid choice") and error.count("\n") == 1
    )
    forced = [
        "import-touches",
        str(path),
        str(CRM / "sf_Task.csv"),
        "--format",
        "salesforce-events",
    ]
    assert main(forced) == 2
    error = capsys.readouterr().err
    assert "sf_Task.csv is not a Salesforce events (meetings) export" in error


UK_TASK_REPORT = (
    '"Id","WhoId","WhatId","Subject","ActivityDate","Status","Type","TaskSubtype",'
    '"CreatedDate","IsClosed"\n'
    '"00T1","","0061x00000CTL02AAH","Call","03/04/2026","Completed","Call","Call",'
    '"26/03/2026 09:30","true"\n'
    '"00T2","","0061x00000CTL02AAH","Call","03/04/2026","Completed","Call","Call",'
    '"03/04/2026 10:00","true"\n'
)


def test_a_date_order_given_against_what_another_column_shows_is_refused(tmp_path):
    """A UK report export: CreatedDate shows day-first (26/03/2026); ActivityDate's dates read
    both ways. Read month-first as asked, its 03/04/2026 would be 4 March, not 3 April."""
    path = tmp_path / "Task.csv"
    path.write_text(UK_TASK_REPORT, "utf-8")
    playbook = load_template("b2b-saas")
    with pytest.raises(UnreadableFile) as refused:
        read_touches(playbook, path, date_order=DateOrder.MDY)
    assert "“CreatedDate” shows its dates are day-first (26/03/2026 09:30)" in str(refused.value)
    assert str(refused.value).endswith("--date-order dmy.")


def test_a_column_that_reads_both_ways_is_asked_about_naming_the_order_another_shows(tmp_path):
    """ActivityDate alone reads both ways; CreatedDate in the same file is day-first. The
    question says so, so the user need not guess."""
    path = tmp_path / "Task.csv"
    path.write_text(UK_TASK_REPORT, "utf-8")
    with pytest.raises(UnclearDateOrder) as asked:
        read_touches(load_template("b2b-saas"), path)
    assert asked.value.column == "ActivityDate"
    assert str(asked.value) == (
        "Task.csv's column “ActivityDate” has dates such as 03/04/2026 that read as well "
        "day-first as month-first, while “CreatedDate” in the same file shows day-first dates "
        "such as 26/03/2026 09:30; say which with --date-order dmy or --date-order mdy."
    )


def test_a_date_without_a_time_stays_a_day_whatever_zone_times_are_read_in(tmp_path):
    """Read with --timezone Europe/Berlin, the date 2026-03-16 became the instant 23:00 UTC on
    the 15th: a touch before a handover that Monday, and a breach called for it."""
    path = tmp_path / "touches.csv"
    path.write_text(
        "record_id,touched_at,kind\n"
        "0061x00000ADT04,2026-03-16,call\n"
        "0061x00000ADT04,2026-03-17 10:30,email\n"
        "0061x00000ADT04,46103,meeting\n"  # a spreadsheet's day number: 22 March, a day
        "0061x00000ADT04,46104.5,call\n",  # and one with its time of day: noon, in Berlin
        "utf-8",
    )
    playbook = load_template("b2b-saas")
    before = set(playbook.deals["deal-sample-adatum"].touches)
    plan, _ = imported(playbook, path, zone=ZoneInfo("Europe/Berlin"))
    added = set(playbook.deals["deal-sample-adatum"].touches) - before
    assert added == {
        Touch(utc(2026, 3, 16), "call"),
        Touch(utc(2026, 3, 17, 9, 30), "email"),
        Touch(utc(2026, 3, 22), "meeting"),
        Touch(utc(2026, 3, 23, 11), "call"),
    }
    assert "times without a zone read as Europe/Berlin" in plan.read_as


def test_a_list_email_is_no_first_touch(tmp_path):
    """A List Email goes to a whole list view at once: it is no one's follow-up of the lead."""
    path = tmp_path / "Task.csv"
    path.write_text(
        '"Id","WhoId","WhatId","Subject","ActivityDate","Status","TaskSubtype","CreatedDate",'
        '"CompletedDateTime","IsClosed"\n'
        '"00T1","","0061x00000CTL02AAH","Newsletter","2026-03-16","Completed","ListEmail",'
        '"2026-03-16T09:05:00.000Z","2026-03-16T09:05:00.000Z","true"\n',
        "utf-8",
    )
    plan = read_touches(load_template("b2b-saas"), path)
    assert plan.added == 0
    assert plan.skipped == [(2, "a list email, sent to a list at once, is no touch")]


def test_an_event_without_a_start_takes_its_activity_date_time_before_its_day(tmp_path):
    playbook = _with_one_event(
        tmp_path,
        '"00U1x00000EVT09EAH","0031x00000CON03AAH","0061x00000CTL02AAH","Demo","",'
        '"false","2026-04-08T13:00:00.000Z","2026-04-08","60","","","0011x00000ACC02AAH",'
        '"0051x00000USR01AAH","Meeting","2026-03-09T09:30:00.000Z","Event"',
    )
    assert Touch(utc(2026, 4, 8, 13), "meeting") in playbook.deals["deal-sample-contoso"].touches


def test_a_meeting_at_midnight_utc_is_a_moment_not_a_day(tmp_path):
    """09:00 in Tokyo is 00:00:00 UTC, where a day alone is kept: a meeting then read as
    "the export gives the day, not the time", and its SLA was not judged."""
    path = tmp_path / "touches.csv"
    path.write_text(
        "record_id,touched_at,kind\n0061x00000ADT04,2026-03-16T00:00:00Z,meeting\n", "utf-8"
    )
    playbook = load_template("b2b-saas")
    before = set(playbook.deals["deal-sample-adatum"].touches)
    imported(playbook, path)
    (added,) = set(playbook.deals["deal-sample-adatum"].touches) - before
    assert added.when % 86400 != 0 and abs(added.when - utc(2026, 3, 16)) <= 1


def test_another_crm_s_18_digit_ids_sharing_their_first_15_are_two_records(tmp_path):
    """Zoho's ids are 18 digits: no Salesforce checksum, never cut to 15 and confused."""
    playbook = load_template("b2b-saas")
    history = tmp_path / "zoho.csv"
    history.write_text(
        "deal_id,stage,entered_at,deal_name\n"
        "554023000000235011,SQL,2026-01-05 09:00,Acme\n"
        "554023000000235019,SQL,2026-01-06 09:00,Globex\n",
        encoding="utf-8",
    )
    playbook.apply(import_edit(playbook, read_export(playbook, history)))
    touches = tmp_path / "touches.csv"
    touches.write_text(
        "record_id,touched_at,kind\n554023000000235011,2026-01-05 10:00,call\n", encoding="utf-8"
    )
    imported(playbook, str(touches))
    by_name = {deal.name: deal for deal in playbook.deals if deal.source_system == "generic"}
    assert by_name["Acme"].touches == (Touch(utc(2026, 1, 5, 10), "call"),)
    assert by_name["Globex"].touches == ()


def test_a_salesforce_id_s_18_characters_are_its_15_and_their_case_checksum():
    assert id_key("0065g00000dQwXyAAK") == "0065g00000dQwXy"
    assert id_key(" 0065g00000dQwXyaak ") == "0065g00000dQwXy"  # suffix cased either way
    assert id_key("0065g00000dQwXyAAB") == "0065g00000dQwXyAAB"  # not its checksum
    assert id_key("554023000000235011") == "554023000000235011"


def test_a_task_deleted_in_salesforce_is_no_touch(tmp_path):
    """An Export All (queryAll) file keeps deleted tasks, marked IsDeleted: a call logged on
    the wrong deal and deleted never counts as its first touch."""
    export = tmp_path / "Task_extract_all.csv"
    export.write_text(
        '"Id","IsDeleted","WhoId","WhatId","Subject","ActivityDate","Status","IsClosed",'
        '"CreatedDate","TaskSubtype","CompletedDateTime"\n'
        '"00T1x00000DEL01EAH","true","","0061x00000WTP06AAH","Call: wrong deal","2026-03-09",'
        '"Completed","true","2026-03-09T15:35:00.000Z","Call","2026-03-09T15:30:00.000Z"\n'
        '"00T1x00000OK002EAH","false","","0061x00000WTP06AAH","Email: recap","2026-03-10",'
        '"Completed","true","2026-03-10T10:00:00.000Z","Email","2026-03-10T10:00:00.000Z"\n',
        encoding="utf-8",
    )
    playbook = sample_with_a_lead()
    plan, _ = imported(playbook, export)
    assert playbook.deals["deal-sample-wingtip"].touches == (Touch(utc(2026, 3, 10, 10), "email"),)
    assert plan.skipped == [(2, "deleted in the CRM (IsDeleted): no touch")]
