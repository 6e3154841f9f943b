"""The lead-scoring panel in the window: recording a challenge or changing a rule clears the
model's sign-offs and undo brings them back; gates and hand-raisers are check boxes; the
walk-through draws the backtest of imported leads, or says there is nothing to backtest."""

from __future__ import annotations

import datetime

from journeyapp.models.change import Kind
from journeyapp.models.edits import PutEntities
from journeyapp.models.entities import Deal, DealOutcome, DealStep, Lead, LeadFact
from journeyapp.widgets.panels.backtest_chart import PRECISION, RECALL
from journeyapp.widgets.panels.scoring_rules_model import FIELDS
from PySide6.QtCore import Qt


def _scoring(window):
    window.panels.dock_scoring.show()
    window.panels.dock_scoring.raise_()
    return window.panels.scoring


def _select(panel, rule_id):
    row = panel.playbook.scoring_rules.ids().index(rule_id)
    panel.table.setCurrentIndex(panel.model.index(row, 0))


def _sales_label(panel):
    return panel.agreement.signoff_rows.labels["sales"].text()


def test_the_challenge_log_clears_the_sign_off_and_undo_brings_it_back(window, qtbot):
    panel = _scoring(window)
    document = window.document
    _select(panel, "rule-4")
    assert panel.agreement.challenges_box.title() == "Challenges to “Visited pricing”"
    assert _sales_label(panel) == "Signed off by Daniel Okafor on 2026-10-01"
    panel.agreement.team_choice.setCurrentIndex(panel.agreement.team_choice.findData("sales"))
    qtbot.keyClicks(panel.agreement.challenger, "Priya Shah")
    qtbot.keyClicks(panel.agreement.argument, "Students visit pricing for coursework")
    qtbot.keyClicks(panel.agreement.decision, "Keep; the student rule takes them out")
    qtbot.mouseClick(panel.agreement.record_button, Qt.MouseButton.LeftButton)

    rule = document.playbook.scoring_rules["rule-4"]
    assert rule.challenges[-1].argument == "Students visit pricing for coursework"
    assert rule.challenges[-1].name == "Priya Shah"
    assert document.playbook.meta.scoring_sales_signoff is None
    assert document.playbook.meta.scoring_marketing_signoff is None
    assert _sales_label(panel) == "Not signed off"
    assert "Sales, Priya Shah: Students visit pricing for coursework" in panel.agreement.log.text()
    assert "Challenged by sales (Priya Shah)" in panel.walk_through.toPlainText()
    assert document.undo_stack.undoText() == (
        "Record sales' challenge to “Visited pricing” (scoring sign-offs cleared)"
    )

    document.undo_stack.undo()
    assert document.playbook.meta.scoring_sales_signoff.name == "Daniel Okafor"
    assert document.playbook.scoring_rules["rule-4"].challenges == ()
    assert _sales_label(panel) == "Signed off by Daniel Okafor on 2026-10-01"
    assert "Priya Shah" not in panel.agreement.log.text()


def test_changing_points_in_the_table_clears_the_sign_off_in_one_undo_step(window):
    panel = _scoring(window)
    document = window.document
    row = document.playbook.scoring_rules.ids().index("rule-7")
    assert panel.model.setData(panel.model.index(row, FIELDS.index("points")), "15")
    assert document.playbook.scoring_rules["rule-7"].points == 15
    assert _sales_label(panel) == "Not signed off"
    document.undo_stack.undo()
    assert document.playbook.scoring_rules["rule-7"].points == 5
    assert _sales_label(panel) == "Signed off by Daniel Okafor on 2026-10-01"


def test_gate_and_hand_raiser_are_check_boxes_and_a_behaviour_gate_is_refused(window):
    panel = _scoring(window)
    playbook, model = window.document.playbook, panel.model
    refusals = []
    panel.refused.connect(refusals.append)
    ids = playbook.scoring_rules.ids()
    pricing, gate = ids.index("rule-4"), FIELDS.index("gate")
    assert model.index(ids.index("rule-icp"), gate).data(Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Checked
    )
    assert not model.setData(
        model.index(pricing, gate), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
    )
    assert "Only a fit" in refusals[-1]
    routes = model.index(pricing, FIELDS.index("routes"))
    assert model.setData(routes, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert playbook.scoring_rules["rule-4"].routes


def test_signing_the_model_from_the_panel(window, qtbot):
    panel = _scoring(window)
    document = window.document
    panel.agreement.withdraw("sales")
    assert document.playbook.meta.scoring_sales_signoff is None
    panel.agreement.ask_text = lambda *args: "Priya Shah"
    panel.agreement.today = lambda: "2026-12-01"
    qtbot.mouseClick(panel.agreement.signoff_rows.buttons["sales"][0], Qt.MouseButton.LeftButton)
    assert document.playbook.meta.scoring_sales_signoff.name == "Priya Shah"
    assert _sales_label(panel) == "Signed off by Priya Shah on 2026-12-01"
    assert document.undo_stack.undoText() == "Sales signs off the lead-scoring model"


def _colour_pixels(image, colour) -> int:
    return sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if image.pixelColor(x, y) == colour
    )


def test_the_walk_through_says_when_there_is_nothing_to_backtest(window):
    panel = _scoring(window)
    panel.tabs.setCurrentWidget(panel.walk_view)
    assert "Nothing to backtest: no leads have been imported" in panel.walk_through.toPlainText()
    image = panel.walk_view.chart.grab().toImage()
    assert _colour_pixels(image, PRECISION) == 0


def _seconds(day: datetime.date) -> int:
    return int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC).timestamp())


def scored_leads() -> tuple[tuple[Deal, ...], tuple[Lead, ...]]:
    """Twelve leads with scoring facts; the four VP leads became won deals."""
    day = _seconds(datetime.date(2026, 10, 15))
    deals, leads = [], []
    for number in range(12):
        title = "VP Finance" if number % 3 == 0 else "Analyst"
        facts = (
            LeadFact("Company size", str(100 + 100 * number)),
            LeadFact("Job title", title),
            LeadFact("Visited pricing", "yes" if number % 2 else "no", "2026-10-10"),
        )
        deal = None
        if title.startswith("VP"):
            deal = f"deal-{number}"
            deals.append(Deal(deal, f"Deal {number}", outcome=DealOutcome.WON))
        path = (DealStep("stage-lead", "Lead", day - 86_400), DealStep("stage-mql", "MQL", day))
        leads.append(Lead(f"lead-{number}", f"Lead {number}", path=path, deal=deal, facts=facts))
    return tuple(deals), tuple(leads)


def test_the_walk_through_draws_precision_and_recall_of_imported_leads(window):
    panel = _scoring(window)
    deals, leads = scored_leads()
    window.document.apply(PutEntities(Kind.DEAL, deals, label="Import deals"))
    window.document.apply(PutEntities(Kind.LEAD, leads, label="Import leads"))
    panel.tabs.setCurrentWidget(panel.walk_view)
    panel.handoff_choice.setCurrentIndex(panel.handoff_choice.findData("ho-lead-mql"))
    text = panel.walk_through.toPlainText()
    assert "12 imported leads scored." in text
    assert "Of 4 leads that became won deals, " in text
    chart = panel.walk_view.chart
    assert chart.result.scored == 12
    image = chart.grab().toImage()
    assert _colour_pixels(image, PRECISION) > 20
    assert _colour_pixels(image, RECALL) > 20


def test_an_example_lead_typed_in_the_glossary_is_scored_and_undone(window, qtbot, monkeypatch):
    from journeyapp.widgets.panels.example_lead_dialog import ExampleLeadDialog
    from PySide6.QtWidgets import QDialog, QPushButton

    window.panel_bar.open(window.panels.dock_glossary)
    panel = window.panels.glossary
    panel.show_definition("def-mql")
    before = panel.example_list.count()
    examples = len(window.document.playbook.definitions["def-mql"].example_leads)
    seen = {}

    def fill(dialog):
        qtbot.keyClicks(dialog.name_edit, "Agency that asked for a demo")
        table = dialog.facts_table
        for row, cells in enumerate(
            (("Company size", "8", ""), ("Requested demo", "yes", "2026-10-14"))
        ):
            for column, text in enumerate(cells):
                table.item(row, column).setText(text)
        seen["score"] = dialog.result_label.text()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExampleLeadDialog, "exec", fill)
    add = panel.findChild(QPushButton, "definition_add_example")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)

    # While typing, the form said the lead misses the fit gate, against the definition.
    assert seen["score"].startswith("✗ At Lead → MQL and ")
    assert "misses the fit gate" in seen["score"]
    assert panel.example_list.count() == before + 1
    added = panel.example_list.item(examples).text()  # after the examples, before the rest
    assert added.startswith("Example: Agency that asked for a demo\n  ✗ Threshold 65 · fit 0")
    assert "CONTRARY TO THE DEFINITION" in added
    assert panel.signoff_labels["sales"].text() == "Not signed off"
    stack = window.document.undo_stack
    assert stack.undoText() == (
        "Add example lead “Agency that asked for a demo” to “MQL” (sign-offs cleared)"
    )
    problems = [p.message for p in window.document.problems()]
    assert any(
        m.startswith("“Agency that asked for a demo”, an example of “MQL”") for m in problems
    )

    stack.undo()
    assert panel.example_list.count() == before
    assert panel.signoff_labels["sales"].text().startswith("Signed off by")
