"""Replaying a deal on the canvas with the controls and keys, and capturing the retrospective."""

from __future__ import annotations

import re

from journeyapp.models.words import count
from journeyapp.widgets.canvas.replay_overlay import Badge
from journeyapp.widgets.panels.deal_figures_panel import HANDOFF_COLUMNS
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

CONTOSO = (
    "deal-sample-contoso"  # lost; goes back from Discovery to SQL, which the map has no path for
)


def _panel(window):
    window.panels.dock_deals.show()
    window.panels.dock_deals.raise_()
    panel = window.panels.deals
    panel.show_deal(CONTOSO)
    return panel


def _badges(panel):
    return [item.label.text() for item in panel.overlay.items() if isinstance(item, Badge)]


def test_stepping_moves_the_token_and_flags_the_move_the_map_has_no_path_for(window):
    panel = _panel(window)
    scene = window.scene
    deal = window.document.playbook.deals[CONTOSO]
    assert panel.overlay.token.isVisible()
    assert scene.card_rect(deal.path[0].stage).contains(panel.overlay.token.pos())
    panel.setFocus()
    QTest.keyClick(panel, Qt.Key.Key_PageDown)
    QTest.keyClick(panel, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert panel.step == 2 and panel.scrubber.value() == 2
    panel.scrubber.setValue(3)
    assert "The map has no path here" in panel.flags.text()
    assert "the map has no path here" in _badges(panel)
    QTest.keyClick(panel, Qt.Key.Key_PageUp)
    assert panel.step == 2 and "the map has no path here" not in _badges(panel)
    assert window.document.undo_stack.count() == 0  # replaying is not an edit


def test_playing_runs_to_the_end_and_says_how_the_deal_ended(window, qtbot):
    panel = _panel(window)
    panel.speed.setCurrentIndex(panel.speed.count() - 1)
    panel._timer.setInterval(20)
    panel.toggle_play()
    assert panel.play_button.text().startswith("⏸")
    qtbot.waitUntil(lambda: not panel._timer.isActive(), timeout=3000)
    assert panel.step == len(window.document.playbook.deals[CONTOSO].path) - 1
    assert "Lost at Opportunity: Proposal: Chose a competitor" in panel.ending.text()
    assert any("d / 14" in text for text in _badges(panel))


def test_notes_typed_at_a_step_belong_to_that_step_and_undo_as_one(window, qtbot):
    panel = _panel(window)
    playbook = window.document.playbook
    panel.go(1)
    assert "1" not in playbook.deals[CONTOSO].notes
    edit = panel.note_edits["differently"]
    edit.setFocus()
    qtbot.keyClicks(edit, "Ask for their route data")
    qtbot.wait(500)  # a pause in typing sends it
    qtbot.keyClicks(edit, " before the demo")
    panel.go(2)  # stepping on sends the rest to step 2, the step it was typed at
    assert (
        playbook.deals[CONTOSO].notes["1"].differently == "Ask for their route data before the demo"
    )
    assert edit.toPlainText() == playbook.deals[CONTOSO].notes["2"].differently
    window.action_undo.trigger()  # the visit to the field was one step
    assert "1" not in playbook.deals[CONTOSO].notes


def test_the_root_cause_is_kept_apart_from_the_stated_reason(window, qtbot):
    panel = _panel(window)
    stated = window.document.playbook.deals[CONTOSO].stated_reason
    assert stated == "Chose a competitor"
    panel.root_cause_edit.setFocus()
    panel.root_cause_edit.selectAll()
    qtbot.keyClicks(panel.root_cause_edit, "Discovery never used their data")
    panel.flush()
    deal = window.document.playbook.deals[CONTOSO]
    assert deal.root_cause == "Discovery never used their data"
    assert deal.stated_reason == stated
    assert panel.stated_reason.text() == "Chose a competitor"


def test_a_note_is_promoted_to_an_improvement_and_to_methodology(window, qtbot, monkeypatch):
    panel = _panel(window)
    playbook = window.document.playbook
    panel.go(2)
    panel.note_edits["differently"].setPlainText("Run discovery on their data")
    monkeypatch.setattr(panel, "ask_text", lambda *args: "Data-led discovery")
    count = len(playbook.improvements)
    panel.promote_to_improvement()
    assert len(playbook.improvements) == count + 1
    improvement = list(playbook.improvements)[-1]
    assert (improvement.title, improvement.source_deal) == ("Data-led discovery", CONTOSO)
    stage = playbook.deals[CONTOSO].path[2].stage
    activity = playbook.activities_of(stage)[0]
    monkeypatch.setattr(panel, "ask_choice", lambda *args: activity.name)
    panel.promote_to_methodology()
    assert "Run discovery on their data" in playbook.activities[activity.id].methodology
    window.action_undo.trigger()
    assert "Run discovery on their data" not in playbook.activities[activity.id].methodology


def test_improvements_list_their_status_and_badge_the_stage_they_change(window, monkeypatch):
    from journeyapp.models.entities import ImprovementStatus
    from journeyapp.widgets.panels.improvements_panel import STATUS_COLUMN

    panel = window.panels.improvements
    playbook = window.document.playbook
    improvement = next(iter(playbook.improvements))
    card = window.scene.stage_items[improvement.target]
    assert improvement.title in card.data_shown.improvements
    row = 0
    assert panel.table.item(row, 0).text() == improvement.title
    panel.table.cellWidget(row, STATUS_COLUMN).setCurrentIndex(
        list(ImprovementStatus).index(ImprovementStatus.KEPT)
    )
    assert playbook.improvements[improvement.id].status is ImprovementStatus.KEPT
    assert improvement.title not in card.data_shown.improvements  # decided: no longer on trial
    window.action_undo.trigger()
    assert improvement.title in window.scene.stage_items[improvement.target].data_shown.improvements
    sql = next(s for s in playbook.stages() if s.name == "SQL")
    window.scene.select_stage(sql.id)
    monkeypatch.setattr(panel, "ask_text", lambda *args: "Call within the hour")
    panel.add_improvement()
    added = list(playbook.improvements)[-1]
    assert (added.title, added.target) == ("Call within the hour", sql.id)
    assert "Call within the hour" in window.scene.stage_items[sql.id].data_shown.improvements


def test_the_deal_list_filters_by_outcome(window):
    panel = _panel(window)
    playbook = window.document.playbook
    panel.outcome_filter.setCurrentIndex(panel.outcome_filter.findText("Won"))
    shown = [
        panel.deal_list.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(panel.deal_list.count())
    ]
    assert shown and all(playbook.deals[d].outcome.value == "won" for d in shown)


def test_figures_follow_the_filters_and_lay_a_heat_overlay_on_the_map(window, messages):
    from journeyapp.models.deal_stats import stage_figures
    from journeyapp.models.entities import DealOutcome

    panel = window.panels.figures
    playbook = window.document.playbook
    panel.outcome_boxes[DealOutcome.WON].setChecked(False)
    lost = [d for d in playbook.deals if d.outcome is DealOutcome.LOST]
    assert panel.summary.text().startswith(f"{count(len(lost), 'deal')}: 0 won, {len(lost)} lost")
    expected = stage_figures(playbook, lost)
    proposal = next(s for s in playbook.stages() if s.name == "Opportunity: Proposal")
    row = next(
        r
        for r in range(panel.stage_table.rowCount())
        if panel.stage_table.item(r, 0).text() == proposal.name
    )
    assert panel.stage_table.item(row, 3).text() == str(expected[proposal.id].lost_here)
    assert panel.heat.items() == []
    panel.heat_box.setChecked(True)
    assert len(panel.heat.items()) == 2 * sum(1 for f in expected.values() if f.entered)
    panel.owner.setCurrentText("Priya Shah")
    assert panel.summary.text().startswith(
        count(sum(d.owner == "Priya Shah" for d in lost), "deal") + ":"
    )
    panel.since.setText("someday")
    panel.refresh()
    assert "2026-01-31" in messages[-1]
    panel.heat_box.setChecked(False)
    assert panel.heat.items() == []


def test_the_buying_team_and_the_buyers_words_are_edited_on_the_deal(window, qtbot):
    from journeyapp.models.entities import BuyingRole

    panel = _panel(window)
    deal = window.document.playbook.deals[CONTOSO]
    team = panel.buying_team
    assert team.table.rowCount() == len(deal.buying_team)
    team.table.cellWidget(0, 1).setCurrentIndex(list(BuyingRole).index(BuyingRole.USER))
    assert window.document.playbook.deals[CONTOSO].buying_team[0].role is BuyingRole.USER
    team.table.item(0, 0).setText("")
    assert window.document.playbook.deals[CONTOSO].buying_team[0].name  # an empty name is refused
    panel.deal_words_edit.setFocus()
    panel.deal_words_edit.selectAll()
    qtbot.keyClicks(panel.deal_words_edit, "Show us our own routes")
    panel.flush()
    assert window.document.playbook.deals[CONTOSO].buyer_words == "Show us our own routes"


def test_a_step_back_is_drawn_on_the_map(window):
    from journeyapp.models.change import Kind
    from journeyapp.models.entities import DealStep
    from journeyapp.models.operations import set_fields

    panel = _panel(window)
    playbook = window.document.playbook
    deal = playbook.deals["deal-sample-northwind"]
    # Lost, then recycled to nurture: back along the map's own recycle path.
    lost = deal.path[-1]
    nurture = next(s for s in playbook.stages() if s.name.startswith("Nurture"))
    path = [*deal.path[:-1], lost._replace(exited=lost.entered + 86400)]
    path.append(DealStep(nurture.id, "Nurture", lost.entered + 86400, None))
    window.apply_edit(set_fields(playbook, Kind.DEAL, deal.id, path=path))
    panel.show_deal(deal.id)
    panel.go(len(path) - 1)
    assert "back" in _badges(panel)
    assert "A step back in the journey." in panel.flags.text()


def test_won_and_lost_deals_side_by_side_per_stage(window):
    panel = window.panels.figures
    header = [
        panel.stage_table.horizontalHeaderItem(c).text()
        for c in range(panel.stage_table.columnCount())
    ]
    won_col, lost_col = header.index("Reached by won deals"), header.index("Reached by lost deals")
    rows = {panel.stage_table.item(r, 0).text(): r for r in range(panel.stage_table.rowCount())}
    negotiation = rows["Opportunity: Negotiation"]
    deals = list(window.document.playbook.deals)

    def share_reaching(outcome: str) -> str:
        closed = [d for d in deals if d.outcome == outcome]
        there = [d for d in closed if "stage-negotiation" in {s.stage for s in d.path}]
        assert 0 < len(there) < len(closed)  # the sample has deals on both sides
        return f"{len(there) / len(closed):.0%}"

    assert panel.stage_table.item(negotiation, won_col).text() == share_reaching("won")
    assert panel.stage_table.item(negotiation, lost_col).text() == share_reaching("lost")


def test_the_deal_figures_say_what_their_numbers_are(window):
    """ "Won deals here" and "Lost deals here" showed 100 % beside "Lost here", and the summary
    read "100% more of the won deals moved on from there"."""
    panel = window.panels.figures
    header = panel.stage_table.horizontalHeader()
    titles = [panel.stage_table.horizontalHeaderItem(c).text() for c in range(header.count())]
    assert "Won deals here" not in titles and "Lost deals here" not in titles
    reached = panel.stage_table.horizontalHeaderItem(titles.index("Reached by lost deals"))
    assert reached.toolTip() == "The share of the lost deals that were ever in the stage"
    # A handoff's conversion is counted as the Funnel counts it, and the top comes from leads.
    handoffs = panel.handoff_table
    conversion = handoffs.horizontalHeaderItem(HANDOFF_COLUMNS.index("Conversion")).toolTip()
    assert "as the Funnel counts" in conversion and "from leads" in conversion
    said = panel.parting.text()
    assert "more of the won deals" not in said
    match = re.fullmatch(
        r"Won and lost deals part at (.+): (\d+)% of the won deals moved on from there to a "
        r"next stage, against (\d+)% of the lost ones\.",
        said,
    )
    assert match is not None, said
    assert int(match[2]) > int(match[3])


TAILSPIN = "deal-sample-tailspin"  # won; its first touches are recorded


def test_the_replay_shows_the_sla_on_first_touch_and_no_breach_without_touches(window):
    """The sample's Tailspin deal was marked "SLA breached" on reaching Discovery though its
    SQL stage was on time; the SLA is now measured on first touch, in working hours."""
    panel = _panel(window)
    panel.scrubber.setValue(panel.scrubber.maximum())
    texts = _badges(panel)
    assert not any("breach" in text or "touch" in text for text in texts)  # Contoso: no touches
    panel.scrubber.setValue(1)  # Contoso into SQL, three days there, no touch recorded
    assert panel.sla_line.text().startswith("Time to move on: 3 days")
    assert "breach" not in panel.sla_line.text() and "breach" not in panel.flags.text()

    panel.show_deal(TAILSPIN)
    panel.scrubber.setValue(2)  # into SQL over MQL → SQL, 24-hour SLA
    assert panel.sla_line.text() == "First touch (call) in 3 working h of 24 h."
    assert "first touch 3 h / 24 h" in _badges(panel)
    panel.scrubber.setValue(panel.scrubber.maximum())
    texts = _badges(panel)
    assert "first touch 5 h / 48 h" in texts and not any("breach" in t for t in texts)


def test_the_step_keys_work_from_the_map_and_the_map_follows_the_token(window, qtbot):
    """A clicker's PageDown with the map in focus steps the replay, and the map scrolls to
    show the card the token stands on."""
    window.resize(1280, 720)
    panel = _panel(window)
    canvas = window.canvas
    canvas.set_zoom(1.5)
    window.activateWindow()
    canvas.setFocus()
    qtbot.waitUntil(canvas.hasFocus)
    deal = window.document.playbook.deals[CONTOSO]
    for step in range(1, len(deal.path)):
        QTest.keyClick(canvas, Qt.Key.Key_PageDown)
        assert panel.step == step
        shown = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
        assert shown.contains(panel.overlay.token.pos()), step
    QTest.keyClick(canvas, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert panel.step == len(deal.path) - 2
    window.panels.dock_deals.hide()  # no replay on show: the keys are the map's again
    QTest.keyClick(canvas, Qt.Key.Key_PageDown)
    assert panel.step == len(deal.path) - 2


def test_at_1280_by_720_the_figures_show_their_numbers_split_or_not(window, qtbot):
    """The panel as it opens under the map of a 1280×720 window (880 × 230): rows of
    numbers, not one and a half; the split's stage names on two lines in their headers, not
    widening every column."""
    from journeyapp.widgets.panels.deal_figures_panel import DealFiguresPanel

    panel = DealFiguresPanel(window.scene)
    qtbot.addWidget(panel)
    panel.set_playbook(window.document.playbook)
    panel.resize(880, 230)
    panel.show()
    qtbot.waitExposed(panel)

    def rows_shown(table) -> int:
        height = table.viewport().height()
        return sum(
            1
            for row in range(table.rowCount())
            if table.rowViewportPosition(row) + table.rowHeight(row) <= height
        )

    assert rows_shown(panel.stage_table) >= 4
    panel.split_box.setChecked(True)
    for tab, table in enumerate((panel.source_conversion_table, panel.source_days_table)):
        panel.split_tabs.setCurrentIndex(tab)
        qtbot.wait(10)
        assert rows_shown(table) >= 3, table.accessibleName()
        header = table.horizontalHeader()
        widest = max(header.sectionSize(c) for c in range(1, header.count() - 1))
        assert widest <= 140, table.accessibleName()


def test_a_clicker_s_right_and_left_step_the_replay_but_not_in_a_note(window, qtbot):
    panel = _panel(window)
    canvas = window.canvas
    window.activateWindow()
    canvas.setFocus()
    qtbot.waitUntil(canvas.hasFocus)
    stages = {s.id: s.x for s in window.document.playbook.stages()}
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    assert panel.step == 2
    QTest.keyClick(canvas, Qt.Key.Key_Left)
    assert panel.step == 1
    assert {s.id: s.x for s in window.document.playbook.stages()} == stages  # no card moved
    note = panel.note_edits["did"]
    note.setFocus()
    qtbot.waitUntil(note.hasFocus)
    QTest.keyClick(note, Qt.Key.Key_Right)
    assert panel.step == 1


def test_under_a_1280_by_720_map_the_replay_s_sentences_scroll_into_view_whole(window, qtbot):
    from PySide6.QtWidgets import QScrollArea

    window.resize(1280, 720)
    panel = _panel(window)
    panel.resize(880, 230)
    panel.go(3)
    line = panel.sla_line
    area = next(a for a in panel.findChildren(QScrollArea) if a.widget().isAncestorOf(line))
    assert area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    area.ensureWidgetVisible(line)
    shown = area.viewport().rect()
    top_left = line.mapTo(area.viewport(), line.rect().topLeft())
    assert shown.contains(top_left) and top_left.y() + line.height() <= shown.height() + 1
