"""A stage's process (the ordered activities: what is done) beside its methodology (how).

The two are kept in separate boxes on purpose: teams agree on the steps
first, then on how each step is done, and argue about them separately.
"""

from __future__ import annotations

from journeyapp.models import operations
from journeyapp.models.change import Change, Kind
from journeyapp.models.entities import Raci
from journeyapp.models.errors import EditError
from journeyapp.models.playbook import Playbook
from journeyapp.widgets.forms.field_binding import BoundField
from journeyapp.widgets.forms.form_parts import hint_label, text_field
from journeyapp.widgets.inspectors.bullet_text_edit import BulletTextEdit
from journeyapp.widgets.plain_text import as_typed
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class ActivityList(QListWidget):
    """The activities in order; Alt+Up and Alt+Down move the current one."""

    moveRequested = Signal(str, int)  # activity id, offset

    def keyPressEvent(self, event) -> None:
        item = self.currentItem()
        if item is not None and event.modifiers() == Qt.KeyboardModifier.AltModifier:
            offset = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(event.key())
            if offset:
                self.moveRequested.emit(item.data(Qt.ItemDataRole.UserRole), offset)
                return
        super().keyPressEvent(event)


class ActivitiesEditor(QWidget):
    editRequested = Signal(object)
    refused = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.playbook: Playbook | None = None
        self.stage_id: str | None = None
        self._refreshing = False

        self.activity_list = ActivityList()
        self.activity_list.setObjectName("activity_list")
        self.activity_list.setAccessibleName("Activities of the stage, in order")
        self.activity_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.activity_list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.activity_list.setMinimumHeight(90)
        self.activity_list.setMaximumHeight(170)
        self.activity_list.itemChanged.connect(self._renamed)
        self.activity_list.currentItemChanged.connect(lambda *_: self._show_methodology())
        self.activity_list.model().rowsMoved.connect(self._dragged)
        self.activity_list.moveRequested.connect(self._move)

        buttons = QHBoxLayout()
        for text, name, slot in (
            ("Add", "activity_add", self._add),
            ("Remove", "activity_remove", self._remove),
            ("Up", "activity_up", lambda: self._move_current(-1)),
            ("Down", "activity_down", lambda: self._move_current(1)),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setAccessibleName(f"{text} activity")
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)

        process = QGroupBox("Process: what is done, in order")
        process.setObjectName("process_box")
        process_layout = QVBoxLayout(process)
        process_layout.addWidget(self.activity_list)
        process_layout.addLayout(buttons)
        process_layout.addWidget(
            hint_label("Drag or press Alt+Up/Down to reorder; double-click or F2 to rename.")
        )

        self.methodology_box = QGroupBox("Methodology: how it is done")
        self.methodology_box.setObjectName("methodology_box")
        self.methodology_edit = text_field(
            "activity_methodology",
            "Methodology of the activity",
            "The questions asked, the words used, how next steps are agreed…",
            lines=6,
            kind=BulletTextEdit,
        )
        self.methodology_edit.setMaximumHeight(16777215)
        self._methodology = BoundField(
            self.methodology_edit, self._methodology_edit, self._send, self.refused.emit
        )
        # The activity's name under the box's title, on as many lines as it takes: in the title
        # a long name widened the inspector past its column at 1280×720.
        self.methodology_of = QLabel()
        self.methodology_of.setObjectName("methodology_of")
        self.methodology_of.setWordWrap(True)
        self.methodology_of.setTextFormat(Qt.TextFormat.PlainText)
        methodology_layout = QVBoxLayout(self.methodology_box)
        methodology_layout.addWidget(self.methodology_of)
        methodology_layout.addWidget(self.methodology_edit)
        methodology_layout.addWidget(hint_label("Ctrl+Shift+8 turns bullets on or off."))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(process)
        layout.addWidget(self.methodology_box)

    # -- showing ------------------------------------------------------------

    def show_stage(self, playbook: Playbook, stage_id: str | None) -> None:
        if stage_id != self.stage_id:
            self._methodology.flush()
        self.playbook, self.stage_id = playbook, stage_id
        self._refresh_list()

    def flush(self) -> None:
        """Send the methodology typed but not yet sent."""
        self._methodology.flush()

    def on_change(self, change: Change) -> None:
        if self.stage_id is not None and change.kinds() & {Kind.ACTIVITY, Kind.ROLE, Kind.STAGE}:
            self._refresh_list()

    def current_activity_id(self) -> str | None:
        item = self.activity_list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def select_activity(self, activity_id: str) -> None:
        for row in range(self.activity_list.count()):
            if self.activity_list.item(row).data(Qt.ItemDataRole.UserRole) == activity_id:
                self.activity_list.setCurrentRow(row)

    def _refresh_list(self) -> None:
        current = self.current_activity_id()
        self._refreshing = True
        self.activity_list.clear()
        activities = self.playbook.activities_of(self.stage_id) if self.stage_id else []
        for activity in activities:
            accountable = [
                self.playbook.roles[r].name for r, v in activity.raci.items() if v is Raci.A
            ]
            item = QListWidgetItem(activity.name)
            item.setData(Qt.ItemDataRole.UserRole, activity.id)
            item.setToolTip(
                as_typed(f"Accountable: {', '.join(accountable)}")
                if accountable
                else "No one is Accountable"
            )
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self.activity_list.addItem(item)
        self._refreshing = False
        ids = [a.id for a in activities]
        if ids:
            self.select_activity(current if current in ids else ids[0])
        self._show_methodology()

    def _show_methodology(self) -> None:
        if self._refreshing:
            return
        activity_id = self.current_activity_id()
        self._methodology.flush()
        has_activity = activity_id is not None and activity_id in self.playbook.activities
        self.methodology_box.setEnabled(has_activity)
        if not has_activity:
            self.methodology_of.setText("Choose an activity above.")
            self._methodology.show("")
            return
        activity = self.playbook.activities[activity_id]
        self._shown_activity = activity_id
        self.methodology_of.setText(f"How “{activity.name}” is done:")
        self._methodology.show(activity.methodology)

    # -- editing --------------------------------------------------------------

    def _send(self, edit) -> None:
        self.editRequested.emit(edit)

    def _methodology_edit(self, text: str, merge_key: str):
        activity_id = getattr(self, "_shown_activity", None)
        if activity_id is None or activity_id not in self.playbook.activities:
            return None
        if self.playbook.activities[activity_id].methodology == text:
            return None
        return operations.set_fields(
            self.playbook,
            Kind.ACTIVITY,
            activity_id,
            label=f"Edit methodology of “{self.playbook.activities[activity_id].name}”",
            merge_key=merge_key,
            methodology=text,
        )

    def _add(self) -> None:
        if self.stage_id is None:
            return
        count = len(self.playbook.activities_of(self.stage_id))
        edit = operations.add_activity(self.playbook, self.stage_id, f"New activity {count + 1}")
        self._send(edit)
        self.select_activity(edit.entity.id)
        item = self.activity_list.currentItem()
        if item is not None:
            self.activity_list.editItem(item)

    def _remove(self) -> None:
        activity_id = self.current_activity_id()
        if activity_id is not None:
            self._send(operations.remove_activity(self.playbook, activity_id))

    def _renamed(self, item: QListWidgetItem) -> None:
        if self._refreshing:
            return
        activity_id = item.data(Qt.ItemDataRole.UserRole)
        name = item.text()
        if self.playbook.activities[activity_id].name == name:
            return
        if not name.strip():
            self.refused.emit("An activity needs a name; it cannot be empty.")
            self._refresh_list()
            return
        self._send(operations.rename(self.playbook, Kind.ACTIVITY, activity_id, name.strip()))

    def _move_current(self, offset: int) -> None:
        activity_id = self.current_activity_id()
        if activity_id is not None:
            self._move(activity_id, offset)

    def _move(self, activity_id: str, offset: int) -> None:
        try:
            edit = operations.move_activity_within_stage(self.playbook, activity_id, offset)
        except EditError as refusal:
            self.refused.emit(str(refusal))
            return
        self._send(edit)
        self.select_activity(activity_id)
        self.activity_list.setFocus()

    def _dragged(self, _parent, start: int, _end: int, _destination, row: int) -> None:
        """A drag put a row elsewhere: turn the new order into one move in the model."""
        if self._refreshing:
            return
        siblings = [a.id for a in self.playbook.activities_of(self.stage_id)]
        moved = siblings[start]
        target_position = row if row < start else row - 1
        if target_position == start:
            return
        # After the drop has finished: the list is rebuilt from the model when the move lands.
        QTimer.singleShot(0, lambda: self._move(moved, target_position - start))
