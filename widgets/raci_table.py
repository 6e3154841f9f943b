"""The RACI matrix: activities down, roles across, broken rules at the end.

Rows are one stage's activities, or every activity grouped by stage in journey
order. Neither the model nor the view changes the playbook: setting a letter
emits the edit for the Document to apply, and the table hears back through
``on_change``. Role names run up their column headers, as in a paper RACI chart,
so thirty roles still fit across a projector.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from models import operations
from models.change import Change, Kind
from models.entities import Activity, Raci, Role
from models.playbook import Playbook
from models.roles import raci_findings
from models.validation import Severity

MEANING = {Raci.R: "Responsible", Raci.A: "Accountable", Raci.C: "Consulted", Raci.I: "Informed"}
# Translucent tints read on light and dark palettes alike.
LETTER_TINT = {Raci.A: QColor(217, 130, 43, 90), Raci.R: QColor(31, 138, 158, 70)}
FINDING_INK = {Severity.ERROR: QColor("#b3261e"), Severity.WARNING: QColor("#8a5a00")}
FINDING_TINT = {Severity.ERROR: QColor(192, 57, 43, 38), Severity.WARNING: QColor(230, 160, 30, 50)}
ALL_KEPT = "✓"
SHAPING_KINDS = {Kind.ACTIVITY, Kind.ROLE, Kind.STAGE, Kind.PHASE, Kind.LANE}

ROOT = QModelIndex()
Display = Qt.ItemDataRole.DisplayRole
ToolTip = Qt.ItemDataRole.ToolTipRole
Accessible = Qt.ItemDataRole.AccessibleTextRole


def parse_letter(value) -> Raci | None:
    """The letter typed or chosen (R, A, C or I, either case); empty means none; ValueError else."""
    text = str(value or "").strip().upper()
    return Raci(text) if text else None


class RaciTableModel(QAbstractTableModel):
    editRequested = Signal(object)  # a models edit for the Document to apply

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.playbook: Playbook | None = None
        self.stage_id: str | None = None  # None: the whole playbook, grouped by stage
        self._rows: list[tuple[str, str]] = []  # (activity id, its stage id), top to bottom
        self._row_of: dict[str, int] = {}
        self._role_ids: list[str] = []
        self._letter_font = QFont()
        self._letter_font.setBold(True)

    # -- what it shows ---------------------------------------------------------

    def set_playbook(self, playbook: Playbook | None, stage_id: str | None = None) -> None:
        self.playbook = playbook
        self.stage_id = stage_id
        self._reset(self._layout())

    def set_stage(self, stage_id: str | None) -> None:
        """Show one stage's activities, or (None) the whole playbook's."""
        if stage_id != self.stage_id:
            self.stage_id = stage_id
            self._reset(self._layout())

    @property
    def whole_playbook(self) -> bool:
        return self.stage_id is None

    def _layout(self) -> tuple[list[tuple[str, str]], list[str]]:
        playbook = self.playbook
        if playbook is None:
            return [], []
        if not self.whole_playbook:
            stage_ids = [self.stage_id] if playbook.has_stage(self.stage_id) else []
        else:
            stage_ids = [stage.id for stage in playbook.stages_in_journey_order()]
        by_stage: dict[str, list[str]] = {stage_id: [] for stage_id in stage_ids}
        for activity in playbook.activities:
            if activity.stage in by_stage:
                by_stage[activity.stage].append(activity.id)
        rows = [
            (activity_id, stage_id) for stage_id in stage_ids for activity_id in by_stage[stage_id]
        ]
        return rows, playbook.roles.ids()

    def _reset(self, layout: tuple[list[tuple[str, str]], list[str]]) -> None:
        self.beginResetModel()
        self._rows, self._role_ids = layout
        self._row_of = {activity_id: row for row, (activity_id, _) in enumerate(self._rows)}
        self.endResetModel()

    def on_change(self, change: Change) -> None:
        """Rebuild if rows or roles came, went or moved; otherwise redraw only what changed."""
        if self.playbook is None or not change.kinds() & SHAPING_KINDS:
            return
        layout = self._layout()
        if layout != (self._rows, self._role_ids):
            self._reset(layout)
            return
        for activity_id in change.get(Kind.ACTIVITY):
            row = self._row_of.get(activity_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.check_column()))
        if change.touches(Kind.STAGE) and self.whole_playbook and self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))
        for role_id in change.get(Kind.ROLE):
            column = self.column_of_role(role_id)
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, column, column)

    # -- where things are --------------------------------------------------------

    def stage_column(self) -> int | None:
        return 0 if self.whole_playbook else None

    def activity_column(self) -> int:
        return 1 if self.whole_playbook else 0

    def first_role_column(self) -> int:
        return self.activity_column() + 1

    def check_column(self) -> int:
        return self.first_role_column() + len(self._role_ids)

    def role_at(self, column: int) -> Role | None:
        """The role shown in ``column``, or None for the stage, activity and check columns."""
        offset = column - self.first_role_column()
        if 0 <= offset < len(self._role_ids):
            return self.playbook.roles[self._role_ids[offset]]
        return None

    def column_of_role(self, role_id: str) -> int:
        return self.first_role_column() + self._role_ids.index(role_id)

    def activity_at(self, row: int) -> Activity:
        return self.playbook.activities[self._rows[row][0]]

    def row_of_activity(self, activity_id: str) -> int | None:
        return self._row_of.get(activity_id)

    def activity_ids(self) -> list[str]:
        return [activity_id for activity_id, _ in self._rows]

    # -- Qt's table interface ------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = ROOT) -> int:
        return 0 if parent.isValid() else self.check_column() + 1

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.role_at(index.column()) is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation, role=Display):
        if orientation != Qt.Orientation.Horizontal or self.playbook is None:
            return None
        entry = self.role_at(section)
        if entry is not None:
            if role == Display:
                return entry.name
            if role in (ToolTip, Accessible):
                team = self.playbook.lanes.get(entry.team) if entry.team else None
                in_team = f" ({team.name})" if team else ""
                return f"{entry.name}{in_team}: type R, A, C or I in this column"
            return None
        if section == self.stage_column():
            names = ("Stage", "The stage each group of activities belongs to, in journey order")
        elif section == self.activity_column():
            names = ("Activity", "What is done, in the stage's order")
        else:
            names = ("Check", "Exactly one Accountable, at least one Responsible, few Consulted")
        if role == Display:
            return names[0]
        if role in (ToolTip, Accessible):
            return names[1]
        return None

    def data(self, index: QModelIndex, role=Display):
        if not index.isValid() or self.playbook is None:
            return None
        activity, column = self.activity_at(index.row()), index.column()
        if column == self.stage_column():
            return self._stage_cell(index.row(), role)
        if column == self.activity_column():
            if role in (Display, ToolTip):
                return activity.name
            return None
        if column == self.check_column():
            return self._check_cell(activity, role)
        return self._letter_cell(activity, self.role_at(column), role)

    def _stage_cell(self, row: int, role):
        if role not in (Display, ToolTip):
            return None
        stage_id = self._rows[row][1]
        if role == Display and row > 0 and self._rows[row - 1][1] == stage_id:
            return ""  # the stage is named once, on its first activity
        return self.playbook.stage(stage_id).name

    def _letter_cell(self, activity: Activity, entry: Role, role):
        letter = activity.raci.get(entry.id)
        if role in (Display, Qt.ItemDataRole.EditRole):
            return letter.value if letter else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.BackgroundRole and letter in LETTER_TINT:
            return QBrush(LETTER_TINT[letter])
        if role == Qt.ItemDataRole.FontRole and letter is not None:
            return self._letter_font
        if role in (ToolTip, Accessible):
            if letter is None:
                return f"{entry.name} has no part in “{activity.name}”; type R, A, C or I"
            return f"{entry.name} is {MEANING[letter]} for “{activity.name}”"
        return None

    def _check_cell(self, activity: Activity, role):
        findings = raci_findings(activity)
        worst = findings[0][0] if findings else None
        if role == Display:
            return " ".join(text for _, text in findings) or ALL_KEPT
        if role in (ToolTip, Accessible):
            return "\n".join(text for _, text in findings) or "Every RACI rule is kept."
        if role == Qt.ItemDataRole.ForegroundRole and worst is not None:
            return QBrush(FINDING_INK[worst])
        if role == Qt.ItemDataRole.BackgroundRole and worst is not None:
            return QBrush(FINDING_TINT[worst])
        return None

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        """Ask for a letter (R, A, C, I, or empty to clear) on a role cell; never sets it here."""
        entry = self.role_at(index.column()) if index.isValid() else None
        if entry is None or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            letter = parse_letter(value)
        except ValueError:
            return False
        activity = self.activity_at(index.row())
        if activity.raci.get(entry.id) == letter:
            return False
        self.editRequested.emit(operations.set_raci(self.playbook, activity.id, entry.id, letter))
        return True
