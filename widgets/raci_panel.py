"""The RACI panel: the matrix for one stage or the whole playbook, the roles, one role's duties.

Keyboard first: on a role cell, type R, A, C or I; Backspace or Delete clears.
Double-click, Space, F2 or the context menu offers the letters too. Every
change goes out through ``editRequested``; the panel never applies one itself.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from models import roles
from models.change import Change, Kind
from models.entities import Raci, Role
from models.errors import EditError
from models.playbook import Edit, Playbook
from widgets.form_parts import plain_label
from widgets.raci_table import MEANING, RaciTableModel

WHOLE_PLAYBOOK = "Whole playbook"
NOBODY = "Nobody"
NO_TEAM = "No team"
LEGEND = "R Responsible · A Accountable · C Consulted · I Informed"
LETTER_KEYS = {
    Qt.Key.Key_R: Raci.R,
    Qt.Key.Key_A: Raci.A,
    Qt.Key.Key_C: Raci.C,
    Qt.Key.Key_I: Raci.I,
}
CLEAR_KEYS = (Qt.Key.Key_Backspace, Qt.Key.Key_Delete)
MENU_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_F2)
COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
MAX_NAME_COLUMN = {"stage": 200, "activity": 300}


class RaciPanel(QWidget):
    editRequested = Signal(object)  # a models edit for the Document to apply
    refused = Signal(str)  # a change the model cannot take; one sentence

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("raci_panel")
        self.setAccessibleName("RACI")
        self.playbook: Playbook | None = None

        self.scope = QComboBox()
        self.scope.setObjectName("raci_scope")
        self.scope.setAccessibleName("RACI scope")
        self.scope.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.scope.currentIndexChanged.connect(self._scope_chosen)
        legend = plain_label("RACI letters", LEGEND)
        legend.setWordWrap(False)

        self.model = RaciTableModel(self)
        self.model.editRequested.connect(self.editRequested)
        self.table = RaciTableView()
        self.table.setModel(self.model)
        self.model.modelReset.connect(self._size_columns)
        self.model.headerDataChanged.connect(self._size_columns)
        self.table.selectionModel().currentChanged.connect(self._follow_cell)
        self.summary = plain_label("RACI summary")

        self.role_choice = QComboBox()
        self.role_choice.setObjectName("raci_role")
        self.role_choice.setAccessibleName("Role")
        self.role_choice.currentIndexChanged.connect(self._role_chosen)
        self.roles_bar = self._roles_toolbar()
        duties_caption = QLabel("Responsible (R) or Accountable (A) for, stage by stage:")
        duties_caption.setWordWrap(True)
        self.duties = QPlainTextEdit()
        self.duties.setObjectName("role_duties")
        self.duties.setAccessibleName("What the role is Responsible or Accountable for")
        self.duties.setReadOnly(True)
        self.duties.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

        top = QHBoxLayout()
        top.addWidget(QLabel("Show"))
        top.addWidget(self.scope)
        top.addStretch(1)
        top.addWidget(legend)
        matrix = QWidget()
        matrix_layout = QVBoxLayout(matrix)
        matrix_layout.setContentsMargins(0, 0, 0, 0)
        matrix_layout.addLayout(top)
        matrix_layout.addWidget(self.table, 1)
        matrix_layout.addWidget(self.summary)
        role_pane = QWidget()
        role_layout = QVBoxLayout(role_pane)
        role_layout.setContentsMargins(0, 0, 0, 0)
        role_row = QHBoxLayout()
        role_row.addWidget(QLabel("Role"))
        role_row.addWidget(self.role_choice, 1)
        role_layout.addLayout(role_row)
        role_layout.addWidget(self.roles_bar)
        role_layout.addWidget(duties_caption)
        role_layout.addWidget(self.duties, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)  # the matrix wide, one role beside it
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(matrix)
        splitter.addWidget(role_pane)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self._show_role()

    def _roles_toolbar(self) -> QToolBar:
        bar = QToolBar("Roles")
        bar.setObjectName("raci_roles_bar")
        bar.setAccessibleName("Role actions")
        self.role_actions: dict[str, QAction] = {}
        for text, name, slot in (
            ("Add…", "role_add", self.add_role),
            ("Rename…", "role_rename", self.rename_role),
            ("Team…", "role_team", self.set_team),
            ("Remove…", "role_remove", self.remove_role),
            ("Merge…", "role_merge", self.merge_roles),
        ):
            action = bar.addAction(text, slot)
            action.setObjectName(name)
            self.role_actions[name] = action
            bar.widgetForAction(action).setAccessibleName(name.replace("_", " ").capitalize())
        self.role_actions["role_add"].setToolTip("Add a role")
        self.role_actions["role_merge"].setToolTip("Merge one role into another")
        return bar

    # -- following the model ---------------------------------------------------

    def set_playbook(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self.model.set_playbook(playbook, None)
        self._fill_scope()
        self._fill_roles()
        self._show_summary()

    def show_stage(self, stage_id: str | None) -> None:
        """Follow the map: a chosen stage's activities; None shows the whole playbook."""
        index = self.scope.findData(stage_id) if stage_id is not None else 0
        self.scope.setCurrentIndex(max(index, 0))

    def show_role(self, role_id: str) -> None:
        index = self.role_choice.findData(role_id)
        if index >= 0:
            self.role_choice.setCurrentIndex(index)

    def on_change(self, change: Change) -> None:
        if self.playbook is None:
            return
        kinds = change.kinds()
        if kinds & {Kind.STAGE, Kind.PHASE, Kind.LANE}:
            self._fill_scope()
        if Kind.ROLE in kinds:
            self._fill_roles()
        self.model.on_change(change)
        if kinds & {Kind.ACTIVITY, Kind.ROLE, Kind.STAGE, Kind.PHASE, Kind.LANE}:
            self._show_role()
            self._show_summary()

    def current_role(self) -> Role | None:
        role_id = self.role_choice.currentData()
        if self.playbook is None or role_id not in self.playbook.roles:
            return None
        return self.playbook.roles[role_id]

    def _fill_scope(self) -> None:
        stages = self.playbook.stages_in_journey_order()
        entries = [(None, WHOLE_PLAYBOOK)] + [(stage.id, stage.name) for stage in stages]
        _refill(self.scope, entries)
        if self.scope.currentData() != self.model.stage_id:  # the shown stage was deleted
            self.model.set_stage(self.scope.currentData())

    def _fill_roles(self) -> None:
        known = {self.role_choice.itemData(i) for i in range(self.role_choice.count())}
        _refill(self.role_choice, [(role.id, role.name) for role in self.playbook.roles])
        new = [role_id for role_id in self.playbook.roles.ids() if role_id not in known]
        if len(new) == 1 and known:  # a role just added (or brought back): show it
            self.show_role(new[0])
        self._show_role()

    def _scope_chosen(self) -> None:
        self.model.set_stage(self.scope.currentData())
        self._show_summary()

    def _follow_cell(self, current: QModelIndex) -> None:
        role = self.model.role_at(current.column()) if current.isValid() else None
        if role is not None:
            self.show_role(role.id)

    def _role_chosen(self) -> None:
        self._show_role()

    def _show_role(self) -> None:
        role = self.current_role()
        for name in ("role_rename", "role_team", "role_remove"):
            action = self.role_actions[name]
            action.setEnabled(role is not None)
            verb = action.text().rstrip("…")
            action.setToolTip(f"{verb} “{role.name}”" if role else f"{verb} a role")
        self.role_actions["role_merge"].setEnabled(
            self.playbook is not None and len(self.playbook.roles) > 1
        )
        self.duties.setPlainText(self._duties_text(role))

    def _duties_text(self, role: Role | None) -> str:
        if role is None:
            return "No roles yet: add the people at the table with “Add…”."
        lines = []
        for stage, duties in roles.role_duties(self.playbook, role.id):
            lines.append(stage.name)
            lines += [f"    {letter.value}  {activity.name}" for activity, letter in duties]
        return (
            "\n".join(lines) or f"{role.name} is not Responsible or Accountable for anything yet."
        )

    def _show_summary(self) -> None:
        if self.playbook is None:
            return
        activity_ids = self.model.activity_ids()
        if not activity_ids:
            where = self.scope.currentText() if self.model.stage_id else "The playbook"
            self.summary.setText(f"{where} has no activities yet; add them in the stage inspector.")
            return
        activities = self.playbook.activities
        broken = sum(1 for a in activity_ids if roles.raci_findings(activities[a]))
        count = f"{len(activity_ids)} activit{'y' if len(activity_ids) == 1 else 'ies'}"
        self.summary.setText(
            f"{count}; {broken} break{'s' if broken == 1 else ''} a RACI rule."
            if broken
            else f"{count}; every RACI rule is kept."
        )

    def _size_columns(self) -> None:
        """Names as wide as they need (within reason); role columns as narrow as their header."""
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        metrics = QFontMetrics(header.font())
        for column in range(self.model.columnCount() - 1):
            role = self.model.role_at(column)
            if role is None:
                limit = MAX_NAME_COLUMN[
                    "stage" if column == self.model.stage_column() else "activity"
                ]
                self.table.resizeColumnToContents(column)
                header.resizeSection(column, min(header.sectionSize(column), limit))
            else:
                lines = self.model.headerData(column, Qt.Orientation.Horizontal).split("\n")
                width = max(metrics.horizontalAdvance(line) for line in lines)
                header.resizeSection(column, max(width + 18, 44))

    # -- asking the user ------------------------------------------------------------

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        dialog = self._dialog(title, label)
        dialog.setTextValue(text)
        return dialog.textValue() if dialog.exec() else None

    def ask_choice(
        self, title: str, label: str, options: list[str], current: str | None = None
    ) -> str | None:
        dialog = self._dialog(title, label)
        dialog.setComboBoxItems(options)
        dialog.setComboBoxEditable(False)
        if current in options:
            dialog.setTextValue(current)
        return dialog.textValue() if dialog.exec() else None

    def _dialog(self, title: str, label: str) -> QInputDialog:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        for text in dialog.findChildren(QLabel):  # role names are user text: never rich text
            text.setTextFormat(Qt.TextFormat.PlainText)
        return dialog

    def _request(self, build: Callable[[], Edit]) -> None:
        try:
            edit = build()
        except EditError as refusal:
            self.refused.emit(str(refusal))
            return
        self.editRequested.emit(edit)

    # -- roles ------------------------------------------------------------------------

    def add_role(self) -> None:
        name = self.ask_text("Add role", "Name of the new role (for example SDR):")
        if name is not None:
            self._request(lambda: roles.add_role(self.playbook, name))

    def rename_role(self) -> None:
        role = self.current_role()
        if role is None:
            return
        name = self.ask_text("Rename role", f"New name for “{role.name}”:", role.name)
        if name is not None and name.strip() != role.name:
            self._request(lambda: roles.rename_role(self.playbook, role.id, name))

    def set_team(self) -> None:
        role = self.current_role()
        if role is None:
            return
        lanes = list(self.playbook.lanes)
        options = [lane.name for lane in lanes] + [NO_TEAM]
        current = self.playbook.lanes[role.team].name if role.team else NO_TEAM
        choice = self.ask_choice("Set team", f"Which team is “{role.name}” in?", options, current)
        if choice is None:
            return
        lane_id = None if choice == NO_TEAM else lanes[options.index(choice)].id
        if lane_id != role.team:
            self._request(lambda: roles.set_role_team(self.playbook, role.id, lane_id))

    def remove_role(self) -> None:
        """Remove the current role; if it has letters, ask who takes them over."""
        role = self.current_role()
        if role is None:
            return
        successor_id = None
        if any(role.id in activity.raci for activity in self.playbook.activities):
            others = [other for other in self.playbook.roles if other.id != role.id]
            options = [other.name for other in others] + [NOBODY]
            teammate = next((o.name for o in others if role.team and o.team == role.team), None)
            choice = self.ask_choice(
                "Remove role",
                f"Who takes over “{role.name}”'s letters? Choosing {NOBODY} drops them.",
                options,
                teammate,
            )
            if choice is None:
                return
            if choice != NOBODY:
                successor_id = others[options.index(choice)].id
        self._request(lambda: roles.remove_role(self.playbook, role.id, successor_id))

    def merge_roles(self) -> None:
        """Ask which role goes and which stays; the one that goes hands over its letters."""
        everyone = list(self.playbook.roles)
        if len(everyone) < 2:
            return
        current = self.current_role()
        gone = self.ask_choice(
            "Merge roles",
            "Which role goes? Its letters move to the role you choose next.",
            [role.name for role in everyone],
            current.name if current else None,
        )
        if gone is None:
            return
        merged = everyone[[role.name for role in everyone].index(gone)]
        others = [role for role in everyone if role.id != merged.id]
        kept = self.ask_choice(
            "Merge roles", f"Merge “{merged.name}” into which role?", [r.name for r in others]
        )
        if kept is None:
            return
        keep = others[[role.name for role in others].index(kept)]
        self._request(lambda: roles.merge_roles(self.playbook, keep.id, merged.id))


def _refill(combo: QComboBox, entries: list[tuple[str | None, str]]) -> None:
    """Show ``entries`` (data, text), keeping the current choice if it is still there."""
    if [(combo.itemData(i), combo.itemText(i)) for i in range(combo.count())] == entries:
        return
    keep = combo.currentData()
    was = combo.blockSignals(True)
    combo.clear()
    for value, text in entries:
        combo.addItem(text, value)
    combo.setCurrentIndex(max(combo.findData(keep), 0))
    combo.blockSignals(was)
