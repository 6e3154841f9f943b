"""The definitions glossary: each agreed term, its wording, and both teams' sign-off.

Changing the words of a signed-off definition clears both sign-offs (the
model does it, in the same undo step); the panel says so beside the fields.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from journeyapp.models import glossary
from journeyapp.models.change import Change, Kind
from journeyapp.models.entities import Definition
from journeyapp.models.errors import EditError
from journeyapp.models.playbook import Playbook
from journeyapp.widgets.forms.field_binding import BoundField
from journeyapp.widgets.forms.form_parts import (
    hint_label,
    line_field,
    scrolling,
    section,
    send_or_refuse,
    stacked,
    text_field,
)
from journeyapp.widgets.forms.signoff_rows import SignOffRows, signed_words
from journeyapp.widgets.plain_text import ask_for_text
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

WORDING = (
    # field, object name, caption, placeholder, lines
    ("text", "definition_text", "Definition", "What the term means, in one or two sentences.", 3),
    ("examples", "definition_examples", "Examples", "Leads that are this.", 2),
    ("non_examples", "definition_non_examples", "Non-examples", "Leads that are not.", 2),
)


class GlossaryPanel(QWidget):
    editRequested = Signal(object)
    refused = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("glossary_panel")
        self.setAccessibleName("Definitions glossary")
        self.playbook: Playbook | None = None
        self.definition_id: str | None = None
        self.signer_name = ""
        self.today: Callable[[], str] = lambda: datetime.date.today().isoformat()

        self.term_list = QListWidget()
        self.term_list.setObjectName("definition_list")
        self.term_list.setAccessibleName("Defined terms")
        self.term_list.currentItemChanged.connect(self._picked)
        add = QPushButton("Add…")
        add.setObjectName("definition_add")
        add.setAccessibleName("Add a definition")
        add.clicked.connect(self.add_definition)
        remove = QPushButton("Delete")
        remove.setObjectName("definition_remove")
        remove.setAccessibleName("Delete the definition")
        remove.clicked.connect(self.remove_definition)
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(add)
        list_buttons.addWidget(remove)
        left = stacked(self.term_list)
        left.layout().addLayout(list_buttons)

        self.term_edit = line_field("definition_term", "Term")
        self._fields = {
            "term": BoundField(
                self.term_edit, self._wording("term"), self._send, self._refuse, False
            )
        }
        wording, form = section("Wording")
        form.addRow("Term", self.term_edit)
        self.text_edits = {}
        for field, name, caption, placeholder, lines in WORDING:
            edit = text_field(name, caption, placeholder, lines)
            self.text_edits[field] = edit
            self._fields[field] = BoundField(edit, self._wording(field), self._send, self._refuse)
            form.addRow(caption, edit)
        form.addRow(hint_label("Changing the words clears both sign-offs: the room agrees again."))

        signoffs, signoff_form = section("Sign-off")
        grid = SignOffRows(self.sign_off, self.withdraw)
        self.signoff_labels = grid.labels
        signoff_form.addRow(grid)

        self.editor = stacked(wording, signoffs)
        self.editor.layout().addStretch(1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        left.setMinimumWidth(120)
        splitter.addWidget(left)
        splitter.addWidget(scrolling(self.editor))
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

    # -- following the model ---------------------------------------------------------

    def set_playbook(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self.definition_id = None
        self._fill_list()

    def on_change(self, change: Change) -> None:
        if change.kinds() & {Kind.DEFINITION, Kind.HANDOFF}:
            self._fill_list()

    def show_definition(self, definition_id: str) -> None:
        for row in range(self.term_list.count()):
            if self.term_list.item(row).data(Qt.ItemDataRole.UserRole) == definition_id:
                self.term_list.setCurrentRow(row)

    def flush(self) -> None:
        for field in self._fields.values():
            field.flush()

    def _fill_list(self) -> None:
        keep = self.definition_id
        blocked = self.term_list.blockSignals(True)
        self.term_list.clear()
        for definition in self.playbook.definitions:
            signed = definition.marketing_signoff and definition.sales_signoff
            text = definition.term if signed else f"{definition.term}  — needs sign-off"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, definition.id)
            self.term_list.addItem(item)
        ids = self.playbook.definitions.ids()
        if ids:
            self.term_list.setCurrentRow(ids.index(keep) if keep in ids else 0)
        self.term_list.blockSignals(blocked)
        self._show()

    def _picked(self, *_args) -> None:
        self.flush()  # typing goes to the definition it was typed for
        item = self.term_list.currentItem()
        self.definition_id = None if item is None else item.data(Qt.ItemDataRole.UserRole)
        self._show()

    def _definition(self) -> Definition | None:
        if self.definition_id is None or self.definition_id not in self.playbook.definitions:
            return None
        return self.playbook.definitions[self.definition_id]

    def _show(self) -> None:
        item = self.term_list.currentItem()
        self.definition_id = None if item is None else item.data(Qt.ItemDataRole.UserRole)
        definition = self._definition()
        self.editor.setEnabled(definition is not None)
        if definition is None:
            return
        for field, bound in self._fields.items():
            bound.show(getattr(definition, field))
        for team, label in self.signoff_labels.items():
            label.setText(signed_words(getattr(definition, f"{team}_signoff")))

    # -- edits ---------------------------------------------------------------------------

    def _send(self, edit) -> None:
        self.editRequested.emit(edit)

    def _refuse(self, message: str) -> None:
        self.refused.emit(message)

    def _wording(self, field: str):
        def build(text: str, merge_key: str):
            definition = self._definition()
            if definition is None or getattr(definition, field) == text:
                return None
            return glossary.set_wording(
                self.playbook, definition.id, merge_key=merge_key, **{field: text}
            )

        return build

    def _try(self, build) -> None:
        send_or_refuse(build, self._send, self._refuse)

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        return ask_for_text(self, title, label, text)

    def add_definition(self) -> None:
        term = self.ask_text("Add definition", "Term (e.g. MQL):")
        if term is None:
            return
        try:
            edit = glossary.add_definition(self.playbook, term)
        except EditError as refusal:
            self._refuse(str(refusal))
            return
        self._send(edit)
        self.show_definition(edit.entity.id)

    def remove_definition(self) -> None:
        if self._definition() is not None:
            self._try(lambda: glossary.remove_definition(self.playbook, self.definition_id))

    def sign_off(self, team: str) -> None:
        definition = self._definition()
        if definition is None:
            return
        self.flush()
        name = self.ask_text(
            "Sign off", f"Who signs off “{definition.term}” for {team}?", self.signer_name
        )
        if name is None:
            return
        self._try(lambda: glossary.sign_off(self.playbook, definition.id, team, name, self.today()))
        self.signer_name = name.strip()

    def withdraw(self, team: str) -> None:
        definition = self._definition()
        if definition is not None and getattr(definition, f"{team}_signoff") is not None:
            self._try(lambda: glossary.withdraw_sign_off(self.playbook, definition.id, team))
