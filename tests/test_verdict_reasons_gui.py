"""A handoff's verdict reasons in its inspector: typed one per line, signed by both teams,
and the sign-offs cleared when the list changes."""

from __future__ import annotations

from journeyapp.models.entities import HandoffKind
from PySide6.QtCore import Qt


def _cross_team(window):
    playbook = window.document.playbook
    handoff = next(h for h in playbook.handoffs() if h.kind is HandoffKind.CROSS_TEAM)
    window.scene.select_handoff(handoff.id)
    return handoff


def _retype(qtbot, window, edit, *lines):
    edit.setFocus()
    edit.selectAll()
    for number, line in enumerate(lines):
        if number:
            qtbot.keyClick(edit, Qt.Key.Key_Return)
        qtbot.keyClicks(edit, line)
    window.canvas.setFocus()  # leaving the field sends it


def _sign(box, monkeypatch, team, name):
    monkeypatch.setattr(box, "ask_text", lambda *args: name)
    box.signoff_rows.buttons[team][0].click()


def test_the_signed_reason_list_clears_both_sign_offs_when_it_changes(window, qtbot, monkeypatch):
    handoff = _cross_team(window)
    box = window.handoff_inspector.reasons_box
    assert box.isVisibleTo(window.handoff_inspector)
    playbook, stack = window.document.playbook, window.document.undo_stack
    _retype(qtbot, window, box.reasons_edit, "No budget", "Wrong contact")
    assert playbook.handoff(handoff.id).reasons == ("No budget", "Wrong contact")

    _sign(box, monkeypatch, "marketing", "Mia")
    _sign(box, monkeypatch, "sales", "Sam")
    signed = playbook.handoff(handoff.id)
    assert (signed.reasons_marketing_signoff.name, signed.reasons_sales_signoff.name) == (
        "Mia",
        "Sam",
    )
    assert box.signoff_rows.labels["sales"].text().startswith("Signed off by Sam")

    steps = stack.count()
    _retype(qtbot, window, box.reasons_edit, "No budget", "Wrong contact", "Not now")
    changed = playbook.handoff(handoff.id)
    assert changed.reasons == ("No budget", "Wrong contact", "Not now")
    assert changed.reasons_marketing_signoff is None and changed.reasons_sales_signoff is None
    assert box.signoff_rows.labels["marketing"].text() == "Not signed off"
    assert not box.signoff_rows.buttons["sales"][1].isEnabled()  # nothing to withdraw
    assert stack.count() == steps + 1
    assert "sign-offs cleared" in stack.text(stack.count() - 1)

    window.action_undo.trigger()  # the list and both sign-offs come back in one step
    restored = playbook.handoff(handoff.id)
    assert restored.reasons == ("No budget", "Wrong contact")
    assert restored.reasons_sales_signoff.name == "Sam"
    assert box.reasons_edit.toPlainText() == "No budget\nWrong contact"
    assert box.signoff_rows.labels["marketing"].text().startswith("Signed off by Mia")


def test_a_reason_typed_twice_is_refused_and_the_list_kept(window, qtbot, messages):
    handoff = _cross_team(window)
    box = window.handoff_inspector.reasons_box
    _retype(qtbot, window, box.reasons_edit, "No budget", "no budget")
    assert "twice" in messages[-1]
    assert window.document.playbook.handoff(handoff.id).reasons == handoff.reasons


def test_a_progression_handoff_has_no_reason_list(window):
    playbook = window.document.playbook
    handoff = next(h for h in playbook.handoffs() if h.kind is HandoffKind.PROGRESSION)
    window.scene.select_handoff(handoff.id)
    assert not window.handoff_inspector.reasons_box.isVisibleTo(window.handoff_inspector)
