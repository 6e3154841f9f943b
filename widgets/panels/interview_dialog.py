"""The two forms of a win/loss interview: the interview itself (the deal, who was asked and
their role, who asked and whether they were independent, the date, where the decision tilted),
and one verbatim quote with the decision drivers it speaks to. Both are keyboard-first: Tab
moves between fields, Space ticks a driver, Enter accepts."""

from __future__ import annotations

from journeyapp.models.entities import BuyingRole, Interview, Quote
from journeyapp.models.playbook import Playbook
from journeyapp.widgets.forms.form_parts import (
    choice_field,
    line_field,
    ok_cancel,
    plain_label,
    select_data,
    text_field,
)
from journeyapp.widgets.plain_text import as_typed
from journeyapp.widgets.title_width import fit_title
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

NO_STAGE = "Not known"


class InterviewDialog(QDialog):
    """Adds an interview (``interview`` None) or changes one; ``values()`` gives the fields."""

    def __init__(
        self,
        playbook: Playbook,
        deal_id: str | None,
        today: str,
        interview: Interview | None = None,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("interview_dialog")
        self.setWindowTitle("Add an interview" if interview is None else "Change the interview")
        self.deal_choice = choice_field("interview_deal", "Deal")
        for deal in playbook.deals:
            self.deal_choice.addItem(f"{deal.name} ({deal.outcome.value})", deal.id)
        select_data(self.deal_choice, interview.deal if interview else deal_id)
        self.deal_choice.setEnabled(interview is None)
        self.interviewee_edit = line_field(
            "interview_interviewee", "Who was interviewed", "Their name"
        )
        self.role_choice = choice_field("interview_role", "Their role in the buying team")
        for role in BuyingRole:
            self.role_choice.addItem(role.value.capitalize(), role)
        self.interviewer_edit = line_field(
            "interview_interviewer", "Who interviewed", "Name, and firm if outside"
        )
        self.independent_check = QCheckBox("Independent of the deal (not its sales team)")
        self.independent_check.setObjectName("interview_independent")
        self.independent_check.setAccessibleName("Interviewer independent of the deal")
        self.date_edit = line_field("interview_date", "Date of the interview", "YYYY-MM-DD")
        self.tilt_choice = choice_field("interview_tilt", "Stage where the decision tilted")
        self.tilt_choice.addItem(NO_STAGE, None)
        for stage in playbook.stages_in_journey_order():
            self.tilt_choice.addItem(stage.name, stage.id)
        if interview is None:
            self.date_edit.setText(today)
        else:
            self.interviewee_edit.setText(interview.interviewee)
            select_data(self.role_choice, interview.role)
            self.interviewer_edit.setText(interview.interviewer)
            self.independent_check.setChecked(interview.independent)
            self.date_edit.setText(interview.date)
            select_data(self.tilt_choice, interview.tilt_stage)

        form = QFormLayout()
        form.addRow("&Deal", self.deal_choice)
        form.addRow("&Interviewee", self.interviewee_edit)
        form.addRow("&Role in the buying team", self.role_choice)
        form.addRow("Interview&er", self.interviewer_edit)
        form.addRow("", self.independent_check)
        form.addRow("D&ate", self.date_edit)
        form.addRow("Decision &tilted at", self.tilt_choice)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        ok_cancel(self, layout)
        self.interviewee_edit.setFocus()
        fit_title(self)

    def deal_id(self) -> str | None:
        return self.deal_choice.currentData()

    def values(self) -> dict:
        return {
            "interviewee": self.interviewee_edit.text().strip(),
            "role": BuyingRole(self.role_choice.currentData()),
            "interviewer": self.interviewer_edit.text().strip(),
            "independent": self.independent_check.isChecked(),
            "date": self.date_edit.text().strip(),
            "tilt_stage": self.tilt_choice.currentData(),
        }


class QuoteDialog(QDialog):
    """A new quote (its words and drivers), or the drivers of one already given (``quote``:
    its words are shown, not changed)."""

    def __init__(self, playbook: Playbook, quote: Quote | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("quote_dialog")
        self.setWindowTitle("Add a quote" if quote is None else "Tag the quote")
        layout = QVBoxLayout(self)
        if quote is None:
            self.text_edit = text_field(
                "quote_text", "The buyer's words", "What the buyer said, word for word", 4
            )
            layout.addWidget(plain_label("The buyer's words", "The buyer's words, verbatim:"))
            layout.addWidget(self.text_edit)
        else:
            self.text_edit = None
            shown = plain_label("The quote", f"“{quote.text}”")
            layout.addWidget(shown)
        layout.addWidget(plain_label("Decision drivers", "The decision drivers it speaks to:"))
        self.driver_list = QListWidget()
        self.driver_list.setObjectName("quote_drivers")
        self.driver_list.setAccessibleName("Decision drivers of the quote")
        tagged = set(quote.drivers) if quote else set()
        for driver in playbook.drivers:
            item = QListWidgetItem(driver.name)
            item.setData(Qt.ItemDataRole.UserRole, driver.id)
            item.setToolTip(as_typed(driver.definition))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = driver.id in tagged
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.driver_list.addItem(item)
        if self.driver_list.count():
            self.driver_list.setCurrentRow(0)
        layout.addWidget(self.driver_list)
        ok_cancel(self, layout)
        (self.text_edit or self.driver_list).setFocus()
        fit_title(self)

    def text(self) -> str:
        return self.text_edit.toPlainText() if self.text_edit is not None else ""

    def drivers(self) -> list[str]:
        items = (self.driver_list.item(row) for row in range(self.driver_list.count()))
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]
