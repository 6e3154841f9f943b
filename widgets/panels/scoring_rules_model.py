"""The lead-scoring rules as an editable table; edits go out as model edits, never in place."""

from __future__ import annotations

from dataclasses import replace

from journeyapp.models import operations
from journeyapp.models.change import Change, Kind
from journeyapp.models.entities import Condition, ScoreCategory
from journeyapp.models.errors import EditError
from journeyapp.models.limits import check_values, parse_whole
from journeyapp.models.playbook import Playbook
from journeyapp.widgets.plain_text import as_typed
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal

COLUMNS = ("Attribute", "Condition", "Value", "Points", "Type", "Reasoning")
FIELDS = ("attribute", "condition", "value", "points", "category", "reasoning")


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
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        rule = self.playbook.scoring_rules[self._ids[index.row()]]
        field = FIELDS[index.column()]
        value = getattr(rule, field)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if field == "points":
                return f"{value:+d}" if role == Qt.ItemDataRole.DisplayRole else str(value)
            if field == "category":
                return value.value.capitalize() if role == Qt.ItemDataRole.DisplayRole else value
            if field == "condition":
                return value.value if role == Qt.ItemDataRole.DisplayRole else value
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and field == "points":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return as_typed(rule.reasoning) or "No reasoning written yet."
        return None

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        rule = self.playbook.scoring_rules[self._ids[index.row()]]
        field = FIELDS[index.column()]
        try:
            new = self._read(field, value)
            if getattr(rule, field) == new:
                return False
            edit = operations.set_fields(self.playbook, Kind.SCORING_RULE, rule.id, **{field: new})
            self._check(rule, field, new)
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
        text = str(value).strip() if field != "reasoning" else str(value)
        if field == "attribute" and not text:
            raise EditError("A rule needs an attribute; it cannot be empty.")
        return text

    def _check(self, rule, field: str, new) -> None:
        """Refuse here what the model would refuse, so the table never shows a rejected value."""
        check_values(Kind.SCORING_RULE, replace(rule, **{field: new}))
