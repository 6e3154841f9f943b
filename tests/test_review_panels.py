"""The quarterly review on screen: snapshots saved, opened and restored (undoably), the diff
listed and laid on the map, stale stages marked, and the funnel worked back."""

from __future__ import annotations

import datetime

from journeyapp.models import operations
from journeyapp.models.change import Kind
from journeyapp.widgets.canvas.diff_overlay import MARK_COLOURS
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette


def stage_named(window, name):
    return next(s for s in window.document.playbook.stages() if s.name == name)


def test_save_compare_and_see_the_changes_on_the_map(window):
    review = window.panels.review
    review.save("2026 Q3")
    assert [s.name for s in window.document.playbook.snapshots] == ["2026 Q3"]
    assert review.snapshot_list.count() == 1
    playbook = window.document.playbook
    mql, lead = stage_named(window, "MQL"), stage_named(window, "Lead")
    window.apply_edit(operations.set_fields(playbook, Kind.STAGE, mql.id, name="Hot lead"))
    add = operations.add_stage(playbook, "Webinar", lead.phase, lead.lane, x=24, y=320)
    window.apply_edit(add)
    window.apply_edit(operations.remove_many(playbook, [stage_named(window, "Won").id]))
    review.compare_to.setCurrentIndex(review.compare_to.findData("now"))
    review.compare()
    summaries = [review.change_list.item(n).text() for n in range(review.change_list.count())]
    assert "Renamed stage “MQL” to “Hot lead”." in summaries
    assert "Added stage “Webinar”." in summaries and "Removed stage “Won”." in summaries
    marks = window.diff_overlay.marks
    assert marks[mql.id] == "changed" and marks[add.entity.id] == "added"
    assert marks[stage_named_in(review._old, "Won")] == "removed"
    colours = {
        item.pen().color().name() for item in window.diff_overlay.items() if hasattr(item, "pen")
    }
    assert {c.name() for c in MARK_COLOURS.values()} <= colours
    # Choosing a change selects what it is about.
    row = summaries.index("Renamed stage “MQL” to “Hot lead”.")
    review.change_list.setCurrentRow(row)
    assert window.scene.selected_stage_ids() == [mql.id]
    review.on_map.setChecked(False)
    assert window.diff_overlay.items() == []


def stage_named_in(playbook, name):
    return next(s.id for s in playbook.stages() if s.name == name)


def test_a_comparison_with_now_follows_later_edits(window):
    review = window.panels.review
    review.save("Before")
    review.compare_to.setCurrentIndex(review.compare_to.findData("now"))
    review.compare()
    assert review.change_list.item(0).text() == "No changes."
    sql = stage_named(window, "SQL")
    window.apply_edit(
        operations.set_fields(window.document.playbook, Kind.STAGE, sql.id, description="New.")
    )
    assert review.change_list.item(0).text().startswith("Changed the definition of stage “SQL”")
    assert window.diff_overlay.marks == {sql.id: "changed"}


def test_a_changed_sla_shows_its_old_and_new_value_in_the_list(window):
    """The list showed values for text fields alone: "Changed the SLA of handoff …" without
    saying from what to what, which the command line and the web page both say."""
    review = window.panels.review
    review.save("Before")
    playbook = window.document.playbook
    handoff = next(h for h in playbook.handoffs() if h.sla_hours)
    was = handoff.sla_hours
    window.apply_edit(operations.set_fields(playbook, Kind.HANDOFF, handoff.id, sla_hours=was + 6))
    review.compare_to.setCurrentIndex(review.compare_to.findData("now"))
    review.compare()
    text = review.change_list.item(0).text()
    assert f"SLA: {was:g} h → {was + 6:g} h" in text


def test_restoring_a_snapshot_is_one_undo_step(window):
    review = window.panels.review
    review.save("Agreed")
    playbook = window.document.playbook
    mql = stage_named(window, "MQL")
    window.apply_edit(operations.set_fields(playbook, Kind.STAGE, mql.id, name="Hot lead"))
    window.apply_edit(operations.remove_many(playbook, [stage_named(window, "Lost").id]))
    stack = window.document.undo_stack
    steps = stack.count()
    review.restore(playbook.snapshots.ids()[0])
    assert stack.count() == steps + 1 and stack.undoText().startswith("Restore snapshot")
    assert playbook.stage(mql.id).name == "MQL"
    assert "Lost" in {s.name for s in playbook.stages()}
    assert "Lost" in {item.data_shown.name for item in window.scene.stage_items.values()}
    stack.undo()
    assert playbook.stage(mql.id).name == "Hot lead"
    assert "Lost" not in {s.name for s in playbook.stages()}


def test_a_snapshot_opens_read_only_in_its_own_window(window, qtbot):
    review = window.panels.review
    review.save("2026 Q3")
    mql = stage_named(window, "MQL")
    window.apply_edit(
        operations.set_fields(window.document.playbook, Kind.STAGE, mql.id, name="Hot lead")
    )
    review.snapshot_list.setCurrentRow(0)
    review._open()
    (viewer,) = window.snapshot_viewers
    qtbot.waitExposed(viewer)
    assert "read-only" in viewer.windowTitle()
    assert viewer.scene.stage_items[mql.id].data_shown.name == "MQL"
    assert viewer.canvas.read_only
    viewer.canvas.nudge(40, 0)
    viewer.close()


def test_stale_stages_are_marked_on_their_cards_until_reviewed(window, monkeypatch):
    later = datetime.date(2027, 3, 1)
    monkeypatch.setattr(window.scene, "today", lambda: later)
    playbook = window.document.playbook
    window.scene.set_playbook(playbook, window.document.problems())
    window.panels.review.set_playbook(playbook)
    lead = stage_named(window, "Lead")
    item = window.scene.stage_items[lead.id]
    assert item.data_shown.stale.startswith("last reviewed 137 days ago")
    review = window.panels.review
    names = [review.stale_list.item(n).text() for n in range(review.stale_list.count())]
    assert any(name.startswith("Lead — last reviewed 137 days ago") for name in names)
    review.mark_reviewed(lead.id, "Maya Lindqvist")
    assert playbook.stage(lead.id).last_reviewed == "2027-03-01"
    assert window.scene.stage_items[lead.id].data_shown.stale == ""
    names = [review.stale_list.item(n).text() for n in range(review.stale_list.count())]
    assert not any(name.startswith("Lead —") for name in names)


def test_review_dates_in_the_future_or_unreadable_are_marked_and_listed_in_words(window):
    today = datetime.date(2026, 12, 2)
    window.scene.today = window.panels.review.today = lambda: today
    document = window.document
    written = {"MQL": "2027-06-01", "SQL": "01/09/2026"}
    for name, date in written.items():
        stage = stage_named(window, name)
        edit = operations.set_fields(document.playbook, Kind.STAGE, stage.id, last_reviewed=date)
        document.apply(edit)
    playbook = document.playbook
    window.scene.set_playbook(playbook, document.problems())
    review = window.panels.review
    review.set_playbook(playbook)
    listed = [review.stale_list.item(n).text() for n in range(review.stale_list.count())]
    for name, date in written.items():
        stage = stage_named(window, name)
        tip = window.scene.stage_items[stage.id].data_shown.stale
        assert date in tip and "never" not in tip and "days ago" not in tip
        (line,) = [line for line in listed if line.startswith(f"{name} — ")]
        assert line == f"{name} — {tip}"
    review.mark_reviewed(stage_named(window, "MQL").id, "Maya Lindqvist")
    assert window.scene.stage_items[stage_named(window, "MQL").id].data_shown.stale == ""


def test_the_funnel_view_works_the_target_back_and_says_what_its_rates_rest_on(window):
    funnel = window.panels.funnel
    funnel.target.setText("1.2M")
    funnel.deal_size.setText("30k")
    funnel.period.setText("2026-Q4")
    funnel.calculate()
    table = funnel.table
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    assert table.item(rows["Won"], 1).text() == "40"
    assert "No leads or deals started in 2026-Q4" in funnel.summary.text()
    assert table.item(rows["SQL"], 6).text() == "—"  # nothing borrowed from other quarters
    funnel.rates_from.setText("2026-Q1")
    funnel.calculate()
    sql, mql = table.item(rows["SQL"], 6), table.item(rows["MQL"], 6)
    assert table.item(rows["SQL"], 8).text() == "6 (few)"
    muted = funnel.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    assert sql.foreground().color() == muted and "Only 6 records" in sql.toolTip()
    assert mql.text() == "no lead data"  # the sample's deals all went on from MQL
    assert not [r for r in range(table.rowCount()) if table.item(r, 0).font().bold()]
    assert "No gap is proven yet" in funnel.summary.text()
    table.selectRow(rows["MQL"])
    assert window.scene.selected_stage_ids() == [stage_named(window, "MQL").id]
    messages = []
    funnel.refused.connect(messages.append)
    funnel.target.setText("lots")
    funnel.calculate()
    assert messages and "not an amount" in messages[0]
    assert table.rowCount() == len(funnel.result.steps)  # the last good answer stays


def test_changing_a_target_rate_updates_the_funnel(window):
    funnel = window.panels.funnel
    funnel.target.setText("1200000")
    funnel.deal_size.setText("30000")
    funnel.calculate()
    before = funnel.result.steps[0].needed
    playbook = window.document.playbook
    first = funnel.result.steps[0].handoff_id
    rate = playbook.handoff(first).target_conversion
    window.apply_edit(
        operations.set_fields(playbook, Kind.HANDOFF, first, target_conversion=rate * 2)
    )
    assert funnel.result.steps[0].needed == pytest_approx_half(before)


def pytest_approx_half(value):
    import pytest

    return pytest.approx(value / 2, abs=1)


def test_the_review_and_funnel_docks_are_in_the_view_menu(window):
    names = {a.objectName() for a in window.findChildren(type(window.action_find))}
    assert {"action_toggle_review", "action_toggle_funnel"} <= names
    assert window.panels.dock_review.widget().widget() is window.panels.review
    assert Qt.DockWidgetArea.BottomDockWidgetArea == window.dockWidgetArea(
        window.panels.dock_review
    )


def test_the_parking_lot_ranks_votes_and_turns_notes_into_improvements(window):
    from journeyapp.models import parking_lot

    playbook = window.document.playbook
    mql = stage_named(window, "MQL")
    for text in ("Shorter first call", "Call within the hour"):
        window.apply_edit(parking_lot.add_note(playbook, text, mql.id, "2026-11-23T10:00:00"))
    lot = window.panels.parking_lot
    lot.ideas.setCurrentRow(1)  # "Call within the hour", no votes yet
    lot.vote(1)
    lot.vote(1)
    assert lot.ideas.item(0).text() == "2 · Note: Call within the hour — MQL"
    assert window.document.undo_stack.undoText() == "Votes for “Call within the hour”"
    lot.ideas.setCurrentRow(0)
    lot.to_improvement()
    made = list(playbook.improvements)[-1]
    assert (made.title, made.votes, made.target) == ("Call within the hour", 2, mql.id)
    texts = [lot.ideas.item(n).text() for n in range(lot.ideas.count())]
    assert "2 · Improvement: Call within the hour" in texts
    activity = playbook.activities_of(mql.id)[0]
    note = next(n.id for n in playbook.notes if n.text == "Shorter first call")
    lot.to_methodology(note, activity.id)
    assert playbook.activities[activity.id].methodology.endswith("- Shorter first call")
    assert len(playbook.notes) == 0
