"""File → Import Deals: choose a CRM export, see what it holds, map its stages, read the report.

Nothing changes until Import is pressed; then the whole import is one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from journeyapp.models.deal_import.formats import FORMATS
from journeyapp.models.deal_import.plan import (
    ImportPlan,
    UnclearDateOrder,
    import_edit,
    kept_longer_sentence,
    read_export,
)
from journeyapp.models.deal_import.values import DateOrder
from journeyapp.models.errors import PlaybookError
from journeyapp.models.playbook import Playbook

PREVIEW_ROWS = 25
CHOOSE = "— choose —"
IGNORE = "Ignore this stage"


class ImportWizard(QWizard):
    def __init__(self, playbook: Playbook, apply_edit: Callable, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("import_wizard")
        self.setWindowTitle("Import deals from a CRM export")
        self.playbook = playbook
        self.apply_edit = apply_edit
        self.plan: ImportPlan | None = None
        self.imported = False
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.report_page = ReportPage(self)
        for page in (self.file_page, self.mapping_page, self.report_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, "Import")
        self.resize(900, 620)

    def read(self, path: str, format: str, overrides: dict[str, str | None]) -> ImportPlan:
        chosen = self.file_page.date_order.currentData()  # Qt hands the enum back as text
        order = DateOrder(chosen) if chosen else None
        self.plan = read_export(self.playbook, path, format, overrides, order)
        return self.plan

    def overrides(self) -> dict[str, str | None]:
        return self.mapping_page.choices()

    def accept(self) -> None:
        try:
            plan = self.read(self.file_page.path.text(), self.file_page.format(), self.overrides())
            edit = import_edit(self.playbook, plan, self.report_page.replace_shorter.isChecked())
        except PlaybookError as refusal:
            self.report_page.problem.setText(str(refusal))
            return
        self.imported = bool(self.apply_edit(edit))
        if self.imported:
            super().accept()


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.setTitle("Choose the export")
        self.setSubTitle(
            "Salesforce OpportunityHistory, a HubSpot deals export, Pipedrive deal changes, "
            "a generic stage history, or a pipeline snapshot (CSV)."
        )
        self.owner = wizard
        self.path = QLineEdit()
        self.path.setAccessibleName("CRM export file")
        self.path.editingFinished.connect(self.preview)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        self.format_choice = QComboBox()
        self.format_choice.setAccessibleName("Export format")
        self.format_choice.addItems(["auto", *FORMATS])
        self.format_choice.currentIndexChanged.connect(self.preview)
        self.date_order = QComboBox()
        self.date_order.setObjectName("import_date_order")
        self.date_order.setAccessibleName("Order of day and month in the dates")
        for text, order in (
            ("As the file shows it", None),
            ("Day first (31/12/2024)", DateOrder.DMY),
            ("Month first (12/31/2024)", DateOrder.MDY),
            ("Year first (2024/12/31)", DateOrder.YMD),
        ):
            self.date_order.addItem(text, order)
        self.date_order.currentIndexChanged.connect(self.preview)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(("Deal", "Name", "Amount", "Outcome", "Stages"))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("File", row)
        form.addRow("Format", self.format_choice)
        form.addRow("Dates", self.date_order)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def format(self) -> str:
        return self.format_choice.currentText()

    def ask_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, "CRM export", "", "CSV files (*.csv *.txt)")
        return path

    def _browse(self) -> None:
        path = self.ask_path()
        if path:
            self.path.setText(path)
            self.preview()

    def preview(self) -> None:
        self.table.setRowCount(0)
        if not self.path.text().strip():
            self.summary.setText("")
            self.completeChanged.emit()
            return
        try:
            plan = self.owner.read(self.path.text(), self.format(), {})
        except UnclearDateOrder as unclear:
            self.owner.plan = None
            day_first, month_first = unclear.both_readings()
            self.summary.setText(
                f"Dates such as {unclear.example} (column “{unclear.column}”) read as well "
                f"day-first ({day_first}) as month-first ({month_first}). Choose which under "
                "Dates."
            )
            self.completeChanged.emit()
            return
        except PlaybookError as refusal:
            self.owner.plan = None
            self.summary.setText(str(refusal))
            self.completeChanged.emit()
            return
        deals = len(plan.records)
        self.summary.setText(
            f"{Path(self.path.text()).name}: {plan.format} export ({plan.encoding}), "
            f"{deals} deal(s), {len(plan.crm_stages)} CRM stage(s), "
            f"{len(plan.skipped)} row(s) that cannot be read."
        )
        for record in plan.records[:PREVIEW_ROWS]:
            row = self.table.rowCount()
            self.table.insertRow(row)
            amount = (
                "" if record.amount is None else f"{record.currency} {record.amount:,.0f}".strip()
            )
            outcome = record.outcome.value if record.outcome else ""
            stages = " → ".join(crm for crm, _, _ in record.visits)
            for column, text in enumerate((record.source_id, record.name, amount, outcome, stages)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.owner.plan is not None and bool(self.owner.plan.records)


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.setTitle("Place each CRM stage on the map")
        self.setSubTitle(
            "Stages with the same name, and closed won or lost, are placed for you. "
            "Choose a stage for the rest, or ignore them. The choices are kept for next time."
        )
        self.owner = wizard
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("stage_mapping")
        self.table.setHorizontalHeaderLabels(("CRM stage", "Stage on the map"))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)

    def initializePage(self) -> None:
        plan = self.owner.plan
        stages = self.owner.playbook.stages_in_journey_order()
        self.table.setRowCount(0)
        for crm_stage in plan.crm_stages:
            row = self.table.rowCount()
            self.table.insertRow(row)
            item = QTableWidgetItem(crm_stage)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, item)
            combo = QComboBox()
            combo.setAccessibleName(f"Map stage for {crm_stage}")
            combo.addItem(CHOOSE, "")
            combo.addItem(IGNORE, None)
            for stage in stages:
                combo.addItem(stage.name, stage.id)
            if crm_stage in plan.mapping:
                target = plan.mapping[crm_stage]
                combo.setCurrentIndex(1 if target is None else combo.findData(target))
            combo.currentIndexChanged.connect(self.completeChanged)
            self.table.setCellWidget(row, 1, combo)
        self.completeChanged.emit()

    def choices(self) -> dict[str, str | None]:
        chosen: dict[str, str | None] = {}
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, 1)
            if combo.currentText() == CHOOSE:
                continue
            chosen[self.table.item(row, 0).text()] = combo.currentData()
        return chosen

    def isComplete(self) -> bool:
        return len(self.choices()) == self.table.rowCount()


class ReportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.setTitle("Ready to import")
        self.owner = wizard
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet("color: #c0392b;")
        self.skipped = QPlainTextEdit()
        self.skipped.setReadOnly(True)
        self.skipped.setAccessibleName("Rows that will be skipped")
        self.shorter = QLabel()
        self.shorter.setWordWrap(True)
        self.shorter.setTextFormat(Qt.TextFormat.PlainText)
        self.replace_shorter = QCheckBox("Replace them with the export's shorter history")
        self.replace_shorter.setObjectName("import_replace_shorter")
        self.replace_shorter.toggled.connect(self.initializePage)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem)
        layout.addWidget(self.shorter)
        layout.addWidget(self.replace_shorter)
        layout.addWidget(QLabel("Rows that will be skipped, and why:"))
        layout.addWidget(self.skipped, 1)

    def initializePage(self) -> None:
        owner = self.owner
        self.problem.setText("")
        try:
            plan = owner.read(
                owner.file_page.path.text(), owner.file_page.format(), owner.overrides()
            )
            # Counts new and updated deals, and those that would lose steps; applies nothing.
            import_edit(owner.playbook, plan, self.replace_shorter.isChecked())
        except PlaybookError as refusal:
            self.problem.setText(str(refusal))
            return
        kept = bool(plan.kept_longer) or self.replace_shorter.isChecked()
        self.shorter.setText(kept_longer_sentence(plan) if plan.kept_longer else "")
        self.shorter.setVisible(bool(plan.kept_longer))
        self.replace_shorter.setVisible(kept)
        self.summary.setText(
            f"{plan.deals_new} new deal(s) and {plan.deals_updated} update(s) to deals imported "
            f"before (matched by their {plan.format} id). One undo takes the whole import back."
        )
        lines = [f"line {line}: {reason}" for line, reason in sorted(plan.skipped)]
        self.skipped.setPlainText("\n".join(lines) or "None.")
