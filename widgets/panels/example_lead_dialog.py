"""The form of one example (or non-example) lead of a definition: its name, the day it is
scored on, and its facts (attribute, value, and for an activity the date it happened), with
how it scores at the definition's thresholds shown as the facts are typed."""

from __future__ import annotations

from journeyapp.models.entities import ExampleLead, LeadFact
from journeyapp.models.example_leads import example_verdict, lead_results
from journeyapp.models.playbook import Playbook
from journeyapp.models.scoring import attributes
from journeyapp.widgets.forms.form_parts import line_field, ok_cancel, plain_label
from journeyapp.widgets.title_width import fit_title
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

COLUMNS = ("Attribute", "Value", "Date it happened")
BLANK_ROWS = 2  # room to type new facts into


class ExampleLeadDialog(QDialog):
    """Adds (``lead`` None) or changes an example lead; ``lead()`` gives what was typed."""

    def __init__(
        self,
        playbook: Playbook,
        definition_id: str,
        should_pass: bool,
        today: str,
        lead: ExampleLead | None = None,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("example_lead_dialog")
        self.playbook, self.definition_id, self.should_pass = playbook, definition_id, should_pass
        kind = "example" if should_pass else "non-example"
        term = playbook.definitions[definition_id].term
        self.setWindowTitle(
            f"Add a{'n' if should_pass else ''} {kind} of {term}"
            if lead is None
            else f"Change the {kind} of {term}"
        )
        self.name_edit = line_field(
            "example_lead_name", "Who the lead is", "Ops lead at a 300-person retailer"
        )
        self.scored_on_edit = line_field("example_lead_scored_on", "Scored on", "YYYY-MM-DD")
        self.facts_table = QTableWidget(0, len(COLUMNS))
        self.facts_table.setObjectName("example_lead_facts")
        self.facts_table.setAccessibleName("Facts about the lead")
        self.facts_table.setHorizontalHeaderLabels(COLUMNS)
        self.facts_table.verticalHeader().setVisible(False)
        header = self.facts_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.facts_table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.facts_table.setTabKeyNavigation(True)
        add_row = QPushButton("Add a fact")
        add_row.setObjectName("example_lead_add_fact")
        add_row.clicked.connect(lambda: self._add_row())
        remove_row = QPushButton("Remove the fact")
        remove_row.setObjectName("example_lead_remove_fact")
        remove_row.clicked.connect(self._remove_row)
        self.result_label = plain_label("How the lead scores")
        self.result_label.setObjectName("example_lead_result")
        self.result_label.setWordWrap(True)

        form = QFormLayout()
        form.addRow("Who the lead is", self.name_edit)
        form.addRow("Scored on", self.scored_on_edit)
        wanted = ", ".join(attributes(playbook.scoring_rules)) or "none yet"
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(add_row)
        row_buttons.addWidget(remove_row)
        row_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        hint = plain_label("What the scoring rules look at", f"What the rules look at: {wanted}.")
        hint.setEnabled(False)  # the palette's muted text, as a hint
        layout.addWidget(hint)
        layout.addWidget(self.facts_table, 1)
        layout.addLayout(row_buttons)
        layout.addWidget(self.result_label)
        ok_cancel(self, layout)

        self.name_edit.setText(lead.name if lead else "")
        self.scored_on_edit.setText(lead.scored_on if lead else today)
        for fact in lead.facts if lead else ():
            self._add_row((fact.attribute, fact.value, fact.date))
        for _ in range(BLANK_ROWS):
            self._add_row()
        self.facts_table.itemChanged.connect(self._rescore)
        self.scored_on_edit.textChanged.connect(self._rescore)
        self._rescore()
        self.resize(640, 480)
        fit_title(self)

    def _add_row(self, cells: tuple[str, str, str] = ("", "", "")) -> None:
        row = self.facts_table.rowCount()
        self.facts_table.insertRow(row)
        for column, text in enumerate(cells):
            self.facts_table.setItem(row, column, QTableWidgetItem(text))

    def _remove_row(self) -> None:
        row = self.facts_table.currentRow()
        if row >= 0:
            self.facts_table.removeRow(row)
            self._rescore()

    def _cell(self, row: int, column: int) -> str:
        item = self.facts_table.item(row, column)
        return "" if item is None else item.text().strip()

    def lead(self) -> ExampleLead:
        facts = []
        for row in range(self.facts_table.rowCount()):
            attribute, value, date = (self._cell(row, c) for c in range(len(COLUMNS)))
            if attribute or value or date:
                facts.append(LeadFact(attribute, value, date))
        return ExampleLead(
            self.name_edit.text().strip(), self.scored_on_edit.text().strip(), tuple(facts)
        )

    def _rescore(self, *_args) -> None:
        results = lead_results(self.playbook, self.definition_id, self.lead(), self.should_pass)
        if not results:
            self.result_label.setText(
                "No handoff with a score threshold relies on this definition yet, so the lead "
                "is not scored."
            )
            return
        self.result_label.setText(
            "\n".join(
                f"{'✓' if r.agrees else '✗'} At {' and '.join(r.routes)} (threshold "
                f"{r.threshold}): {example_verdict(r)}"
                for r in results
            )
        )
