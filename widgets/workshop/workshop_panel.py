"""The workshop's side panel: the current stage told large, the timer, and the parking lot.

Sized for a room: at 1920×1080 the smallest text is 24 px tall. Everything a user
typed is shown as plain text.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeyapp.models.entities import Raci
from journeyapp.models.playbook import Playbook
from journeyapp.widgets.forms.form_parts import plain_label
from journeyapp.widgets.workshop.countdown import clock_face
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class Idea:
    key: str  # "note:<id>" or "improvement:<id>"
    text: str
    votes: int
    where: str  # the stage it is on, or "Board"


BODY_PX = 26
SMALL_PX = 24  # the least a room can read
TITLE_PX = 44
HEADING_PX = 30


def _font(pixels: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


def _label(text: str = "", pixels: int = BODY_PX, bold: bool = False, name: str = "") -> QLabel:
    label = plain_label(name.replace("_", " ") or text[:40], text)
    label.setFont(_font(pixels, bold))
    if name:
        label.setObjectName(name)
    return label


class WorkshopPanel(QWidget):
    """What the room reads beside the map; the controller fills it in."""

    captured = Signal(str, bool)  # the note's text, and whether it goes on the board
    voteRequested = Signal(str, int)  # the idea's key ("note:id", "improvement:id"), ±1 dot

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("workshop_panel")
        self.setAccessibleName("Workshop panel")
        self.setMinimumWidth(560)
        self._capture_on_board = False

        self.position = _label(pixels=SMALL_PX, name="workshop_position")
        self.title = _label(pixels=TITLE_PX, bold=True, name="workshop_stage")
        self.where = _label(pixels=SMALL_PX, name="workshop_where")
        self.timer = _label("0:00", pixels=56, bold=True, name="workshop_timer")
        self.timer.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.timer.setWordWrap(False)
        self.lock = _label("", pixels=SMALL_PX, name="workshop_lock")
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.position)
        titles.addWidget(self.title)
        titles.addWidget(self.where)
        head.addLayout(titles, 1)
        clock = QVBoxLayout()
        clock.addWidget(self.timer)
        clock.addWidget(self.lock, 0, Qt.AlignmentFlag.AlignRight)
        head.addLayout(clock)

        self.body = QVBoxLayout()
        self.body.setSpacing(6)
        content = QWidget()
        content.setLayout(self.body)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)

        self.notes = QListWidget()
        self.notes.setObjectName("workshop_notes")
        self.notes.setAccessibleName("Parking lot notes")
        self.notes.setFont(_font(SMALL_PX))
        self.notes.setMaximumHeight(230)
        self.notes.setWordWrap(True)
        self.notes.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.capture = QLineEdit()
        self.capture.setObjectName("workshop_capture")
        self.capture.setAccessibleName("Quick capture")
        self.capture.setFont(_font(BODY_PX))
        self.capture.returnPressed.connect(self._submit)
        self.capture.hide()
        self.hint = _label(pixels=SMALL_PX, name="workshop_hint")
        self.hint.setText(
            "PgDn/PgUp next/previous · N note · B note on the board · J/K pick · +/− vote · "
            "T timer · Ctrl+T set it · L lock · Esc leave"
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addLayout(head)
        layout.addWidget(scroll, 1)
        layout.addWidget(_label("Parking lot", HEADING_PX, bold=True))
        layout.addWidget(self.notes)
        layout.addWidget(self.capture)
        layout.addWidget(self.hint)

    # -- what it shows ------------------------------------------------------

    def show_stage(self, playbook: Playbook, stage_id: str, index: int, count: int) -> None:
        stage = playbook.stage(stage_id)
        phase = playbook.phases.get(stage.phase)
        lane = playbook.lanes.get(stage.lane)
        self.position.setText(f"Stage {index + 1} of {count}")
        self.title.setText(stage.name)
        self.where.setText(" · ".join(x.name for x in (phase, lane) if x is not None))
        self._clear_body()
        self._section("Definition", stage.description or "Not written yet.")
        for title, text in (
            ("Entry criteria", stage.entry_criteria),
            ("Exit criteria", stage.exit_criteria),
        ):
            if text.strip():
                self._section(title, text)
        activities = playbook.activities_of(stage_id)
        if activities:
            self._heading("Activities and who does them")
            for activity in activities:
                self.body.addWidget(_label(f"• {activity.name}", BODY_PX))
                letters = [
                    f"{letter.value} {playbook.roles[role].name}"
                    for role, letter in sorted(activity.raci.items(), key=lambda i: _ORDER[i[1]])
                    if role in playbook.roles
                ]
                if letters:
                    self.body.addWidget(_label("    " + " · ".join(letters), SMALL_PX))
        relied_on = {
            h.definition
            for h in playbook.incoming(stage_id) + playbook.outgoing(stage_id)
            if h.definition in playbook.definitions
        }
        for definition in playbook.definitions:
            if definition.id in relied_on:
                self._section(f"“{definition.term}” means", definition.text or "Not agreed yet.")
        outgoing = playbook.outgoing(stage_id)
        if outgoing:
            self._heading("Moves on when")
            for handoff in outgoing:
                target = playbook.stage(handoff.target).name
                trigger = handoff.trigger or "no trigger agreed yet"
                sla = f" (within {handoff.sla_hours:g} h)" if handoff.sla_hours else ""
                self.body.addWidget(_label(f"→ {target}: {trigger}{sla}", BODY_PX))
        self.body.addStretch(1)

    def show_ideas(self, ideas: list[Idea]) -> None:
        """Notes and improvements to vote on, most votes first."""
        current = self.selected_idea()
        self.notes.clear()
        for idea in sorted(ideas, key=lambda i: -i.votes):
            dots = "●" * min(idea.votes, 10) + (f"+{idea.votes - 10}" if idea.votes > 10 else "")
            item = QListWidgetItem(f"{dots} {idea.text}  — {idea.where}".strip())
            item.setData(Qt.ItemDataRole.UserRole, idea.key)
            self.notes.addItem(item)
            if idea.key == current:
                self.notes.setCurrentItem(item)
        if self.notes.currentItem() is None and self.notes.count():
            self.notes.setCurrentRow(0)

    def selected_idea(self) -> str | None:
        item = self.notes.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def step_idea(self, rows: int) -> None:
        if self.notes.count():
            row = (self.notes.currentRow() + rows) % self.notes.count()
            self.notes.setCurrentRow(row)

    def show_time(self, seconds: int, up: bool) -> None:
        self.timer.setText("Time" if up else clock_face(seconds))
        # A gentle signal: the clock turns amber, nothing flashes or sounds.
        self.timer.setStyleSheet(
            "QLabel { background: #f5c26b; color: #3b2a00; border-radius: 10px; padding: 0 12px; }"
            if up
            else ""
        )

    def show_lock(self, locked: bool) -> None:
        self.lock.setText("Map locked" if locked else "")

    # -- quick capture ------------------------------------------------------

    def open_capture(self, stage_name: str | None) -> None:
        self._capture_on_board = stage_name is None
        where = "the board" if stage_name is None else f"“{stage_name}”"
        self.capture.setPlaceholderText(f"A note for {where}; Enter parks it, Esc cancels")
        self.capture.clear()
        self.capture.show()
        self.capture.setFocus()

    def close_capture(self) -> None:
        self.capture.clear()
        self.capture.hide()

    @property
    def capturing(self) -> bool:
        return self.capture.isVisible()

    def _submit(self) -> None:
        text = self.capture.text().strip()
        if text:
            self.captured.emit(text, self._capture_on_board)
        self.close_capture()

    # -- layout helpers -----------------------------------------------------

    def _clear_body(self) -> None:
        while self.body.count():
            item = self.body.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()  # gone from view now; deleted when Qt is idle
                item.widget().deleteLater()

    def _heading(self, text: str) -> None:
        heading = _label(text, HEADING_PX, bold=True)
        heading.setContentsMargins(0, 10, 0, 0)
        self.body.addWidget(heading)

    def _section(self, title: str, text: str) -> None:
        self._heading(title)
        self.body.addWidget(_label(text, BODY_PX))


_ORDER = {Raci.A: 0, Raci.R: 1, Raci.C: 2, Raci.I: 3}
