"""Review meetings: the records kept by cadence, each following one agenda (numbers, reps'
feedback, customers' feedback, results of tests) and ending in decisions; a new one starts
from an agenda pre-filled with what changed since the last."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from journeyapp.models.change import Change, Kind
from journeyapp.models.meeting_agenda import last_meeting
from journeyapp.models.review_edits import new_meeting, remove_meeting, set_decision
from journeyapp.models.review_entities import Cadence, DecisionChoice, Meeting
from journeyapp.widgets.forms.entity_fields import iso_date, joined, split_names
from journeyapp.widgets.forms.form_parts import chosen, line_field, plain_label, text_field
from journeyapp.widgets.panels.record_list_panel import RecordListPanel
from journeyapp.widgets.plain_text import ask_for_text, ask_to_choose
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

AGENDA = (
    ("numbers", "Numbers"),
    ("reps_feedback", "Reps' feedback"),
    ("customer_feedback", "Customers' feedback"),
    ("test_results", "Results of tests"),
)


class MeetingsPanel(RecordListPanel):
    exportRequested = Signal(str)  # a meeting's id: its notes as a PDF page
    kind = Kind.MEETING

    def __init__(self, today: Callable[[], datetime.date], parent=None) -> None:
        super().__init__(
            "meeting",
            "Review meetings, newest first",
            "&New meeting…",
            "Start a meeting from the pre-filled agenda",
            parent,
        )
        self.setAccessibleName("Meetings")
        self.today = today
        self.add_button.clicked.connect(self.start_meeting)
        self.export_button = QPushButton("Export notes as PDF…")
        self.export_button.setAccessibleName("Export the meeting's notes as a PDF page")
        self.export_button.clicked.connect(self._export)
        self.side.addWidget(self.export_button)
        self.title_edit = line_field("meeting_title", "Meeting title")
        self.held_edit = line_field("meeting_held", "Date held", "2026-11-30")
        self.attendees_edit = line_field("meeting_attendees", "Attendees", "Ana, Ben, Chris")
        self.cadence_label = plain_label("Cadence")
        self.fields.bind("title", self.title_edit, live=False)
        self.fields.bind("held", self.held_edit, read=iso_date("A meeting's date"), live=False)
        self.fields.bind("attendees", self.attendees_edit, joined, split_names, live=False)
        self.agenda_edits = {}
        editor = QWidget()
        form = QFormLayout(editor)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow("Title", self.title_edit)
        when = QHBoxLayout()
        when.addWidget(self.held_edit, 1)
        when.addWidget(self.cadence_label)
        form.addRow("Held", when)
        form.addRow("Attendees", self.attendees_edit)
        for field, caption in AGENDA:
            edit = text_field(f"meeting_{field}", caption, lines=4)
            self.agenda_edits[field] = edit
            self.fields.bind(field, edit)
            form.addRow(caption, edit)
        self.decisions = QTableWidget(0, 3)
        self.decisions.setObjectName("meeting_decisions")
        self.decisions.setAccessibleName("Decisions: keep, reverse, try next")
        self.decisions.setHorizontalHeaderLabels(("Decision", "On", "Why / what"))
        self.decisions.verticalHeader().hide()
        self.decisions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.decisions.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.decisions.itemChanged.connect(self._decision_text_changed)
        add_decision = QPushButton("Try something next…")
        add_decision.setAccessibleName("Decide to try a new idea next")
        add_decision.clicked.connect(self.try_next)
        form.addRow("Decisions", self.decisions)
        form.addRow("", add_decision)
        self._filling = False
        self.place(editor)
        self._show_current()

    def on_change(self, change: Change) -> None:
        if change.kinds() & {Kind.MEETING, Kind.IMPROVEMENT}:
            self._fill_list(keep=self.added_or_current(change))

    def entries(self) -> list[tuple[str, str]]:
        """Newest first."""
        meetings = sorted(self.playbook.meetings, key=lambda m: (m.held, m.id), reverse=True)
        return [(m.id, f"{m.title}\n{m.held} · {m.cadence.value}") for m in meetings]

    def _show_current(self) -> None:
        super()._show_current()
        meeting = self.current()
        self.export_button.setEnabled(meeting is not None)
        self.cadence_label.setText(f"{meeting.cadence.value} review" if meeting else "")
        self._fill_decisions(meeting)

    def _fill_decisions(self, meeting: Meeting | None) -> None:
        self._filling = True
        decisions = meeting.decisions if meeting else ()
        self.decisions.setRowCount(len(decisions))
        for row, decision in enumerate(decisions):
            improvement = self.playbook.improvements.get(decision.improvement)
            subject = improvement.title if improvement else "a new idea"
            on = QTableWidgetItem(subject)
            on.setFlags(on.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.decisions.setItem(row, 1, on)
            self.decisions.setItem(row, 2, QTableWidgetItem(decision.text))
            choice = QComboBox()
            choice.setAccessibleName(f"Decision on {subject}")
            for value in DecisionChoice:
                choice.addItem(value.value, value)
            choice.setCurrentIndex(choice.findData(decision.choice))
            choice.currentIndexChanged.connect(lambda _=0, r=row: self._decide(r))
            self.decisions.setCellWidget(row, 0, choice)
        self.decisions.setMinimumHeight(
            self.decisions.horizontalHeader().height() + 28 * max(2, len(decisions)) + 4
        )
        self._filling = False

    # -- editing ---------------------------------------------------------------

    def ask_cadence(self) -> Cadence | None:
        names = [cadence.value for cadence in Cadence]
        answer = ask_to_choose(self, "New meeting", "Which review is it?", names)
        return Cadence(answer) if answer else None

    def ask_text(self, title: str, question: str, text: str = "") -> str | None:
        return ask_for_text(self, title, question, text)

    def start_meeting(self) -> None:
        if self.playbook is None:
            return
        cadence = self.ask_cadence()
        if cadence is None:
            return
        last = last_meeting(self.playbook, cadence, self.today() + datetime.timedelta(days=1))
        attendees = self.ask_text(
            "New meeting",
            "Who is there? (names, separated by commas)",
            joined(last.attendees) if last else "",
        )
        if attendees is None:
            return
        self._build(
            lambda: new_meeting(self.playbook, cadence, self.today(), split_names(attendees))
        )

    def remove_current(self) -> None:
        meeting_id = self.current_id()
        if meeting_id is not None:
            self._build(lambda: remove_meeting(self.playbook, meeting_id))

    def _decide(self, row: int) -> None:
        meeting = self.current()
        if meeting is None or self._filling:
            return
        combo = self.decisions.cellWidget(row, 0)
        text = self.decisions.item(row, 2).text()
        choice = chosen(combo, DecisionChoice)
        self._build(lambda: set_decision(self.playbook, meeting.id, row, choice, text))

    def _decision_text_changed(self, item: QTableWidgetItem) -> None:
        meeting = self.current()
        if self._filling or meeting is None or item.column() != 2:
            return
        row = item.row()
        decision = meeting.decisions[row]
        if item.text().strip() == decision.text:
            return
        self._build(
            lambda: set_decision(self.playbook, meeting.id, row, decision.choice, item.text())
        )

    def try_next(self) -> None:
        meeting = self.current()
        if meeting is None:
            return
        idea = self.ask_text("Try something next", "What will you try next?")
        if idea and idea.strip():
            self._build(
                lambda: set_decision(self.playbook, meeting.id, None, DecisionChoice.TRY_NEXT, idea)
            )

    def _export(self) -> None:
        meeting_id = self.current_id()
        if meeting_id is not None:
            self.exportRequested.emit(meeting_id)
