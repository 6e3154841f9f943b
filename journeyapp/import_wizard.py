"""File → Import Deals and File → Import Leads: choose a CRM export, see what it holds, map its
stages, read the report.

Nothing changes until Import is pressed; then the whole import is one undo step.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from journeyapp.import_file_page import FilePage
from journeyapp.import_kinds import ImportKind, deal_import
from journeyapp.models.deal_import.formats.records import stages_by_pipeline, without_pipeline
from journeyapp.models.deal_import.plan import ImportPlan, kept_longer_sentence
from journeyapp.models.errors import PlaybookError
from journeyapp.models.lead_import.crm_verdicts import feedback_sentences
from journeyapp.models.playbook import Playbook
from journeyapp.models.words import count

CHOOSE = "— choose —"
IGNORE = "Ignore this stage"


class ImportWizard(QWizard):
    def __init__(
        self,
        playbook: Playbook,
        apply_edit: Callable,
        parent=None,
        kind: ImportKind | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind = kind or deal_import()
        self.setObjectName("import_wizard")
        self.setWindowTitle(self.kind.window_title)
        self.playbook = playbook
        self.apply_edit = apply_edit
        self.plan: ImportPlan | None = None
        self.imported = False
        self.status_meanings: dict[str, str] = {}  # lead status → accepted, …, or none
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.report_page = ReportPage(self)
        for page in (self.file_page, self.mapping_page, self.report_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, "Import")
        self.resize(900, 620)

    def read(self, path: str, format: str, overrides: dict[str, str | None]) -> ImportPlan:
        page = self.file_page
        statuses = {"verdicts": dict(self.status_meanings)} if self.kind.reads_statuses else {}
        self.plan = self.kind.read(
            self.playbook,
            path,
            format,
            overrides,
            page.chosen_order(),
            page.chosen_zone(),
            page.chosen_member(),
            page.chosen_companion(),
            **statuses,
        )
        return self.plan

    def overrides(self) -> dict[str, str | None]:
        return self.mapping_page.choices()

    def accept(self) -> None:
        try:
            plan = self.read(self.file_page.path.text(), self.file_page.format(), self.overrides())
            edit = self.kind.edit(self.playbook, plan, self.report_page.replace_shorter.isChecked())
        except PlaybookError as refusal:
            self.report_page.problem.setText(str(refusal))
            return
        self.imported = bool(self.apply_edit(edit))
        if self.imported:
            super().accept()


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        words = wizard.kind.stage_words
        self.setTitle(f"Place each {words} on the map")
        self.setSubTitle(
            "Stages with the same name, and closed won or lost, are placed for you. "
            "Choose a stage for the rest, or ignore them. The choices are kept for next time."
        )
        self.owner = wizard
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("stage_mapping")
        self.table.setHorizontalHeaderLabels((words[:1].upper() + words[1:], "Stage on the map"))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)

    def initializePage(self) -> None:
        plan = self.owner.plan
        stages = self.owner.playbook.stages_in_journey_order()
        self.table.setRowCount(0)
        groups = stages_by_pipeline(plan.crm_stages)
        for pipeline, crm_stages in groups.items():
            if pipeline or len(groups) > 1:
                self._add_pipeline_row(pipeline or "No pipeline named")
            for crm_stage in crm_stages:
                self._add_stage_row(crm_stage, plan, stages, shown=without_pipeline(crm_stage))
        self.completeChanged.emit()

    def _add_pipeline_row(self, pipeline: str) -> None:
        """A heading row: each pipeline's stages are mapped together, apart from another
        pipeline's stages of the same name."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        item = QTableWidgetItem(pipeline)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        self.table.setItem(row, 0, item)
        self.table.setSpan(row, 0, 1, 2)

    def _add_stage_row(self, crm_stage: str, plan: ImportPlan, stages, shown: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        item = QTableWidgetItem(shown)
        item.setData(Qt.ItemDataRole.UserRole, crm_stage)
        item.setToolTip(crm_stage)
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

    def stage_rows(self) -> dict[str, int]:
        """The full CRM stage name (with its pipeline) of each row that maps one."""
        return {
            self.table.item(row, 0).data(Qt.ItemDataRole.UserRole): row
            for row in range(self.table.rowCount())
            if self.table.cellWidget(row, 1) is not None
        }

    def choices(self) -> dict[str, str | None]:
        chosen: dict[str, str | None] = {}
        for crm_stage, row in self.stage_rows().items():
            combo = self.table.cellWidget(row, 1)
            if combo.currentText() != CHOOSE:
                chosen[crm_stage] = combo.currentData()
        return chosen

    def isComplete(self) -> bool:
        return len(self.choices()) == len(self.stage_rows())


FEEDBACK_TITLE = "From the lead status and first engagement:"


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
        self.statuses = StatusMeanings(wizard, self.initializePage)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.statuses)
        layout.addWidget(self.problem)
        layout.addWidget(self.shorter)
        layout.addWidget(self.replace_shorter)
        layout.addWidget(QLabel("Rows that will be skipped, and why:"))
        layout.addWidget(self.skipped, 1)
        self.warnings_title = QLabel("What the export does not hold of some deals:")
        self.warnings = QPlainTextEdit()
        self.warnings.setReadOnly(True)
        self.warnings.setAccessibleName("What the export does not hold of some deals")
        layout.addWidget(self.warnings_title)
        layout.addWidget(self.warnings, 1)

    def initializePage(self) -> None:
        owner = self.owner
        self.problem.setText("")
        try:
            plan = owner.read(
                owner.file_page.path.text(), owner.file_page.format(), owner.overrides()
            )
            # Counts new and updated records, and deals that would lose steps; applies nothing.
            owner.kind.edit(owner.playbook, plan, self.replace_shorter.isChecked())
        except PlaybookError as refusal:
            self.problem.setText(str(refusal))
            return
        kept = bool(plan.kept_longer) or self.replace_shorter.isChecked()
        self.shorter.setText(kept_longer_sentence(plan) if plan.kept_longer else "")
        self.shorter.setVisible(bool(plan.kept_longer))
        self.replace_shorter.setVisible(kept)
        noun = owner.kind.noun
        self.summary.setText(
            f"{count(plan.deals_new, f'new {noun}')} and "
            f"{count(plan.deals_updated, 'update')} to {noun}s imported "
            f"before (matched by the id the {owner.kind.catalogue.layouts[plan.format].title} "
            "export gives each). One undo takes the whole import back."
            + (f" {plan.closes_later_sentence()}" if plan.closes_later else "")
            + _listed(FEEDBACK_TITLE, feedback_sentences(plan, owner.playbook, STATUS_HINT))
        )
        unknown = list(plan.feedback.unknown) if plan.feedback is not None else []
        self.statuses.show_statuses(unknown)
        lines = [f"line {line}: {reason}" for line, reason in sorted(plan.skipped)]
        self.skipped.setPlainText("\n".join(lines) or "None.")
        warned = [f"line {line}: {warning}" for line, warning in plan.warnings]
        self.warnings.setPlainText("\n".join(warned))
        for widget in (self.warnings_title, self.warnings):
            widget.setVisible(bool(warned))


STATUS_HINT = "say below what each means"
MEANINGS = (
    ("No verdict (not known)", ""),
    ("Accepted", "accepted"),
    ("Rejected", "rejected"),
    ("Recycled", "recycled"),
    ("Still waiting for one", "none"),
)
STATUSES_SHOWN = 12


class StatusMeanings(QGroupBox):
    """A choice per lead status the app does not know, for what it means; the import is read
    again with the user's choices (the command line's --verdict)."""

    def __init__(self, wizard: ImportWizard, reread: Callable[[], None]) -> None:
        super().__init__("What a lead status means")
        self.setObjectName("import_status_meanings")
        self.wizard, self.reread = wizard, reread
        self.form = QFormLayout(self)
        self.choices: dict[str, QComboBox] = {}
        self.hide()

    def show_statuses(self, unknown: list[str]) -> None:
        said = self.wizard.status_meanings
        statuses = list(dict.fromkeys([*said, *unknown]))[:STATUSES_SHOWN]
        if statuses == list(self.choices):
            return
        while self.form.rowCount():
            self.form.removeRow(0)
        self.choices = {}
        for status in statuses:
            choice = QComboBox()
            choice.setAccessibleName(f"What the lead status “{status}” means")
            for text, word in MEANINGS:
                choice.addItem(text, word)
            choice.setCurrentIndex(max(choice.findData(said.get(status, "")), 0))
            choice.currentIndexChanged.connect(lambda _=0, s=status: self._chosen(s))
            self.choices[status] = choice
            self.form.addRow(f"“{status}”", choice)
        self.setVisible(bool(statuses))

    def _chosen(self, status: str) -> None:
        word = self.choices[status].currentData()
        if word:
            self.wizard.status_meanings[status] = word
        else:
            self.wizard.status_meanings.pop(status, None)
        QTimer.singleShot(0, self.reread)  # not from inside the combo's own signal


def _listed(title: str, lines: list[str]) -> str:
    """``lines`` under ``title``, a bullet each, after a blank line; nothing if none."""
    if not lines:
        return ""
    return f"\n\n{title}" + "".join(f"\n• {line}" for line in lines)
