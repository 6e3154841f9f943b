"""The review rhythm in the window: a meeting started from its pre-filled agenda, decided on
in the room as undoable steps, and a big-leap project badged on the stages it redesigns."""

from __future__ import annotations

import datetime

from journeyapp.models.change import Kind
from journeyapp.models.entities import ImprovementStatus
from journeyapp.models.operations import set_fields
from journeyapp.models.review_entities import Cadence, DecisionChoice
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

TESTED = "improvement-cfo-before-proposal"  # the sample's improvement under test


def _added(before: list, collection) -> list:
    return [entity for entity in collection if entity.id not in before]


def _meetings(window):
    window.scene.today = lambda: datetime.date(2026, 11, 30)
    panel = window.panels.meetings
    window.panel_bar.open(window.panels.dock_meetings)
    return panel


def test_a_meeting_starts_from_the_prefilled_agenda_and_decides_in_one_undo_step_each(
    window, monkeypatch, qtbot
):
    playbook = window.document.playbook
    window.apply_edit(set_fields(playbook, Kind.IMPROVEMENT, TESTED, test_ends="2026-11-15"))
    panel = _meetings(window)
    monkeypatch.setattr(panel, "ask_cadence", lambda: Cadence.WEEKLY)
    monkeypatch.setattr(panel, "ask_text", lambda *args: "Ana, Ben")
    before = playbook.meetings.ids()

    QTest.mouseClick(
        panel.findChild(type(panel.export_button), "new_meeting"), Qt.MouseButton.LeftButton
    )

    [meeting] = _added(before, playbook.meetings)
    assert meeting.title == "Weekly review, 30 Nov 2026" and meeting.attendees == ("Ana", "Ben")
    assert panel.title_edit.text() == meeting.title
    assert (
        panel.agenda_edits["test_results"]
        .toPlainText()
        .startswith("• Book the economic buyer before any proposal:")
    )
    numbers = panel.agenda_edits["numbers"].toPlainText()
    assert numbers.startswith("• No deals won or lost from 2026-11-23 to 2026-11-29.")
    assert panel.decisions.item(0, 1).text() == "Book the economic buyer before any proposal"

    panel.decisions.item(0, 2).setText("Fewer price losses; reps keep it")
    choice = panel.decisions.cellWidget(0, 0)
    choice.setCurrentIndex(choice.findData(DecisionChoice.KEEP))

    improvement = playbook.improvements[TESTED]
    assert improvement.status is ImprovementStatus.KEPT
    assert improvement.decision_reason == "Fewer price losses; reps keep it"
    assert improvement.decided == "2026-11-30"
    assert window.document.undo_stack.undoText() == (
        "Weekly review, 30 Nov 2026: keep “Book the economic buyer before any proposal”"
    )
    window.action_undo.trigger()
    assert playbook.improvements[TESTED].status is ImprovementStatus.TESTING
    window.action_undo.trigger()  # the reason typed
    window.action_undo.trigger()  # the meeting itself
    assert playbook.meetings.ids() == before
    assert panel.title_edit.text() == "Monthly review, 5 Oct 2026"  # the sample's own, shown


def test_typing_in_the_agenda_is_kept_and_undone_per_visit(window, monkeypatch, qtbot):
    playbook = window.document.playbook
    panel = _meetings(window)
    monkeypatch.setattr(panel, "ask_cadence", lambda: Cadence.MONTHLY)
    monkeypatch.setattr(panel, "ask_text", lambda *args: "")
    before = playbook.meetings.ids()
    panel.start_meeting()
    [meeting] = _added(before, playbook.meetings)
    reps = panel.agenda_edits["reps_feedback"]
    reps.setFocus()
    reps.moveCursor(reps.textCursor().MoveOperation.End)
    QTest.keyClicks(reps, " Ask for budget earlier")
    panel.flush()
    assert playbook.meetings[meeting.id].reps_feedback.endswith("Ask for budget earlier")
    window.action_undo.trigger()
    assert not playbook.meetings[meeting.id].reps_feedback.endswith("Ask for budget earlier")


def test_a_project_badges_the_stages_it_redesigns(window, monkeypatch, qtbot):
    playbook = window.document.playbook
    window.scene.today = lambda: datetime.date(2026, 11, 30)
    discovery = playbook.stage("stage-discovery")
    window.scene.select_stage(discovery.id)
    panel = window.panels.projects
    window.panel_bar.open(window.panels.dock_projects)
    monkeypatch.setattr(
        "journeyapp.widgets.panels.projects_panel.ask_for_text",
        lambda *args: "Redesign qualification",
    )
    before = playbook.projects.ids()
    panel.add()
    [project] = _added(before, playbook.projects)
    assert project.areas == (discovery.id,)
    card = window.scene.stage_items[discovery.id]
    assert card.data_shown.projects[-1] == "Redesign qualification"
    proposal = playbook.stage("stage-proposal")
    row = next(
        n
        for n in range(panel.area_list.count())
        if panel.area_list.item(n).data(Qt.ItemDataRole.UserRole) == proposal.id
    )
    panel.area_list.item(row).setCheckState(Qt.CheckState.Checked)
    assert playbook.projects[project.id].areas == (discovery.id, proposal.id)
    shown = window.scene.stage_items[proposal.id].data_shown
    assert shown.projects[-1] == "Redesign qualification"
    window.action_undo.trigger()
    assert "Redesign qualification" not in window.scene.stage_items[proposal.id].data_shown.projects
    window.action_undo.trigger()
    assert "Redesign qualification" not in card.data_shown.projects


def test_a_card_counts_the_days_since_its_review_up_to_today_on_this_machine(window):
    playbook = window.document.playbook
    stage = playbook.stages()[0]
    reviewed = datetime.date.today() - datetime.timedelta(days=120)
    window.apply_edit(set_fields(playbook, Kind.STAGE, stage.id, last_reviewed=str(reviewed)))
    card = window.scene.stage_items[stage.id]
    assert card.data_shown.stale == f"last reviewed 120 days ago ({reviewed})"
