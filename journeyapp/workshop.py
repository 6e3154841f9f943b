"""Workshop mode (F5): the map full screen for a room, walked stage by stage.

Entering remembers exactly how the window looked (its geometry, docks, theme,
zoom, scroll and selection); leaving puts all of it back. In between the
editing chrome is hidden, the projector theme is on, and the keys a
presentation clicker sends (PageDown, PageUp, the arrows) step through the
stages in journey order.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeyEvent, QTransform
from PySide6.QtWidgets import QApplication, QDockWidget, QToolBar, QWidget

from journeyapp.models import parking_lot
from journeyapp.models.change import Change, Kind
from journeyapp.models.errors import PlaybookError
from journeyapp.models.journey_walk import stages_along_journey
from journeyapp.models.playbook import Edit
from journeyapp.models.room_view import sender, shown_to
from journeyapp.themes import Theme
from journeyapp.widgets.plain_text import ask_for_whole
from journeyapp.widgets.workshop.blank_cover import BlankCover
from journeyapp.widgets.workshop.countdown import Countdown
from journeyapp.widgets.workshop.presenter_view import PresenterView
from journeyapp.widgets.workshop.workshop_panel import DESIGN_HEIGHT, Idea, WorkshopPanel
from journeyapp.workshop_keys import TAKEN_KEYS, binding_for
from journeyapp.workshop_room import WorkshopRoom

if TYPE_CHECKING:
    from journeyapp.main_window import MainWindow

DEFAULT_MINUTES = 5


def _where(note, place: str) -> str:
    """Where a note is, and for one from the room, who sent it: "Board · Ana (Sales)"."""
    return f"{place} · {sender(note)}" if note.guest else place


MIN_ZOOM, MAX_ZOOM = 2.0, 3.0  # on a 1080-pixel-high screen; others scale with their height
PANEL_SHARE = 0.36  # of the window's width: the map keeps about two thirds of the room
UNLOCKED_KINDS = {Kind.NOTE, Kind.IMPROVEMENT}  # the lock keeps the map, not the parking lot
PARKING_KINDS = {Kind.NOTE, Kind.ROUND}  # what changes the parking lot and nothing else
SHOWN_IDEAS = 60  # the most voted first; the Parking lot panel lists them all


def screens_for_presenting():
    """(the laptop's screen, the projector's) when there are two screens; else None."""
    screens = QGuiApplication.screens()
    laptop = QGuiApplication.primaryScreen()
    projector = next((s for s in screens if s is not laptop), None)
    return (laptop, projector) if len(screens) > 1 and projector is not None else None


@dataclass
class _Before:
    """Everything workshop mode changes, as it was."""

    geometry: QRect
    state: QByteArray
    window_state: Qt.WindowState
    theme: Theme
    transform: QTransform
    scroll: tuple[int, int]
    selection: list[str]
    menu_bar: bool
    status_bar: bool
    scroll_bars: tuple[Qt.ScrollBarPolicy, Qt.ScrollBarPolicy]


class WorkshopMode(QObject):
    def __init__(self, window: MainWindow, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(window)
        self.window = window
        self.active = False
        self.locked = False
        self.stage_ids: list[str] = []
        self.index = 0
        self._before: _Before | None = None
        self.countdown = Countdown(clock, self)
        self.countdown.set(DEFAULT_MINUTES * 60)
        self.panel = WorkshopPanel()
        self.dock = QDockWidget("Workshop", window)
        self.dock.setObjectName("dock_workshop")
        self.dock.setAccessibleName("Workshop")
        self.dock.setWidget(self.panel)
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        self.dock.setTitleBarWidget(QWidget())  # no title bar: nothing to drag by mistake
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.presenter: PresenterView | None = None
        self.countdown.ticked.connect(self._show_time)
        self.countdown.stateChanged.connect(lambda: self._show_time(self._seconds_left()))
        self.panel.captured.connect(self._park)
        self.panel.voteRequested.connect(self.vote)
        self.room = WorkshopRoom(self)
        self.cover = BlankCover(window)
        self._left: tuple[str | None, list[str]] = (None, [])  # the walk's stage when left
        self._ideas_later = QTimer(self, singleShot=True, interval=0)
        self._ideas_later.timeout.connect(lambda: self.active and self.refresh_ideas())

    # -- entering and leaving ---------------------------------------------

    def toggle(self) -> None:
        self.leave() if self.active else self.enter()

    def enter(self) -> None:
        window = self.window
        if self.active or window.document is None:
            return
        canvas = window.canvas
        self._before = _Before(
            window.geometry(),
            window.saveState(),
            window.windowState(),
            window.theme,
            canvas.transform(),
            (canvas.horizontalScrollBar().value(), canvas.verticalScrollBar().value()),
            window.scene.selected_stage_ids(),
            window.menuBar().isVisible(),
            window.statusBar().isVisible(),
            (canvas.horizontalScrollBarPolicy(), canvas.verticalScrollBarPolicy()),
        )
        self.active = True
        playbook = window.document.playbook
        self.stage_ids = [s.id for s in stages_along_journey(playbook)]
        selected = self._before.selection
        left_at, left_with = self._left
        if left_at in self.stage_ids and selected == left_with:  # back where the walk was
            self.index = self.stage_ids.index(left_at)
        else:
            self.index = self.stage_ids.index(selected[0]) if selected else 0
        for dock in window.findChildren(QDockWidget):
            if dock is not self.dock:
                dock.hide()
        for bar in window.findChildren(QToolBar):
            bar.hide()
        window.menuBar().hide()
        window.statusBar().hide()
        self.dock.show()
        window.set_theme(Theme.PROJECTOR, remember=False)
        # The projector shows no scroll bars and no "Review due" tags; the map scrolls
        # by the stage walk, and past its own edges so that every stage can be centred.
        canvas.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        canvas.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        canvas.pin_lane_names(True)
        window.scene.show_review_due(False)
        self._open_presenter()
        if self.presenter is None:
            window.setGeometry(window.screen().geometry())  # also where no window manager helps
            window.showFullScreen()
        self._size_column()
        QApplication.instance().installEventFilter(self)
        self._show_time(self._seconds_left())
        self.go(self.index)

    def leave(self) -> None:
        if not self.active or self._before is None:
            return
        window, before = self.window, self._before
        QApplication.instance().removeEventFilter(self)
        self.panel.flush()  # a note still being typed is parked, as Enter would (Esc cancels)
        self.panel.close_capture()
        self.cover.hide()
        self.room.invitation.hide()  # the room stays open: I shows the invitation again
        self.room.results.hide()
        self._left = (self.stage_id, before.selection)
        self.active = False
        if self.locked:  # the lock is for the room; back at the desk the map is editable
            self.toggle_lock()
        if self.presenter is not None:
            self.presenter.close()
            self.presenter = None
        window.setWindowState(before.window_state)
        window.restoreState(before.state)
        self._put_back(before)
        # Some window systems finish leaving full screen later, and size the window then.
        QTimer.singleShot(0, lambda: self._put_back(before))
        self.dock.hide()
        window.menuBar().setVisible(before.menu_bar)
        window.statusBar().setVisible(before.status_bar)
        window.set_theme(before.theme, remember=False)
        canvas = window.canvas
        canvas.setHorizontalScrollBarPolicy(before.scroll_bars[0])
        canvas.setVerticalScrollBarPolicy(before.scroll_bars[1])
        canvas.pin_lane_names(False)
        canvas.setSceneRect(QRectF())  # the scene's own rectangle again
        window.scene.show_review_due(True)
        canvas.setTransform(before.transform)
        canvas.horizontalScrollBar().setValue(before.scroll[0])
        canvas.verticalScrollBar().setValue(before.scroll[1])
        window.scene.clearSelection()
        for stage_id in before.selection:
            item = window.scene.stage_items.get(stage_id)
            if item is not None:
                item.setSelected(True)
        self._before = None

    def _size_column(self) -> None:
        """One width for the side column however long a stage's text, so the map never
        jumps; its text is sized for the window's height."""
        size = self.window.size()
        width = round(size.width() * PANEL_SHARE)
        self.panel.set_room(width, size.height())
        self.window.resizeDocks([self.dock], [width], Qt.Orientation.Horizontal)

    def _put_back(self, before: _Before) -> None:
        if not before.window_state & (
            Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen
        ):
            self.window.setGeometry(before.geometry)

    def _open_presenter(self) -> None:
        """With a second screen, the map goes to the projector and the laptop gets the
        presenter view: the next stage, the notes and the timer."""
        pair = screens_for_presenting()
        if pair is None:
            return
        laptop, projector = pair
        self.presenter = PresenterView()
        self.presenter.setGeometry(laptop.availableGeometry())
        self.presenter.show()
        handle = self.window.windowHandle()
        if handle is not None:
            handle.setScreen(projector)
        self.window.setGeometry(projector.geometry())
        self.window.showFullScreen()

    def escape(self) -> None:
        """Esc puts away what is over the map first; with nothing over it, leaves."""
        for overlay in (self.room.results, self.room.invitation):
            if overlay.isVisible():
                overlay.hide()
                return
        self.leave()

    def blank(self) -> None:
        self.cover.cover()

    def say(self, text: str) -> None:
        """What a key did, or why it did nothing, where the room and the facilitator see it."""
        if self.active:
            self.panel.say(text)
        else:
            self.window.statusBar().showMessage(text, 4000)

    # -- walking the stages -----------------------------------------------

    @property
    def stage_id(self) -> str | None:
        return self.stage_ids[self.index] if self.stage_ids else None

    def next(self) -> None:
        self.go(self.index + 1)

    def previous(self) -> None:
        self.go(self.index - 1)

    def go(self, index: int) -> None:
        if not self.stage_ids:
            return
        self.index = max(0, min(index, len(self.stage_ids) - 1))
        window, stage_id = self.window, self.stage_id
        playbook = window.document.playbook
        window.scene.select_stage(stage_id)
        card = window.scene.card_rect(stage_id)
        canvas = window.canvas
        # Large enough that a card's smallest text (12 units) is 24 px on a 1080-pixel-high
        # screen (the same share of a smaller one), with the neighbours in view on a wide map.
        view = canvas.viewport()
        room = window.height() / DESIGN_HEIGHT
        legible = max(MIN_ZOOM * room, min(MAX_ZOOM * room, view.width() / 640))
        fits = min(view.width() / (card.width() + 40), view.height() / (card.height() + 40))
        canvas.set_zoom(min(legible, fits))  # on a small screen the whole card comes first
        self._allow_centring()
        canvas.centerOn(card.center())
        self.panel.show_stage(playbook, stage_id, self.index, len(self.stage_ids))
        self.refresh_ideas()
        self.room.follow(stage_id)

    def _allow_centring(self) -> None:
        """Let the view scroll half a screen past the map's edges, so that a stage at an
        edge (the last one, often) can sit in the middle like the others."""
        canvas = self.window.canvas
        zoom = canvas.zoom()
        half_width = canvas.viewport().width() / 2 / zoom
        half_height = canvas.viewport().height() / 2 / zoom
        area = self.window.scene.sceneRect()
        canvas.setSceneRect(area.adjusted(-half_width, -half_height, half_width, half_height))

    def refresh(self, change: Change | None = None) -> None:
        """After an edit: the stage list and what the panel shows. A change to the parking
        lot alone refreshes only the ideas; the room's notes and dots, once per pass of the
        event loop however many came at once."""
        if not self.active:
            return
        if change is not None and change.kinds() <= PARKING_KINDS:
            if self.room.from_phone():
                self._ideas_later.start()
            else:
                self.refresh_ideas()
            return
        playbook = self.window.document.playbook
        current = self.stage_id
        self.stage_ids = [s.id for s in stages_along_journey(playbook)]
        if current in self.stage_ids:
            self.index = self.stage_ids.index(current)
        if self.stage_ids:
            self.panel.show_stage(playbook, self.stage_id, self.index, len(self.stage_ids))
        self.refresh_ideas()

    def _show_presenter(self) -> None:
        if self.presenter is None or self.stage_id is None:
            return
        playbook = self.window.document.playbook
        following = self.stage_ids[self.index + 1] if self.index + 1 < len(self.stage_ids) else None
        self.presenter.show_step(playbook, self.stage_id, following, self._ideas())

    # -- the parking lot ----------------------------------------------------

    def _ideas(self) -> list[Idea]:
        playbook = self.window.document.playbook
        here = self.stage_id
        names = {s.id: s.name for s in playbook.stages()}
        ideas = [
            Idea(f"note:{n.id}", n.text, n.votes, _where(n, names.get(n.stage, "Board")))
            for n in playbook.notes
            if n.stage in (None, here) and shown_to(n, None)
        ]
        ideas += [
            Idea(f"improvement:{i.id}", f"Improvement: {i.title}", i.votes, names.get(here, ""))
            for i in playbook.improvements
            if i.target_kind == "stage" and i.target == here
        ]
        return ideas

    def refresh_ideas(self) -> None:
        # The projector shows a handful of rows; a room of a hundred posts a thousand notes.
        ideas = sorted(self._ideas(), key=lambda idea: -idea.votes)[:SHOWN_IDEAS]
        self.panel.show_ideas(ideas)
        waiting = sum(1 for n in self.window.document.playbook.notes if n.private)
        self.panel.show_waiting(waiting)
        self._show_presenter()  # the laptop's notes follow the room's as they come

    def capture(self, on_board: bool) -> None:
        if self.stage_id is None:
            on_board = True
        name = None if on_board else self.window.document.playbook.stage(self.stage_id).name
        self.panel.open_capture(name)

    def _park(self, text: str, on_board: bool) -> None:
        playbook = self.window.document.playbook
        now = datetime.datetime.now().isoformat(timespec="seconds")
        stage = None if on_board else self.stage_id
        self._apply(parking_lot.add_note(playbook, text, stage, now))
        self.window.canvas.setFocus()

    def vote(self, key: str | None, dots: int) -> None:
        key = key or self.panel.selected_idea()
        if not key:
            return
        kind_name, _, entity_id = key.partition(":")
        kind = Kind.NOTE if kind_name == "note" else Kind.IMPROVEMENT
        try:
            edit = parking_lot.vote(self.window.document.playbook, kind, entity_id, dots)
        except PlaybookError as refusal:  # no dots left to take back: say so without a dialog
            self.say(str(refusal))
            return
        self._apply(edit)

    def _apply(self, edit: Edit) -> None:
        self.window.apply_edit(edit)

    # -- the lock and the timer ---------------------------------------------

    def toggle_lock(self) -> None:
        self.locked = not self.locked
        self.window.refresh_read_only()
        self.panel.show_lock(self.locked)

    def allows(self, edit: Edit) -> bool:
        """Whether an edit may go through: with the lock on, only the parking lot changes."""
        if not self.locked:
            return True
        return set(edit.change().kinds()) <= UNLOCKED_KINDS

    def ask_timer(self) -> None:
        minutes = ask_for_whole(
            self.window,
            "Timer",
            "Minutes for this agenda item:",
            max(1, round(self.countdown.length / 60)),
            1,
            240,
        )
        if minutes is not None:
            self.set_timer(minutes)

    def set_timer(self, minutes: float) -> None:
        self.countdown.set(minutes * 60)

    def _seconds_left(self) -> int:
        return int(-(-self.countdown.remaining() // 1))

    def _show_time(self, seconds: int) -> None:
        self.panel.show_time(seconds, self.countdown.is_up)
        if self.presenter is not None:
            self.presenter.show_time(seconds, self.countdown.is_up)

    # -- keys ---------------------------------------------------------------

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if self.active and watched is self.window and kind == QEvent.Type.Resize:
            self._size_column()  # full screen arrives late on some window systems
            self.room.place()
            if self.cover.isVisible():
                self.cover.cover()
            QTimer.singleShot(0, lambda: self.go(self.index) if self.active else None)
            return False
        if not self.active or kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        if QApplication.activeModalWidget() is not None:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            # Keep the map's one-key shortcuts (N adds a stage) from firing: the key is ours.
            if not self.panel.capturing and event.key() in TAKEN_KEYS:
                event.accept()
                return True
            return False
        return self.handle_key(event)

    def handle_key(self, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if self.cover.isVisible():  # any key brings the room back, and does nothing else
            self.cover.hide()
            return True
        if self.panel.capturing:
            if key == Qt.Key.Key_Escape:
                self.panel.close_capture()
                self.window.canvas.setFocus()
                return True
            walking = key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp)
            if not walking or self.panel.capture.text().strip():
                return False  # typing the note
            self.panel.close_capture()  # a clicker's press with nothing typed walks on
            self.window.canvas.setFocus()
        binding = binding_for(key, ctrl)
        if binding is None:
            return False
        binding.run(self)
        return True
