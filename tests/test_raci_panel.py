"""The RACI matrix is edited from the keyboard and shows broken rules where they are."""

from __future__ import annotations

import pytest
from journeyapp.models.entities import Raci
from journeyapp.models.templates import load_template
from journeyapp.widgets.panels.raci_matrix import RaciPanel
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest


@pytest.fixture
def panel(qtbot):
    playbook = load_template("b2b-saas")
    panel = RaciPanel()
    qtbot.addWidget(panel)
    panel.set_playbook(playbook)
    panel.applied = []
    panel.refusals = []

    def apply(edit):
        panel.applied.append(edit)
        panel.on_change(playbook.apply(edit))

    panel.editRequested.connect(apply)
    panel.refused.connect(panel.refusals.append)
    panel.resize(900, 600)
    panel.show()
    return panel


def _cell(panel, activity_name, role_name):
    model = panel.model
    row = next(r for r in range(model.rowCount()) if model.activity_at(r).name == activity_name)
    column = next(
        c
        for c in range(model.columnCount())
        if model.role_column(c) is not None and model.role_column(c).name == role_name
    )
    return model.index(row, column)


def test_typing_letters_sets_and_clears_a_cell_one_edit_each(panel):
    playbook = panel.playbook
    activity = playbook.activities_of(playbook.stages_in_journey_order()[1].id)[0]
    role = next(r for r in playbook.roles if r.id not in activity.raci)
    index = _cell(panel, activity.name, role.name)
    panel.table.setCurrentIndex(index)
    QTest.keyClick(panel.table, Qt.Key.Key_C)
    assert playbook.activities[activity.id].raci[role.id] is Raci.C
    assert _cell(panel, activity.name, role.name).data() == "C"
    QTest.keyClick(panel.table, Qt.Key.Key_I)
    assert playbook.activities[activity.id].raci[role.id] is Raci.I
    QTest.keyClick(panel.table, Qt.Key.Key_Backspace)
    assert role.id not in playbook.activities[activity.id].raci
    assert len(panel.applied) == 3
    QTest.keyClick(panel.table, Qt.Key.Key_X)  # not a RACI letter: nothing happens
    assert len(panel.applied) == 3


def test_a_broken_rule_shows_in_the_check_column(panel):
    playbook = panel.playbook
    activity = next(a for a in playbook.activities if Raci.A in a.raci.values())
    accountable = next(playbook.roles[r].name for r, v in activity.raci.items() if v is Raci.A)
    index = _cell(panel, activity.name, accountable)
    check = panel.model.index(index.row(), panel.model.check_column())
    assert check.data() == "✓"
    panel.table.setCurrentIndex(index)
    QTest.keyClick(panel.table, Qt.Key.Key_Delete)
    check = panel.model.index(index.row(), panel.model.check_column())
    assert check.data() == "No one is Accountable."
    assert check.data(Qt.ItemDataRole.ForegroundRole) is not None


def test_the_scope_is_one_stage_or_the_whole_playbook_grouped_by_stage(panel):
    playbook = panel.playbook
    assert panel.model.rowCount() == len(playbook.activities)
    stage = next(s for s in playbook.stages_in_journey_order() if playbook.activities_of(s.id))
    assert panel.model.index(0, 0).data() == playbook.stages_in_journey_order()[0].name
    panel.show_stage(stage.id)
    assert panel.model.rowCount() == len(playbook.activities_of(stage.id))
    assert panel.model.headerData(0, Qt.Orientation.Horizontal) == "Activity"
    panel.show_stage(None)
    assert panel.model.rowCount() == len(playbook.activities)


def test_removing_a_role_asks_who_takes_over(panel, monkeypatch):
    playbook = panel.playbook
    sdr = next(r for r in playbook.roles if r.name == "SDR")
    manager = next(r for r in playbook.roles if r.name == "Sales manager")
    had = [a.id for a in playbook.activities if sdr.id in a.raci]
    panel.role_choice.setCurrentIndex(panel.role_choice.findData(sdr.id))
    monkeypatch.setattr(panel, "ask_choice", lambda *args: "Sales manager")
    panel.remove_role()
    assert sdr.id not in playbook.roles
    assert all(manager.id in playbook.activities[a].raci for a in had)
    assert panel.model.headerData(panel.model.columnCount() - 2, Qt.Orientation.Horizontal)


def test_a_duplicate_or_empty_role_name_is_refused_with_a_message(panel, monkeypatch):
    monkeypatch.setattr(panel, "ask_text", lambda *args: "sdr")
    panel.add_role()
    monkeypatch.setattr(panel, "ask_text", lambda *args: "   ")
    panel.add_role()
    assert panel.applied == []
    assert "already a role" in panel.refusals[0]
    assert "cannot be empty" in panel.refusals[1]


def test_merging_roles_and_the_role_duties_view(panel, monkeypatch):
    playbook = panel.playbook
    answers = iter(["Account executive", "Sales manager"])
    monkeypatch.setattr(panel, "ask_choice", lambda *args: next(answers))
    count = len(playbook.roles)
    panel.merge_roles()
    assert len(playbook.roles) == count - 1
    manager = next(r for r in playbook.roles if r.name == "Sales manager")
    panel.role_choice.setCurrentIndex(panel.role_choice.findData(manager.id))
    text = panel.duties.toPlainText()
    for activity in playbook.activities:
        if activity.raci.get(manager.id) in (Raci.R, Raci.A):
            assert activity.name in text
