"""The quarterly review: snapshots (save, open read-only, restore), what changed between two
of them or since one, and the stages due a review."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from journeyapp.models import snapshots
from journeyapp.models.change import Change, Kind
from journeyapp.models.diff import RACI, SIGN_OFF_LOST, Difference, diff
from journeyapp.models.errors import PlaybookError
from journeyapp.models.operations import mark_reviewed
from journeyapp.models.playbook import Playbook
from journeyapp.models.staleness import stale_stages
from journeyapp.widgets.forms.form_parts import send_or_refuse
from journeyapp.widgets.plain_text import as_typed, ask_for_text
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

NOW = "now"


def _button(text: str, name: str, slot) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(text.rstrip("…"))
    button.clicked.connect(slot)
    return button


def _list(name: str) -> QListWidget:
    widget = QListWidget()
    widget.setObjectName(name)
    widget.setAccessibleName(name.replace("_", " "))
    widget.setWordWrap(True)
    return widget


class ReviewPanel(QWidget):
    editRequested = Signal(object)
    refused = Signal(str)
    openRequested = Signal(str)  # a snapshot's id, to look at read-only
    diffShown = Signal(object, object)  # the differences and the older playbook; None clears
    stageChosen = Signal(str)
    handoffChosen = Signal(str)

    def __init__(self, today: Callable[[], datetime.date] = datetime.date.today) -> None:
        super().__init__()
        self.setObjectName("review_panel")
        self.setAccessibleName("Quarterly review")
        self.today = today
        self.playbook: Playbook | None = None
        self.differences: list[Difference] = []
        self._old: Playbook | None = None

        self.snapshot_list = _list("snapshot_list")
        # Two rows of two: in one row the panel ran past a 1280-pixel window's edge.
        saving = QGridLayout()
        saving.addWidget(_button("Save Snapshot…", "save_snapshot", self.ask_save), 0, 0)
        saving.addWidget(_button("Open Read-only", "open_snapshot", self._open), 0, 1)
        saving.addWidget(_button("Restore…", "restore_snapshot", self.ask_restore), 1, 0)
        saving.addWidget(_button("Delete", "delete_snapshot", self._delete), 1, 1)
        kept = QGroupBox("Snapshots")
        column = QVBoxLayout(kept)
        column.addWidget(self.snapshot_list)
        column.addLayout(saving)

        self.compare_from = QComboBox()
        self.compare_from.setObjectName("compare_from")
        self.compare_from.setAccessibleName("Compare from")
        self.compare_to = QComboBox()
        self.compare_to.setObjectName("compare_to")
        self.compare_to.setAccessibleName("Compare to")
        self.on_map = QCheckBox("Show on the map")
        self.on_map.setObjectName("diff_on_map")
        self.on_map.setChecked(True)
        self.on_map.toggled.connect(lambda _: self._announce())
        self.change_list = _list("change_list")
        self.change_list.currentItemChanged.connect(self._choose_change)
        choose = QHBoxLayout()
        choose.addWidget(self.compare_from, 1)
        choose.addWidget(self.compare_to, 1)
        choose.addWidget(_button("Compare", "compare", self.compare))
        changes = QGroupBox("What changed")
        column = QVBoxLayout(changes)
        column.addLayout(choose)
        column.addWidget(self.change_list)
        column.addWidget(self.on_map)

        self.stale_list = _list("stale_list")
        self.stale_list.currentItemChanged.connect(
            lambda item, _: (
                item is not None and self.stageChosen.emit(item.data(Qt.ItemDataRole.UserRole))
            )
        )
        due = QGroupBox("Due a review (90 days)")
        column = QVBoxLayout(due)
        column.addWidget(self.stale_list)
        column.addWidget(_button("Mark Reviewed…", "mark_reviewed", self.ask_mark_reviewed))

        layout = QHBoxLayout(self)
        layout.addWidget(kept, 2)
        layout.addWidget(changes, 4)
        layout.addWidget(due, 2)

    # -- following the document -------------------------------------------

    def set_playbook(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self.differences = []
        self._old = None
        self.change_list.clear()
        self._fill_snapshots()
        self._fill_stale()
        self._announce()

    def on_change(self, change: Change) -> None:
        if change.touches(Kind.SNAPSHOT):
            self._fill_snapshots()
        if change.touches(Kind.STAGE) or change.touches(Kind.META):
            self._fill_stale()
        if self._old is not None and self.compare_to.currentData() == NOW:
            self.compare()  # comparing with now: now has moved on

    def _fill_snapshots(self) -> None:
        playbook = self.playbook
        taken = sorted(playbook.snapshots, key=lambda s: s.taken_at) if playbook else []
        chosen = (self.compare_from.currentData(), self.compare_to.currentData())
        self.snapshot_list.clear()
        self.compare_from.clear()
        self.compare_to.clear()
        for snapshot in taken:
            when = snapshot.taken_at.replace("T", " ")[:16]
            item = QListWidgetItem(f"{snapshot.name} — saved {when}")
            item.setData(Qt.ItemDataRole.UserRole, snapshot.id)
            self.snapshot_list.addItem(item)
            self.compare_from.addItem(snapshot.name, snapshot.id)
            self.compare_to.addItem(snapshot.name, snapshot.id)
        self.compare_to.addItem("Now", NOW)
        for combo, wanted, fallback in (
            (self.compare_from, chosen[0], len(taken) - 1),
            (self.compare_to, chosen[1], self.compare_to.count() - 1),
        ):
            index = combo.findData(wanted)
            combo.setCurrentIndex(index if index >= 0 else fallback)

    def _fill_stale(self) -> None:
        self.stale_list.clear()
        if self.playbook is None:
            return
        for stale in stale_stages(self.playbook, self.today()):
            item = QListWidgetItem(f"{stale.name} — {stale.reason}")
            item.setData(Qt.ItemDataRole.UserRole, stale.stage_id)
            self.stale_list.addItem(item)

    # -- snapshots ----------------------------------------------------------

    def _selected_snapshot(self) -> str | None:
        item = self.snapshot_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def ask_save(self) -> None:
        default = snapshots.quarter_name(self.today())
        name = ask_for_text(self, "Save snapshot", "Name:", default)
        if name is not None:
            self.save(name)

    def save(self, name: str) -> None:
        now = datetime.datetime.combine(self.today(), datetime.datetime.now().time())
        self._send(lambda: snapshots.take(self.playbook, name, now.replace(microsecond=0)))

    def _open(self) -> None:
        chosen = self._selected_snapshot()
        if chosen is not None:
            self.openRequested.emit(chosen)

    def ask_restore(self) -> None:
        chosen = self._selected_snapshot()
        if chosen is None:
            return
        name = self.playbook.snapshots[chosen].name
        answer = QMessageBox.question(
            self,
            "Restore snapshot",
            as_typed(
                f"Put the map, its definitions and the commitments back as they were in "
                f"“{name}”? Deals, leads, snapshots and what happened since (improvements and "
                "their decisions, notes, meetings) stay as they are. "
                "Edit → Undo takes it back."
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restore(chosen)

    def restore(self, snapshot_id: str) -> None:
        self._send(lambda: snapshots.restore(self.playbook, snapshot_id))

    def _delete(self) -> None:
        chosen = self._selected_snapshot()
        if chosen is not None:
            self._send(lambda: snapshots.remove(self.playbook, chosen))

    def _send(self, build) -> None:
        send_or_refuse(build, self.editRequested.emit, self.refused.emit)

    # -- the diff -----------------------------------------------------------

    def compare(self) -> None:
        old_id, new_id = self.compare_from.currentData(), self.compare_to.currentData()
        if old_id is None or self.playbook is None:
            return
        try:
            old = snapshots.opened(self.playbook.snapshots[old_id])
            new = (
                self.playbook
                if new_id == NOW
                else snapshots.opened(self.playbook.snapshots[new_id])
            )
        except PlaybookError as error:
            self.refused.emit(str(error))
            return
        self._old = old
        self.differences = diff(old, new)
        self.change_list.clear()
        for difference in self.differences:
            lines = [difference.summary] + [
                f"    {f.label}: {f.marked_up()}"
                for f in difference.fields
                if difference.what not in (RACI, SIGN_OFF_LOST)  # the summary says them
            ]
            item = QListWidgetItem("\n".join(lines))
            item.setData(Qt.ItemDataRole.UserRole, difference)
            self.change_list.addItem(item)
        if not self.differences:
            self.change_list.addItem("No changes.")
        self._announce()

    def _announce(self) -> None:
        if self.differences and self.on_map.isChecked() and self.compare_to.currentData() == NOW:
            self.diffShown.emit(self.differences, self._old)
        else:
            self.diffShown.emit(None, None)

    def _choose_change(self, item: QListWidgetItem | None, _previous=None) -> None:
        difference = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not isinstance(difference, Difference) or self.playbook is None:
            return
        if difference.kind is Kind.HANDOFF and self.playbook.has(
            Kind.HANDOFF, difference.entity_id
        ):
            self.handoffChosen.emit(difference.entity_id)
        elif difference.stage_id and self.playbook.has_stage(difference.stage_id):
            self.stageChosen.emit(difference.stage_id)

    # -- stale stages -------------------------------------------------------

    def ask_mark_reviewed(self) -> None:
        item = self.stale_list.currentItem()
        if item is None:
            return
        name = ask_for_text(self, "Mark reviewed", "Reviewed by:")
        if name is not None:
            self.mark_reviewed(item.data(Qt.ItemDataRole.UserRole), name)

    def mark_reviewed(self, stage_id: str, reviewer: str) -> None:
        self._send(
            lambda: mark_reviewed(self.playbook, stage_id, reviewer, self.today().isoformat()),
        )
