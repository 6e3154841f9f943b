"""Edit the map's grid: add, rename, reorder and remove phases (columns) and lanes (rows).

The methods that take names and ids build one edit each and hand it on; the
``ask_…`` methods first ask the user (a name, a colour, where stages go).
"""

from __future__ import annotations

from collections.abc import Callable

from journeyapp.models import operations as ops
from journeyapp.models.change import Kind
from journeyapp.models.errors import PlaybookError
from journeyapp.models.playbook import Edit, Playbook
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QInputDialog, QMenu, QWidget

LANE_COLOURS = ("#1f8a9e", "#d9822b", "#7c5cbf", "#3b7d3b", "#c0392b", "#2c6fbb")
WORD = {Kind.PHASE: "phase", Kind.LANE: "lane"}


class GridEditor:
    def __init__(
        self,
        parent: QWidget,
        playbook: Callable[[], Playbook],
        apply_edit: Callable[[Edit], bool],
        refuse: Callable[[str], None],
    ) -> None:
        self.parent = parent
        self._playbook = playbook
        self._apply = apply_edit
        self._refuse = refuse

    @property
    def playbook(self) -> Playbook:
        return self._playbook()

    def _try(self, build: Callable[[], Edit]) -> bool:
        try:
            edit = build()
        except PlaybookError as error:
            self._refuse(str(error))
            return False
        return self._apply(edit)

    # -- direct edits -------------------------------------------------------

    def add(self, kind: Kind, name: str, index: int | None = None) -> bool:
        if kind is Kind.PHASE:
            return self._try(lambda: ops.add_phase(self.playbook, name, index))
        colour = LANE_COLOURS[len(self.playbook.lanes) % len(LANE_COLOURS)]
        return self._try(lambda: ops.add_lane(self.playbook, name, colour, index))

    def rename(self, kind: Kind, line_id: str, name: str) -> bool:
        return self._try(lambda: ops.rename(self.playbook, kind, line_id, name))

    def move(self, kind: Kind, line_id: str, steps: int) -> bool:
        order = self.playbook.ids(kind)
        index = order.index(line_id) + steps
        if not 0 <= index < len(order):
            return False
        return self._try(lambda: ops.move_in_order(self.playbook, kind, line_id, index))

    def remove(self, kind: Kind, line_id: str, move_stages_to: str | None = None) -> bool:
        remove = ops.remove_phase if kind is Kind.PHASE else ops.remove_lane
        return self._try(lambda: remove(self.playbook, line_id, move_stages_to))

    def set_colour(self, lane_id: str, colour: str) -> bool:
        return self._try(
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
        name, ok = QInputDialog.getText(self.parent, f"Add {WORD[kind]}", "Name:")
        if ok and name.strip():
            self.add(kind, name.strip(), index)

    def ask_rename(self, kind: Kind, line_id: str) -> None:
        current = self.playbook.get(kind, line_id).name
        name, ok = QInputDialog.getText(self.parent, f"Rename {WORD[kind]}", "Name:", text=current)
        if ok and name.strip() and name != current:
            self.rename(kind, line_id, name.strip())

    def ask_remove(self, kind: Kind, line_id: str) -> None:
        field = WORD[kind]
        held = [s for s in self.playbook.stages() if getattr(s, field) == line_id]
        if not held:
            self.remove(kind, line_id)
            return
        others = [line for line in self.playbook.ids(kind) if line != line_id]
        if not others:
            self._refuse(f"The last {field} still holds stages; add another {field} first.")
            return
        names = [self.playbook.get(kind, other).name for other in others]
        name = self.playbook.get(kind, line_id).name
        choice, ok = QInputDialog.getItem(
            self.parent,
            f"Delete {field}",
            f"“{name}” holds {len(held)} stage(s). Move them to:",
            names,
            0,
            False,
        )
        if ok:
            self.remove(kind, line_id, others[names.index(choice)])

    def ask_colour(self, lane_id: str) -> None:
        lane = self.playbook.lanes[lane_id]
        colour = QColorDialog.getColor(QColor(lane.color), self.parent, f"Colour of {lane.name}")
        if colour.isValid():
            self.set_colour(lane_id, colour.name())

    def menu_for(self, kind: Kind, line_id: str) -> QMenu:
        """The context menu of a phase header or a lane header."""
        field = WORD[kind]
        before, after = ("Left", "Right") if kind is Kind.PHASE else ("Up", "Down")
        index = self.playbook.ids(kind).index(line_id)
        menu = QMenu(self.parent)
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
