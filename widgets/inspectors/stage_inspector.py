"""The stage inspector: what the selected stage means, what is done there and how.

Every field edits the model through ``editRequested``; typing in a field is
one undo step per visit (see widgets/field_binding.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from journeyapp.models import operations
from journeyapp.models.change import Change, Kind
from journeyapp.models.entities import StageKind
from journeyapp.models.errors import EditError
from journeyapp.models.limits import parse_whole
from journeyapp.models.playbook import Playbook
from journeyapp.models.winloss import stage_drivers
from journeyapp.models.words import count
from journeyapp.widgets.canvas.handoff_item import sla_text
from journeyapp.widgets.forms.field_binding import BoundField
from journeyapp.widgets.forms.form_parts import (
    choice_field,
    chosen,
    line_field,
    plain_label,
    refill_choice,
    section,
    select_data,
    stacked,
    text_field,
)
from journeyapp.widgets.inspectors.activities_editor import ActivitiesEditor
from journeyapp.widgets.inspectors.content_editor import ContentEditor
from journeyapp.widgets.plain_text import ask_for_text
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

TEXT_FIELDS = (
    # model field, object name, caption, placeholder, lines
    ("description", "stage_description", "Description", "What this stage is, in a sentence.", 3),
    ("buyer_goal", "stage_goal", "Buyer's goal", "What the buyer wants to get done here.", 2),
    (
        "buyer_questions",
        "stage_questions",
        "Buyer's questions",
        "What the buyer asks themselves here.",
        3,
    ),
    ("entry_criteria", "stage_entry", "Entry criteria", "What must be true to enter.", 2),
    (
        "exit_criteria",
        "stage_exit",
        "Exit criteria",
        "The buyer behaviour you can observe when they move on.",
        2,
    ),
)


def pinned_drivers_words(playbook: Playbook, stage_id: str) -> str:
    """The decision drivers of the quotes from interviews whose decision tilted at the stage."""
    pinned = stage_drivers(playbook, stage_id)
    if not pinned:
        return "No interview says the decision tilted here yet."
    shown = [f"{name}: {count(n, 'quote')}" for name, n in pinned]
    return "From the interviews whose decision tilted here:\n" + "\n".join(shown)


class StageInspector(QWidget):
    editRequested = Signal(object)  # a models edit for the Document to apply
    refused = Signal(str)  # a value the model cannot take; one sentence

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("stage_inspector")
        self.setAccessibleName("Stage inspector")
        self.playbook: Playbook | None = None
        self.stage_id: str | None = None
        self.reviewer_name = ""  # the last name given to "Mark reviewed"
        self.today: Callable[[], str] = lambda: datetime.date.today().isoformat()

        self.name_edit = line_field("stage_name", "Stage name")
        self.phase_choice = choice_field("stage_phase", "Phase of the stage")
        self.team_choice = choice_field("stage_team", "Team that works the stage")
        self.kind_choice = choice_field("stage_kind", "Kind of stage")
        for kind in StageKind:
            self.kind_choice.addItem(kind.value.capitalize(), kind)
        self.phase_choice.currentIndexChanged.connect(lambda: self._choose("phase"))
        self.team_choice.currentIndexChanged.connect(lambda: self._choose("lane"))
        self.kind_choice.currentIndexChanged.connect(lambda: self._choose("kind"))
        self.days_edit = line_field("stage_days", "Expected days in stage", "e.g. 14")
        self.days_edit.setMaximumWidth(120)

        self._fields: dict[str, BoundField] = {
            "name": BoundField(self.name_edit, self._name_edit, self._send, self._refuse, False),
            "expected_days": BoundField(
                self.days_edit, self._days_edit, self._send, self._refuse, live=False
            ),
        }
        self.text_edits = {}
        meaning, meaning_form = section("What the stage means")
        meaning_form.addRow("Name", self.name_edit)
        where = QHBoxLayout()
        where.addWidget(self.phase_choice, 1)
        where.addWidget(self.team_choice, 1)
        where.addWidget(self.kind_choice)
        meaning_form.addRow("Phase · team · kind", where)
        for field, name, caption, placeholder, lines in TEXT_FIELDS:
            edit = text_field(name, caption, placeholder, lines)
            self.text_edits[field] = edit
            self._fields[field] = BoundField(
                edit, self._text_edit_for(field), self._send, self._refuse
            )
            meaning_form.addRow(caption, edit)
        meaning_form.addRow("Expected time in stage (days)", self.days_edit)
        self.description_edit = self.text_edits["description"]

        self.reviewed_label = plain_label("Last reviewed")
        self.review_button = QPushButton("Mark reviewed…")
        self.review_button.setObjectName("stage_mark_reviewed")
        self.review_button.setAccessibleName("Mark the stage reviewed")
        self.review_button.clicked.connect(self.mark_reviewed)
        review_row = QHBoxLayout()
        review_row.addWidget(self.reviewed_label, 1)
        review_row.addWidget(self.review_button)
        meaning_form.addRow("Last reviewed", review_row)

        self.content_editor = ContentEditor()
        self.content_editor.editRequested.connect(self._send)
        self.content_editor.refused.connect(self._refuse)
        content, content_form = section("Content that helps the buyer move on")
        content_form.addRow(self.content_editor)

        self.activities = ActivitiesEditor()
        self.activities.editRequested.connect(self._send)
        self.activities.refused.connect(self._refuse)

        self.handoffs_label = plain_label("Handoffs out")
        leads_to, leads_form = section("Leads to")
        leads_form.addRow(self.handoffs_label)

        self.drivers_label = plain_label("Decision drivers pinned to the stage")
        self.drivers_label.setObjectName("stage_decision_drivers")
        drivers, drivers_form = section("Why buyers decided here")
        drivers_form.addRow(self.drivers_label)

        inner = stacked(meaning, self.activities, content, leads_to, drivers)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    # -- following the model --------------------------------------------

    def set_playbook(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self.stage_id = None

    def show_stage(self, stage_id: str | None) -> None:
        if stage_id != self.stage_id:
            self.flush()
        if stage_id is not None and not self.playbook.has_stage(stage_id):
            stage_id = None
        self.stage_id = stage_id
        self.refresh()

    def flush(self) -> None:
        """Send whatever is typed but not yet sent, to the stage it was typed for."""
        for field in self._fields.values():
            field.flush()
        self.activities.flush()

    def on_change(self, change: Change) -> None:
        if self.stage_id is None:
            return
        if not self.playbook.has_stage(self.stage_id):
            self.stage_id = None
            return
        if change.kinds() - {Kind.META}:
            self.refresh()
            self.activities.on_change(change)

    def refresh(self) -> None:
        if self.stage_id is None:
            return
        playbook, stage = self.playbook, self.playbook.stage(self.stage_id)
        self._fields["name"].show(stage.name)
        for field in self.text_edits:
            self._fields[field].show(getattr(stage, field))
        days = "" if stage.expected_days is None else str(stage.expected_days)
        self._fields["expected_days"].show(days)
        refill_choice(self.phase_choice, [(p.id, p.name) for p in playbook.phases], stage.phase)
        refill_choice(
            self.team_choice, [(lane.id, lane.name) for lane in playbook.lanes], stage.lane
        )
        select_data(self.kind_choice, stage.kind)
        reviewed = "Never reviewed"
        if stage.last_reviewed:
            reviewed = f"{stage.last_reviewed}" + (
                f" by {stage.last_reviewed_by}" if stage.last_reviewed_by else ""
            )
        self.reviewed_label.setText(reviewed)
        self.content_editor.show_stage(playbook, stage.id)
        self.activities.show_stage(playbook, stage.id)
        lines = []
        for handoff in playbook.outgoing(stage.id):
            sla = sla_text(handoff.sla_hours)
            lines.append(
                f"→ {playbook.stage(handoff.target).name}: {handoff.kind.label}"
                + (f", SLA {sla}" if sla else "")
            )
        self.handoffs_label.setText("\n".join(lines) or "Nowhere yet.")
        self.drivers_label.setText(pinned_drivers_words(playbook, stage.id))

    # -- asking for edits -------------------------------------------------

    def _send(self, edit) -> None:
        self.editRequested.emit(edit)

    def _refuse(self, message: str) -> None:
        self.refused.emit(message)

    def _stage(self):
        if self.stage_id is None or not self.playbook.has_stage(self.stage_id):
            return None
        return self.playbook.stage(self.stage_id)

    def _name_edit(self, text: str, merge_key: str):
        stage = self._stage()
        if stage is None or stage.name == text:
            return None
        if not text.strip():
            raise EditError("A stage needs a name; it cannot be empty.")
        return operations.rename(self.playbook, Kind.STAGE, stage.id, text, merge_key)

    def _days_edit(self, text: str, merge_key: str):
        stage = self._stage()
        days = parse_whole(text, "The expected days in a stage")
        if stage is None or stage.expected_days == days:
            return None
        return operations.set_fields(
            self.playbook, Kind.STAGE, stage.id, merge_key=merge_key, expected_days=days
        )

    def _text_edit_for(self, field: str):
        def build(text: str, merge_key: str):
            stage = self._stage()
            if stage is None or getattr(stage, field) == text:
                return None
            return operations.set_fields(
                self.playbook, Kind.STAGE, stage.id, merge_key=merge_key, **{field: text}
            )

        return build

    def _choose(self, field: str) -> None:
        stage = self._stage()
        combo = {"phase": self.phase_choice, "lane": self.team_choice, "kind": self.kind_choice}
        value = chosen(combo[field], StageKind if field == "kind" else None)
        if stage is None or value is None or getattr(stage, field) == value:
            return
        self._send(operations.set_fields(self.playbook, Kind.STAGE, stage.id, **{field: value}))

    def ask_text(self, title: str, label: str, text: str) -> str | None:
        return ask_for_text(self, title, label, text)

    def mark_reviewed(self) -> None:
        stage = self._stage()
        if stage is None:
            return
        name = self.ask_text("Mark reviewed", "Who reviewed this stage?", self.reviewer_name)
        if name is None:
            return
        try:
            edit = operations.mark_reviewed(self.playbook, stage.id, name, self.today())
        except EditError as refusal:
            self._refuse(str(refusal))
            return
        self.reviewer_name = name.strip()
        self._send(edit)
