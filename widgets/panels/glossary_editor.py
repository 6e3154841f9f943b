"""The definitions glossary: each agreed term, its wording, and both teams' sign-off.

Changing the words of a signed-off definition clears both sign-offs (the
model does it, in the same undo step); the panel says so beside the fields.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from journeyapp.models import example_leads, glossary
from journeyapp.models.change import Change, Kind
from journeyapp.models.entities import Definition, ExampleLead
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
from journeyapp.widgets.panels.example_lead_dialog import ExampleLeadDialog
from journeyapp.widgets.plain_text import ask_for_text
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
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

        tests, tests_form = section("Example leads")
        self.example_list = QListWidget()
        self.example_list.setObjectName("definition_example_leads")
        self.example_list.setAccessibleName("Example and non-example leads, scored")
        self.example_list.setWordWrap(True)
        self.example_list.itemActivated.connect(lambda _item: self.edit_example_lead())
        example_buttons = QHBoxLayout()
        for name, caption, action in (
            ("definition_add_example", "Add example…", lambda: self.add_example_lead(True)),
            (
                "definition_add_non_example",
                "Add non-example…",
                lambda: self.add_example_lead(False),
            ),
            ("definition_edit_example", "Change…", self.edit_example_lead),
            ("definition_remove_example", "Delete", self.remove_example_lead),
        ):
            button = QPushButton(caption)
            button.setObjectName(name)
            button.clicked.connect(action)
            example_buttons.addWidget(button)
        example_buttons.addStretch(1)
        tests_form.addRow(
            hint_label(
                "Leads written out as facts: check says when the scoring model does not pass "
                "an example or passes a non-example. Changing them clears both sign-offs too."
            )
        )
        tests_form.addRow(self.example_list)
        tests_form.addRow(example_buttons)

        signoffs, signoff_form = section("Sign-off")
        grid = SignOffRows(self.sign_off, self.withdraw)
        self.signoff_labels = grid.labels
        signoff_form.addRow(grid)

        self.editor = stacked(wording, tests, signoffs)
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
        elif change.touches(Kind.SCORING_RULE):
            self._show_examples()

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
        self._show_examples()

    def _show_examples(self) -> None:
        """Each example and non-example with how it scores at the definition's thresholds."""
        keep = self.example_list.currentRow()
        self.example_list.clear()
        definition = self._definition()
        if definition is None:
            return
        for index, (lead, should_pass) in enumerate(example_leads.leads_of(definition)):
            results = example_leads.lead_results(self.playbook, definition.id, lead, should_pass)
            kind = "Example" if should_pass else "Non-example"
            lines = [f"{kind}: {lead.name}"] + [
                f"  {'✓' if r.agrees else '✗'} Threshold {r.threshold} · "
                + example_leads.example_verdict(r)
                for r in results
            ]
            item = QListWidgetItem("\n".join(lines))
            item.setData(Qt.ItemDataRole.UserRole, (should_pass, index))
            self.example_list.addItem(item)
        if self.example_list.count():
            self.example_list.setCurrentRow(min(max(keep, 0), self.example_list.count() - 1))

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

    def example_form(self, should_pass: bool, lead: ExampleLead | None) -> ExampleLead | None:
        """The example lead as typed in its form, or None if the form was cancelled."""
        dialog = ExampleLeadDialog(
            self.playbook, self.definition_id, should_pass, self.today(), lead, self
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.lead()

    def add_example_lead(self, should_pass: bool) -> None:
        if self._definition() is None:
            return
        self.flush()
        lead = self.example_form(should_pass, None)
        if lead is not None:
            definition_id = self.definition_id
            self._try(
                lambda: example_leads.add_example_lead(
                    self.playbook, definition_id, lead, should_pass
                )
            )

    def _chosen_example(self) -> tuple[bool, int] | None:
        item = self.example_list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def edit_example_lead(self) -> None:
        chosen = self._chosen_example()
        definition = self._definition()
        if chosen is None or definition is None:
            return
        should_pass, index = chosen
        leads = definition.example_leads if should_pass else definition.non_example_leads
        lead = self.example_form(should_pass, leads[index])
        if lead is not None and lead != leads[index]:
            definition_id = self.definition_id
            self._try(
                lambda: example_leads.change_example_lead(
                    self.playbook, definition_id, should_pass, index, lead
                )
            )

    def remove_example_lead(self) -> None:
        chosen = self._chosen_example()
        if chosen is not None and self._definition() is not None:
            should_pass, index = chosen
            definition_id = self.definition_id
            self._try(
                lambda: example_leads.remove_example_lead(
                    self.playbook, definition_id, should_pass, index
                )
            )

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
