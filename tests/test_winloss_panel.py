"""The Win/loss panel under the map: adding an interview to a deal and tagging a quote with
decision drivers through its forms (from the keyboard), each one undo step named in words;
the matrix and coverage following the filters; the driver list edited; a lost deal's loss
type set in the Deals panel; and the stage inspector showing the drivers pinned to a stage."""

from __future__ import annotations

import dataclasses

from journeyapp.models.codec import playbook_to_dict
from journeyapp.models.entities import BuyingRole, DealOutcome, LossType
from journeyapp.widgets.panels.interview_dialog import InterviewDialog, QuoteDialog
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from winloss_builders import quarters_playbook

ADATUM = "deal-sample-adatum"  # lost at Discovery; the sample has no interview on it


def _open(window):
    window.panel_bar.open(window.panels.dock_winloss)
    return window.panels.winloss


def _answer(monkeypatch, dialog_class, fill):
    """The next form of ``dialog_class`` is filled in by ``fill`` and accepted."""

    def run(dialog):
        fill(dialog)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialog_class, "exec", run)


def _tick(qtbot, driver_list, names):
    """Tick drivers as a keyboard user does: move to each, press Space."""
    for row in range(driver_list.count()):
        item = driver_list.item(row)
        if item.text() in names:
            driver_list.setCurrentRow(row)
            qtbot.keyClick(driver_list, Qt.Key.Key_Space)


def test_adding_an_interview_and_tagging_a_quote(window, qtbot, monkeypatch):
    panel = _open(window)
    playbook = window.document.playbook
    before = playbook_to_dict(playbook)
    stack = window.document.undo_stack
    steps = stack.count()

    def interview_form(dialog):
        dialog.deal_choice.setCurrentIndex(dialog.deal_choice.findData(ADATUM))
        qtbot.keyClicks(dialog.interviewee_edit, "Noor Haddad")
        dialog.role_choice.setCurrentIndex(dialog.role_choice.findData(BuyingRole.RECOMMENDER))
        qtbot.keyClicks(dialog.interviewer_edit, "Ruth Moss")
        qtbot.keyClick(dialog.independent_check, Qt.Key.Key_Space)
        dialog.date_edit.clear()
        qtbot.keyClicks(dialog.date_edit, "2026-05-02")
        dialog.tilt_choice.setCurrentIndex(dialog.tilt_choice.findData("stage-discovery"))

    mid_before = _coverage_row(panel, "Mid-market")
    _answer(monkeypatch, InterviewDialog, interview_form)
    qtbot.mouseClick(panel.add_interview_button, Qt.MouseButton.LeftButton)
    (added,) = [i for i in playbook.interviews if i.deal == ADATUM]
    assert (added.interviewee, added.role, added.interviewer) == (
        "Noor Haddad",
        BuyingRole.RECOMMENDER,
        "Ruth Moss",
    )
    assert (added.independent, added.date, added.tilt_stage) == (
        True,
        "2026-05-02",
        "stage-discovery",
    )
    assert stack.text(stack.index() - 1) == (
        "Add an interview with Noor Haddad on “Adatum Retail: store ops”"
    )

    def quote_form(dialog):
        qtbot.keyClicks(dialog.text_edit, "Nobody asked who signs off on store budgets.")
        _tick(qtbot, dialog.driver_list, {"Business case"})

    panel.choose(added.id)
    _answer(monkeypatch, QuoteDialog, quote_form)
    qtbot.mouseClick(panel.add_quote_button, Qt.MouseButton.LeftButton)
    business_case = next(d.id for d in playbook.drivers if d.name == "Business case")
    trust = next(d.id for d in playbook.drivers if d.name == "Trust in the team")
    (quote,) = playbook.interviews[added.id].quotes
    assert (quote.text, quote.drivers) == (
        "Nobody asked who signs off on store budgets.",
        (business_case,),
    )

    panel.choose(added.id, 0)
    _answer(monkeypatch, QuoteDialog, lambda d: _tick(qtbot, d.driver_list, {"Trust in the team"}))
    qtbot.keyClick(panel.interview_tree, Qt.Key.Key_Return)  # Enter on a quote tags it
    assert playbook.interviews[added.id].quotes[0].drivers == (trust, business_case)
    assert stack.text(stack.index() - 1) == (
        "Tag “Nobody asked who signs off on store…” with Trust in the team, Business case"
    )
    assert stack.count() == steps + 3

    # The panel follows: Adatum's lost deal in Mid-market now counts as interviewed.
    # Columns: won, interviewed, independent, lost, interviewed, independent.
    panel.tabs.setCurrentIndex(2)
    won, won_seen, won_independent, lost, lost_seen, lost_independent = mid_before
    assert _coverage_row(panel, "Mid-market") == [
        won,
        won_seen,
        won_independent,
        lost,
        lost_seen + 1,
        lost_independent + 1,
    ]

    for _ in range(3):
        window.action_undo.trigger()
    assert playbook_to_dict(playbook) == before
    assert all(
        panel.interview_tree.topLevelItem(r).data(0, Qt.ItemDataRole.UserRole) != added.id
        for r in range(panel.interview_tree.topLevelItemCount())
    )


def test_the_matrix_follows_the_outcome_and_loss_type_filters(window):
    panel = _open(window)
    deals = list(window.document.playbook.deals)
    closed = [d for d in deals if d.outcome is not DealOutcome.OPEN]
    assert sorted(_matrix_rows(panel)) == sorted({d.stated_reason for d in closed})
    panel.outcome_choice.setCurrentIndex(panel.outcome_choice.findData(DealOutcome.LOST))
    panel.loss_choice.setCurrentIndex(panel.loss_choice.findData(LossType.NO_DECISION.value))
    no_decision = [d for d in closed if d.loss_type is LossType.NO_DECISION]
    assert no_decision and all(d.outcome is DealOutcome.LOST for d in no_decision)
    assert sorted(_matrix_rows(panel)) == sorted({d.stated_reason for d in no_decision})
    interviews = sum(
        1 for i in window.document.playbook.interviews if i.deal in {d.id for d in no_decision}
    )
    assert panel.summary.text() == (
        f"Lost deals, loss type no decision: {len(no_decision)} closed deals "
        f"(0 won, {len(no_decision)} lost), {interviews} interview"
        + ("" if interviews == 1 else "s")
    )
    northwind = window.document.playbook.deals["deal-sample-northwind"]
    price = panel.matrix.topLevelItem(_matrix_rows(panel).index(northwind.stated_reason))
    causes = [price.child(c).text(0) for c in range(price.childCount())]
    assert any(c.startswith(northwind.root_cause[:20]) for c in causes)


def _matrix_rows(panel) -> list[str]:
    return [panel.matrix.topLevelItem(r).text(0) for r in range(panel.matrix.topLevelItemCount())]


def _coverage_row(panel, segment: str) -> list[int]:
    row = next(
        panel.coverage.topLevelItem(r)
        for r in range(panel.coverage.topLevelItemCount())
        if panel.coverage.topLevelItem(r).text(0) == segment
    )
    return [int(row.text(c)) for c in range(1, 7)]


def test_the_driver_list_is_edited_in_the_panel_and_undone(window, monkeypatch):
    panel = _open(window)
    playbook = window.document.playbook
    monkeypatch.setattr(panel, "ask_text", lambda *args: "Security review")
    panel.add_driver()
    assert [d.name for d in playbook.drivers][-1] == "Security review"
    stack = window.document.undo_stack
    assert stack.text(stack.index() - 1) == "Add decision driver “Security review”"
    panel.driver_tree.setCurrentItem(panel.driver_tree.topLevelItem(0))  # Price
    panel.delete_driver()
    assert "Price" not in [d.name for d in playbook.drivers]
    assert stack.text(stack.index() - 1) == "Delete decision driver “Price”"
    window.action_undo.trigger()
    assert playbook.drivers.ids()[0] == "driver-price"
    northwind = playbook.interviews["interview-sample-northwind"]
    assert "driver-price" in northwind.quotes[0].drivers  # its quote is tagged again


def test_a_lost_deals_loss_type_is_set_in_the_deals_panel(window):
    window.panel_bar.open(window.panels.dock_deals)
    deals = window.panels.deals
    deals.show_deal(ADATUM)
    assert deals.loss_type_choice.isEnabled()
    assert deals.loss_type_choice.currentData() == "timing"
    deals.loss_type_choice.setCurrentIndex(deals.loss_type_choice.findData("competitor"))
    assert window.document.playbook.deals[ADATUM].loss_type is LossType.COMPETITOR
    stack = window.document.undo_stack
    assert stack.text(stack.index() - 1) == "Loss type of “Adatum Retail: store ops”: competitor"
    deals.show_deal("deal-sample-wingtip")  # won: no loss type to give
    assert not deals.loss_type_choice.isEnabled()


def test_the_stage_inspector_shows_the_drivers_pinned_to_the_stage(window):
    inspector = window.panels.inspectors.stage
    inspector.set_playbook(window.document.playbook)
    inspector.show_stage("stage-discovery")
    assert inspector.drivers_label.text() == (
        "From the interviews whose decision tilted here:\n"
        "Time to value: 2 quotes\nProduct fit: 1 quote\nImplementation risk: 1 quote\n"
        "Integration: 1 quote\nSupport: 1 quote"
    )
    inspector.show_stage("stage-visitor")
    assert inspector.drivers_label.text() == "No interview says the decision tilted here yet."


def test_a_stage_card_marks_the_drivers_interviews_pin_to_it_and_follows_edits(window):
    from journeyapp.models import interviews

    card = window.scene.stage_items["stage-negotiation"]
    pinned = (("Business case", 2), ("Price", 1), ("Trust in the team", 1))
    assert card.data_shown.drivers == pinned  # the Northwind interview tilted here
    assert "❝ Business case: 2 quotes" in card.toolTip()
    playbook = window.document.playbook
    window.apply_edit(interviews.remove_interview(playbook, "interview-sample-northwind"))
    assert card.data_shown.drivers == ()
    assert "Business case" not in card.toolTip()
    window.action_undo.trigger()
    assert card.data_shown.drivers == pinned


def test_the_interview_guide_is_written_from_the_file_menu_for_a_chosen_deal(
    window, monkeypatch, tmp_path
):
    import io

    from pypdf import PdfReader

    from journeyapp import interview_guide_export

    out = tmp_path / "guide.pdf"
    monkeypatch.setattr(interview_guide_export, "choose_deal", lambda parent, playbook: ADATUM)
    monkeypatch.setattr(interview_guide_export, "ask_where", lambda parent, suggested: out)
    window.action_export_interview_guide.trigger()
    (page,) = PdfReader(io.BytesIO(out.read_bytes())).pages
    text = " ".join(page.extract_text().split())
    assert "Interview guide: Adatum Retail: store ops" in text
    assert "did not get past “Opportunity: Discovery”" in text
    assert window.statusBar().currentMessage() == "Wrote guide.pdf (1 page)."


def test_won_deals_without_a_reason_are_said_apart_not_listed_as_a_reason(window):
    panel = _open(window)
    deals = window.document.playbook.deals
    won = next(d for d in deals if d.outcome is DealOutcome.WON)
    deals.replace(dataclasses.replace(won, stated_reason="", root_cause=""))
    panel.set_playbook(window.document.playbook)
    assert "" not in _matrix_rows(panel)
    assert "(no reason stated)" not in _matrix_rows(panel)
    assert not panel.unstated.isHidden()
    assert panel.unstated.text() == (
        "1 closed deal (1 won) gave no reason and is left out of the stated reasons."
    )


def test_a_quarter_chosen_narrows_the_figures_to_the_deals_closed_in_it(window):
    panel = _open(window)
    playbook = quarters_playbook()
    panel.set_playbook(playbook)
    assert panel.period_choice.currentText() == "All"
    assert [panel.period_choice.itemText(i) for i in range(panel.period_choice.count())] == [
        "All",
        "2026-Q4",
        "2026-Q3",
    ]
    assert panel.summary.text().startswith("5 closed deals (1 won, 4 lost)")
    panel.period_choice.setCurrentIndex(panel.period_choice.findText("2026-Q4"))
    assert panel.summary.text() == (
        "Deals closed in 2026-Q4: 3 closed deals (0 won, 3 lost), 0 interviews"
    )
    assert _matrix_rows(panel) == ["Price", "No decision"]
