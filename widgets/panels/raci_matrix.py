"""The RACI panel: the matrix for one stage or the whole playbook, the roles, and one role's duties.

Keyboard first: on a role cell, type R, A, C or I; Backspace or Delete clears.
"""

from __future__ import annotations

from journeyapp.models import operations, role_edits
from journeyapp.models.change import Change, Kind
from journeyapp.models.entities import Raci
from journeyapp.models.errors import EditError
from journeyapp.models.playbook import Playbook
from journeyapp.widgets.forms.form_parts import refill_choice, send_or_refuse
from journeyapp.widgets.panels.raci_model import MEANING, RaciTableModel
from journeyapp.widgets.plain_text import ask_for_text, ask_to_choose
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QMenu,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

WHOLE_PLAYBOOK = "Whole playbook"
LETTER_KEYS = {Qt.Key.Key_R: "R", Qt.Key.Key_A: "A", Qt.Key.Key_C: "C", Qt.Key.Key_I: "I"}
CLEAR_KEYS = (Qt.Key.Key_Backspace, Qt.Key.Key_Delete)


class RaciTableView(QTableView):
    """A matrix edited by typing letters; no line editor opens in a cell."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("raci_table")
        self.setAccessibleName("RACI matrix")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self.doubleClicked.connect(self._cycle)
        self.verticalHeader().hide()
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)

    def keyPressEvent(self, event) -> None:
        index = self.currentIndex()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        if index.isValid() and plain:
            if event.key() in LETTER_KEYS:
                self.model().setData(index, LETTER_KEYS[event.key()])
                return
            if event.key() in CLEAR_KEYS:
                self.model().setData(index, "")
                return
        super().keyPressEvent(event)

    def _cycle(self, index) -> None:
        """Double-click steps through R, A, C, I and nothing."""
        order = ["", "R", "A", "C", "I"]
        current = index.data() or ""
        if self.model().role_column(index.column()) is not None:
            self.model().setData(index, order[(order.index(current) + 1) % len(order)])

    def _menu(self, point) -> None:
        index = self.indexAt(point)
        if not index.isValid() or self.model().role_column(index.column()) is None:
            return
        menu = QMenu(self)
        for letter in Raci:
            action = menu.addAction(f"{letter.value} — {MEANING[letter]}")
            action.triggered.connect(lambda _=False, v=letter.value: self.model().setData(index, v))
        menu.addSeparator()
        menu.addAction("Clear").triggered.connect(lambda: self.model().setData(index, ""))
        menu.exec(self.viewport().mapToGlobal(point))


class RaciPanel(QWidget):
    editRequested = Signal(object)
    refused = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("raci_panel")
        self.setAccessibleName("RACI")
        self.playbook: Playbook | None = None
        self.follow_stage: str | None = None

        self.scope = QComboBox()
        self.scope.setObjectName("raci_scope")
        self.scope.setAccessibleName("RACI scope")
        self.scope.currentIndexChanged.connect(self._scope_chosen)
        self.model = RaciTableModel(self)
        self.model.editRequested.connect(self.editRequested)
        self.table = RaciTableView()
        self.table.setModel(self.model)
        self.model.modelReset.connect(self._size_columns)

        self.roles_bar = QToolBar("Roles")
        self.roles_bar.setObjectName("raci_roles_bar")
        self.roles_bar.setAccessibleName("Role actions")
        for text, name, slot in (
            ("Add role…", "role_add", self.add_role),
            ("Rename…", "role_rename", self.rename_role),
            ("Team…", "role_team", self.set_team),
            ("Remove…", "role_remove", self.remove_role),
            ("Merge…", "role_merge", self.merge_roles),
        ):
            action = self.roles_bar.addAction(text, slot)
            action.setObjectName(name)
            action.setToolTip(text.rstrip("…") + " role")

        self.role_choice = QComboBox()
        self.role_choice.setObjectName("role_duties_choice")
        self.role_choice.setAccessibleName("Role whose duties are shown")
        self.role_choice.currentIndexChanged.connect(self._show_duties)
        self.duties = QPlainTextEdit()
        self.duties.setObjectName("role_duties")
        self.duties.setAccessibleName("What the role is Responsible or Accountable for")
        self.duties.setReadOnly(True)
        self.duties.setMinimumHeight(30)
        self.table.setMinimumHeight(60)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.scope)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.roles_bar)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.role_choice)
        bottom_layout.addWidget(self.duties, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)  # the matrix wide, one role's duties beside
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

    # -- following the model --------------------------------------------------------

    def set_playbook(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self.model.set_playbook(playbook, None)
        self._fill_choices()

    def show_stage(self, stage_id: str | None) -> None:
        """Follow the map: a selected stage's matrix, else the whole playbook."""
        self.follow_stage = stage_id
        self._select_scope(stage_id)

    def on_change(self, change: Change) -> None:
        if change.touches(Kind.STAGE) or change.touches(Kind.ROLE):
            self._fill_choices()
        self.model.on_change(change)
        if change.kinds() & {Kind.ACTIVITY, Kind.ROLE, Kind.STAGE}:
            self._show_duties()

    def _fill_choices(self) -> None:
        playbook = self.playbook
        scope_entries = [(None, WHOLE_PLAYBOOK)] + [
            (s.id, s.name) for s in playbook.stages_in_journey_order()
        ]
        refill_choice(self.scope, scope_entries, self.model.stage_id)
        role_entries = [(r.id, r.name) for r in playbook.roles]
        refill_choice(self.role_choice, role_entries, self.role_choice.currentData())
        self._show_duties()

    def _select_scope(self, stage_id: str | None) -> None:
        index = self.scope.findData(stage_id)
        self.scope.setCurrentIndex(max(index, 0))
        self.model.set_scope(self.scope.currentData())

    def _scope_chosen(self) -> None:
        self.model.set_scope(self.scope.currentData())

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            if self.model.role_column(column) is not None:
                header.resizeSection(column, max(header.sectionSize(column), 44))
        header.setStretchLastSection(True)

    def _show_duties(self) -> None:
        role_id = self.role_choice.currentData()
        if self.playbook is None or role_id is None or role_id not in self.playbook.roles:
            self.duties.setPlainText("")
            return
        lines = []
        for stage, duties in role_edits.role_duties(self.playbook, role_id):
            lines.append(stage.name)
            lines += [f"   {letter.value}  {activity.name}" for activity, letter in duties]
        name = self.playbook.roles[role_id].name
        self.duties.setPlainText(
            "\n".join(lines) or f"{name} is not Responsible or Accountable for anything yet."
        )

    # -- roles ------------------------------------------------------------------------

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        return ask_for_text(self, title, label, text)

    def ask_choice(self, title: str, label: str, options: list[str]) -> str | None:
        return ask_to_choose(self, title, label, options)

    def _current_role_id(self) -> str | None:
        column = self.table.currentIndex().column()
        role = self.model.role_column(column) if column >= 0 else None
        return role.id if role is not None else self.role_choice.currentData()

    def _try(self, build) -> None:
        send_or_refuse(build, self.editRequested.emit, self.refused.emit)

    def add_role(self) -> None:
        name = self.ask_text("Add role", "Name of the role (e.g. SDR):")
        if name is not None:
            self._try(lambda: self._add_role(name))

    def _add_role(self, name: str):
        if not name.strip():
            raise EditError("A role needs a name; it cannot be empty.")
        return operations.add_role(self.playbook, name.strip())

    def rename_role(self) -> None:
        role_id = self._current_role_id()
        if role_id is None:
            return
        name = self.ask_text("Rename role", "New name:", self.playbook.roles[role_id].name)
        if name is not None:
            self._try(lambda: role_edits.rename_role(self.playbook, role_id, name))

    def set_team(self) -> None:
        role_id = self._current_role_id()
        if role_id is None:
            return
        lanes = list(self.playbook.lanes)
        options = ["No team"] + [lane.name for lane in lanes]
        choice = self.ask_choice("Team", f"Team of {self.playbook.roles[role_id].name}:", options)
        if choice is not None:
            lane_id = None if choice == "No team" else lanes[options.index(choice) - 1].id
            self._try(lambda: role_edits.set_role_team(self.playbook, role_id, lane_id))

    def remove_role(self) -> None:
        role_id = self._current_role_id()
        if role_id is None:
            return
        others = [r for r in self.playbook.roles if r.id != role_id]
        options = ["Nobody"] + [r.name for r in others]
        name = self.playbook.roles[role_id].name
        choice = self.ask_choice("Remove role", f"Who takes over {name}'s assignments?", options)
        if choice is not None:
            successor = None if choice == "Nobody" else others[options.index(choice) - 1].id
            self._try(lambda: role_edits.remove_role(self.playbook, role_id, successor))

    def merge_roles(self) -> None:
        roles = list(self.playbook.roles)
        names = [r.name for r in roles]
        merged = self.ask_choice("Merge roles", "Merge this role…", names)
        if merged is None:
            return
        kept = self.ask_choice("Merge roles", f"…into this one (“{merged}” goes):", names)
        if kept is not None:
            keep_id, merge_id = roles[names.index(kept)].id, roles[names.index(merged)].id
            self._try(lambda: role_edits.merge_roles(self.playbook, keep_id, merge_id))
