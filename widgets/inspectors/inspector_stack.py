"""The inspector dock's contents: the stage, the handoff, or a hint when nothing is selected.

The stage and handoff pages are made the first time something is selected (or they are
asked for): at start-up the dock shows only the hint, and the window paints sooner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeyapp.models.change import Change
from journeyapp.models.playbook import Playbook
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QStackedWidget

if TYPE_CHECKING:
    from journeyapp.widgets.inspectors.handoff_inspector import HandoffInspector
    from journeyapp.widgets.inspectors.stage_inspector import StageInspector


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
        self.addWidget(self.hint)
        self._playbook: Playbook | None = None
        self._stage: StageInspector | None = None
        self._handoff: HandoffInspector | None = None

    @property
    def stage(self) -> StageInspector:
        if self._stage is None:
            from journeyapp.widgets.inspectors.stage_inspector import StageInspector

            self._stage = self._added(StageInspector())
        return self._stage

    @property
    def handoff(self) -> HandoffInspector:
        if self._handoff is None:
            from journeyapp.widgets.inspectors.handoff_inspector import HandoffInspector

            self._handoff = self._added(HandoffInspector())
        return self._handoff

    def made_pages(self) -> list:
        """The stage and handoff inspectors made so far."""
        return [page for page in (self._stage, self._handoff) if page is not None]

    def _added(self, page):
        self.addWidget(page)
        page.editRequested.connect(self.editRequested)
        page.refused.connect(self.refused)
        if self._playbook is not None:
            page.set_playbook(self._playbook)
        return page

    def set_playbook(self, playbook: Playbook) -> None:
        self._playbook = playbook
        for page in self.made_pages():
            page.set_playbook(playbook)
        self.setCurrentWidget(self.hint)

    def show_selection(self, stage_ids: list[str], handoff_ids: list[str]) -> None:
        one_stage = stage_ids[0] if len(stage_ids) == 1 and not handoff_ids else None
        one_handoff = handoff_ids[0] if len(handoff_ids) == 1 and not stage_ids else None
        # A page not made yet shows nothing already; one about to be shown is made.
        if self._stage is not None or one_stage is not None:
            self.stage.show_stage(one_stage)
        if self._handoff is not None or one_handoff is not None:
            self.handoff.show_handoff(one_handoff)
        if one_stage is not None:
            self.setCurrentWidget(self.stage)
        elif one_handoff is not None:
            self.setCurrentWidget(self.handoff)
        else:
            self.setCurrentWidget(self.hint)

    def on_change(self, change: Change) -> None:
        for page in self.made_pages():
            page.on_change(change)
        if self.currentWidget() is self._stage and self.stage.stage_id is None:
            self.setCurrentWidget(self.hint)
        if self.currentWidget() is self._handoff and self.handoff.handoff_id is None:
            self.setCurrentWidget(self.hint)
