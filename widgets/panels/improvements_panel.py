"""Marginal gains: each improvement, what it changes, its hypothesis and metric, and its status."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from journeyapp.models import retrospective
from journeyapp.models.change import Change, Kind
from journeyapp.models.edits import AddEntity, RemoveEntity
from journeyapp.models.entities import Improvement, ImprovementStatus
from journeyapp.models.errors import EditError
from journeyapp.models.ids import new_id
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

COLUMNS = ("Title", "Changes", "Status", "Hypothesis", "Metric", "Baseline", "Dates", "From")
EDITABLE = {0: "title", 3: "hypothesis", 4: "metric", 5: "baseline"}


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
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
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

    def _target_name(self, improvement: Improvement) -> str:
        target, kind = improvement.target, improvement.target_kind
        if target is None:
            return "—"
        if kind == "stage" and self.playbook.has_stage(target):
            return self.playbook.stage(target).name
        if kind == "activity" and target in self.playbook.activities:
            return self.playbook.activities[target].name
        if kind == "handoff" and target in self.playbook.ids(Kind.HANDOFF):
            handoff = self.playbook.handoff(target)
            names = (
                self.playbook.stage(handoff.source).name,
                self.playbook.stage(handoff.target).name,
            )
            return f"{names[0]} → {names[1]}"
        return "—"

    def _fill(self) -> None:
        self._refreshing = True
        improvements = list(self.playbook.improvements) if self.playbook else []
        self.table.setRowCount(len(improvements))
        for row, improvement in enumerate(improvements):
            deal = self.playbook.deals.get(improvement.source_deal or "")
            dates = " → ".join(
                d for d in (improvement.created, improvement.started, improvement.decided) if d
            )
            values = (
                improvement.title,
                self._target_name(improvement),
                "",
                improvement.hypothesis,
                improvement.metric,
                improvement.baseline,
                dates,
                deal.name if deal else "",
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, improvement.id)
                if column not in EDITABLE:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if column == 7 and improvement.source_note:
                    item.setToolTip(as_typed(improvement.source_note))
                self.table.setItem(row, column, item)
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
            self.table.setCellWidget(row, 2, status)
        self._refreshing = False

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
        text = item.text().strip() if field == "title" else item.text()
        if getattr(self.playbook.improvements[improvement_id], field) == text:
            return
        self._send(
            lambda: set_fields(self.playbook, Kind.IMPROVEMENT, improvement_id, **{field: text})
        )

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        return ask_for_text(self, title, label, text)

    def add_improvement(self) -> None:
        title = self.ask_text("Add improvement", "What will you change?")
        if title is None:
            return
        if not title.strip():
            self.refused.emit("An improvement needs a title; it cannot be empty.")
            return
        improvement = Improvement(
            new_id("improvement"), title.strip(), "stage", self.current_stage, created=self.today()
        )
        self.editRequested.emit(
            AddEntity(Kind.IMPROVEMENT, improvement, label=f"Add improvement “{title.strip()}”")
        )

    def remove_improvement(self) -> None:
        item = self.table.currentItem()
        if item is None:
            return
        improvement_id = item.data(Qt.ItemDataRole.UserRole)
        improvement = self.playbook.improvements[improvement_id]
        index = self.playbook.improvements.index(improvement_id)
        self.editRequested.emit(
            RemoveEntity(
                Kind.IMPROVEMENT,
                improvement,
                index,
                label=f"Delete improvement “{improvement.title}”",
            )
        )
