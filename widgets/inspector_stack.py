"""The inspector dock's contents: the stage, the handoff, or a hint when nothing is selected."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QStackedWidget

from models.change import Change
from models.playbook import Playbook
from widgets.handoff_inspector import HandoffInspector
from widgets.stage_inspector import StageInspector


class InspectorStack(QStackedWidget):
    editRequested = Signal(object)
    refused = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector_stack")
        self.hint = QLabel(
            "Select a stage or a handoff on the map to see what it means and who works it."
        )
        self.hint.setWordWrap(True)
        self.hint.setObjectName("inspector_empty")
        self.hint.setMargin(12)
        self.stage = StageInspector()
        self.handoff = HandoffInspector()
        for page in (self.hint, self.stage, self.handoff):
            self.addWidget(page)
        for inspector in (self.stage, self.handoff):
            inspector.editRequested.connect(self.editRequested)
            inspector.refused.connect(self.refused)

    def set_playbook(self, playbook: Playbook) -> None:
        self.stage.set_playbook(playbook)
        self.handoff.set_playbook(playbook)
        self.setCurrentWidget(self.hint)

    def show_selection(self, stage_ids: list[str], handoff_ids: list[str]) -> None:
        if len(stage_ids) == 1 and not handoff_ids:
            self.handoff.show_handoff(None)
            self.stage.show_stage(stage_ids[0])
            self.setCurrentWidget(self.stage)
        elif len(handoff_ids) == 1 and not stage_ids:
            self.stage.show_stage(None)
            self.handoff.show_handoff(handoff_ids[0])
            self.setCurrentWidget(self.handoff)
        else:
            self.stage.show_stage(None)
            self.handoff.show_handoff(None)
            self.setCurrentWidget(self.hint)

    def on_change(self, change: Change) -> None:
        self.stage.on_change(change)
        self.handoff.on_change(change)
        if self.currentWidget() is self.stage and self.stage.stage_id is None:
            self.setCurrentWidget(self.hint)
        if self.currentWidget() is self.handoff and self.handoff.handoff_id is None:
            self.setCurrentWidget(self.hint)
