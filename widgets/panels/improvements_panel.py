"""Marginal gains: each improvement, what it changes, its hypothesis and metric, and its status."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from journeyapp.models import retrospective
from journeyapp.models.change import Change, Kind
from journeyapp.models.entities import Improvement, ImprovementMeasure, ImprovementStatus
from journeyapp.models.errors import EditError
from journeyapp.models.improvement_results import measured_result
from journeyapp.models.operations import set_fields
from journeyapp.models.playbook import Playbook
from journeyapp.widgets.forms.form_parts import chosen
from journeyapp.widgets.plain_text import as_typed, ask_for_text
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

COLUMNS = (
    "Title",
    "Changes",
    "Owner",
    "Status",
    "Hypothesis",
    "Metric",
    "Baseline",
    "Measured by the app",
    "Test ends",
    "Result",
    "Why decided",
    "Dates",
    "From",
)
EDITABLE = {
    0: "title",
    2: "owner",
    4: "hypothesis",
    5: "metric",
    6: "baseline",
    8: "test_ends",
    9: "result",
    10: "decision_reason",
}
WIDEST_COLUMN = 260  # pixels; a longer text wraps
STATUS_COLUMN, MEASURE_COLUMN, RESULT_COLUMN, FROM_COLUMN = 3, 7, 9, 12
MEASURE_NAMES = {
    ImprovementMeasure.NONE: "— (written by hand)",
    ImprovementMeasure.WIN_RATE: "win rate",
    ImprovementMeasure.DAYS_IN_STAGE: "days in stage",
    ImprovementMeasure.CONVERSION: "conversion",
}


class ImprovementsPanel(QWidget):
    editRequested = Signal(object)
    refused = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("improvements_panel")
        self.setAccessibleName("Improvements")
        self.playbook: Playbook | None = None
        self.today: Callable[[], str] = lambda: datetime.date.today().isoformat()
        self.current_stage: str | None = None  # a new improvement changes this stage
        self._refreshing = False
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("improvement_table")
        self.table.setAccessibleName("Improvements being tried")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setWordWrap(True)
        self.table.itemChanged.connect(self._edited)
        add = QPushButton("Add improvement…")
        add.setAccessibleName("Add an improvement")
        add.clicked.connect(self.add_improvement)
        remove = QPushButton("Delete")
        remove.setAccessibleName("Delete the improvement")
        remove.clicked.connect(self.remove_improvement)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def set_playbook(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self._fill()

    def on_change(self, change: Change) -> None:
        if change.kinds() & {Kind.IMPROVEMENT, Kind.STAGE, Kind.DEAL}:
            self._fill()

    def show_stage(self, stage_id: str | None) -> None:
        self.current_stage = stage_id

    def _fill(self) -> None:
        self._refreshing = True
        improvements = list(self.playbook.improvements) if self.playbook else []
        self.table.setRowCount(len(improvements))
        for row, improvement in enumerate(improvements):
            deal = self.playbook.deals.get(improvement.source_deal or "")
            dates = " → ".join(
                d for d in (improvement.created, improvement.started, improvement.decided) if d
            )
            measured = measured_result(self.playbook, improvement, self.today_date())
            values = (
                improvement.title,
                retrospective.target_name(self.playbook, improvement) or "—",
                improvement.owner,
                "",
                improvement.hypothesis,
                improvement.metric,
                improvement.baseline,
                "",
                improvement.test_ends or "",
                measured.words if measured else improvement.result,
                improvement.decision_reason,
                dates,
                deal.name if deal else "",
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, improvement.id)
                if column not in EDITABLE or (column == RESULT_COLUMN and measured):
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if column == FROM_COLUMN and improvement.source_note:
                    item.setToolTip(as_typed(improvement.source_note))
                if column == RESULT_COLUMN and measured:
                    item.setToolTip(
                        "Measured from the deals: the test period against as long before"
                    )
                self.table.setItem(row, column, item)
            self.table.setCellWidget(row, MEASURE_COLUMN, self._measure_choice(improvement))
            status = QComboBox()
            status.setAccessibleName(f"Status of {improvement.title}")
            for value in ImprovementStatus:
                status.addItem(value.value, value)
            status.setCurrentIndex(status.findData(improvement.status))
            status.currentIndexChanged.connect(
                lambda _=0, i=improvement.id, box=status: self._set_status(
                    i, chosen(box, ImprovementStatus)
                )
            )
            self.table.setCellWidget(row, STATUS_COLUMN, status)
        self._fit_columns()
        self._refreshing = False

    def _fit_columns(self) -> None:
        """Each column as wide as its text, up to a readable measure; long texts wrap."""
        self.table.resizeColumnsToContents()
        for column in range(self.table.columnCount()):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), WIDEST_COLUMN))
        self.table.resizeRowsToContents()

    def _send(self, build) -> None:
        try:
            edit = build()
        except EditError as refusal:
            self.refused.emit(str(refusal))
            self._fill()
            return
        if edit is not None:
            self.editRequested.emit(edit)

    def _set_status(self, improvement_id: str, status: ImprovementStatus) -> None:
        self._send(
            lambda: retrospective.set_improvement_status(
                self.playbook, improvement_id, status, self.today()
            )
        )

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._refreshing or item.column() not in EDITABLE:
            return
        improvement_id = item.data(Qt.ItemDataRole.UserRole)
        field = EDITABLE[item.column()]
        text = item.text().strip() if field in ("title", "test_ends") else item.text()
        if field == "test_ends":
            text = self._date_or_none(text)
            if text is False:
                return
        if getattr(self.playbook.improvements[improvement_id], field) == text:
            return
        self._send(
            lambda: set_fields(self.playbook, Kind.IMPROVEMENT, improvement_id, **{field: text})
        )

    def today_date(self) -> datetime.date:
        return datetime.date.fromisoformat(self.today())

    def _date_or_none(self, text: str):
        """The test's end as an ISO date, None when cleared, or False (refused) if unreadable."""
        if not text:
            return None
        try:
            return datetime.date.fromisoformat(text).isoformat()
        except ValueError:
            self.refused.emit("A test's end must be a date written as 2026-12-31.")
            self._fill()
            return False

    def _measure_choice(self, improvement: Improvement) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(f"What the app measures for {improvement.title}")
        for measure, name in MEASURE_NAMES.items():
            box.addItem(name, measure)
        box.setCurrentIndex(box.findData(improvement.measure))
        box.currentIndexChanged.connect(
            lambda _=0, i=improvement.id: self._send(
                lambda: set_fields(
                    self.playbook, Kind.IMPROVEMENT, i, measure=chosen(box, ImprovementMeasure)
                )
            )
        )
        return box

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        return ask_for_text(self, title, label, text)

    def add_improvement(self) -> None:
        title = self.ask_text("Add improvement", "What will you change?")
        if title is not None:
            self._send(
                lambda: retrospective.add_improvement(
                    self.playbook, title, self.current_stage, self.today()
                )
            )

    def remove_improvement(self) -> None:
        item = self.table.currentItem()
        if item is None:
            return
        improvement_id = item.data(Qt.ItemDataRole.UserRole)
        self._send(lambda: retrospective.remove_improvement(self.playbook, improvement_id))
