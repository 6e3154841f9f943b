"""The stage inspector: what the selected stage means, who works it, and where it leads."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from models import operations
from models.change import Change, Kind
from models.entities import Raci
from models.playbook import Playbook
from widgets.handoff_item import sla_text


def _plain_label(accessible_name: str) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # user text is never rich text
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(accessible_name)
    return label


class CommitOnFocusOutEdit(QPlainTextEdit):
    """A multi-line field that reports its text once, when the user leaves it."""

    committed = Signal(str)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.committed.emit(self.toPlainText())

    def insertFromMimeData(self, source) -> None:
        self.insertPlainText(source.text())  # pasted rich text is kept as plain text


class StageInspector(QWidget):
    """Shows one stage; edits to its name and description go out as ``editRequested``."""

    editRequested = Signal(object)  # a models edit for the Document to apply

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("stage_inspector")
        self.setAccessibleName("Stage inspector")
        self.playbook: Playbook | None = None
        self.stage_id: str | None = None

        self._empty = QLabel("Select a stage on the map to see what it means and who works it.")
        self._empty.setWordWrap(True)
        self._empty.setObjectName("inspector_empty")

        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Stage name")
        self.name_edit.setObjectName("stage_name")
        self.name_edit.editingFinished.connect(self._commit_name)
        self.description_edit = CommitOnFocusOutEdit()
        self.description_edit.setAccessibleName("Stage description")
        self.description_edit.setObjectName("stage_description")
        self.description_edit.setFixedHeight(80)
        self.description_edit.committed.connect(self._commit_description)

        self.fields = {
            key: _plain_label(title)
            for key, title in (
                ("where", "Phase and team"),
                ("kind", "Kind of stage"),
                ("goal", "Buyer's goal"),
                ("questions", "Buyer's questions"),
                ("entry", "Entry criteria"),
                ("exit", "Exit criteria"),
                ("days", "Expected days"),
                ("reviewed", "Last reviewed"),
                ("activities", "Activities"),
                ("handoffs", "Handoffs out"),
            )
        }
        self._form_host = QWidget()
        form = QVBoxLayout(self._form_host)
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(2)
        rows = [
            ("Name", self.name_edit),
            ("Where", self.fields["where"]),
            ("Kind", self.fields["kind"]),
            ("Description", self.description_edit),
            ("Buyer's goal", self.fields["goal"]),
            ("Buyer's questions", self.fields["questions"]),
            ("Entry criteria", self.fields["entry"]),
            ("Exit criteria (buyer behaviour)", self.fields["exit"]),
            ("Expected time in stage", self.fields["days"]),
            ("Last reviewed", self.fields["reviewed"]),
            ("Activities (what is done)", self.fields["activities"]),
            ("Leads to", self.fields["handoffs"]),
        ]
        for caption, widget in rows:
            title = QLabel(caption)
            title.setObjectName("inspector_caption")
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            title.setBuddy(widget)
            form.addSpacing(6)
            form.addWidget(title)
            form.addWidget(widget)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(self._empty)
        inner_layout.addWidget(self._form_host)
        inner_layout.addStretch(1)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self._show_stage(None)

    # -- following the model --------------------------------------------

    def set_playbook(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self._show_stage(None)

    def show_stage(self, stage_id: str | None) -> None:
        self._show_stage(stage_id)

    def on_change(self, change: Change) -> None:
        if self.stage_id is None:
            return
        if not self.playbook.has_stage(self.stage_id):
            self._show_stage(None)
        elif change.kinds() - {Kind.META}:
            self._show_stage(self.stage_id)

    def _show_stage(self, stage_id: str | None) -> None:
        if stage_id is not None and (
            self.playbook is None or not self.playbook.has_stage(stage_id)
        ):
            stage_id = None
        self.stage_id = stage_id
        has_stage = stage_id is not None and self.playbook is not None
        self._empty.setVisible(not has_stage)
        self._form_host.setVisible(has_stage)
        if not has_stage:
            return
        playbook = self.playbook
        stage = playbook.stage(stage_id)
        if not self.name_edit.hasFocus():
            self.name_edit.setText(stage.name)
        if not self.description_edit.hasFocus():
            self.description_edit.setPlainText(stage.description)
        phase = playbook.phases.get(stage.phase)
        lane = playbook.lanes.get(stage.lane)
        self.fields["where"].setText(
            f"{phase.name if phase else '?'} · {lane.name if lane else '?'}"
        )
        self.fields["kind"].setText(stage.kind.value.capitalize())
        self.fields["goal"].setText(stage.buyer_goal or "—")
        self.fields["questions"].setText(stage.buyer_questions or "—")
        self.fields["entry"].setText(stage.entry_criteria or "—")
        self.fields["exit"].setText(stage.exit_criteria or "—")
        self.fields["days"].setText(
            f"{stage.expected_days} days in stage" if stage.expected_days is not None else "—"
        )
        reviewed = stage.last_reviewed or "never"
        if stage.last_reviewed_by:
            reviewed += f" by {stage.last_reviewed_by}"
        self.fields["reviewed"].setText(reviewed)
        lines = []
        for activity in playbook.activities_of(stage.id):
            accountable = [playbook.roles[r].name for r, v in activity.raci.items() if v is Raci.A]
            lines.append(
                f"• {activity.name}" + (f"  (A: {', '.join(accountable)})" if accountable else "")
            )
        self.fields["activities"].setText("\n".join(lines) or "No activities yet.")
        outgoing = []
        for handoff in playbook.outgoing(stage.id):
            target = playbook.stage(handoff.target).name
            sla = sla_text(handoff.sla_hours)
            outgoing.append(f"→ {target}: {handoff.kind.label}" + (f", SLA {sla}" if sla else ""))
        self.fields["handoffs"].setText("\n".join(outgoing) or "Nowhere yet.")

    # -- asking for edits -------------------------------------------------

    def _commit_name(self) -> None:
        self._request(name=self.name_edit.text())

    def _commit_description(self, text: str) -> None:
        self._request(description=text)

    def _request(self, **values: str) -> None:
        if self.stage_id is None or not self.playbook.has_stage(self.stage_id):
            return
        stage = self.playbook.stage(self.stage_id)
        changed = {k: v for k, v in values.items() if getattr(stage, k) != v}
        if not changed:
            return
        if "name" in changed:
            edit = operations.rename(self.playbook, Kind.STAGE, self.stage_id, changed["name"])
        else:
            edit = operations.set_fields(self.playbook, Kind.STAGE, self.stage_id, **changed)
        self.editRequested.emit(edit)
