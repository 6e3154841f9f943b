"""Find a stage by name: type part of it, Enter centres and selects the first match."""

from __future__ import annotations

from collections.abc import Iterable

from journeyapp.models.playbook import Playbook
from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit


def matching_stages(playbook: Playbook, text: str) -> list[str]:
    """Ids of stages whose name contains ``text`` (any case), exact matches first."""
    needle = text.strip().casefold()
    if not needle:
        return []
    stages = playbook.stages_in_journey_order()
    exact = [s.id for s in stages if s.name.casefold() == needle]
    partial = [s.id for s in stages if needle in s.name.casefold() and s.id not in exact]
    return exact + partial


class FindStageField(QLineEdit):
    found = Signal(str)  # the id of the stage to show
    notFound = Signal(str)  # what was typed

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("find_stage")
        self.setAccessibleName("Find a stage by name")
        self.setPlaceholderText("Find stage… (Ctrl+F)")
        self.setClearButtonEnabled(True)
        self.setMaximumWidth(320)
        self.playbook: Playbook | None = None
        self._names = QStringListModel(self)
        self._offered: dict[str, str] = {}  # each stage's name, by id, as last offered
        completer = QCompleter(self._names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._find)
        self.setCompleter(completer)
        self.returnPressed.connect(lambda: self._find(self.text()))

    def set_playbook(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self.refresh_names()

    def refresh_names(self, changed: Iterable[str] | None = None) -> None:
        """Offer the stages' names. ``changed``: the stage ids an edit touched; when none of
        them was added, removed or renamed (a move), the names offered stay as they are."""
        playbook = self.playbook
        if playbook is None:
            return
        if changed is not None and all(
            self._offered.get(stage_id)
            == (playbook.stage(stage_id).name if playbook.has_stage(stage_id) else None)
            for stage_id in changed
        ):
            return
        self._offered = {stage.id: stage.name for stage in playbook.stages()}
        names = sorted(set(self._offered.values()))
        if names != self._names.stringList():  # the completer is reset only when they differ
            self._names.setStringList(names)

    def _find(self, text: str) -> None:
        if self.playbook is None:
            return
        matches = matching_stages(self.playbook, text)
        if matches:
            self.completer().popup().hide()  # found: the list no longer covers the inspector
            self.found.emit(matches[0])
        elif text.strip():
            self.notFound.emit(text)
