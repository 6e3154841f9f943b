"""File → Playbook Properties…: the playbook's name, company, version, owner and logo, and
the working week a first-touch SLA counts in.

OK applies what changed as one undoable edit; a chosen file that cannot be a
logo, or business hours that cannot be read, are refused in a sentence under
the form, and nothing typed is lost.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journeyapp.models.business_hours import (
    clock_refusal,
    day_order_refusal,
    time_zone_refusal,
    weekdays_refusal,
)
from journeyapp.models.change import Kind
from journeyapp.models.edits import Edit
from journeyapp.models.errors import PlaybookError
from journeyapp.models.logo import read_logo
from journeyapp.models.operations import set_fields
from journeyapp.models.playbook import Playbook
from journeyapp.models.snapshots import quarter_name
from journeyapp.widgets.forms.form_parts import ok_cancel

LABEL = "Change playbook properties"
HOURS_LABEL = "Change business hours"
PREVIEW_SIZE = (200, 80)  # the most room the logo's preview takes, in pixels
TEXT_FIELDS = (
    ("name", "&Name:", "What the playbook is called, on the PDF cover and every page"),
    ("company", "&Company:", "Whose playbook it is"),
    ("version", "&Version:", "Which version, such as the quarter it was agreed in"),
    ("owner", "&Owner:", "Who keeps the playbook up to date"),
)
# The working week a first-touch SLA counts in, each with the model's refusal.
HOURS_FIELDS = (
    (
        "work_days",
        "&Working days:",
        "Which days count, such as Mon-Fri or Sun-Thu",
        weekdays_refusal,
    ),
    ("day_start", "Day &starts:", "When the working day starts, such as 09:00", clock_refusal),
    ("day_end", "Day &ends:", "When the working day ends, such as 17:30", clock_refusal),
    (
        "time_zone",
        "&Time zone:",
        "The time zone of the working day, such as Europe/Berlin; empty: SLAs count plain hours",
        time_zone_refusal,
    ),
)


class PlaybookPropertiesDialog(QDialog):
    """The playbook's properties as a form; ``edit()`` is what OK applies, or None."""

    def __init__(
        self,
        playbook: Playbook,
        apply: Callable[[Edit], bool],
        parent: QWidget | None = None,
        start_folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("playbook_properties_dialog")
        self.setWindowTitle("Playbook Properties")
        self.playbook = playbook
        self._apply = apply
        self._start_folder = start_folder
        meta = playbook.meta
        self.logo = meta.logo
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name, label, tip in TEXT_FIELDS:
            field = QLineEdit(getattr(meta, name))
            field.setObjectName(f"property_{name}")
            field.setAccessibleName(label.replace("&", "").rstrip(":"))
            field.setToolTip(tip)
            field.setMinimumWidth(320)
            self.fields[name] = field
            form.addRow(label, field)
        self.fields["version"].setPlaceholderText(quarter_name(datetime.date.today()))

        self.preview = QLabel()
        self.preview.setObjectName("logo_preview")
        self.preview.setAccessibleName("Logo preview")
        self.preview.setMinimumSize(*PREVIEW_SIZE)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.choose = QPushButton("C&hoose…")
        self.choose.setObjectName("logo_choose")
        self.choose.setAccessibleName("Choose a logo")
        self.choose.clicked.connect(self._choose_logo)
        self.remove = QPushButton("&Remove")
        self.remove.setObjectName("logo_remove")
        self.remove.setAccessibleName("Remove the logo")
        self.remove.clicked.connect(self._remove_logo)
        buttons_column = QVBoxLayout()
        buttons_column.addWidget(self.choose)
        buttons_column.addWidget(self.remove)
        buttons_column.addStretch()
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.preview, 1)
        logo_row.addLayout(buttons_column)
        form.addRow("Logo:", logo_row)

        hours = QLabel("Business hours (an SLA on first touch counts only these)")
        hours.setObjectName("business_hours_heading")
        hours.setStyleSheet("font-weight: bold; margin-top: 8px;")
        form.addRow(hours)
        self.refusals: dict[str, Callable[[str], str | None]] = {}
        for name, label, tip, refusal in HOURS_FIELDS:
            field = QLineEdit(getattr(meta, name))
            field.setObjectName(f"property_{name}")
            field.setAccessibleName(label.replace("&", "").rstrip(":"))
            field.setToolTip(tip)
            self.fields[name] = field
            self.refusals[name] = refusal
            form.addRow(label, field)
        self.fields["time_zone"].setPlaceholderText("not set: plain hours")

        self.problem = QLabel()
        self.problem.setObjectName("properties_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        ok_cancel(self, layout)
        self._show_logo()

    # -- the logo -------------------------------------------------------------

    def ask_logo_path(self) -> str:
        folder = str(self._start_folder) if self._start_folder else ""
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose a logo", folder, "Images (*.png *.jpg *.jpeg)"
        )
        return path

    def _choose_logo(self) -> None:
        path = self.ask_logo_path()
        if not path:
            return
        try:
            data = read_logo(path)
        except PlaybookError as error:
            self.problem.setText(str(error))
            return
        if not QPixmap().loadFromData(data):
            self.problem.setText(f"{Path(path).name} is damaged: its picture cannot be read.")
            return
        self.problem.clear()
        self.logo = data
        self._show_logo()

    def _remove_logo(self) -> None:
        self.logo = b""
        self.problem.clear()
        self._show_logo()

    def _show_logo(self) -> None:
        pixmap = QPixmap()
        if self.logo and pixmap.loadFromData(self.logo):
            self.preview.setPixmap(
                pixmap.scaled(
                    *PREVIEW_SIZE,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.preview.clear()
            self.preview.setText("No logo")
        self.remove.setEnabled(bool(self.logo))

    # -- OK -------------------------------------------------------------------

    def changes(self) -> dict[str, Any]:
        """The properties that differ from the playbook's, by field."""
        meta = self.playbook.meta
        values: dict[str, Any] = {name: field.text() for name, field in self.fields.items()}
        for name in self.refusals:
            values[name] = values[name].strip()
        values["logo"] = self.logo
        return {name: value for name, value in values.items() if value != getattr(meta, name)}

    def refusal(self) -> str | None:
        """Why the business hours typed cannot be kept, in the model's words; None if they can."""
        for name, refusal in self.refusals.items():
            why = refusal(self.fields[name].text().strip())
            if why:
                self.fields[name].setFocus()
                return why
        return day_order_refusal(
            self.fields["day_start"].text().strip(), self.fields["day_end"].text().strip()
        )

    def edit(self) -> Edit | None:
        changes = self.changes()
        if not changes:
            return None
        label = HOURS_LABEL if set(changes) <= set(self.refusals) else LABEL
        return set_fields(self.playbook, Kind.META, "meta", label=label, **changes)

    def accept(self) -> None:
        why = self.refusal()
        if why:
            self.problem.setText(why)
            return
        edit = self.edit()
        if edit is not None and not self._apply(edit):
            return  # refused: the window said why; the dialog keeps what was typed
        super().accept()


def open_playbook_properties(window) -> None:
    """File → Playbook Properties…: the dialog on the window's playbook."""
    document = window.document
    if document is None:
        return
    folder = None if document.is_untitled else document.path.parent
    dialog = PlaybookPropertiesDialog(document.playbook, window.apply_edit, window, folder)
    dialog.exec()
