"""Edit the map's grid: add, rename, reorder and remove phases (columns) and lanes (rows).

The methods that take names and ids build one edit each and send it out with
``editRequested``; the ``ask_…`` methods first ask the user (a name, a colour,
where stages go).
"""

from __future__ import annotations

from collections.abc import Callable

from journeyapp.models import operations as ops
from journeyapp.models.change import Kind
from journeyapp.models.errors import PlaybookError
from journeyapp.models.playbook import Edit, Playbook
from journeyapp.models.words import count
from journeyapp.widgets.plain_text import ask_for_text, ask_to_choose
from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QMenu, QWidget

LANE_COLOURS = ("#1f8a9e", "#d9822b", "#7c5cbf", "#3b7d3b", "#c0392b", "#2c6fbb")
WORD = {Kind.PHASE: "phase", Kind.LANE: "lane"}


class GridEditor(QObject):
    """The phase and lane headers' menu and the edits behind it, for the playbook shown."""

    editRequested = Signal(object)  # an Edit the user asked for
    refused = Signal(str)  # why an edit cannot be made

    def __init__(self, parent: QWidget, playbook: Callable[[], Playbook]) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self._playbook = playbook

    @property
    def playbook(self) -> Playbook:
        return self._playbook()

    def _try(self, build: Callable[[], Edit]) -> None:
        """Build the edit and ask for it; a refused build is reported like a refused edit."""
        try:
            edit = build()
        except PlaybookError as error:
            self.refused.emit(str(error))
            return
        self.editRequested.emit(edit)

    # -- direct edits -------------------------------------------------------

    def add(self, kind: Kind, name: str, index: int | None = None) -> None:
        if kind is Kind.PHASE:
            self._try(lambda: ops.add_phase(self.playbook, name, index))
            return
        colour = LANE_COLOURS[len(self.playbook.lanes) % len(LANE_COLOURS)]
        self._try(lambda: ops.add_lane(self.playbook, name, colour, index))

    def rename(self, kind: Kind, line_id: str, name: str) -> None:
        self._try(lambda: ops.rename(self.playbook, kind, line_id, name))

    def move(self, kind: Kind, line_id: str, steps: int) -> None:
        order = self.playbook.ids(kind)
        index = order.index(line_id) + steps
        if not 0 <= index < len(order):
            return
        self._try(lambda: ops.move_in_order(self.playbook, kind, line_id, index))

    def remove(self, kind: Kind, line_id: str, move_stages_to: str | None = None) -> None:
        remove = ops.remove_phase if kind is Kind.PHASE else ops.remove_lane
        self._try(lambda: remove(self.playbook, line_id, move_stages_to))

    def set_colour(self, lane_id: str, colour: str) -> None:
        self._try(
            lambda: ops.set_fields(
                self.playbook,
                Kind.LANE,
                lane_id,
                label=f"Change the colour of “{self.playbook.lanes[lane_id].name}”",
                color=colour,
            )
        )

    # -- asking first -------------------------------------------------------

    def ask_add(self, kind: Kind, index: int | None = None) -> None:
        name = ask_for_text(self.parent_widget, f"Add {WORD[kind]}", "Name:")
        if name and name.strip():
            self.add(kind, name.strip(), index)

    def ask_rename(self, kind: Kind, line_id: str) -> None:
        current = self.playbook.get(kind, line_id).name
        name = ask_for_text(self.parent_widget, f"Rename {WORD[kind]}", "Name:", current)
        if name and name.strip() and name != current:
            self.rename(kind, line_id, name.strip())

    def ask_remove(self, kind: Kind, line_id: str) -> None:
        field = WORD[kind]
        held = [s for s in self.playbook.stages() if getattr(s, field) == line_id]
        if not held:
            self.remove(kind, line_id)
            return
        others = [line for line in self.playbook.ids(kind) if line != line_id]
        if not others:
            self.refused.emit(f"The last {field} still holds stages; add another {field} first.")
            return
        names = [self.playbook.get(kind, other).name for other in others]
        name = self.playbook.get(kind, line_id).name
        choice = ask_to_choose(
            self.parent_widget,
            f"Delete {field}",
            f"“{name}” holds {count(len(held), 'stage')}. "
            f"Move {'it' if len(held) == 1 else 'them'} to:",
            names,
        )
        if choice is not None:
            self.remove(kind, line_id, others[names.index(choice)])

    def ask_colour(self, lane_id: str) -> None:
        lane = self.playbook.lanes[lane_id]
        colour = QColorDialog.getColor(
            QColor(lane.color), self.parent_widget, f"Colour of {lane.name}"
        )
        if colour.isValid():
            self.set_colour(lane_id, colour.name())

    def menu_for(self, kind: Kind, line_id: str) -> QMenu:
        """The context menu of a phase header or a lane header."""
        field = WORD[kind]
        before, after = ("Left", "Right") if kind is Kind.PHASE else ("Up", "Down")
        index = self.playbook.ids(kind).index(line_id)
        menu = QMenu(self.parent_widget)
        menu.setObjectName(f"menu_{field}")
        menu.addAction(f"Rename {field}…", lambda: self.ask_rename(kind, line_id))
        menu.addAction(f"Insert {field} before…", lambda: self.ask_add(kind, index))
        menu.addAction(f"Insert {field} after…", lambda: self.ask_add(kind, index + 1))
        menu.addAction(f"Move {before}", lambda: self.move(kind, line_id, -1))
        menu.addAction(f"Move {after}", lambda: self.move(kind, line_id, 1))
        if kind is Kind.LANE:
            menu.addAction("Change colour…", lambda: self.ask_colour(line_id))
        menu.addSeparator()
        menu.addAction(f"Delete {field}…", lambda: self.ask_remove(kind, line_id))
        return menu

    def show_menu(self, kind: Kind, line_id: str, global_pos: QPoint) -> None:
        self.menu_for(kind, line_id).exec(global_pos)
