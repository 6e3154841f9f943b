"""The lead-scoring rules as an editable table; edits go out as model edits, never in place.

A change to a rule clears both teams' sign-off of the model (models/scoring_edits.py)."""

from __future__ import annotations

from dataclasses import replace

from journeyapp.models import scoring_edits
from journeyapp.models.change import Change, Kind
from journeyapp.models.entities import Condition, ScoreCategory
from journeyapp.models.errors import EditError
from journeyapp.models.limits import check_values, parse_whole
from journeyapp.models.playbook import Playbook
from journeyapp.widgets.plain_text import as_typed
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal

COLUMNS = (
    "Attribute",
    "Condition",
    "Value",
    "Points",
    "Type",
    "Reasoning",
    "Fit gate",
    "Routes at once",
    "Half-life (days)",
)
FIELDS = (
    "attribute",
    "condition",
    "value",
    "points",
    "category",
    "reasoning",
    "gate",
    "routes",
    "half_life_days",
)
FLAGS = ("gate", "routes")  # shown as check boxes
TYPE_WORDS = {ScoreCategory.FIRMOGRAPHIC: "Fit", ScoreCategory.BEHAVIOURAL: "Engagement"}


class ScoringRulesModel(QAbstractTableModel):
    editRequested = Signal(object)
    refused = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.playbook: Playbook | None = None
        self._ids: list[str] = []

    def set_playbook(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self.beginResetModel()
        self._ids = playbook.scoring_rules.ids()
        self.endResetModel()

    def on_change(self, change: Change) -> None:
        if not change.touches(Kind.SCORING_RULE):
            return
        ids = self.playbook.scoring_rules.ids()
        if ids != self._ids:
            self.set_playbook(self.playbook)
            return
        for row, rule_id in enumerate(ids):
            if rule_id in change.get(Kind.SCORING_RULE):
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def rule_id(self, row: int) -> str:
        return self._ids[row]

    def rowCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._ids)

    def columnCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: QModelIndex):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if FIELDS[index.column()] in FLAGS:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        rule = self.playbook.scoring_rules[self._ids[index.row()]]
        field = FIELDS[index.column()]
        value = getattr(rule, field)
        if field in FLAGS:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.ToolTipRole:
                return (
                    "A lead must meet it before its behaviour counts."
                    if field == "gate"
                    else "A hand-raiser: the lead is handed on at once, whatever its score."
                )
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if field == "half_life_days":
                return "" if value is None else str(value)
            if field == "points":
                return f"{value:+d}" if role == Qt.ItemDataRole.DisplayRole else str(value)
            if field == "category":
                return TYPE_WORDS[value] if role == Qt.ItemDataRole.DisplayRole else value
            if field == "condition":
                return value.value if role == Qt.ItemDataRole.DisplayRole else value
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and field == "points":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return as_typed(rule.reasoning) or "No reasoning written yet."
        return None

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        field = FIELDS[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and field in FLAGS:
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole or field in FLAGS:
            return False
        rule = self.playbook.scoring_rules[self._ids[index.row()]]
        try:
            new = self._read(field, value)
            if getattr(rule, field) == new:
                return False
            self._check(rule, field, new)
            edit = scoring_edits.change_rule(self.playbook, rule.id, **{field: new})
        except EditError as refusal:
            self.refused.emit(str(refusal))
            return False
        self.editRequested.emit(edit)
        return True

    @staticmethod
    def _read(field: str, value):
        if field == "points":
            points = parse_whole(str(value), "A rule's points")
            if points is None:
                raise EditError("A rule's points must be a whole number, such as 10 or -20.")
            return points
        if field == "condition":
            return Condition(value)
        if field == "category":
            return ScoreCategory(value)
        if field in FLAGS:
            return bool(value)
        if field == "half_life_days":
            return parse_whole(str(value), "A rule's half-life")
        text = str(value).strip() if field != "reasoning" else str(value)
        if field == "attribute" and not text:
            raise EditError("A rule needs an attribute; it cannot be empty.")
        return text

    def _check(self, rule, field: str, new) -> None:
        """Refuse here what the model would refuse, so the table never shows a rejected value."""
        check_values(Kind.SCORING_RULE, replace(rule, **{field: new}))
