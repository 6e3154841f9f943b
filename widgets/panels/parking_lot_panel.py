"""The parking lot after the workshop: notes and improvements ranked by their dots, and each
note turned into an improvement or a line of an activity's methodology."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from journeyapp.models import parking_lot, room_notes
from journeyapp.models.change import Change, Kind
from journeyapp.models.entities import NoteState
from journeyapp.models.playbook import Playbook
from journeyapp.models.room_view import sender
from journeyapp.widgets.forms.form_parts import send_or_refuse
from journeyapp.widgets.plain_text import ask_to_choose
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class ParkingLotPanel(QWidget):
    editRequested = Signal(object)
    refused = Signal(str)

    def __init__(self, today: Callable[[], datetime.date] = datetime.date.today) -> None:
        super().__init__()
        self.setObjectName("parking_lot_panel")
        self.setAccessibleName("Parking lot")
        self.today = today
        self.playbook: Playbook | None = None
        self.ideas = QListWidget()
        self.ideas.setObjectName("parking_lot_list")
        self.ideas.setAccessibleName("Notes and improvements, most votes first")
        self.ideas.setWordWrap(True)
        buttons = QHBoxLayout()
        for text, name, slot in (
            ("Vote +1", "vote_up", lambda: self.vote(1)),
            ("Vote −1", "vote_down", lambda: self.vote(-1)),
            ("Make Improvement", "note_to_improvement", self.to_improvement),
            ("Add to Methodology…", "note_to_methodology", self.ask_methodology),
            ("Hide or Show", "hide_note", self.toggle_hidden),
            ("Delete Note", "delete_note", self.delete),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setAccessibleName(text.rstrip("…"))
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.ideas, 1)
        layout.addLayout(buttons)

    def set_playbook(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self._fill()

    def on_change(self, change: Change) -> None:
        if (
            change.touches(Kind.NOTE)
            or change.touches(Kind.IMPROVEMENT)
            or change.touches(Kind.STAGE)
        ):
            self._fill()

    def _fill(self) -> None:
        chosen = self.chosen()
        self.ideas.clear()
        if self.playbook is None:
            return
        names = {s.id: s.name for s in self.playbook.stages()}
        voted = parking_lot.ranked(self.playbook)
        rest = [(Kind.NOTE, n) for n in self.playbook.notes if not n.votes]
        for kind, entity in voted + rest:
            if kind is Kind.NOTE:
                where = names.get(entity.stage, "Board") if entity.stage else "Board"
                text = f"{entity.votes} · Note: {entity.text} — {where}{_from_room(entity)}"
            else:
                text = f"{entity.votes} · Improvement: {entity.title}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, (kind, entity.id))
            self.ideas.addItem(item)
            if (kind, entity.id) == chosen:
                self.ideas.setCurrentItem(item)

    def toggle_hidden(self) -> None:
        """Hide a note from the projector and the phones, or show a hidden one again."""
        note_id = self._chosen_note()
        if note_id is not None:
            hidden = self.playbook.notes[note_id].state is not NoteState.HIDDEN
            self._send(lambda: room_notes.hide_note(self.playbook, note_id, hidden))

    def chosen(self) -> tuple[Kind, str] | None:
        item = self.ideas.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _send(self, build) -> None:
        send_or_refuse(build, self.editRequested.emit, self.refused.emit)

    def _chosen_note(self) -> str | None:
        chosen = self.chosen()
        if chosen is None or chosen[0] is not Kind.NOTE:
            self.refused.emit("Choose a note first.")
            return None
        return chosen[1]

    def vote(self, dots: int) -> None:
        chosen = self.chosen()
        if chosen is not None:
            self._send(lambda: parking_lot.vote(self.playbook, chosen[0], chosen[1], dots))

    def to_improvement(self) -> None:
        note = self._chosen_note()
        if note is not None:
            today = self.today().isoformat()
            self._send(lambda: parking_lot.to_improvement(self.playbook, note, today))

    def ask_methodology(self) -> None:
        note = self._chosen_note()
        if note is None:
            return
        stage = self.playbook.notes[note].stage
        activities = [a for a in self.playbook.activities if stage is None or a.stage == stage]
        if not activities:
            self.refused.emit("The note's stage has no activities to add it to.")
            return
        names = [f"{a.name} ({self.playbook.stage(a.stage).name})" for a in activities]
        choice = ask_to_choose(self, "Add to methodology", "Activity:", names)
        if choice is not None:
            self.to_methodology(note, activities[names.index(choice)].id)

    def to_methodology(self, note_id: str, activity_id: str) -> None:
        self._send(lambda: parking_lot.to_methodology(self.playbook, note_id, activity_id))

    def delete(self) -> None:
        note = self._chosen_note()
        if note is not None:
            self._send(lambda: parking_lot.remove_note(self.playbook, note))


def _from_room(note) -> str:
    """Who sent a note from the room, and whether it is hidden or waits to be revealed."""
    words = f" · {sender(note)}" if note.guest else ""
    if note.state is NoteState.HIDDEN:
        words += " · hidden"
    elif note.private:
        words += " · private until revealed"
    return words
