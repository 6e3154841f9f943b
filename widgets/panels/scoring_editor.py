"""Lead scoring: the rules, the threshold tied to its handoff, each rule's challenges, both
teams' sign-off of the model, a walk-through with the backtest chart, a test lead.

The walk-through lists every rule with its points, reasoning, gate, hand-raiser, fading and
challenges so sales can go through each line; the test lead is scratch work and never stored.
"""

from __future__ import annotations

from dataclasses import replace

from journeyapp.models import operations, scoring, scoring_edits
from journeyapp.models.change import Change, Kind
from journeyapp.models.entities import Condition, ScoreCategory
from journeyapp.models.errors import EditError
from journeyapp.models.limits import check_values, parse_whole
from journeyapp.models.playbook import Playbook
from journeyapp.widgets.forms.field_binding import BoundField
from journeyapp.widgets.forms.form_parts import (
    choice_field,
    hint_label,
    line_field,
    plain_label,
    refill_choice,
    scrolling,
    section,
    stacked,
)
from journeyapp.widgets.panels.scoring_agreement import ScoringAgreement
from journeyapp.widgets.panels.scoring_rules_model import FIELDS, ScoringRulesModel
from journeyapp.widgets.panels.scoring_walk_view import WalkThroughView
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box for a column whose values are one of an enum's."""

    def __init__(self, enum, parent=None) -> None:
        super().__init__(parent)
        self.enum = enum

    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        for member in self.enum:
            combo.addItem(member.value, member)
        return combo

    def setEditorData(self, editor, index) -> None:
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor, model, index) -> None:
        model.setData(index, editor.currentData())


class ScoringPanel(QWidget):
    editRequested = Signal(object)
    refused = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("scoring_panel")
        self.setAccessibleName("Lead scoring")
        self.playbook: Playbook | None = None

        self.handoff_choice = choice_field("scoring_handoff", "Handoff the threshold belongs to")
        self.handoff_choice.currentIndexChanged.connect(self._show_threshold)
        self.threshold_edit = line_field("scoring_threshold", "Lead-score threshold", "e.g. 65")
        self.threshold_edit.setMaximumWidth(110)
        self._threshold = BoundField(
            self.threshold_edit,
            self._threshold_edit,
            self.editRequested.emit,
            self.refused.emit,
            live=False,
        )
        threshold, threshold_form = section("Threshold")
        row = QHBoxLayout()
        row.addWidget(self.handoff_choice, 1)
        row.addWidget(self.threshold_edit)
        threshold_form.addRow("The score a lead needs to pass on, at the handoff that uses it", row)

        self.model = ScoringRulesModel(self)
        self.model.editRequested.connect(self.editRequested)
        self.model.refused.connect(self.refused)
        self.table = QTableView()
        self.table.setObjectName("scoring_rules")
        self.table.setAccessibleName("Scoring rules")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(
            FIELDS.index("condition"), ChoiceDelegate(Condition, self)
        )
        self.table.setItemDelegateForColumn(
            FIELDS.index("category"), ChoiceDelegate(ScoreCategory, self)
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FIELDS.index("reasoning"), QHeaderView.ResizeMode.Stretch)
        buttons = QHBoxLayout()
        for text, name, slot in (
            ("Add rule", "rule_add", self.add_rule),
            ("Delete", "rule_remove", self.remove_rule),
            ("Up", "rule_up", lambda: self.move_rule(-1)),
            ("Down", "rule_down", lambda: self.move_rule(1)),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setAccessibleName(f"{text} scoring rule" if text in ("Up", "Down") else text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.agreement = ScoringAgreement()
        self.agreement.editRequested.connect(self.editRequested)
        self.agreement.refused.connect(self.refused)
        self.table.selectionModel().currentRowChanged.connect(self._show_rule_agreement)
        self.model.modelReset.connect(self._show_rule_agreement)
        # The buttons above the rules: below them, a panel opened under the map of a 1280×720
        # window showed them only after scrolling.
        rules_page = stacked(threshold)
        rules_page.layout().addLayout(buttons)
        rules_page.layout().addWidget(self.table)
        rules_page.layout().addWidget(self.agreement)

        self.walk_view = WalkThroughView()
        self.walk_through = self.walk_view.text

        self.lead_form = QFormLayout()
        self.lead_fields: dict[str, QLineEdit] = {}
        self.lead_result = plain_label("Score of the test lead")
        font = self.lead_result.font()
        font.setBold(True)
        self.lead_result.setFont(font)
        self.lead_met = plain_label("Rules the test lead meets")
        lead_page = QWidget()
        lead_layout = QVBoxLayout(lead_page)
        lead_layout.addWidget(hint_label("Type what you know of a lead; nothing here is saved."))
        lead_layout.addLayout(self.lead_form)
        lead_layout.addWidget(self.lead_result)
        lead_layout.addWidget(self.lead_met)
        lead_layout.addStretch(1)

        self.tabs = QTabWidget()
        self.table.setMinimumHeight(120)
        self.tabs.addTab(scrolling(rules_page), "Rules")
        self.tabs.addTab(self.walk_view, "Walk-through")
        self.tabs.addTab(scrolling(lead_page), "Test a lead")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tabs)

    # -- following the model ----------------------------------------------------------

    def set_playbook(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self.model.set_playbook(playbook)
        self.agreement.set_playbook(playbook)
        self._refresh()

    def on_change(self, change: Change) -> None:
        self.model.on_change(change)
        if change.kinds() & {
            Kind.SCORING_RULE,
            Kind.HANDOFF,
            Kind.STAGE,
            Kind.META,
            Kind.DEFINITION,
            Kind.LEAD,
            Kind.DEAL,
        }:
            self._refresh()

    def _refresh(self) -> None:
        playbook = self.playbook
        entries = [
            (h.id, operations.handoff_name(playbook, h))
            for h in scoring.threshold_handoffs(playbook)
        ]
        refill_choice(self.handoff_choice, entries, self.handoff_choice.currentData())
        self._show_threshold()
        self.agreement.refresh()
        self._rebuild_lead_form()

    def flush(self) -> None:
        """Send a threshold typed but not yet sent (the window is closing, another file
        opening)."""
        self._threshold.flush()

    def _show_threshold(self) -> None:
        self._threshold.flush()
        handoff_id = self.handoff_choice.currentData()
        self.threshold_edit.setEnabled(handoff_id is not None)
        value = self.playbook.handoff(handoff_id).score_threshold if handoff_id else None
        self._threshold.show("" if value is None else str(value))
        self.walk_view.show_for(self.playbook, handoff_id)
        self._score_lead()

    def _rebuild_lead_form(self) -> None:
        names = scoring.attributes(self.playbook.scoring_rules)
        if names == list(self.lead_fields):
            self._score_lead()
            return
        typed = {name: field.text() for name, field in self.lead_fields.items()}
        while self.lead_form.rowCount():
            self.lead_form.removeRow(0)
        self.lead_fields = {}
        for name in names:
            field = QLineEdit(typed.get(name, ""))
            field.setAccessibleName(f"Test lead: {name}")
            field.textChanged.connect(self._score_lead)
            self.lead_fields[name] = field
            # A criterion is user text: a bare string here would become a label guessing at markup.
            self.lead_form.addRow(plain_label(f"Criterion {name}", name), field)
        self._score_lead()

    # -- the test lead -----------------------------------------------------------------

    def test_lead(self) -> dict[str, str]:
        return {name: field.text() for name, field in self.lead_fields.items()}

    def _score_lead(self) -> None:
        if self.playbook is None:
            return
        result = scoring.score_lead(self.playbook.scoring_rules, self.test_lead())
        handoff_id = self.handoff_choice.currentData()
        verdict = ""
        if handoff_id is not None:
            handoff = self.playbook.handoff(handoff_id)
            threshold, target = handoff.score_threshold, self.playbook.stage(handoff.target).name
            if result.gates_missed:
                verdict = f" Misses the fit gate: never passes on to {target}."
            elif result.routed_by:
                verdict = f" A hand-raiser: passes on to {target} at once."
            elif result.lands_above(threshold):
                verdict = f" Reaches the threshold ({threshold}): passes on to {target}."
            else:
                verdict = f" Below the threshold ({threshold}) by {threshold - result.total}."
        self.lead_result.setText(
            f"Score: {result.total}. Fit {result.fit}, engagement {result.engagement}.{verdict}"
        )
        self.lead_met.setText(
            "\n".join(f"{scoring.describe_rule(e.rule)}" for e in result.earned)
            or "No rule met yet."
        )

    # -- edits ------------------------------------------------------------------------------

    def _threshold_edit(self, text: str, merge_key: str):
        handoff_id = self.handoff_choice.currentData()
        if handoff_id is None:
            return None
        value = parse_whole(text, "The lead-score threshold")
        if value is None:
            raise EditError("The threshold cannot be empty while this handoff uses the score.")
        handoff = self.playbook.handoff(handoff_id)
        if handoff.score_threshold == value:
            return None
        check_values(Kind.HANDOFF, replace(handoff, score_threshold=value))
        return operations.set_fields(
            self.playbook, Kind.HANDOFF, handoff_id, merge_key=merge_key, score_threshold=value
        )

    def _show_rule_agreement(self, *_) -> None:
        self.agreement.show_rule(self._selected_rule())

    def _selected_rule(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.rule_id(index.row()) if index.isValid() else None

    def add_rule(self) -> None:
        before = set(self.playbook.scoring_rules.ids())
        self.editRequested.emit(
            scoring_edits.add_rule(self.playbook, attribute="New attribute", points=5)
        )
        added = [i for i in self.playbook.scoring_rules.ids() if i not in before]
        row = self.playbook.scoring_rules.ids().index(added[0]) if added else None
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.edit(self.model.index(row, 0))

    def remove_rule(self) -> None:
        rule_id = self._selected_rule()
        if rule_id is not None:
            self.editRequested.emit(scoring_edits.remove_rule(self.playbook, rule_id))

    def move_rule(self, offset: int) -> None:
        rule_id = self._selected_rule()
        if rule_id is None:
            return
        index = self.playbook.scoring_rules.index(rule_id) + offset
        if not 0 <= index < len(self.playbook.scoring_rules):
            return
        column = max(0, self.table.currentIndex().column())
        self.editRequested.emit(
            operations.move_in_order(self.playbook, Kind.SCORING_RULE, rule_id, index)
        )
        self.table.setCurrentIndex(self.model.index(index, column))  # the rule stays selected
