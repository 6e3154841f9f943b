"""The glossary and lead-scoring panels edit the model through edits, and refuse bad values."""

from __future__ import annotations

import pytest
from journeyapp.models import scoring
from journeyapp.models.templates import load_template
from journeyapp.widgets.panels.glossary_editor import GlossaryPanel
from journeyapp.widgets.panels.scoring_editor import ScoringPanel
from PySide6.QtCore import QMimeData, Qt


def _wire(panel, qtbot):
    playbook = load_template("b2b-saas")
    qtbot.addWidget(panel)
    panel.set_playbook(playbook)
    panel.applied, panel.refusals, panel.undo = [], [], []

    def apply(edit):
        panel.applied.append(edit)
        panel.on_change(playbook.apply(edit))

    def undo():
        edit = panel.applied.pop()
        panel.on_change(playbook.revert(edit))

    panel.undo = undo
    panel.editRequested.connect(apply)
    panel.refused.connect(panel.refusals.append)
    panel.resize(900, 600)
    panel.show()
    return panel


@pytest.fixture
def glossary(qtbot):
    return _wire(GlossaryPanel(), qtbot)


@pytest.fixture
def rules(qtbot):
    return _wire(ScoringPanel(), qtbot)


def _mql(panel):
    mql = next(d for d in panel.playbook.definitions if d.term == "MQL")
    panel.show_definition(mql.id)
    return mql


def test_rewording_a_signed_definition_clears_both_sign_offs_in_one_step(glossary, qtbot):
    mql = _mql(glossary)
    text = glossary.text_edits["text"]
    text.setFocus()
    text.moveCursor(text.textCursor().MoveOperation.End)
    qtbot.keyClicks(text, " Reviewed weekly.")
    glossary.term_edit.setFocus()  # leaving the field sends it
    definition = glossary.playbook.definitions[mql.id]
    assert definition.text.endswith("Reviewed weekly.")
    assert definition.marketing_signoff is None and definition.sales_signoff is None
    assert len(glossary.applied) == 1
    assert glossary.signoff_labels["sales"].text() == "Not signed off"
    glossary.undo()
    assert glossary.playbook.definitions[mql.id].sales_signoff is not None
    assert glossary.signoff_labels["sales"].text().startswith("Signed off by")
    assert text.toPlainText() == mql.text


def test_signing_off_records_the_name_and_date(glossary, monkeypatch):
    mql = _mql(glossary)
    glossary.withdraw("marketing")
    assert glossary.playbook.definitions[mql.id].marketing_signoff is None
    monkeypatch.setattr(glossary, "ask_text", lambda *args: "Ana Ruiz")
    glossary.today = lambda: "2026-11-23"
    glossary.sign_off("marketing")
    signoff = glossary.playbook.definitions[mql.id].marketing_signoff
    assert (signoff.name, signoff.date) == ("Ana Ruiz", "2026-11-23")
    assert "Ana Ruiz" in glossary.signoff_labels["marketing"].text()


def test_a_duplicate_term_and_deleting_a_definition_in_use_are_refused(glossary, monkeypatch):
    _mql(glossary)
    monkeypatch.setattr(glossary, "ask_text", lambda *args: "sql")
    glossary.add_definition()
    glossary.remove_definition()
    assert glossary.applied == []
    assert "already a definition" in glossary.refusals[0]
    assert "relied on by" in glossary.refusals[1]


def test_pasted_rich_text_in_a_definition_is_stored_as_plain_text(glossary):
    mql = _mql(glossary)
    examples = glossary.text_edits["examples"]
    examples.setFocus()
    examples.selectAll()
    data = QMimeData()
    data.setHtml("<b>Booked</b> a <i>demo</i>")
    data.setText("Booked a demo")
    examples.insertFromMimeData(data)
    glossary.term_edit.setFocus()
    assert glossary.playbook.definitions[mql.id].examples == "Booked a demo"


def test_editing_points_in_the_table_changes_the_rule(rules):
    model = rules.model
    index = model.index(0, 3)
    assert model.setData(index, "25")
    assert rules.playbook.scoring_rules[model.rule_id(0)].points == 25
    assert index.data() == "+25"


def test_a_word_for_an_at_least_rule_is_refused_and_nothing_changes(rules):
    model = rules.model
    row = next(
        r
        for r in range(model.rowCount())
        if rules.playbook.scoring_rules[model.rule_id(r)].condition.is_numeric
    )
    assert not model.setData(model.index(row, 2), "lots")
    assert not model.setData(model.index(row, 3), "5000")
    assert rules.applied == []
    assert "compares numbers" in rules.refusals[0]
    assert "between" in rules.refusals[1]


@pytest.mark.parametrize(("typed", "message"), [("5000", "between 0 and"), ("high", "whole")])
def test_a_threshold_out_of_range_or_not_a_number_is_refused(rules, qtbot, typed, message):
    field = rules.threshold_edit
    handoff = rules.playbook.handoff(rules.handoff_choice.currentData())
    field.selectAll()
    field.setFocus()
    qtbot.keyClicks(field, typed)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert rules.applied == []
    assert message in rules.refusals[-1]
    assert field.text() == str(handoff.score_threshold)


def test_the_test_lead_scores_and_lands_on_the_right_side(rules):
    lead = {"Company size": "350", "Visited pricing": "yes", "Requested demo": "yes"}
    for name, value in lead.items():
        rules.lead_fields[name].setText(value)
    expected = scoring.score_lead(rules.playbook.scoring_rules, lead).total
    threshold = rules.playbook.handoff(rules.handoff_choice.currentData()).score_threshold
    text = rules.lead_result.text()
    assert f"Score: {expected}." in text
    assert ("passes on" in text) == (expected >= threshold)


def test_rules_are_added_moved_removed_and_the_walk_through_escapes_nothing(rules):
    count = len(rules.playbook.scoring_rules)
    rules.add_rule()
    assert len(rules.playbook.scoring_rules) == count + 1
    new_id = rules.playbook.scoring_rules.ids()[-1]
    rules.model.setData(rules.model.index(count, 5), "<b>x & <img src=/etc/passwd>")
    assert "<b>x & <img src=/etc/passwd>" in rules.walk_through.toPlainText()
    rules.table.setCurrentIndex(rules.model.index(count, 0))
    rules.move_rule(-1)
    assert rules.playbook.scoring_rules.ids()[-2] == new_id
    rules.remove_rule()
    assert new_id not in rules.playbook.scoring_rules


def test_the_rule_buttons_show_without_scrolling_in_a_panel_under_a_1280_by_720_map(rules):
    """Opened under the map of a 1280×720 window the panel is about 880 × 230: the buttons
    sat below the rules and were reached only by scrolling."""
    from PySide6.QtWidgets import QApplication, QPushButton, QScrollArea

    rules.resize(880, 230)
    QApplication.processEvents()
    area = rules.tabs.currentWidget()
    assert isinstance(area, QScrollArea)
    add = rules.findChild(QPushButton, "rule_add")
    bottom = add.mapTo(area.viewport(), add.rect().bottomLeft()).y()
    assert bottom <= area.viewport().height()
