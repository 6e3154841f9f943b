"""File → Import Touches…: the receiving team's calls, emails and meetings from an activity
export, read and summed up before anything changes, then attached to the playbook's leads and
deals as one undo step, so SLAs are measured on first touch."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from journeyapp.import_file_page import (
    FILE_FILTER,
    against_file_words,
    chosen_order,
    chosen_zone,
    date_order_choice,
    not_a_zone,
    unclear_words,
    zone_choice,
)
from journeyapp.models.deal_import.activity_layouts import LAYOUTS
from journeyapp.models.deal_import.plan import OrderAgainstFile, UnclearDateOrder
from journeyapp.models.deal_import.touch_plan import TouchPlan, read_touches, touch_edit
from journeyapp.models.errors import PlaybookError
from journeyapp.models.playbook import Playbook
from journeyapp.models.words import capped, count

SKIPS_SHOWN = 5


def plan_words(plan: TouchPlan) -> str:
    said = (
        f"{plan.file_name}: {LAYOUTS[plan.format].title} ({plan.read_as}). "
        f"{plan.added_words('new touch', 'new touches')} onto "
        + f"{count(plan.records, 'lead or deal', 'leads and deals')}; {plan.tally()}."
    )
    return "\n".join([said, *capped(sorted(plan.skipped), "more skipped row", SKIPS_SHOWN)])


class TouchImportDialog(QDialog):
    def __init__(self, parent, playbook: Playbook) -> None:
        super().__init__(parent)
        self.setObjectName("touch_import")
        self.setWindowTitle("Import touches from an activity export")
        self.playbook = playbook
        self.plan: TouchPlan | None = None
        self.edit = None
        self.path = QLineEdit()
        self.path.setObjectName("touch_file")
        self.path.setAccessibleName("Activity export file")
        self.path.editingFinished.connect(self.preview)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        self.format_choice = QComboBox()
        self.format_choice.setObjectName("touch_format")
        self.format_choice.setAccessibleName("Export format")
        self.format_choice.addItem("Recognise from its columns", "auto")
        for layout in LAYOUTS.values():
            self.format_choice.addItem(layout.title, layout.name)
        self.format_choice.currentIndexChanged.connect(self.preview)
        self.date_order = date_order_choice()
        self.date_order.currentIndexChanged.connect(self.preview)
        self.zone = zone_choice()
        self.zone.currentTextChanged.connect(self.preview)
        self.summary = QLabel(
            "Salesforce's Task or Event export (WhoId, WhatId, a subtype and a date), or a "
            "table of record_id, touched_at and kind (call, email or meeting). Nothing changes "
            "until Import."
        )
        self.summary.setObjectName("touch_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("touch_import_button")
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self._import)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("File", row)
        form.addRow("Format", self.format_choice)
        form.addRow("Dates", self.date_order)
        form.addRow("Times without a zone are in", self.zone)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.buttons)
        self.resize(640, 360)

    def ask_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, "Activity export", "", FILE_FILTER)
        return path

    def _browse(self) -> None:
        path = self.ask_path()
        if path:
            self.path.setText(path)
            self.preview()

    def preview(self) -> None:
        """Read the export as chosen and say what importing it would do."""
        self.plan, self.edit = None, None
        self.import_button.setEnabled(False)
        if not self.path.text().strip():
            return
        zone = chosen_zone(self.zone)
        if zone is None:
            self.summary.setText(not_a_zone(self.zone))
            return
        try:
            plan = read_touches(
                self.playbook,
                self.path.text().strip(),
                self.format_choice.currentData(),
                chosen_order(self.date_order),
                zone,
            )
            edit = touch_edit(self.playbook, plan)
        except UnclearDateOrder as unclear:
            self.summary.setText(unclear_words(unclear))
            return
        except OrderAgainstFile as against:
            self.summary.setText(against_file_words(against))
            return
        except PlaybookError as refusal:
            self.summary.setText(str(refusal))
            return
        self.plan, self.edit = plan, edit
        words = plan_words(plan)
        if edit is None:
            words += "\nEvery touch in it is recorded already: there is nothing to import."
        self.summary.setText(words)
        self.import_button.setEnabled(edit is not None)

    def _import(self) -> None:
        if self.edit is not None:
            self.accept()
