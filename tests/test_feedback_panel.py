"""Sales gives its verdict on handed-off leads in the Feedback panel: one lead or several at
once, as one undo step each, and sees the coverage and the rejections by reason follow."""

from __future__ import annotations

import datetime
from dataclasses import replace

from funnel_builders import DAY, seconds
from journeyapp.models import handoff_reasons
from journeyapp.models.change import Kind
from journeyapp.models.edits import PutEntities
from journeyapp.models.entities import DealStep, Lead
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

MQL_SQL = "ho-mql-sql"


def _handed_leads(window, count: int) -> list[str]:
    """``count`` leads that reached MQL in 2026-Q4, so each waits for sales at MQL → SQL."""
    start = seconds("2026-10-05")
    leads = tuple(
        Lead(
            f"lead-{n}",
            f"Lead {n}",
            owner="Dana" if n % 2 else "Lee",
            lead_source="Webinar" if n % 3 else "",
            path=(DealStep("stage-mql", "MQL", start + n * DAY, None),),
        )
        for n in range(count)
    )
    window.apply_edit(PutEntities(Kind.LEAD, leads, label=f"Import {count} leads"))
    return [lead.id for lead in leads]


def _panel(window):
    panel = window.panels.feedback
    panel.now = lambda: datetime.datetime(2026, 11, 30, 9, 15)
    window.panel_bar.open(window.panels.dock_feedback)
    return panel


def _choose(panel, *rows):
    """Click the first row, Ctrl+click the others."""
    rect = panel.table.visualRect(panel.model.index(rows[0], 0))
    QTest.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    for row in rows[1:]:
        rect = panel.table.visualRect(panel.model.index(row, 0))
        QTest.mouseClick(
            panel.table.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.ControlModifier,
            rect.center(),
        )


def _agree_reasons(window):
    playbook = window.document.playbook
    window.apply_edit(
        handoff_reasons.set_reasons(playbook, MQL_SQL, ["No budget", "Wrong contact", "Not now"])
    )


def test_entering_a_verdict_on_a_lead_records_it_and_moves_to_the_next(window, messages):
    _agree_reasons(window)
    _handed_leads(window, 5)
    panel = _panel(window)
    playbook = window.document.playbook
    assert panel.handoff_choice.currentData() == MQL_SQL
    assert panel.model.rowCount() == 5  # all waiting, newest handed over first
    assert panel.summary.text().startswith("0 of 5 leads handed over at MQL → SQL")
    first = panel.model.rows[0].lead.id

    _choose(panel, 0)
    panel.form.reason.setCurrentText("Wrong contact")
    panel.form.comment.setText("Reached the intern")
    panel.form.by.setText("Sam")
    panel.form.buttons["rejected"].click()

    verdict = playbook.leads[first].verdicts[MQL_SQL]
    assert (verdict.outcome, verdict.reason, verdict.by, verdict.comment, verdict.at) == (
        "rejected",
        "Wrong contact",
        "Sam",
        "Reached the intern",
        "2026-11-30T09:15",
    )
    stack = window.document.undo_stack
    assert stack.text(stack.index() - 1) == "Sales rejects “Lead 4” at MQL → SQL: Wrong contact"
    assert panel.model.rowCount() == 4  # it no longer waits
    assert [i.lead.id for i in panel.chosen()] == [panel.model.rows[0].lead.id]  # the next
    assert panel.summary.text().startswith("1 of 5 leads")
    panel.tabs.setCurrentIndex(2)
    tree = panel.rejections
    assert tree.topLevelItem(0).text(0) == "Wrong contact (1)"
    assert tree.topLevelItem(0).child(0).text(4) == "Reached the intern"

    window.action_undo.trigger()
    assert MQL_SQL not in playbook.leads[first].verdicts
    assert panel.model.rowCount() == 5


def test_a_rejection_without_an_agreed_reason_is_refused_in_a_sentence(window, messages):
    _agree_reasons(window)
    _handed_leads(window, 2)
    panel = _panel(window)
    _choose(panel, 0)
    panel.form.buttons["rejected"].click()
    assert "Give one of the agreed reasons" in messages[-1]
    assert all(not lead.verdicts for lead in window.document.playbook.leads)


def test_one_verdict_for_several_leads_is_one_undo_step(window):
    _handed_leads(window, 6)
    panel = _panel(window)
    steps = window.document.undo_stack.count()
    _choose(panel, 0, 1, 2)
    assert len(panel.chosen()) == 3
    panel.form.by.setText("Sam")
    panel.form.buttons["accepted"].click()
    playbook = window.document.playbook
    assert sum(MQL_SQL in lead.verdicts for lead in playbook.leads) == 3
    assert window.document.undo_stack.count() == steps + 1
    panel.tabs.setCurrentIndex(1)
    coverage = panel.coverage.topLevelItem(0)
    assert (coverage.text(1), coverage.text(2), coverage.text(3)) == ("6", "3", "50% (low)")
    owners = panel.coverage.topLevelItem(3)
    assert owners.text(0) == "By owner"
    assert sorted(owners.child(n).text(0) for n in range(owners.childCount())) == ["Dana", "Lee"]

    panel.tabs.setCurrentIndex(0)
    panel.show_choice.setCurrentIndex(panel.show_choice.findText("Accepted"))
    assert panel.model.rowCount() == 3
    _choose(panel, 0, 1, 2)
    panel.form.clear_button.click()
    assert sum(MQL_SQL in lead.verdicts for lead in playbook.leads) == 0
    assert window.document.undo_stack.count() == steps + 2


def test_without_leads_the_panel_says_how_to_bring_them_in(window):
    panel = _panel(window)
    assert "File → Import Leads…" in panel.summary.text()
    assert not panel.form.buttons["accepted"].isEnabled()
    # with no lead handed over anywhere, the first handoff a buyer meets: MQL → SQL
    assert panel.handoff_choice.currentText() == "MQL → SQL"


def test_the_weekly_review_reads_the_last_seven_days_of_rejections(window):
    from journeyapp.models import verdicts

    _agree_reasons(window)
    ids = _handed_leads(window, 3)
    playbook = window.document.playbook
    for lead_id, reason, at in (
        (ids[0], "No budget", "2026-11-27T10:00"),
        (ids[1], "Not now", "2026-11-02T10:00"),
        (ids[2], "No budget", "2026-08-14T10:00"),
    ):
        window.apply_edit(
            verdicts.set_verdict(playbook, lead_id, MQL_SQL, "rejected", reason, at=at)
        )
    panel = _panel(window)
    panel.tabs.setCurrentIndex(2)
    tree, period = panel.rejections, panel.period_choice
    assert [tree.topLevelItem(n).text(0) for n in range(tree.topLevelItemCount())] == [
        "No budget (2)",
        "Not now (1)",
    ]
    period.setCurrentIndex(period.findText("Last 7 days"))
    assert [tree.topLevelItem(n).text(0) for n in range(tree.topLevelItemCount())] == [
        "No budget (1)"
    ]
    period.setCurrentIndex(period.findText("2026-Q3"))
    assert tree.topLevelItem(0).child(0).text(0) == "Lead 2"


def test_a_verdict_is_given_from_the_keyboard(window, qtbot):
    _handed_leads(window, 2)
    panel = _panel(window)
    _choose(panel, 0)
    lead_id = panel.chosen()[0].lead.id
    window.activateWindow()
    qtbot.waitActive(window)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    # A button's shortcut clicks it with its animation, 100 ms later.
    qtbot.waitUntil(
        lambda: (
            getattr(window.document.playbook.leads[lead_id].verdicts.get(MQL_SQL), "outcome", None)
            == "accepted"
        )
    )


def test_a_verdict_read_from_the_crm_says_so_in_the_list(window):
    from journeyapp.models.entities import Verdict

    (lead_id,) = _handed_leads(window, 1)
    playbook = window.document.playbook
    imported = Verdict("rejected", "", "Dana", "2026-11-02T10:00", "", imported=True)
    window.apply_edit(
        PutEntities(Kind.LEAD, (replace(playbook.leads[lead_id], verdicts={MQL_SQL: imported}),))
    )
    panel = _panel(window)
    panel.show_choice.setCurrentIndex(panel.show_choice.findText("All handed over"))
    by = panel.model.index(0, 7).data()
    assert by == "Dana (from the CRM)"


def test_the_owner_filter_takes_an_owner_however_the_crm_spells_them(window):
    start = seconds("2026-10-05")
    spellings = ("Dana Reyes", "dana reyes", " Dana  Reyes ", "Dana Reyes")
    leads = tuple(
        Lead(f"lead-{n}", f"Lead {n}", owner=owner,
             path=(DealStep("stage-mql", "MQL", start + n * DAY, None),))
        for n, owner in enumerate(spellings)
    )  # fmt: skip
    window.apply_edit(PutEntities(Kind.LEAD, leads, label="Import 4 leads"))
    panel = _panel(window)
    choices = [panel.owner_choice.itemText(i) for i in range(panel.owner_choice.count())]
    assert choices == ["Any owner", "Dana Reyes"]
    panel.owner_choice.setCurrentIndex(1)
    assert panel.model.rowCount() == 4


def test_a_lead_is_listed_on_the_day_it_was_handed_over_where_the_team_is(window):
    """Handed over at 00:30 on 1 October in London, the sample's time zone (23:30 UTC on 30
    September): counted in Q4, it was listed on 30 September."""
    first_october = 1790811000  # 2026-09-30T23:30:00Z
    lead = Lead("lead-1", "Lead 1", path=(DealStep("stage-mql", "MQL", first_october, None),))
    window.apply_edit(PutEntities(Kind.LEAD, (lead,), label="Import 1 lead"))
    panel = _panel(window)
    column = [panel.model.headerData(c, Qt.Orientation.Horizontal) for c in range(9)].index(
        "Handed over"
    )
    assert panel.model.index(0, column).data() == "2026-10-01"


def _given_up(start: int) -> Lead:
    """Handed to sales at ``start``, called twice, sent to Nurture / could not reach three
    days later."""
    from journeyapp.models.entities import Touch

    path = (
        DealStep("stage-mql", "MQL", start - 2 * DAY, start),
        DealStep("stage-sql", "SQL", start, start + 3 * DAY),
        DealStep("stage-nurture", "Nurture / could not reach", start + 3 * DAY, None),
    )
    calls = (Touch(start + 3600, "call"), Touch(start + DAY, "call"))
    return Lead("lead-1", "Given up", path=path, touches=calls)


def test_the_list_shows_the_attempts_before_a_lead_was_given_up_on(window):
    """Handed to sales on 5 October, called twice, sent to Nurture / could not reach three days
    later: 2 of the 6 agreed attempts. A lead still with sales shows no contact process."""
    from journeyapp.models.entities import Touch
    from journeyapp.widgets.panels.handed_leads_model import CONTACT_COLUMN

    start = seconds("2026-10-05")
    given_up = _given_up(start)
    path = given_up.path
    later = Touch(start + 20 * DAY, "email")  # the activities imported go on past the stay
    waiting = Lead("lead-2", "Waiting", path=path[:2], touches=(later,))
    window.apply_edit(PutEntities(Kind.LEAD, (given_up, waiting), label="Import 2 leads"))
    panel = _panel(window)
    panel.show_choice.setCurrentIndex(panel.show_choice.findText("All handed over"))
    assert panel.model.headerData(CONTACT_COLUMN, Qt.Orientation.Horizontal) == "Contact process"
    assert not panel.table.isColumnHidden(CONTACT_COLUMN)
    shown = {
        panel.model.index(row, 0).data(): panel.model.index(row, CONTACT_COLUMN)
        for row in range(panel.model.rowCount())
    }
    assert shown["Given up"].data() == "2 of 6 attempts in 3 of 14 days: short"
    assert (
        shown["Given up"]
        .data(Qt.ItemDataRole.ToolTipRole)
        .startswith("Could not reach after 2 of 6 agreed attempts")
    )
    assert shown["Waiting"].data() == "—"
    table = panel.table
    heading = table.horizontalHeader().sectionSizeHint(CONTACT_COLUMN)
    others = sum(
        table.columnWidth(c)
        for c in range(panel.model.columnCount())
        if c != CONTACT_COLUMN and not table.isColumnHidden(c)
    )
    # Room for the other columns and a sliver more: the last one keeps its heading's width.
    table.setFixedWidth(others + heading // 2 + 2 * table.frameWidth())
    QApplication.processEvents()
    assert table.columnWidth(CONTACT_COLUMN) >= heading
    # Expansion → Discovery agrees no contact process: no column for one.
    panel.handoff_choice.setCurrentIndex(panel.handoff_choice.findData("ho-expansion-discovery"))
    assert panel.table.isColumnHidden(CONTACT_COLUMN)


def test_the_contact_process_is_measured_again_when_deals_bring_later_activities(window):
    """Until some touch is known past a lead's stay, its attempts cannot be judged; a deal
    imported with a later call makes them judgeable, and the list says so at once."""
    from journeyapp.models.entities import Deal, Touch
    from journeyapp.widgets.panels.handed_leads_model import CONTACT_COLUMN

    start = seconds("2026-10-05")
    lead = _given_up(start)
    window.apply_edit(PutEntities(Kind.LEAD, (lead,), label="Import 1 lead"))
    panel = _panel(window)
    panel.show_choice.setCurrentIndex(panel.show_choice.findText("All handed over"))
    assert panel.model.index(0, CONTACT_COLUMN).data() == "—"  # activities end during the stay
    later = Deal("d-later", "Later", touches=(Touch(start + 20 * DAY, "call"),))
    window.apply_edit(PutEntities(Kind.DEAL, (later,), label="Import 1 deal"))
    assert panel.model.index(0, CONTACT_COLUMN).data() == "2 of 6 attempts in 3 of 14 days: short"


def test_without_agreed_reasons_the_reason_field_itself_says_to_type_one(window):
    from journeyapp.widgets.panels.verdict_form import NO_LIST

    _handed_leads(window, 1)
    panel = _panel(window)
    reason = panel.form.reason
    assert reason.isEditable() and reason.lineEdit().placeholderText() == NO_LIST
    assert "handoff's inspector" in reason.toolTip()
    _agree_reasons(window)
    panel.set_playbook(window.document.playbook)
    assert not panel.form.reason.isEditable() and panel.form.reason.toolTip() == ""
