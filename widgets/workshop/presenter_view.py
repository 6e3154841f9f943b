"""The presenter view on the facilitator's own screen: what comes next, the notes, the time."""

from __future__ import annotations

from journeyapp.models.playbook import Playbook
from journeyapp.widgets.workshop.countdown import clock_face
from journeyapp.widgets.workshop.workshop_panel import (
    BODY_PX,
    HEADING_PX,
    SMALL_PX,
    TITLE_PX,
    Idea,
    _font,
    _label,
)
from PySide6.QtWidgets import QListWidget, QVBoxLayout, QWidget


class PresenterView(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("presenter_view")
        self.setAccessibleName("Presenter view")
        self.setWindowTitle("Presenter view")
        self.timer = _label("0:00", 96, bold=True, name="presenter_timer")
        self.now = _label(pixels=HEADING_PX, bold=True, name="presenter_now")
        self.next_title = _label(pixels=TITLE_PX, bold=True, name="presenter_next")
        self.next_definition = _label(pixels=BODY_PX, name="presenter_next_definition")
        self.notes = QListWidget()
        self.notes.setObjectName("presenter_notes")
        self.notes.setAccessibleName("Notes")
        self.notes.setFont(_font(SMALL_PX))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.timer)
        layout.addWidget(self.now)
        layout.addWidget(_label("Next", SMALL_PX))
        layout.addWidget(self.next_title)
        layout.addWidget(self.next_definition)
        layout.addWidget(_label("Notes", HEADING_PX, bold=True))
        layout.addWidget(self.notes, 1)

    def show_step(
        self, playbook: Playbook, current: str, following: str | None, ideas: list[Idea]
    ) -> None:
        self.now.setText(f"Now: {playbook.stage(current).name}")
        if following is None:
            self.next_title.setText("The last stage")
            self.next_definition.setText("")
        else:
            stage = playbook.stage(following)
            self.next_title.setText(stage.name)
            self.next_definition.setText(stage.description)
        self.notes.clear()
        for idea in sorted(ideas, key=lambda i: -i.votes):
            self.notes.addItem(f"{idea.votes} · {idea.text} — {idea.where}")

    def show_time(self, seconds: int, up: bool) -> None:
        self.timer.setText("Time" if up else clock_face(seconds))
