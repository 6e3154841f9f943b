"""The receiving team's verdict on the chosen leads: a reason from the handoff's agreed list,
a comment and who gives it, then Accept, Reject or Recycle."""

from __future__ import annotations

from journeyapp.models.entities import Handoff, Verdict, VerdictOutcome
from journeyapp.widgets.forms.form_parts import choice_field, hint_label, line_field
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

BUTTONS = (
    (VerdictOutcome.ACCEPTED, "&Accept", "verdict_accept"),
    (VerdictOutcome.REJECTED, "&Reject", "verdict_reject"),
    (VerdictOutcome.RECYCLED, "Rec&ycle", "verdict_recycle"),
)
NO_REASON = "(no reason)"
NO_LIST = "None agreed yet: type a reason"
NO_LIST_WHY = (
    "No reasons are agreed for this handoff yet: type one, or agree the list in the "
    "handoff's inspector."
)


class VerdictForm(QWidget):
    given = Signal(object)  # the VerdictOutcome
    cleared = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("verdict_form")
        self.about = hint_label("Choose a lead in the list.")
        self.about.setObjectName("verdict_about")
        self.reason = choice_field("verdict_reason", "Reason")
        self.comment = line_field("verdict_comment", "Comment", "What sales saw, in a sentence")
        self.by = line_field("verdict_by", "Given by", "Your name")
        self.buttons: dict[VerdictOutcome, QPushButton] = {}
        row = QHBoxLayout()
        for outcome, text, name in BUTTONS:
            button = QPushButton(text)
            button.setObjectName(name)
            button.setAccessibleName(text.replace("&", "") + " the chosen leads")
            button.clicked.connect(lambda _=False, o=outcome: self.given.emit(o))
            self.buttons[outcome] = button
            row.addWidget(button)
        self.clear_button = QPushButton("Clear")
        self.clear_button.setObjectName("verdict_clear")
        self.clear_button.setAccessibleName("Clear the verdict")
        self.clear_button.clicked.connect(self.cleared.emit)
        row.addWidget(self.clear_button)
        form = QFormLayout()
        form.addRow("Reason", self.reason)
        form.addRow("Comment", self.comment)
        form.addRow("Given by", self.by)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.about)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addStretch(1)

    def show_handoff(self, handoff: Handoff | None) -> None:
        """The handoff's agreed reasons to choose from; any reason if it has none yet."""
        reasons = list(handoff.reasons) if handoff is not None else []
        current = self.reason.currentText()
        self.reason.clear()
        self.reason.setEditable(not reasons)
        self.reason.addItems([NO_REASON, *reasons] if reasons else [""])
        # Said in the field itself: a line of its own under it was squeezed to half a line
        # in a panel the height of a 1280×720 window's.
        if not reasons:
            self.reason.lineEdit().setPlaceholderText(NO_LIST)
        self.reason.setToolTip("" if reasons else NO_LIST_WHY)
        self._choose_reason(current)

    def show_leads(self, count: int, verdict: Verdict | None, words: str) -> None:
        """``count`` leads chosen; with one, its verdict (if any) fills the form."""
        self.about.setText(words)
        for button in (*self.buttons.values(), self.clear_button):
            button.setEnabled(count > 0)
        if count == 1:
            self._choose_reason(verdict.reason if verdict else "")
            self.comment.setText(verdict.comment if verdict else "")
            if verdict and verdict.by:
                self.by.setText(verdict.by)

    def reason_text(self) -> str:
        text = self.reason.currentText()
        return "" if text == NO_REASON else text.strip()

    def _choose_reason(self, reason: str) -> None:
        if self.reason.isEditable():
            self.reason.setEditText(reason)
            return
        index = self.reason.findText(reason) if reason else 0
        self.reason.setCurrentIndex(max(index, 0))
