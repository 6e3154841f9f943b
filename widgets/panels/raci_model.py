"""The RACI matrix as a Qt table model: activities down, roles across, broken rules at the end.

The model never changes the playbook: setting a letter emits the edit for
the Document to apply, and the table hears back through ``on_change``.
"""

from __future__ import annotations

from journeyapp.models import operations
from journeyapp.models.change import Change, Kind
from journeyapp.models.entities import Activity, Raci
from journeyapp.models.playbook import Playbook
from journeyapp.models.role_edits import raci_findings
from journeyapp.models.validation import Severity
from journeyapp.widgets.plain_text import as_typed
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

MEANING = {
    Raci.R: "Responsible",
    Raci.A: "Accountable",
    Raci.C: "Consulted",
    Raci.I: "Informed",
}
TINT = {Raci.A: QColor(217, 130, 43, 70), Raci.R: QColor(31, 138, 158, 60)}
BROKEN = {Severity.ERROR: QColor("#c0392b"), Severity.WARNING: QColor("#b7791f")}


class RaciTableModel(QAbstractTableModel):
    editRequested = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.playbook: Playbook | None = None
        self.stage_id: str | None = None  # None: the whole playbook, grouped by stage
        self._rows: list[Activity] = []
        self._roles: list = []

    # -- what it shows ----------------------------------------------------------

    def set_playbook(self, playbook: Playbook, stage_id: str | None = None) -> None:
        self.playbook = playbook
        self.stage_id = stage_id
        self._reload()

    def set_scope(self, stage_id: str | None) -> None:
        if stage_id != self.stage_id:
            self.stage_id = stage_id
            self._reload()

    @property
    def whole_playbook(self) -> bool:
        return self.stage_id is None

    def _activities_in_scope(self) -> list[Activity]:
        playbook = self.playbook
        if self.whole_playbook:
            stages = playbook.stages_in_journey_order()
        elif playbook.has_stage(self.stage_id):
            stages = [playbook.stage(self.stage_id)]
        else:
            stages = []
        return [a for stage in stages for a in playbook.activities_of(stage.id)]

    def _reload(self) -> None:
        self.beginResetModel()
        if self.playbook is None:
            self._rows, self._roles = [], []
        else:
            self._rows = self._activities_in_scope()
            self._roles = list(self.playbook.roles)
        self.endResetModel()

    def on_change(self, change: Change) -> None:
        """Redraw the rows whose activities changed; rebuild if rows or roles came or went."""
        if self.playbook is None:
            return
        rows = self._activities_in_scope()
        same_rows = [a.id for a in rows] == [a.id for a in self._rows]
        if change.touches(Kind.ROLE) or change.touches(Kind.STAGE) or not same_rows:
            self._reload()
            return
        changed = change.get(Kind.ACTIVITY)
        for row, activity in enumerate(rows):
            if activity.id in changed:
                self._rows[row] = activity
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    # -- columns -----------------------------------------------------------------

    def _leading(self) -> int:
        return 2 if self.whole_playbook else 1

    def role_column(self, column: int):
        """The role shown in ``column``, or None for the name and check columns."""
        offset = column - self._leading()
        return self._roles[offset] if 0 <= offset < len(self._roles) else None

    def activity_at(self, row: int) -> Activity:
        return self._rows[row]

    def check_column(self) -> int:
        return self._leading() + len(self._roles)

    def rowCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent=None) -> int:
        if parent is not None and parent.isValid():
            return 0
        return self._leading() + len(self._roles) + 1

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        names = ["Stage", "Activity"] if self.whole_playbook else ["Activity"]
        if role == Qt.ItemDataRole.DisplayRole:
            if section < self._leading():
                return names[section]
            if section == self.check_column():
                return "Check"
            return self.role_column(section).name
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == self.check_column():
                return "One Accountable and at least one Responsible per activity"
            role_entry = self.role_column(section)
            if role_entry is not None:
                team = self.playbook.lanes.get(role_entry.team) if role_entry.team else None
                return as_typed(f"{role_entry.name}" + (f" ({team.name})" if team else ""))
        return None

    def flags(self, index: QModelIndex):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.role_column(index.column()) is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    # -- cells ---------------------------------------------------------------------

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        activity, column = self._rows[index.row()], index.column()
        if self.whole_playbook and column == 0:
            return self._stage_cell(index.row(), role)
        if column == self._leading() - 1:
            return activity.name if role == Qt.ItemDataRole.DisplayRole else None
        if column == self.check_column():
            return self._check_cell(activity, role)
        role_entry = self.role_column(column)
        letter = activity.raci.get(role_entry.id)
        if role == Qt.ItemDataRole.DisplayRole:
            return letter.value if letter else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and letter in TINT:
            return QBrush(TINT[letter])
        if role == Qt.ItemDataRole.ToolTipRole:
            if letter is None:
                return as_typed(
                    f"{role_entry.name} has no part in “{activity.name}” (type R, A, C or I)"
                )
            return as_typed(f"{role_entry.name} is {MEANING[letter]} for “{activity.name}”")
        return None

    def _stage_cell(self, row: int, role):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        activity = self._rows[row]
        if row > 0 and self._rows[row - 1].stage == activity.stage:
            return ""  # the stage is named once, on its first activity
        return self.playbook.stage(activity.stage).name

    def _check_cell(self, activity: Activity, role):
        findings = raci_findings(activity)
        if role == Qt.ItemDataRole.DisplayRole:
            return findings[0][1] if findings else "✓"
        if role == Qt.ItemDataRole.ToolTipRole:
            return as_typed("\n".join(text for _, text in findings)) or "Every RACI rule is kept."
        if role == Qt.ItemDataRole.ForegroundRole and findings:
            return QBrush(BROKEN[findings[0][0]])
        return None

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        role_entry = self.role_column(index.column())
        if role_entry is None or role != Qt.ItemDataRole.EditRole:
            return False
        text = (value or "").strip().upper()
        letter = Raci(text) if text in {r.value for r in Raci} else None
        if text and letter is None:
            return False
        activity = self._rows[index.row()]
        if activity.raci.get(role_entry.id) == letter:
            return False
        self.editRequested.emit(
            operations.set_raci(self.playbook, activity.id, role_entry.id, letter)
        )
        return True
