"""Typing into the stage and handoff inspectors edits the model, one undo step per field visit."""

from __future__ import annotations

from journeyapp.models import operations
from journeyapp.models.change import Kind
from journeyapp.models.entities import HandoffKind, Raci
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel


def _stage(window, name):
    stage = next(s for s in window.document.playbook.stages() if s.name == name)
    window.scene.select_stage(stage.id)
    return stage


def _type_into(qtbot, widget, text):
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def test_typing_a_description_is_one_undo_step_even_across_pauses(window, qtbot):
    stage = _stage(window, "MQL")
    inspector, stack = window.inspector, window.document.undo_stack
    edit = inspector.description_edit
    edit.setFocus()
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    before, steps = stage.description, stack.count()
    qtbot.keyClicks(edit, " Scored")
    # Sent once typing pauses, while the user is still in the field.
    qtbot.waitUntil(
        lambda: window.document.playbook.stage(stage.id).description == before + " Scored"
    )
    qtbot.keyClicks(edit, " weekly.")
    window.canvas.setFocus()  # leaving the field sends the rest
    assert window.document.playbook.stage(stage.id).description == before + " Scored weekly."
    assert stack.count() == steps + 1
    window.action_undo.trigger()
    assert window.document.playbook.stage(stage.id).description == before
    assert edit.toPlainText() == before


def test_pasted_rich_text_is_stored_as_plain_text(window, qtbot):
    stage = _stage(window, "Lead")
    edit = window.inspector.text_edits["buyer_goal"]
    edit.setFocus()
    edit.selectAll()
    data = QMimeData()
    data.setHtml("<b>Compare</b> <img src='/etc/passwd'> vendors")
    data.setText("Compare vendors")
    edit.insertFromMimeData(data)
    window.canvas.setFocus()
    assert window.document.playbook.stage(stage.id).buyer_goal == "Compare vendors"


def test_expected_days_refuses_words_and_out_of_range_numbers(window, qtbot, messages):
    stage = _stage(window, "SQL")
    before = stage.expected_days
    assert before is not None
    days = window.inspector.days_edit
    for typed, message in (("two weeks", "whole number"), ("5000", "between 0 and")):
        days.selectAll()
        _type_into(qtbot, days, typed)
        qtbot.keyClick(days, Qt.Key.Key_Return)
        assert message in messages[-1]
        assert window.document.playbook.stage(stage.id).expected_days == before
        assert days.text() == str(before)
    days.selectAll()
    _type_into(qtbot, days, "12")
    qtbot.keyClick(days, Qt.Key.Key_Return)
    assert window.document.playbook.stage(stage.id).expected_days == 12


def test_choosing_another_team_moves_the_stage_to_that_lane(window):
    stage = _stage(window, "MQL")
    marketing = stage.lane
    team = window.inspector.team_choice
    sales = next(lane for lane in window.document.playbook.lanes if lane.name == "Sales")
    assert marketing != sales.id
    team.setCurrentIndex(team.findData(sales.id))
    assert window.document.playbook.stage(stage.id).lane == sales.id
    window.action_undo.trigger()
    assert window.document.playbook.stage(stage.id).lane == marketing
    assert team.currentData() == marketing


def test_mark_reviewed_records_the_name_and_today(window, monkeypatch):
    stage = _stage(window, "MQL")
    inspector = window.inspector
    monkeypatch.setattr(inspector, "ask_text", lambda *args: "Robin Diaz")
    inspector.today = lambda: "2026-11-23"
    inspector.review_button.click()
    reviewed = window.document.playbook.stage(stage.id)
    assert (reviewed.last_reviewed, reviewed.last_reviewed_by) == ("2026-11-23", "Robin Diaz")
    assert "Robin Diaz" in inspector.reviewed_label.text()


def test_activities_are_added_renamed_reordered_and_given_a_methodology(window, qtbot):
    stage = _stage(window, "SQL")
    playbook = window.document.playbook
    editor = window.inspector.activities
    count = len(playbook.activities_of(stage.id))
    editor.findChild(type(window.inspector.review_button), "activity_add").click()
    added = playbook.activities_of(stage.id)[-1]
    assert len(playbook.activities_of(stage.id)) == count + 1
    item = editor.activity_list.currentItem()
    item.setText("Send the recap")
    assert playbook.activities[added.id].name == "Send the recap"
    editor.activity_list.setFocus()
    QTest.keyClick(editor.activity_list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [a.id for a in playbook.activities_of(stage.id)].index(added.id) == count - 1
    methodology = "• Ask what success looks like\n" + "x" * 10_000
    editor.methodology_edit.setFocus()
    editor.methodology_edit.insertPlainText(methodology)
    window.canvas.setFocus()
    assert playbook.activities[added.id].methodology == methodology


def test_a_long_activity_name_never_widens_the_inspector_past_its_column(window, qtbot):
    """At 1280×720 the inspector's column is 390 px wide: the methodology box kept the
    activity's name in its title, which cannot wrap, and the column scrolled sideways."""
    stage = _stage(window, "SQL")
    editor = window.inspector.activities
    activity = window.document.playbook.activities_of(stage.id)[0]
    window.apply_edit(
        operations.rename(
            window.document.playbook,
            Kind.ACTIVITY,
            activity.id,
            "First call with the buying committee and a BANT qualification",
        )
    )
    editor.activity_list.setCurrentRow(0)
    assert editor.minimumSizeHint().width() <= 370  # the column's 390, less its scroll bar
    assert "buying committee" in editor.methodology_box.findChild(QLabel, "methodology_of").text()


def test_enter_after_a_bullet_starts_the_next_bullet(window, qtbot):
    _stage(window, "SQL")
    edit = window.inspector.activities.methodology_edit
    edit.setFocus()
    edit.selectAll()
    edit.insertPlainText("• Open with their words")  # QTest cannot type the bullet itself
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.keyClicks(edit, "Agree the next step")
    assert edit.toPlainText().endswith("• Open with their words\n• Agree the next step")


def _cross_team_handoff(window):
    playbook = window.document.playbook
    handoff = next(
        h for h in playbook.handoffs() if h.kind is HandoffKind.CROSS_TEAM and h.sla_hours
    )
    window.scene.select_handoff(handoff.id)
    return handoff


def test_the_handoff_inspector_reads_slas_and_refuses_bad_values(window, qtbot, messages):
    handoff = _cross_team_handoff(window)
    inspector = window.handoff_inspector
    assert window.panels.inspectors.currentWidget() is inspector
    playbook = window.document.playbook
    for field, typed, wanted in (
        (inspector.sla_edit, "2d", ("sla_hours", 48)),
        (inspector.conversion_edit, "35%", ("target_conversion", 0.35)),
        (inspector.threshold_edit, "70", ("score_threshold", 70)),
    ):
        field.selectAll()
        _type_into(qtbot, field, typed)
        qtbot.keyClick(field, Qt.Key.Key_Return)
        assert getattr(playbook.handoff(handoff.id), wanted[0]) == wanted[1]
    for field, typed, message in (
        (inspector.sla_edit, "soon", "number of hours"),
        (inspector.conversion_edit, "120%", "between 0% and 100%"),
        (inspector.threshold_edit, "-5", "between 0 and"),
        (inspector.attempts_edit, "many", "whole number"),
    ):
        before = playbook.handoff(handoff.id)
        field.selectAll()
        _type_into(qtbot, field, typed)
        qtbot.keyClick(field, Qt.Key.Key_Return)
        assert message in messages[-1]
        assert playbook.handoff(handoff.id) == before
        assert field.text() != typed


def test_using_bant_again_changes_nothing_and_adds_no_undo_step(window):
    handoff = _cross_team_handoff(window)
    inspector, stack = window.handoff_inspector, window.document.undo_stack
    inspector.bant_button.click()
    assert window.document.playbook.handoff(handoff.id).qualification == tuple(operations.BANT)
    steps = stack.count()
    inspector.bant_button.click()  # already the checklist: nothing to change
    assert stack.count() == steps


def test_changing_the_recycle_target_draws_the_recycle_arrow(window):
    handoff = _cross_team_handoff(window)
    playbook = window.document.playbook
    candidates = [
        s
        for s in playbook.stages()
        if s.id not in (handoff.target, handoff.recycle_to)
        and playbook.handoff_between(handoff.target, s.id) is None
    ]
    choice = window.handoff_inspector.recycle_choice
    choice.setCurrentIndex(choice.findData(candidates[0].id))
    assert playbook.handoff(handoff.id).recycle_to == candidates[0].id
    arrow = window.scene.recycle_items[handoff.id]
    assert arrow.path.pointAtPercent(1.0) != arrow.path.pointAtPercent(0.0)
    assert arrow.data_shown.kind is HandoffKind.RECYCLE
    choice.setCurrentIndex(choice.findData(None))
    assert handoff.id not in window.scene.recycle_items


def test_clicking_a_problem_selects_what_it_is_about(window, qtbot):
    playbook = window.document.playbook
    activity = next(a for a in playbook.activities if Raci.A in a.raci.values())
    accountable = next(r for r, v in activity.raci.items() if v is Raci.A)
    window.apply_edit(operations.set_raci(playbook, activity.id, accountable, None))
    handoff = next(h for h in playbook.handoffs() if h.kind is HandoffKind.CROSS_TEAM)
    window.apply_edit(operations.set_fields(playbook, Kind.HANDOFF, handoff.id, trigger=""))
    qtbot.waitUntil(lambda: len(window.panels.problems.problems or []) >= 2)
    panel = window.panels.problems
    rows = {panel.problems[i].id: i for i in range(len(panel.problems))}

    panel.problem_list.itemClicked.emit(panel.problem_list.item(rows[activity.id]))
    assert window.canvas.selected_stage_ids() == [activity.stage]
    assert window.inspector.activities.current_activity_id() == activity.id

    panel.problem_list.itemClicked.emit(panel.problem_list.item(rows[handoff.id]))
    assert window.scene.selected_handoff_ids() == [handoff.id]
    assert window.panels.inspectors.currentWidget() is window.handoff_inspector
    assert "error" in window.problem_label.text()


def test_an_unsigned_definition_badges_the_map_and_its_problem_opens_the_glossary(window, qtbot):
    from journeyapp.models import glossary

    playbook = window.document.playbook
    mql = next(d for d in playbook.definitions if d.term == "MQL")
    window.apply_edit(glossary.set_wording(playbook, mql.id, text="Any lead with a score."))
    panel = window.panels.problems
    qtbot.waitUntil(lambda: any(p.id == mql.id for p in panel.problems or []))
    relying = {h.target for h in playbook.handoffs() if h.definition == mql.id}
    for stage_id in relying:
        assert any("MQL" in text for text in window.scene.stage_items[stage_id].data_shown.problems)
    row = next(i for i, p in enumerate(panel.problems) if p.id == mql.id)
    panel.problem_list.itemClicked.emit(panel.problem_list.item(row))
    assert window.panels.glossary.definition_id == mql.id
    assert window.panels.dock_glossary.isVisible()  # its tab is brought to the front


def test_typing_not_yet_sent_goes_to_the_activity_it_was_typed_for(window, qtbot):
    stage = _stage(window, "SQL")
    playbook = window.document.playbook
    editor = window.inspector.activities
    activity_id = editor.current_activity_id()
    editor.methodology_edit.setPlainText("Open with the trigger they acted on.")
    _stage(window, "MQL")  # another stage before the typing pause
    assert playbook.activities[activity_id].methodology == "Open with the trigger they acted on."
    assert playbook.activities[activity_id].stage == stage.id
    other = window.inspector.activities.current_activity_id()
    editor.methodology_edit.setPlainText("Check the score reasons.")
    window.panels.flush()  # what closing the window does first
    assert playbook.activities[other].methodology == "Check the score reasons."


def test_dragging_an_activity_down_the_list_reorders_the_process(window, qtbot):
    from PySide6.QtCore import QModelIndex

    stage = _stage(window, "SQL")
    playbook = window.document.playbook
    first, second = [a.id for a in playbook.activities_of(stage.id)][:2]
    model = window.inspector.activities.activity_list.model()
    assert model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 2)  # what a drop does
    qtbot.waitUntil(lambda: [a.id for a in playbook.activities_of(stage.id)][:2] == [second, first])
    window.action_undo.trigger()
    assert [a.id for a in playbook.activities_of(stage.id)][:2] == [first, second]


def test_choosing_a_kind_stores_the_kind_itself(window):
    from journeyapp.models.entities import StageKind

    stage = _stage(window, "Disqualified")
    choice = window.inspector.kind_choice
    choice.setCurrentIndex(choice.findData(StageKind.LOST))
    assert window.document.playbook.stage(stage.id).kind is StageKind.LOST
    handoff = _cross_team_handoff(window)
    kinds = window.handoff_inspector.kind_choice
    kinds.setCurrentIndex(kinds.findData(HandoffKind.PROGRESSION))
    assert window.document.playbook.handoff(handoff.id).kind is HandoffKind.PROGRESSION
    assert window.scene.handoff_items[handoff.id].data_shown.kind is HandoffKind.PROGRESSION
