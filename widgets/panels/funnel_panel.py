"""The funnel calculator: a revenue target worked back to the buyers each stage needs, beside
the rates the imported deals actually reached, and the gap that costs the most."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from journeyapp.models.change import Change, Kind
from journeyapp.models.funnel import FunnelPlan, current_quarter, parse_money, parse_period, plan
from journeyapp.models.playbook import Playbook
from journeyapp.models.words import count
from journeyapp.widgets.forms.form_parts import plain_label
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

GAP_COLOUR = QColor("#fde7c4")
GAP_TEXT = QColor("#3b2a00")
COLUMNS = ("Stage", "Needed", "Then target", "Then actual", "Deals measured")


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.3g}%"


class FunnelPanel(QWidget):
    refused = Signal(str)
    stageChosen = Signal(str)

    def __init__(self, today: Callable[[], datetime.date] = datetime.date.today) -> None:
        super().__init__()
        self.setObjectName("funnel_panel")
        self.setAccessibleName("Funnel calculator")
        self.today = today
        self.playbook: Playbook | None = None
        self.result: FunnelPlan | None = None
        self.target = self._field("funnel_target", "e.g. 1.2M")
        self.deal_size = self._field("funnel_deal_size", "the won deals' average")
        self.period = self._field("funnel_period", "e.g. 2026-Q4")
        work = QPushButton("Work It Back")
        work.setObjectName("funnel_work")
        work.setAccessibleName("Work it back")
        work.clicked.connect(self.calculate)
        inputs = QFormLayout()
        inputs.addRow("Revenue target", self.target)
        inputs.addRow("Average deal size", self.deal_size)
        inputs.addRow("Period", self.period)
        inputs.addRow(work)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("funnel_table")
        self.table.setAccessibleName("Funnel")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.itemSelectionChanged.connect(self._choose)
        self.summary = plain_label("Funnel summary")
        self.summary.setObjectName("funnel_summary")
        results = QVBoxLayout()
        results.addWidget(self.table, 1)
        results.addWidget(self.summary)
        layout = QHBoxLayout(self)
        layout.addLayout(inputs, 1)
        layout.addLayout(results, 3)

    def _field(self, name: str, hint: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setAccessibleName(name.removeprefix("funnel_").replace("_", " "))
        field.setPlaceholderText(hint)
        field.returnPressed.connect(self.calculate)
        return field

    def set_playbook(self, playbook: Playbook) -> None:
        self.playbook = playbook
        if not self.period.text():
            self.period.setText(current_quarter(self.today()).label)
        self._show(None)

    def on_change(self, change: Change) -> None:
        if self.result is not None and (
            change.touches(Kind.HANDOFF) or change.touches(Kind.DEAL) or change.touches(Kind.STAGE)
        ):
            self.calculate()

    def calculate(self) -> None:
        if self.playbook is None or not self.target.text().strip():
            return
        try:
            size = self.deal_size.text().strip()
            result = plan(
                self.playbook,
                parse_money(self.target.text(), "revenue target"),
                parse_money(size, "deal size") if size else None,
                parse_period(self.period.text() or current_quarter(self.today()).label),
            )
        except ValueError as error:
            self.refused.emit(str(error))
            return
        self._show(result)

    def _show(self, result: FunnelPlan | None) -> None:
        self.result = result
        self.table.setRowCount(0)
        if result is None:
            self.summary.setText("Give a revenue target to see what each stage needs.")
            return
        gap = result.costliest
        self.table.setRowCount(len(result.steps))
        for row, step in enumerate(result.steps):
            values = (
                step.stage,
                f"{step.needed:,}",
                _percent(step.target_rate),
                _percent(step.actual_rate),
                str(step.measured_from) if step.handoff_id else "",
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, step.stage_id)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if gap is not None and step.handoff_id == gap.handoff_id:
                    item.setBackground(QBrush(GAP_COLOUR))
                    item.setForeground(QBrush(GAP_TEXT))  # readable in the dark theme too
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        said = (
            f"{result.target:,.0f} in {result.period.label} at {result.deal_size:,.0f} a deal "
            f"needs {result.steps[-1].needed:,} won deals. Actual rates from "
            f"{count(result.deals_measured, 'deal')}, {result.measured_over}."
        )
        if gap is not None:
            said += (
                f" The costliest gap: {gap.source} → {gap.target} converts "
                f"{_percent(gap.actual_rate)} against {_percent(gap.target_rate)}; at that rate "
                f"the plan needs {gap.extra_at_top:,} more at the top, or loses "
                f"{gap.revenue_lost:,.0f} of revenue at the planned volume."
            )
        self.summary.setText(said)

    def _choose(self) -> None:
        items = self.table.selectedItems()
        if items:
            self.stageChosen.emit(items[0].data(Qt.ItemDataRole.UserRole))
