"""The import wizard's first page: the export (CSV, workbook or .zip), its format, how to read
its dates and times, and a preview of the first deals as read."""

from __future__ import annotations

import zoneinfo

from PySide6.QtCore import QSignalBlocker, Qt, QTimeZone
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from journeyapp.models.deal_import.archive import ChooseMember
from journeyapp.models.deal_import.plan import ImportPlan, OrderAgainstFile, UnclearDateOrder
from journeyapp.models.deal_import.values import ORDER_WORDS, DateOrder
from journeyapp.models.errors import PlaybookError
from journeyapp.models.words import count

PREVIEW_ROWS = 25
FILE_FILTER = (
    "CRM exports (*.csv *.txt *.tsv *.xlsx *.xlsm *.xls *.ods *.zip);;"
    "CSV and text (*.csv *.txt *.tsv);;Workbooks (*.xlsx *.xlsm *.xls *.ods);;"
    "Zip archives (*.zip);;All files (*)"
)
DATE_COLUMNS = ("As written", "Read day first", "Read month first")


def system_zone() -> str:
    """The computer's own time zone by its IANA name (Europe/Berlin), UTC if it has none."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode() or "UTC"
    return name if name in zoneinfo.available_timezones() else "UTC"


def date_order_choice() -> QComboBox:
    """How to read dates like 03/04/2024: as the file shows it, or an order the user gives."""
    choice = QComboBox()
    choice.setObjectName("import_date_order")
    choice.setAccessibleName("Order of day and month in the dates")
    for text, order in (
        ("As the file shows it", None),
        ("Day first (31/12/2024)", DateOrder.DMY),
        ("Month first (12/31/2024)", DateOrder.MDY),
        ("Year first (2024/12/31)", DateOrder.YMD),
    ):
        choice.addItem(text, order)
    return choice


def chosen_order(choice: QComboBox) -> DateOrder | None:
    chosen = choice.currentData()  # Qt hands the enum back as text
    return DateOrder(chosen) if chosen else None


def zone_choice() -> QComboBox:
    """The time zone of times written without one: typed (with completion) or chosen."""
    choice = QComboBox()
    choice.setObjectName("import_time_zone")
    choice.setAccessibleName("Time zone of times written without one")
    choice.setEditable(True)
    zones = sorted(zoneinfo.available_timezones())
    choice.addItems(dict.fromkeys(["UTC", system_zone(), *zones]))
    completer = QCompleter(zones, choice)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    choice.setCompleter(completer)
    return choice


def chosen_zone(choice: QComboBox) -> zoneinfo.ZoneInfo | None:
    """The zone typed or chosen; None when it names no zone."""
    try:
        return zoneinfo.ZoneInfo(choice.currentText().strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def unclear_words(unclear: UnclearDateOrder) -> str:
    day_first, month_first = unclear.both_readings()
    hint = ""
    if unclear.shown_by is not None:
        other, order, telling = unclear.shown_by
        hint = f" Column “{other}” shows {ORDER_WORDS[order]} dates ({telling})."
    return (
        f"Dates such as {unclear.example} (column “{unclear.column}”) read as well "
        f"day-first ({day_first}) as month-first ({month_first}).{hint} Choose which under "
        "Dates."
    )


_ORDER_NAMES = {DateOrder.DMY: "Day first", DateOrder.MDY: "Month first"}


def against_file_words(against: OrderAgainstFile) -> str:
    """The refusal of an order chosen under Dates against the one the file shows, in the
    dialog's words."""
    return (
        f"Column “{against.shown_in}” shows its dates are {ORDER_WORDS[against.shown]} "
        f"({against.example}), so “{against.column}” cannot be read "
        f"{ORDER_WORDS[against.given]}. Choose {_ORDER_NAMES[against.shown]} under Dates."
    )


def not_a_zone(choice: QComboBox) -> str:
    return f"“{choice.currentText()}” is not a time zone; choose one such as Europe/Berlin or UTC."


class FilePage(QWizardPage):
    def __init__(self, wizard) -> None:
        super().__init__()
        self.setTitle("Choose the export")
        kind = self.kind = wizard.kind
        self.setSubTitle(
            f"A CRM export as downloaded from {kind.source_words}: CSV, Excel or OpenDocument "
            "workbook, or the .zip it came in. Its layout is recognised from its columns."
        )
        self.owner = wizard
        self.path = QLineEdit()
        self.path.setAccessibleName("CRM export file")
        self.path.editingFinished.connect(self._new_file)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        self.member = QComboBox()
        self.member.setObjectName("import_member")
        self.member.setAccessibleName("Table in the zip archive")
        self.member.currentIndexChanged.connect(self.preview)
        self.format_choice = QComboBox()
        self.format_choice.setAccessibleName("Export format")
        self.format_choice.addItem("Recognise from its columns", "auto")
        for layout in kind.catalogue.layouts.values():
            self.format_choice.addItem(layout.title, layout.name)
        self.format_choice.currentIndexChanged.connect(self.preview)
        self.date_order = date_order_choice()
        self.date_order.currentIndexChanged.connect(self.preview)
        self.zone = zone_choice()
        self.zone.currentTextChanged.connect(self.preview)
        self.companion = QLineEdit()
        self.companion.setObjectName("import_companion")
        self.companion.setAccessibleName(kind.companion_name)
        self.companion.setPlaceholderText(kind.companion_hint)
        self.companion.editingFinished.connect(self.preview)
        browse_companion = QPushButton("Browse…")
        browse_companion.clicked.connect(self._browse_companion)
        self.companion_row = QHBoxLayout()
        self.companion_row.addWidget(self.companion, 1)
        self.companion_row.addWidget(browse_companion)
        self.summary = QLabel()
        self.summary.setObjectName("import_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, len(kind.columns))
        self.table.setObjectName("import_preview")
        self.table.setAccessibleName(f"The first {kind.noun}s as read")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.form = QFormLayout()
        self.form.addRow("File", row)
        self.form.addRow("Table", self.member)
        self.form.addRow("Format", self.format_choice)
        self.form.addRow("Dates", self.date_order)
        self.form.addRow("Times without a zone are in", self.zone)
        self.form.addRow(kind.companion_label, self.companion_row)
        self.form.setRowVisible(self.member, False)
        self.form.setRowVisible(self.companion_row, False)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def format(self) -> str:
        return self.format_choice.currentData() or "auto"

    def chosen_member(self) -> str | None:
        return self.member.currentData() if self.form.isRowVisible(self.member) else None

    def chosen_companion(self) -> str | None:
        shown = self.form.isRowVisible(self.companion_row)
        return self.companion.text().strip() or None if shown else None

    def chosen_order(self) -> DateOrder | None:
        return chosen_order(self.date_order)

    def chosen_zone(self) -> zoneinfo.ZoneInfo | None:
        return chosen_zone(self.zone)

    def ask_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, "CRM export", "", FILE_FILTER)
        return path

    def _browse(self) -> None:
        path = self.ask_path()
        if path:
            self.path.setText(path)
            self._new_file()

    def _browse_companion(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Opportunity export", "", FILE_FILTER)
        if path:
            self.companion.setText(path)
            self.preview()

    def _new_file(self) -> None:
        blocker = QSignalBlocker(self.member)
        self.member.clear()
        blocker.unblock()
        self.form.setRowVisible(self.member, False)
        self.preview()

    def preview(self) -> None:
        self.table.setRowCount(0)
        self.owner.plan = None
        if not self.path.text().strip():
            self.summary.setText("")
        elif self.chosen_zone() is None:
            self.summary.setText(not_a_zone(self.zone))
        else:
            self._read()
        self.completeChanged.emit()

    def _read(self) -> None:
        try:
            plan = self.owner.read(self.path.text(), self.format(), {})
        except ChooseMember as question:
            self._offer_members(question)
        except UnclearDateOrder as unclear:
            self._show_both_readings(unclear)
        except OrderAgainstFile as against:
            self.summary.setText(against_file_words(against))
        except PlaybookError as refusal:
            self.summary.setText(str(refusal))
        else:
            self._show_deals(plan)

    def _offer_members(self, question: ChooseMember) -> None:
        blocker = QSignalBlocker(self.member)
        self.member.clear()
        for member in question.members:
            self.member.addItem(member, member)
        blocker.unblock()
        self.form.setRowVisible(self.member, True)
        self.preview()  # the first of them, until another is chosen

    def _show_both_readings(self, unclear: UnclearDateOrder) -> None:
        self.summary.setText(unclear_words(unclear))
        self._fill(DATE_COLUMNS, [(ex, *unclear.both_readings(ex)) for ex in unclear.examples])

    def _show_deals(self, plan: ImportPlan) -> None:
        # Salesforce histories name no deal, owner or outcome: their Opportunity export can;
        # its leads name no campaign: their CampaignMember export can.
        kind = self.kind
        self.form.setRowVisible(self.companion_row, plan.format in kind.joins)
        said = (plan.number_rule, plan.time_rule, plan.companion_rule)
        rules = "".join(f"; {rule}" for rule in said if rule)
        self.summary.setText(
            f"{plan.file_name}: {kind.catalogue.layouts[plan.format].title} ({plan.read_as}), "
            f"{count(len(plan.records), kind.noun)}, "
            f"{count(len(plan.crm_stages), kind.stage_words)}, "
            f"{count(len(plan.skipped), 'row')} that cannot be read{rules}."
        )
        self._fill(kind.columns, [kind.row(record) for record in plan.records[:PREVIEW_ROWS]])

    def _fill(self, headings: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
        self.table.setColumnCount(len(headings))
        self.table.setHorizontalHeaderLabels(headings)
        self.table.setRowCount(len(rows))
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def isComplete(self) -> bool:
        return self.owner.plan is not None and bool(self.owner.plan.records)
