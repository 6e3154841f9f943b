"""The funnel on screen with leads: a proven gap highlighted, and marketing's commitment
committed from the plan and signed by each team, undoably."""

from __future__ import annotations

from funnel_builders import DAY, seconds
from journeyapp.models.change import Kind
from journeyapp.models.edits import PutEntities
from journeyapp.models.entities import DealStep, Lead
from PySide6.QtWidgets import QApplication

ONWARD = ("stage-mql", "stage-sql", "stage-discovery", "stage-proposal", "stage-negotiation")


def _leads_into(window, count: int, reached_mql: int) -> None:
    """``count`` leads that started in 2026-Q4 on the sample's Lead stage, the first
    ``reached_mql`` of them going on to MQL and half of those all the way to Won."""
    start = seconds("2026-10-05")
    leads = []
    for n in range(count):
        stages = ["stage-lead"]
        if n < reached_mql:
            stages += ONWARD[:1] if n >= reached_mql // 2 else [*ONWARD, "stage-won"]
        path = [
            DealStep(
                stage,
                stage,
                start + 3 * DAY * k,
                None if k == len(stages) - 1 else start + 3 * DAY * (k + 1),
            )
            for k, stage in enumerate(stages)
        ]
        leads.append(Lead(f"lead-{n}", f"Lead {n}", lead_source="Webinar", path=tuple(path)))
    window.apply_edit(PutEntities(Kind.LEAD, tuple(leads), label=f"Import {count} leads"))


def _worked_back(window, target: str = "1.2M"):
    funnel = window.panels.funnel
    funnel.today = lambda: __import__("datetime").date(2026, 11, 2)
    funnel.target.setText(target)
    funnel.deal_size.setText("30k")
    funnel.period.setText("2026-Q4")
    funnel.calculate()
    return funnel


def test_a_shortfall_proven_by_enough_leads_is_highlighted_as_the_costliest_gap(window):
    _leads_into(window, 200, reached_mql=10)  # 5% against a 20% target
    funnel = _worked_back(window)
    table = funnel.table
    names = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert [name for r, name in enumerate(names) if table.item(r, 0).font().bold()] == ["Lead"]
    row = names.index("Lead")
    assert table.item(row, 6).text() == "5%" and table.item(row, 8).text() == "200"
    assert table.item(row, 4).text() == "200"  # entered Lead in the quarter
    assert "The costliest gap: Lead → MQL converts 5%" in funnel.summary.text()


def test_committing_the_volumes_and_signing_them_off_each_undoable(window, monkeypatch):
    funnel = _worked_back(window)
    assert funnel.commitment_words.text().startswith("Nothing committed for 2026-Q4 yet")
    funnel.commit_button.click()
    playbook = window.document.playbook
    (commitment,) = playbook.commitments
    needed = {step.stage_id: step.needed for step in funnel.result.steps}
    up_to_sql = ["stage-visitor", "stage-lead", "stage-mql", "stage-sql"]
    assert commitment.period == "2026-Q4"
    assert dict(commitment.volumes) == {stage: needed[stage] for stage in up_to_sql}
    stack = window.document.undo_stack
    assert stack.undoText() == "Commit marketing to the 2026-Q4 volumes up to “SQL”"
    committed = {funnel.table.item(r, 0).text(): funnel.table.item(r, 3).text() for r in range(4)}
    assert committed["MQL"] == f"{needed['stage-mql']:,}"

    monkeypatch.setattr(funnel, "ask_text", lambda *args: "Ana Ruiz")
    funnel.sign_off("marketing")
    signed = window.document.playbook.commitments[commitment.id].marketing_signoff
    assert (signed.name, signed.date) == ("Ana Ruiz", "2026-11-02")
    assert funnel.signoff_labels["marketing"].text() == "Signed off by Ana Ruiz on 2026-11-02"
    assert funnel.signoff_labels["sales"].text() == "Not signed off"
    assert stack.undoText() == "Marketing signs off the commitment for 2026-Q4"

    funnel.target.setText("2.4M")  # new numbers: the room agrees again
    funnel.calculate()
    funnel.commit_button.click()
    changed = window.document.playbook.commitments[commitment.id]
    assert changed.volumes["stage-mql"] > commitment.volumes["stage-mql"]
    assert changed.marketing_signoff is None
    assert funnel.signoff_labels["marketing"].text() == "Not signed off"
    assert stack.undoText().endswith("(sign-offs cleared)")
    stack.undo()
    assert window.document.playbook.commitments[commitment.id].marketing_signoff == signed
    assert funnel.signoff_labels["marketing"].text().startswith("Signed off by Ana Ruiz")
    funnel.withdraw("marketing")
    assert window.document.playbook.commitments[commitment.id].marketing_signoff is None
    stack.undo()
    stack.undo()
    stack.undo()
    assert len(window.document.playbook.commitments) == 0


def test_on_a_projector_stage_names_wrap_whole_words_and_every_column_shows(window):
    """At 1280×720 the funnel dock is about 880 px wide: the names read "Opportunity:" /
    "Discovery" on two lines rather than "Oppo…", and the last column is not cut off."""
    _leads_into(window, 200, reached_mql=10)
    window.resize(1280, 720)
    window.panel_bar.open(window.panels.dock_funnel)
    funnel = _worked_back(window)
    QApplication.processEvents()
    table, header = funnel.table, funnel.table.horizontalHeader()
    words = [w for r in range(table.rowCount()) for w in table.item(r, 0).text().split()]
    widest = max(table.fontMetrics().horizontalAdvance(word) for word in words)
    assert header.sectionSize(0) >= widest
    assert header.length() <= table.viewport().width()


def test_work_it_back_shows_in_a_panel_under_a_1280_by_720_map(window, qtbot):
    """There the panel shows about its first 200 px: the four fields, each under its name,
    pushed the button below them out of sight."""
    from journeyapp.widgets.panels.funnel_panel import FunnelPanel
    from PySide6.QtWidgets import QPushButton

    panel = FunnelPanel()
    qtbot.addWidget(panel)
    panel.set_playbook(window.document.playbook)
    panel.resize(880, 230)
    panel.show()
    qtbot.waitExposed(panel)
    button = panel.findChild(QPushButton, "funnel_work")
    assert button.mapTo(panel, button.rect().bottomLeft()).y() <= 200
    assert panel.target.toolTip() == "Revenue target"
