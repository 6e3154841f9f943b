"""The funnel calculator: a revenue target worked back to the buyers each stage needs and the
date each is needed by, beside the rates the leads and deals actually reached (with how many
records and a 90 % interval), the period's actual volumes and marketing's commitment, which
the panel commits and each team signs."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from journeyapp.models import commitments
from journeyapp.models.change import Change, Kind
from journeyapp.models.errors import PlaybookError
from journeyapp.models.funnel import (
    FunnelPlan,
    FunnelStep,
    commitment_for,
    current_quarter,
    parse_money,
    parse_period,
    plan,
)
from journeyapp.models.funnel_commitment import commit_volumes, marketing_volumes
from journeyapp.models.playbook import Playbook
from journeyapp.models.wilson import interval, percent
from journeyapp.models.words import count
from journeyapp.widgets.forms.form_parts import hint_label, plain_label, section
from journeyapp.widgets.forms.signoff_rows import SignOffRows
from journeyapp.widgets.plain_text import ask_for_text
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

GAP_COLOUR = QColor("#fde7c4")
GAP_TEXT = QColor("#3b2a00")
COLUMNS = (
    "Stage",
    "Needed",
    "Needed by",
    "Committed",
    "Actual in period",
    "Then target",
    "Then actual",
    "90% interval",
    "Records",
)
TIPS = {
    "Needed by": "The date the volume must be reached for its deals to close in the period, "
    "worked back by the median days between stages",
    "Committed": "Marketing's commitment for the period",
    "Actual in period": "Leads and deals that entered the stage in the period",
    "Then actual": "The share that moved on to the next stage; greyed when fewer than 20 "
    "records stand behind it",
    "90% interval": "Where the true rate lies, 9 times in 10, given how many records there are",
    "Records": "Leads and deals that reached the stage, behind the actual rate",
}


class FunnelPanel(QWidget):
    editRequested = Signal(object)
    refused = Signal(str)
    stageChosen = Signal(str)

    def __init__(self, today: Callable[[], datetime.date] = datetime.date.today) -> None:
        super().__init__()
        self.setObjectName("funnel_panel")
        self.setAccessibleName("Funnel calculator")
        self.today = today
        self.signer_name = ""
        self.playbook: Playbook | None = None
        self.result: FunnelPlan | None = None
        self.target = self._field("funnel_target", "e.g. 1.2M")
        self.deal_size = self._field("funnel_deal_size", "the won deals' average")
        self.period = self._field("funnel_period", "e.g. 2026-Q4")
        self.rates_from = self._field("funnel_rates_from", "the same period")
        work = QPushButton("Work It Back")
        work.setObjectName("funnel_work")
        work.setAccessibleName("Work it back")
        work.clicked.connect(self.calculate)
        # Short names beside the fields, the long ones in their tips: wrapped under their names
        # the four fields pushed the button out of a panel under a 1280×720 map.
        inputs = QFormLayout()
        inputs.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for name, tip, field in (
            ("Target", "Revenue target", self.target),
            ("Deal size", "Average deal size", self.deal_size),
            ("Period", "The period the revenue is for", self.period),
            ("Rates from", "The period the conversion rates are measured over", self.rates_from),
        ):
            label = QLabel(name)
            label.setToolTip(tip)
            label.setBuddy(field)
            field.setToolTip(tip)
            inputs.addRow(label, field)
        inputs.addRow(work)

        box, form = section("Marketing's commitment")
        self.commitment_box = box
        self.commit_button = QPushButton("Commit These Volumes")
        self.commit_button.setObjectName("funnel_commit")
        self.commit_button.setAccessibleName("Commit marketing to these volumes")
        self.commit_button.clicked.connect(self.commit)
        self.commitment_words = plain_label("The commitment")
        form.addRow(self.commitment_words)
        form.addRow(self.commit_button)
        grid = SignOffRows(self.sign_off, self.withdraw, "funnel_", "the commitment", stacked=True)
        self.signoff_rows = grid
        self.signoff_labels = grid.labels
        self.sign_buttons = grid.buttons
        form.addRow(grid)
        form.addRow(
            hint_label("Changing the numbers clears both sign-offs: the teams agree again.")
        )
        left = QVBoxLayout()
        left.addLayout(inputs)
        left.addWidget(box)
        left.addStretch(1)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("funnel_table")
        self.table.setAccessibleName("Funnel")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        for column, title in enumerate(COLUMNS):
            if title in TIPS:
                self.table.horizontalHeaderItem(column).setToolTip(TIPS[title])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.itemSelectionChanged.connect(self._choose)
        self.summary = plain_label("Funnel summary")
        self.summary.setObjectName("funnel_summary")
        results = QVBoxLayout()
        results.addWidget(self.summary)
        results.addWidget(self.table, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(results, 4)
        self._show_commitment()

    def _field(self, name: str, hint: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setAccessibleName(name.removeprefix("funnel_").replace("_", " "))
        field.setPlaceholderText(hint)
        field.returnPressed.connect(self.calculate)
        field.setMinimumWidth(field.fontMetrics().horizontalAdvance("2026-Q4 0000"))
        return field

    def set_playbook(self, playbook: Playbook) -> None:
        self.playbook = playbook
        if not self.period.text():
            self.period.setText(current_quarter(self.today()).label)
        self._show(None)

    def on_change(self, change: Change) -> None:
        kinds = (Kind.HANDOFF, Kind.DEAL, Kind.LEAD, Kind.STAGE, Kind.COMMITMENT)
        if self.result is not None and any(change.touches(kind) for kind in kinds):
            self.calculate()
        elif change.touches(Kind.COMMITMENT):
            self._show_commitment()

    def calculate(self) -> None:
        if self.playbook is None or not self.target.text().strip():
            return
        try:
            size = self.deal_size.text().strip()
            rates_from = self.rates_from.text().strip()
            result = plan(
                self.playbook,
                parse_money(self.target.text(), "revenue target"),
                parse_money(size, "deal size") if size else None,
                parse_period(self.period.text() or current_quarter(self.today()).label),
                parse_period(rates_from) if rates_from else None,
            )
        except ValueError as error:
            self.refused.emit(str(error))
            return
        self._show(result)

    # -- the table -----------------------------------------------------------------------

    def _show(self, result: FunnelPlan | None) -> None:
        self.result = result
        self.table.setRowCount(0)
        self._show_commitment()
        if result is None:
            self.summary.setText("Give a revenue target to see what each stage needs.")
            return
        self._name_columns(result)
        gap = result.costliest
        self.table.setRowCount(len(result.steps))
        muted = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        for row, step in enumerate(result.steps):
            thin = step.rate is not None and step.rate.thin
            for column, value in enumerate(self._cells(step)):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, step.stage_id)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column >= 6 and (thin or step.no_lead_data):
                    item.setForeground(QBrush(muted))
                    item.setToolTip(
                        "No lead reached this stage: the deals only show buyers who went on."
                        if step.no_lead_data
                        else f"Only {count(step.rate.trials, 'record')}: read with care."
                    )
                if column == len(COLUMNS) - 1 and step.in_play:
                    item.setToolTip(
                        f"{count(step.in_play, 'more record')} still in {step.stage}, not yet "
                        "there as long as the move on usually takes: left out of the rate."
                    )
                if gap is not None and step.handoff_id == gap.handoff_id:
                    item.setBackground(QBrush(GAP_COLOUR))
                    item.setForeground(QBrush(GAP_TEXT))  # readable in the dark theme too
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        self.summary.setText(self._summary(result))
        self._fit_stage_column()

    def _fit_stage_column(self) -> None:
        """Stage names take the room the numbers leave, and never less than their longest
        word: on a projector "Opportunity: Discovery" wraps rather than reading "Oppo…"."""
        if self.result is None:
            return
        metrics = self.table.fontMetrics()
        words = [w for step in self.result.steps for w in step.stage.split()] or [""]
        longest = max(metrics.horizontalAdvance(word) for word in words) + 16
        header = self.table.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(1, self.table.columnCount()))
        header.resizeSection(0, max(longest, self.table.viewport().width() - others))
        rows = self.table.verticalHeader()
        for row in range(self.table.rowCount()):  # wrapped names grow a row, none shrinks
            rows.resizeSection(row, max(rows.defaultSectionSize(), self.table.sizeHintForRow(row)))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_stage_column()

    def _name_columns(self, result: FunnelPlan) -> None:
        """Say which period each column counts: actuals in the plan's period, rates over the
        period they were measured in."""
        named = {
            "Needed by": "Needed\nby",
            "Committed": f"Committed\n{result.period.label}",
            "Actual in period": f"Actual\n{result.period.label}",
            "Then target": "Then\ntarget",
            "Then actual": f"Then actual\n{result.measured_over.label}",
            "90% interval": "90%\ninterval",
        }
        self.table.setHorizontalHeaderLabels([named.get(title, title) for title in COLUMNS])
        for column, title in enumerate(COLUMNS):
            if title in TIPS:
                self.table.horizontalHeaderItem(column).setToolTip(TIPS[title])

    @staticmethod
    def _cells(step: FunnelStep) -> tuple[str, ...]:
        rate = step.rate
        if step.no_lead_data:
            actual, spread, records = "no lead data", "", ""
        elif rate is None:
            actual, spread, records = ("—", "", "0") if step.handoff_id else ("", "", "")
        else:
            actual, spread = percent(rate.value), interval(rate, step.target_rate)
            records = f"{rate.trials:,}" + (" (few)" if rate.thin else "")
        return (
            step.stage,
            f"{step.needed:,}",
            "—" if step.needed_by is None else step.needed_by.isoformat(),
            "" if step.committed is None else f"{step.committed:,}",
            "—" if step.actual_volume is None else f"{step.actual_volume:,}",
            percent(step.target_rate) if step.handoff_id else "",
            actual,
            spread,
            records,
        )

    @staticmethod
    def _summary(result: FunnelPlan) -> str:
        said = (
            f"{result.target:,.0f} in {result.period.label} at {result.deal_size:,.0f} a deal "
            f"needs {result.steps[-1].needed:,} won deals. "
        )
        if result.no_records:
            said += result.no_records
        else:
            records = count(result.records_measured, "lead or deal", "leads and deals")
            said += (
                f"Actual rates from {records} "
                f"that started in {result.measured_over.label}; "
                "greyed ones rest on fewer than 20."
            )
        gap = result.costliest
        if gap is not None:
            extra = (
                "nothing gets through"
                if gap.extra_at_top is None
                else f"the plan needs {gap.extra_at_top:,} more at the top"
            )
            said += (
                f" The costliest gap: {gap.source} → {gap.target} converts "
                f"{percent(gap.actual_rate)} ({interval(gap.rate, gap.target_rate)}, from "
                f"{gap.rate.trials:,}) against {percent(gap.target_rate)}; at that rate "
                f"{extra}, or loses {gap.revenue_lost:,.0f} of revenue at the planned volume."
            )
        elif result.no_gap:
            said += f" {result.no_gap}"
        waiting = [f"{s.in_play:,} at {s.stage}" for s in result.steps if s.in_play]
        if waiting:
            said += (
                f" Left out as still in play: {', '.join(waiting)} (in the stage for less than "
                "the move on usually takes)."
            )
        return said

    def _choose(self) -> None:
        items = self.table.selectedItems()
        if items:
            self.stageChosen.emit(items[0].data(Qt.ItemDataRole.UserRole))

    # -- the commitment -------------------------------------------------------------------

    def commitment(self):
        if self.playbook is None:
            return None
        period = self.result.period.label if self.result else self.period.text().strip()
        return commitment_for(self.playbook, period) if period else None

    def _show_commitment(self) -> None:
        commitment = self.commitment()
        period = self.result.period.label if self.result else self.period.text().strip()
        self.commit_button.setEnabled(self.result is not None)
        if commitment is None:
            words = f"Nothing committed for {period or 'this period'} yet."
            if self.result is not None:
                words += " Commit the volumes above to ask both teams to sign."
        else:
            names = {s.id: s.name for s in self.playbook.stages()}
            volumes = ", ".join(
                f"{names.get(stage, stage)} {volume:,}"
                for stage, volume in commitment.volumes.items()
            )
            words = f"Committed for {commitment.period}: {volumes or 'no numbers yet'}."
        self.commitment_words.setText(words)
        self.signoff_rows.show_for(commitment)

    def commit(self) -> None:
        if self.playbook is None or self.result is None:
            return
        if not marketing_volumes(self.playbook, self.result):
            return
        self._try(lambda: commit_volumes(self.playbook, self.result))

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        return ask_for_text(self, title, label, text)

    def sign_off(self, team: str) -> None:
        commitment = self.commitment()
        if commitment is None:
            return
        name = self.ask_text(
            "Sign off",
            f"Who signs off the commitment for {commitment.period} for {team}?",
            self.signer_name,
        )
        if name is None:
            return
        date = self.today().isoformat()
        self._try(lambda: commitments.sign_off(self.playbook, commitment.id, team, name, date))
        self.signer_name = name.strip()

    def withdraw(self, team: str) -> None:
        commitment = self.commitment()
        if commitment is not None and getattr(commitment, f"{team}_signoff") is not None:
            self._try(lambda: commitments.withdraw_sign_off(self.playbook, commitment.id, team))

    def _try(self, make) -> None:
        try:
            edit = make()
        except PlaybookError as refusal:
            self.refused.emit(str(refusal))
            return
        self.editRequested.emit(edit)
