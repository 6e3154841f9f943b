"""The review rhythm: meetings pre-filled from what changed, decisions that move the
improvements they decide on, improvements' measured results, and big-leap projects."""

from __future__ import annotations

import datetime
import re

import pytest
from funnel_builders import DAY, deal, funnel_playbook, lead, path, seconds
from journeyapp.models import operations
from journeyapp.models.change import Kind
from journeyapp.models.codec import playbook_from_dict, playbook_to_dict
from journeyapp.models.entities import Improvement, ImprovementMeasure, ImprovementStatus
from journeyapp.models.improvement_results import measured_result
from journeyapp.models.meeting_agenda import agenda_for
from journeyapp.models.retrospective import projects_on
from journeyapp.models.review_edits import (
    add_project,
    new_meeting,
    plan_text,
    set_decision,
    set_plan,
)
from journeyapp.models.review_entities import Cadence, DecisionChoice
from journeyapp.models.store import Store

TODAY = datetime.date(2026, 11, 30)


def _deal_through_sql(number: int, entered: str, outcome: str) -> dict:
    """A deal that entered SQL on ``entered`` and closed 5 days later, won or lost."""
    end = "won" if outcome == "won" else "lost"
    steps = path("2026-01-01", "visitor", "mql")
    sql_at = seconds(entered)
    steps[-1][3] = sql_at
    steps += [["sql", "SQL", sql_at, sql_at + 5 * DAY], [end, end.upper(), sql_at + 5 * DAY, None]]
    return deal(number, steps, outcome=outcome)


def _tested(playbook, **fields) -> Improvement:
    improvement = Improvement(
        id="imp-1",
        title="Discovery call within a day",
        target_kind=Kind.STAGE,
        target="sql",
        status=ImprovementStatus.TESTING,
        **fields,
    )
    playbook.apply(operations.AddEntity(Kind.IMPROVEMENT, improvement))
    return improvement


def test_an_improvements_win_rate_is_measured_against_the_same_length_before_it():
    # Test ran 1–30 Sep (30 days): 4 of 5 deals entering SQL then were won. The 30 days
    # before (2–31 Aug): 1 of 4 won. One deal entered SQL in October, after the test.
    during = [("2026-09-02", "won"), ("2026-09-10", "won"), ("2026-09-15", "lost")]
    during += [("2026-09-20", "won"), ("2026-09-30", "won")]
    before = [("2026-08-02", "lost"), ("2026-08-10", "won"), ("2026-08-20", "lost")]
    before += [("2026-08-31", "lost"), ("2026-08-01", "won")]  # 1 Aug: outside the window
    after = [("2026-10-05", "lost")]
    deals = [
        _deal_through_sql(n, day, outcome)
        for n, (day, outcome) in enumerate(during + before + after)
    ]
    playbook = funnel_playbook(deals=deals)
    improvement = _tested(
        playbook, started="2026-09-01", test_ends="2026-09-30", measure=ImprovementMeasure.WIN_RATE
    )
    result = measured_result(playbook, playbook.improvements[improvement.id], TODAY)
    assert (result.during.deals, result.during.value) == (5, 4 / 5)
    assert (result.before.deals, result.before.value) == (4, 1 / 4)
    assert result.before.start == datetime.date(2026, 8, 2)
    assert result.ended and result.better
    assert result.words == ("Win rate 80 % (5 deals) against 25 % (4 deals) before: up 55 points")


def test_days_in_stage_going_down_is_better_and_too_few_deals_say_so():
    steps = path("2026-09-03", "visitor", "mql", "sql", "won", gaps=(1, 1, 2))
    playbook = funnel_playbook(deals=[deal(1, steps, outcome="won")])
    improvement = _tested(
        playbook, started="2026-09-01", test_ends="2026-09-30", measure="days in stage"
    )
    result = measured_result(playbook, playbook.improvements[improvement.id], TODAY)
    assert result.during.value == 2 and result.before.value is None
    assert result.words.endswith("too few deals to call it")
    no_measure = _tested_again(playbook)
    assert measured_result(playbook, no_measure, TODAY) is None


def _tested_again(playbook) -> Improvement:
    improvement = Improvement(id="imp-2", title="Written by hand", result="Felt faster")
    playbook.apply(operations.AddEntity(Kind.IMPROVEMENT, improvement))
    return improvement


def test_a_new_meetings_agenda_is_filled_from_what_changed_since_the_last_one():
    # The last weekly review was on 23 Nov; a deal won and one lost since, one before.
    deals = [
        _deal_through_sql(1, "2026-11-20", "won"),  # closed 25 Nov
        _deal_through_sql(2, "2026-11-22", "lost"),  # closed 27 Nov
        _deal_through_sql(3, "2026-11-01", "won"),  # closed 6 Nov: before the last meeting
    ]
    deals[1]["stated_reason"] = "Price"
    deals[0]["buyer_words"] = "You answered every question the same day."
    # Two leads handed MQL → SQL (24 h SLA) since: one touched in 2 h, one after 3 days.
    handed = seconds("2026-11-24") + 10 * 3600
    leads = [
        lead(
            1,
            [["mql", "MQL", handed - DAY, handed], ["sql", "SQL", handed, None]],
            touches=[[handed + 2 * 3600, "call"]],
        ),
        lead(
            2,
            [["mql", "MQL", handed - DAY, handed], ["sql", "SQL", handed, None]],
            touches=[[handed + 3 * DAY, "email"]],
            verdicts={
                "h2": {
                    "outcome": "rejected",
                    "reason": "No budget",
                    "at": "2026-11-26T10:00:00",
                    "comment": "Student project",
                }
            },
        ),
    ]
    playbook = funnel_playbook(leads=leads, deals=deals)
    playbook.apply(new_meeting(playbook, Cadence.WEEKLY, datetime.date(2026, 11, 23)))
    _tested(playbook, started="2026-11-01", test_ends="2026-11-28", measure="win rate")
    stale = operations.set_fields(playbook, Kind.STAGE, "mql", last_reviewed="2026-05-01")
    playbook.apply(stale)

    agenda = agenda_for(playbook, Cadence.WEEKLY, TODAY)

    assert agenda.since == datetime.date(2026, 11, 23)
    numbers = "\n".join(agenda.numbers)
    assert "Won from 2026-11-23 to 2026-11-29: 1 deal: Deal 1" in numbers
    assert "Lost from 2026-11-23 to 2026-11-29: 1 deal: Deal 2 (at SQL, Price)" in numbers
    assert "Deal 3" not in numbers
    assert "SLA breaches: 1 of 2 handovers: MQL → SQL (1)" in numbers
    assert "Due for review: MQL, last reviewed 213 days ago (2026-05-01)" in numbers
    assert agenda.reps_feedback == ("No budget: 1 rejection (latest: “Student project”)",)
    assert agenda.customer_feedback[0] == (
        "Deal 1 (won): “You answered every question the same day.”"
    )
    assert agenda.test_results[0].startswith("Discovery call within a day: Win rate")
    assert [d.improvement for d in agenda.decisions] == ["imp-1"]
    # A first meeting of another cadence looks back one cadence: on the 30th, over the month.
    assert agenda_for(playbook, Cadence.MONTHLY, TODAY).since == datetime.date(2026, 11, 1)


def test_keeping_a_tested_improvement_at_a_meeting_is_one_undo_step():
    playbook = funnel_playbook()
    _tested(playbook, started="2026-11-01", test_ends="2026-11-20")
    playbook.apply(new_meeting(playbook, Cadence.MONTHLY, TODAY, attendees=["Ana", " Ben "]))
    meeting = next(iter(playbook.meetings))
    assert meeting.attendees == ("Ana", "Ben") and meeting.title == "Monthly review, 30 Nov 2026"
    before = playbook_to_dict(playbook)

    edit = set_decision(playbook, meeting.id, 0, DecisionChoice.KEEP, "Win rate up, reps like it")
    playbook.apply(edit)

    improvement = playbook.improvements["imp-1"]
    assert improvement.status is ImprovementStatus.KEPT and improvement.decided == "2026-11-30"
    assert improvement.decision_reason == "Win rate up, reps like it"
    assert playbook.meetings[meeting.id].decisions[0].choice is DecisionChoice.KEEP
    assert edit.label == "Monthly review, 30 Nov 2026: keep “Discovery call within a day”"
    playbook.revert(edit)
    assert playbook_to_dict(playbook) == before


def test_deciding_to_try_a_new_idea_adds_it_to_the_improvements():
    playbook = funnel_playbook()
    playbook.apply(new_meeting(playbook, Cadence.WEEKLY, TODAY))
    meeting = next(iter(playbook.meetings))
    playbook.apply(
        set_decision(playbook, meeting.id, None, DecisionChoice.TRY_NEXT, "Call back in 1 h")
    )
    [idea] = list(playbook.improvements)
    assert idea.title == "Call back in 1 h" and idea.status is ImprovementStatus.IDEA
    assert idea.source_note == "Decided at Weekly review, 30 Nov 2026"
    assert playbook.meetings[meeting.id].decisions[-1].improvement == idea.id


def test_a_project_keeps_its_other_areas_when_a_stage_is_deleted_and_undo_restores_it():
    playbook = funnel_playbook()
    playbook.apply(add_project(playbook, "Redesign qualification", TODAY, ["mql", "sql"]))
    project = next(iter(playbook.projects))
    playbook.apply(set_plan(playbook, project.id, "2027-01-15  Business case\n[x] Kick-off"))
    assert plan_text(playbook.projects[project.id]) == "2027-01-15  Business case\n[x] Kick-off"
    assert [p.id for p in projects_on(playbook, "sql")] == [project.id]

    removal = operations.remove_many(playbook, ["mql"])
    playbook.apply(removal)
    assert playbook.projects[project.id].areas == ("sql",)
    playbook.revert(removal)
    assert playbook.projects[project.id].areas == ("mql", "sql")


def test_meetings_projects_and_improvement_results_survive_the_file(tmp_path):
    playbook = funnel_playbook()
    _tested(
        playbook,
        started="2026-11-01",
        test_ends="2026-11-20",
        measure="conversion",
        owner="Ana",
        decision_reason="",
    )
    playbook.apply(new_meeting(playbook, Cadence.QUARTERLY, TODAY, attendees=["Ana"]))
    playbook.apply(add_project(playbook, "Partner channel", TODAY, ["won"]))
    store = Store.create(tmp_path / "review.journey", playbook)
    store.close()
    reopened = Store.open(tmp_path / "review.journey")
    loaded = reopened.load()
    reopened.close()
    assert playbook_to_dict(loaded) == playbook_to_dict(playbook)
    assert playbook_from_dict(playbook_to_dict(playbook)) == playbook
    assert loaded.improvements["imp-1"].owner == "Ana"


def _reviewed_playbook():
    """The win-rate fixture with its improvement kept at a meeting, and a project."""
    deals = [
        _deal_through_sql(n, day, outcome)
        for n, (day, outcome) in enumerate(
            [
                *[("2026-09-02", "won"), ("2026-09-10", "won"), ("2026-09-15", "lost")],
                *[("2026-08-05", "lost"), ("2026-08-10", "lost"), ("2026-08-20", "won")],
            ]
        )
    ]
    playbook = funnel_playbook(deals=deals)
    _tested(
        playbook,
        started="2026-09-01",
        test_ends="2026-09-30",
        measure="win rate",
        owner="Ana <Ops>",
    )
    playbook.apply(new_meeting(playbook, Cadence.MONTHLY, datetime.date(2026, 10, 1), ["Ana"]))
    meeting = next(iter(playbook.meetings))
    playbook.apply(set_decision(playbook, meeting.id, 0, DecisionChoice.KEEP, "Reps like it"))
    playbook.apply(add_project(playbook, "Partner channel <beta>", TODAY, ["sql"]))
    project = next(iter(playbook.projects))
    playbook.apply(set_plan(playbook, project.id, "2027-02-01  Business case"))
    return playbook, meeting


def test_the_pdf_log_shows_each_tests_result_and_decision_and_the_big_leaps():
    from test_feedback_exports import pdf_text

    playbook, _ = _reviewed_playbook()
    text, _, _ = pdf_text(playbook, sections=("improvements",))
    assert "Improvements log" in text and "Owner: Ana <Ops>" in text
    # 2 of 3 against 1 of 3: the change is the one the two figures show (67 − 33).
    assert "Win rate 67 % (3 deals) against 33 % (3 deals) before: up 34 points" in text
    assert "kept on 2026-10-01: Reps like it" in text
    assert "Big leaps" in text and "◆ Partner channel <beta>" in text
    assert "2027-02-01 Business case" in text and "Redesigns SQL" in text


def test_the_web_page_shows_the_same_results_decisions_and_projects():
    from journeyapp.export.html.playbook_html import build_html

    playbook, _ = _reviewed_playbook()
    page = build_html(playbook, TODAY)
    assert "up 34 points" in page and "kept on 2026-10-01: Reps like it" in page
    assert "Partner channel &lt;beta&gt;" in page and "<beta>" not in page
    contents = page[page.index("<nav") : page.index("</nav>")]
    assert '<a href="#improvements">' in contents
    assert '<a href="#projects">Big leaps</a>' in contents


def test_meeting_notes_come_out_as_one_pdf_page(tmp_path):
    import io

    from journeyapp.export.pdf.meeting_notes import meeting_notes_pdf
    from pypdf import PdfReader

    playbook, meeting = _reviewed_playbook()
    pages = PdfReader(io.BytesIO(meeting_notes_pdf(playbook, playbook.meetings[meeting.id]))).pages
    text = " ".join((pages[0].extract_text() or "").split())
    assert len(pages) == 1
    assert "Monthly review, 1 Oct 2026" in text and "2026-10-01 · monthly review · Ana" in text
    for heading in ("Numbers", "Reps' feedback", "Customers' feedback", "Results of tests"):
        assert heading in text
    assert "keep Discovery call within a day Reps like it" in text


def test_the_command_line_prints_the_agenda_and_writes_the_notes(tmp_path, capsys):
    from journeyapp.cli import main

    playbook, _ = _reviewed_playbook()
    path = tmp_path / "q4.journey"
    Store.create(path, playbook).close()
    before = path.read_bytes()
    assert main(["agenda", str(path), "--cadence", "monthly", "--date", "2026-11-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Monthly review, 1 Nov 2026: what changed from 2026-10-01 to 2026-10-31")
    assert path.read_bytes() == before  # a read-only look
    notes = tmp_path / "notes.pdf"
    assert main(["meeting-notes", str(path), "-o", str(notes)]) == 0
    assert notes.read_bytes().startswith(b"%PDF")
    assert main(["meeting-notes", str(path), "--meeting", "Daily stand-up", "-o", str(notes)]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    latest = "Monthly review, 1 Oct 2026"
    assert error == [f"journeyapp: There is no meeting “Daily stand-up”; the latest are: {latest}."]


def test_a_version_7_file_is_migrated_and_keeps_its_improvements(tmp_path):
    import sqlite3

    from builders import sample_file_at_version_7
    from journeyapp.models.edit_session import EditSession
    from journeyapp.models.schema import SCHEMA_VERSION
    from journeyapp.models.templates import load_template

    path = sample_file_at_version_7(tmp_path)
    store = Store.open(path)
    playbook = store.load()
    sample = load_template("b2b-saas")
    assert [i.title for i in playbook.improvements] == [i.title for i in sample.improvements]
    assert all(
        (i.owner, i.test_ends, i.decision_reason) == ("", None, "") for i in playbook.improvements
    )
    EditSession(playbook, store).apply(new_meeting(playbook, Cadence.WEEKLY, TODAY))
    store.close()
    assert path.with_name("v7.v7-backup.journey").exists()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    again = Store.open(path, read_only=True)
    assert [m.title for m in again.load().meetings] == ["Weekly review, 30 Nov 2026"]
    again.close()


def _followed_up_today() -> dict:
    """A lead whose call this morning shows the activity export runs to the meeting's day."""
    return lead(99, path("2026-10-01", "mql"), touches=[[seconds("2026-11-30") + 8 * 3600, "call"]])


def test_an_sla_still_running_on_the_meetings_day_is_no_breach_in_its_agenda():
    """Handed over MQL → SQL (24 h SLA) the day before the meeting at 16:00, emailed before
    the handoff only: the SLA runs out at 16:00 on the meeting's day, so the agenda made for
    that day counts no breach yet."""
    handed = seconds("2026-11-29") + 16 * 3600
    leads = [
        lead(
            1,
            [["mql", "MQL", handed - DAY, handed], ["sql", "SQL", handed, None]],
            touches=[[handed - 3600, "email"]],
        ),
        _followed_up_today(),
    ]
    playbook = funnel_playbook(leads=leads, deals=[])
    numbers = "\n".join(agenda_for(playbook, Cadence.WEEKLY, TODAY).numbers)
    assert (
        "SLA on first touch: no breach at 1 handover; 1 still within the SLA without a touch."
        in numbers
    )


def test_hubspots_first_engagement_before_the_handover_is_no_breach():
    """A HubSpot contacts export holds one engagement, the first; when it came before the
    handover, the export cannot show whether sales touched the lead after it, so no breach
    is called: the SLA is not measured there."""
    handed = seconds("2026-11-24") + 14 * 3600
    steps = [["mql", "MQL", handed - DAY, handed], ["sql", "SQL", handed, None]]
    first = lead(1, steps, source_system="hubspot-contacts", touches=[[handed - 3600, "call"]])
    full = lead(2, steps, source_system="salesforce-leads", touches=[[handed - 3600, "call"]])
    playbook = funnel_playbook(leads=[first, full, _followed_up_today()], deals=[])
    numbers = "\n".join(agenda_for(playbook, Cadence.WEEKLY, TODAY).numbers)
    assert "SLA breaches: 1 of 1 handover: MQL → SQL (1)" in numbers


def test_a_touch_known_by_its_day_alone_is_not_judged_and_never_counted_as_met():
    """Handed over at 10:00 with a 4-hour SLA, touched some time that day (a task's due
    date): the SLA may or may not have been met. Replay says not judged; so does the agenda."""
    handed = seconds("2026-11-24") + 10 * 3600
    steps = [["mql", "MQL", handed - DAY, handed], ["sql", "SQL", handed, None]]
    leads = [lead(1, steps, touches=[[seconds("2026-11-24"), "call"]])]
    playbook = funnel_playbook(leads=leads, deals=[], h2={"sla_hours": 4})
    numbers = "\n".join(agenda_for(playbook, Cadence.WEEKLY, TODAY).numbers)
    assert "met at all" not in numbers
    assert (
        "SLA on first touch: no breach at 1 handover; 1 not judged (touched that day, the "
        "export gives no time)." in numbers
    )


def test_a_buyer_who_moved_on_untouched_is_a_breach_once_the_sla_ran_out_as_replay_says():
    """Entered SQL, sent back to MQL two hours later, never touched after the handover: the
    24-hour SLA ran out days before the meeting. The agenda counted the two hours to the move
    and called it still within the SLA, for good."""
    handed = seconds("2026-11-24") + 10 * 3600
    steps = [
        ["mql", "MQL", handed - DAY, handed],
        ["sql", "SQL", handed, handed + 2 * 3600],
        ["mql", "MQL", handed + 2 * 3600, None],
    ]
    leads = [lead(1, steps, touches=[[handed - 3 * DAY, "call"]]), _followed_up_today()]
    playbook = funnel_playbook(leads=leads, deals=[])
    numbers = "\n".join(agenda_for(playbook, Cadence.WEEKLY, TODAY).numbers)
    assert "SLA breaches: 1 of 1 handover: MQL → SQL (1)" in numbers


def test_no_breach_is_counted_where_the_imported_activities_end_before_the_sla_ran_out():
    """The same buyer, but the activity export's last touch is the call before the handover:
    no touch after it is known, so the agenda cannot call the SLA breached."""
    handed = seconds("2026-11-24") + 10 * 3600
    steps = [["mql", "MQL", handed - DAY, handed], ["sql", "SQL", handed, None]]
    leads = [lead(1, steps, touches=[[handed - 3 * DAY, "call"]])]
    numbers = "\n".join(agenda_for(funnel_playbook(leads=leads), Cadence.WEEKLY, TODAY).numbers)
    assert "SLA breaches" not in numbers
    assert "not measured (the calls, emails and meetings imported end on 21 Nov 2026" in numbers


def test_an_improvements_test_days_are_the_teams_days():
    """A deal that entered SQL at 00:30 on 1 September in Berlin (22:30 UTC on 31 August)
    entered during a test that started on 1 September, not before it."""
    sql_at = seconds("2026-08-31") + 22 * 3600 + 1800
    steps = path("2026-08-01", "visitor", "mql")
    steps[-1][3] = sql_at
    steps += [["sql", "SQL", sql_at, sql_at + 5 * DAY], ["won", "WON", sql_at + 5 * DAY, None]]
    playbook = funnel_playbook(deals=[deal(1, steps, outcome="won")])
    playbook.apply(operations.set_fields(playbook, Kind.META, "meta", time_zone="Europe/Berlin"))
    improvement = _tested(
        playbook, started="2026-09-01", test_ends="2026-09-30", measure=ImprovementMeasure.WIN_RATE
    )
    result = measured_result(playbook, playbook.improvements[improvement.id], TODAY)
    assert (result.during.deals, result.before.deals) == (1, 0)


def _closing_on(number: int, day: str, outcome: str = "won") -> dict:
    """A deal that closed (won or lost) on ``day``."""
    closed = datetime.date.fromisoformat(day)
    return _deal_through_sql(number, (closed - datetime.timedelta(days=5)).isoformat(), outcome)


def _listed(agenda, number: int) -> bool:
    """Whether the agenda's numbers name the deal as won or lost."""
    return any(re.search(rf"\bDeal {number}\b", line) for line in agenda.numbers)


@pytest.mark.parametrize(
    ("cadence", "first", "second"),
    [
        (Cadence.QUARTERLY, datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)),
        (Cadence.MONTHLY, datetime.date(2026, 11, 2), datetime.date(2026, 12, 1)),
        (Cadence.WEEKLY, datetime.date(2026, 11, 23), datetime.date(2026, 11, 30)),
        (Cadence.DAILY, datetime.date(2026, 11, 27), datetime.date(2026, 11, 28)),
    ],
)
def test_each_deal_closed_between_two_meetings_is_on_exactly_one_agenda(cadence, first, second):
    """Deals closed the day before the first meeting, on its day, the day after it and the
    day before the next meeting: consecutive agendas of one cadence list each deal once."""
    one = datetime.timedelta(days=1)
    days = sorted({first - one, first, first + one, second - one} - {second})
    deals = [
        _closing_on(n, day.isoformat(), "won" if n % 2 else "lost") for n, day in enumerate(days, 1)
    ]
    playbook = funnel_playbook(deals=deals)
    earlier = agenda_for(playbook, cadence, first)
    playbook.apply(new_meeting(playbook, cadence, first))
    later = agenda_for(playbook, cadence, second)
    for number, day in enumerate(days, 1):
        on = [_listed(agenda, number) for agenda in (earlier, later)]
        assert on.count(True) == 1, (day, on)


def test_a_first_quarterly_review_covers_the_calendar_quarter_it_reviews():
    """Held on 1 October with no earlier quarterly review, the agenda covers July to September
    from its first day; held on 2 December, it covers the quarter under way from 1 October
    and none of the quarter before. The agenda says which days it covers."""
    deals = [
        _closing_on(1, "2026-06-30"),
        _closing_on(2, "2026-07-01"),
        _closing_on(3, "2026-09-02"),
        _closing_on(4, "2026-09-30"),
    ]
    playbook = funnel_playbook(deals=[*deals, _closing_on(5, "2026-10-01")])
    october = agenda_for(playbook, Cadence.QUARTERLY, datetime.date(2026, 10, 1))
    assert [_listed(october, n) for n in range(1, 5)] == [False, True, True, True]
    assert (october.since, october.until) == (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    assert "2026-07-01" in october.numbers[0] and "2026-09-30" in october.numbers[0]

    december = agenda_for(playbook, Cadence.QUARTERLY, datetime.date(2026, 12, 2))
    assert [_listed(december, n) for n in range(1, 6)] == [False] * 4 + [True]
    assert december.since == datetime.date(2026, 10, 1)


def test_a_first_monthly_review_covers_calendar_months():
    """Held on 1 March with no earlier monthly review: February, not the end of January."""
    deals = [
        _closing_on(1, "2027-01-30"),
        _closing_on(2, "2027-01-31"),
        _closing_on(3, "2027-02-01"),
    ]
    march = agenda_for(funnel_playbook(deals=deals), Cadence.MONTHLY, datetime.date(2027, 3, 1))
    assert [_listed(march, n) for n in range(1, 4)] == [False, False, True]
    assert (march.since, march.until) == (datetime.date(2027, 2, 1), datetime.date(2027, 2, 28))


def test_a_deal_lost_at_a_stage_since_removed_is_named_by_its_crm_stage():
    """Once SQL was deleted from the map, the agenda said a deal was lost "at an unmapped
    stage", though the CRM's record of the stage it was lost at was there all along."""
    playbook = funnel_playbook(deals=[_closing_on(1, "2026-11-25", "lost")])
    playbook.apply(operations.remove_many(playbook, stage_ids=["sql"]))
    agenda = agenda_for(playbook, Cadence.MONTHLY, TODAY)
    (lost,) = [line for line in agenda.numbers if line.startswith("Lost")]
    assert "(at SQL, no longer on the map)" in lost
