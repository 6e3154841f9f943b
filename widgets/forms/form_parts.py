"""Small building blocks shared by the inspectors: captions, sections, plain-text fields."""

from __future__ import annotations

from journeyapp.models.errors import EditError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)


def plain_label(accessible_name: str, text: str = "") -> QLabel:
    """A label for user text: never read as rich text, wraps, can be selected and copied."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(accessible_name)
    return label


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setEnabled(False)  # the palette's muted text
    return label


def line_field(name: str, accessible_name: str, placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setAccessibleName(accessible_name)
    field.setPlaceholderText(placeholder)
    return field


def text_field(
    name: str, accessible_name: str, placeholder: str = "", lines: int = 3, kind=QPlainTextEdit
) -> QPlainTextEdit:
    field = kind()
    field.setObjectName(name)
    field.setAccessibleName(accessible_name)
    field.setPlaceholderText(placeholder)
    field.setTabChangesFocus(True)
    height = field.fontMetrics().lineSpacing() * lines + 14
    field.setFixedHeight(height)  # long text scrolls inside; the form stays compact
    return field


def choice_field(name: str, accessible_name: str) -> QComboBox:
    field = QComboBox()
    field.setObjectName(name)
    field.setAccessibleName(accessible_name)
    return field


def section(title: str) -> tuple[QGroupBox, QFormLayout]:
    """A titled group with a form layout whose captions sit above full-width fields."""
    box = QGroupBox(title)
    form = QFormLayout(box)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return box, form


def stacked(*widgets: QWidget) -> QWidget:
    host = QWidget()
    layout = QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return host


def compact_rows(table: QTableView) -> None:
    """Rows a line of text high, with a little room: a table of figures in a panel under the
    map shows several rows at 1280×720, not one and a half."""
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.setWordWrap(False)


def two_lines(name: str, longest: int = 14) -> str:
    """A long name broken at the space nearest its middle, for a column header as narrow as
    the numbers under it."""
    if len(name) <= longest or " " not in name:
        return name
    middle = len(name) / 2
    cut = min((n for n, character in enumerate(name) if character == " "),
              key=lambda n: abs(n - middle))  # fmt: skip
    return f"{name[:cut]}\n{name[cut + 1 :]}"


def scrolling(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area, so a narrow or short dock can still hold it."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


def refill_choice(combo: QComboBox, entries: list[tuple], keep=None) -> None:
    """Show ``entries`` as (data, text) and select ``keep`` (else the first), telling no one:
    the model already holds what is shown. Unchanged entries are not rebuilt."""
    was = combo.blockSignals(True)
    if [(combo.itemData(i), combo.itemText(i)) for i in range(combo.count())] != list(entries):
        combo.clear()
        for data, text in entries:
            combo.addItem(text, data)
    index = combo.findData(keep)
    combo.setCurrentIndex(index if index >= 0 else 0)
    combo.blockSignals(was)


def select_data(combo: QComboBox, value) -> None:
    """Show the entry holding ``value`` without telling anyone (the model already knows)."""
    index = combo.findData(value)
    if index != combo.currentIndex():
        was = combo.blockSignals(True)
        combo.setCurrentIndex(index)
        combo.blockSignals(was)


def chosen(combo: QComboBox, enum: type | None = None):
    """The chosen entry's data; Qt hands an enum member back as its plain value, so
    ``enum`` turns it back into the member."""
    value = combo.currentData()
    return enum(value) if enum is not None and value is not None else value


def send_or_refuse(build, send, refuse) -> None:
    """Build an edit and send it; a refusal (EditError) is reported as its sentence instead."""
    try:
        edit = build()
    except EditError as refusal:
        refuse(str(refusal))
        return
    if edit is not None:
        send(edit)


def ok_cancel(dialog: QDialog, layout: QBoxLayout) -> QDialogButtonBox:
    """The form's OK and Cancel buttons, added at the bottom of ``layout``."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return buttons
