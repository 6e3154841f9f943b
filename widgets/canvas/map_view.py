"""The map canvas: build the journey with the mouse and the keyboard, zoom and pan around it.

Every change the user makes here becomes one models edit sent out with
``editRequested`` (the window hands it to the Document); the canvas never
changes the playbook itself, and learns what happened from the playbook it
draws. Zoom, scroll and selection never go into undo.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from journeyapp.models import fragment
from journeyapp.models import operations as ops
from journeyapp.models.auto_layout import layout_edit, snapshot
from journeyapp.models.change import Kind
from journeyapp.models.errors import PlaybookError
from journeyapp.models.map_geometry import CARD_HEIGHT, CARD_WIDTH, CELL_PADDING
from journeyapp.models.playbook import Edit
from journeyapp.widgets.canvas.empty_map_hint import hint_rect_in, paint_empty_map_hint
from journeyapp.widgets.canvas.handoff_item import HandoffItem
from journeyapp.widgets.canvas.keyboard_walk import select_step, step_from
from journeyapp.widgets.canvas.map_scene import MapScene, header_at
from journeyapp.widgets.canvas.overview_cache import OverviewCache
from journeyapp.widgets.canvas.pinned_lane_names import paint_pinned_lane_names
from journeyapp.widgets.canvas.stage_item import TITLE_PIXEL_SIZE, StageItem
from PySide6.QtCore import (
    QEvent,
    QMimeData,
    QPoint,
    QPointF,
    QRectF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPen,
    QShortcut,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsLineItem,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

if TYPE_CHECKING:
    from journeyapp.widgets.canvas.layout_progress import LayoutProgress
    from journeyapp.widgets.canvas.layout_run import LayoutRun

MIN_ZOOM = 0.05
MAX_ZOOM = 4.0
ZOOM_STEP = 1.2
SNAP = 8.0
NUDGE = 8.0
BIG_NUDGE = 40.0
END_GRAB_DISTANCE = 14.0
LAYOUT_ANIMATION_MS = 300
# More cards in sight than this jump to their places. Zoomed out below OVERVIEW_ZOOM they jump
# too: each frame redrew the cached overview picture, 12-16 frames/s at 100 to 1,000 stages
# (in sight at zoom 0.73 at 1280x720 the glide ran at 40-60 frames/s, 1,000 stages included).
GLIDE_MAX_CARDS = 200
LAYOUT_BAR_DELAY_MS = 150  # a quicker layout finishes before any bar shows
STALE_LAYOUT = "The map changed while it was being laid out, so nothing moved; press Ctrl+L again."
OVERVIEW_ZOOM = 0.3  # below this zoom the map is drawn from a cached picture
LEGIBLE_NAME_PX = 11.0  # a card's name is read from the back of a room at this size or more
# The smallest zoom that draws a card's name at LEGIBLE_NAME_PX on screen (a hair over, so
# rounding never lands just under it).
LEGIBLE_ZOOM = LEGIBLE_NAME_PX / TITLE_PIXEL_SIZE + 1e-6
FIT_MARGIN = 20.0


def _snap(value: float) -> float:
    return max(CELL_PADDING / 2, round(value / SNAP) * SNAP)


class JourneyCanvas(QGraphicsView):
    editRequested = Signal(object)  # an Edit the user asked for
    refused = Signal(str)  # an edit the user asked for cannot be made; the text says why
    told = Signal(str)  # a passing notice for the status bar
    gridMenuRequested = Signal(object, str, QPoint)  # Kind, phase or lane id, global position
    gridRenameRequested = Signal(object, str)  # Kind, phase or lane id

    def __init__(self, scene: MapScene, parent=None) -> None:
        super().__init__(scene, parent)
        # A viewport of our own: asked for Qt's own, PySide6 works out which widget class it is
        # by making dozens of classes ready, their enums too: 5 ms of start-up.
        self.setViewport(QWidget())
        self.setObjectName("journey_canvas")
        self.setAccessibleName("Journey map")
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        from journeyapp.widgets.canvas.inline_name_editor import InlineNameEditor

        self.name_editor = InlineNameEditor(self.viewport())
        self._drag_start: dict[str, QPointF] = {}
        self._connect_from: str | None = None
        self._reconnect: tuple[str, str] | None = None  # (handoff id, "source" | "target")
        self._rubber_line: QGraphicsLineItem | None = None
        self._panning = False
        self._space_held = False
        self._pan_origin = QPointF()
        self.read_only = False
        self.overview = OverviewCache(scene)
        scene.labelsSettled.connect(self._labels_settled)
        # How the view follows the window's size until the user zooms or scrolls: "legible"
        # (the first view: the map fitted, but never below readable names), "whole" (Ctrl+0),
        # or None once the user has chosen where to look.
        self.fit_mode: str | None = "legible"
        self._refit_timer = QTimer(self)
        self._refit_timer.setSingleShot(True)
        self._refit_timer.timeout.connect(self._refit)
        for bar in (self.horizontalScrollBar(), self.verticalScrollBar()):
            bar.actionTriggered.connect(self.hold_view)  # the user dragged, clicked or scrolled
        self._had_stages = bool(scene.stage_items)
        scene.changed.connect(self._follow_emptiness)
        self._lane_names_pinned = False
        self.layout_run: LayoutRun | None = None
        self._layout_progress: LayoutProgress | None = None  # made with the first layout
        self._layout_bar_timer = QTimer(self)
        self._layout_bar_timer.setSingleShot(True)
        self._layout_bar_timer.setInterval(LAYOUT_BAR_DELAY_MS)
        self._layout_bar_timer.timeout.connect(self._show_layout_progress)
        self._layout_escape = QShortcut(
            QKeySequence(Qt.Key.Key_Escape),
            self,
            self.cancel_layout,
            context=Qt.ShortcutContext.WindowShortcut,
        )
        self._layout_escape.setEnabled(False)

    @property
    def map_scene(self) -> MapScene:
        return self.scene()

    @property
    def playbook(self):
        return self.map_scene.playbook

    def _apply(self, edit: Edit) -> None:
        if not self.read_only:
            self.editRequested.emit(edit)

    # -- zoom and view ------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        """Zoom to ``factor``, as the user chose: the view stops refitting when resized."""
        self.hold_view()
        self._scale_to(factor)

    def _scale_to(self, factor: float) -> None:
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        self.scale(factor / self.zoom(), factor / self.zoom())

    def hold_view(self, *_args) -> None:
        """The user chose where to look: resizing the window keeps this view."""
        self.fit_mode = None

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / ZOOM_STEP)

    def _map_rect(self) -> QRectF:
        grid = self.map_scene.grid
        return QRectF(0, 0, grid.width, grid.height).adjusted(
            -FIT_MARGIN, -FIT_MARGIN, FIT_MARGIN, FIT_MARGIN
        )

    def zoom_to_fit(self) -> None:
        """The whole map in view (Ctrl+0); it stays fitted as the window is resized."""
        self.fit_rect(self._map_rect())
        self.fit_mode = "whole"

    def show_map(self) -> None:
        """The first view of a map: all of it if its card names can be read that way;
        otherwise names at a readable size, on the selection or the start of the journey.
        It stays so as the window is resized, until the user zooms or scrolls."""
        self.fit_rect(self._map_rect())
        self.fit_mode = "legible"
        if self.zoom() >= LEGIBLE_ZOOM:
            return
        self._scale_to(LEGIBLE_ZOOM)
        self.centerOn(self._journey_start_view().center())

    def show_map_soon(self) -> None:
        """The first view of a map, as ``show_map`` makes it, once the window's layout has
        settled; a view chosen before then (Ctrl+0 as the map opens) is kept instead."""
        self.fit_mode = "legible"
        self._refit_timer.start(0)

    def _journey_start_view(self) -> QRectF:
        """The part of the map to show at a readable zoom: around the selection if there is
        one, else from the map's left edge (the journey's first phase) and its top."""
        size = self.mapToScene(self.viewport().rect()).boundingRect().size()
        selected = [item.sceneBoundingRect() for item in self.map_scene.selectedItems()]
        if selected:
            area = selected[0]
            for rect in selected[1:]:
                area = area.united(rect)
            return QRectF(
                area.center().x() - size.width() / 2,
                area.center().y() - size.height() / 2,
                size.width(),
                size.height(),
            )
        whole = self._map_rect()
        view = QRectF(whole.topLeft(), size)
        if size.height() > whole.height():
            view.moveCenter(QPointF(view.center().x(), whole.center().y()))
        first = next(iter(self.playbook.stages_in_journey_order()), None) if self.playbook else None
        if first is not None:
            card = self.map_scene.card_rect(first.id)
            if not view.contains(card):
                view.moveCenter(card.center())
        return view

    def _refit(self) -> None:
        if self.fit_mode == "whole":
            self.zoom_to_fit()
        elif self.fit_mode == "legible":
            self.show_map()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.fit_mode is not None:
            self._refit_timer.start(0)  # once the window's layout has settled

    def zoom_to_selection(self) -> None:
        rects = [item.sceneBoundingRect() for item in self.map_scene.selectedItems()]
        if not rects:
            return
        area = rects[0]
        for rect in rects[1:]:
            area = area.united(rect)
        self.fit_rect(area.adjusted(-80, -80, 80, 80))

    def fit_rect(self, rect: QRectF) -> None:
        self.hold_view()
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > MAX_ZOOM:
            self._scale_to(MAX_ZOOM)

    def centre_on_stage(self, stage_id: str) -> None:
        self.hold_view()
        self.map_scene.select_stage(stage_id)
        self.centerOn(self.map_scene.card_rect(stage_id).center())

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.zoom() * ZOOM_STEP**steps)
            event.accept()
            return
        self.hold_view()
        super().wheelEvent(event)

    def viewportEvent(self, event) -> bool:
        if (
            event.type() == QEvent.Type.NativeGesture
            and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
        ):
            self.set_zoom(self.zoom() * (1.0 + event.value()))  # pinch on a touchpad
            return True
        return super().viewportEvent(event)

    # -- painting ---------------------------------------------------------------

    def pin_lane_names(self, pinned: bool) -> None:
        """Keep lane names at the left edge when the lane headers are scrolled away."""
        self._lane_names_pinned = pinned
        # Scrolling moves the map's pixels; the pinned names must be drawn afresh instead.
        self.setViewportUpdateMode(
            QGraphicsView.ViewportUpdateMode.FullViewportUpdate
            if pinned
            else QGraphicsView.ViewportUpdateMode.SmartViewportUpdate
        )
        self.viewport().update()

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        super().drawForeground(painter, rect)
        playbook = self.playbook
        if self._lane_names_pinned and playbook is not None:
            lanes = {lane.id: (lane.name, lane.color) for lane in playbook.lanes}
            scene = self.map_scene
            paint_pinned_lane_names(painter, self, scene.style, scene.grid, lanes)

    def _labels_settled(self) -> None:
        if self.overview.take_settled_labels() and self.in_overview():
            self.viewport().update()  # each batch's frame showed only the areas it moved

    def in_overview(self) -> bool:
        return self.zoom() < OVERVIEW_ZOOM

    def paintEvent(self, event) -> None:
        """Far out, draw the cached picture of the map instead of every item."""
        if not self.in_overview():
            if not self._paint_inside_one_card(event):
                super().paintEvent(event)
            self._paint_empty_map_hint()
            return
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), self.map_scene.style.background)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.setTransform(self.viewportTransform())
        exposed = self.mapToScene(event.rect()).boundingRect()
        self.overview.finest = OVERVIEW_ZOOM * self.devicePixelRatioF()
        self.overview.paint(painter, exposed)
        painter.resetTransform()
        band = self.rubberBandRect()
        if not band.isNull():
            painter.setPen(QPen(self.map_scene.style.selection, 1))
            colour = self.map_scene.style.selection
            painter.setBrush(colour.lighter(170) if not self.map_scene.style.dark else colour)
            painter.setOpacity(0.3)
            painter.drawRect(band)
        painter.end()
        self._paint_empty_map_hint()

    def empty_map_hint_rect(self):
        """Where the empty map's hint is drawn on the viewport; a null rect once there is a
        stage."""
        from PySide6.QtCore import QRect

        if self.map_scene.stage_items or self.read_only:
            return QRect()
        return hint_rect_in(self.viewport().rect(), self.map_scene.style)

    def _paint_empty_map_hint(self) -> None:
        rect = self.empty_map_hint_rect()
        if rect.isNull():
            return
        with QPainter(self.viewport()) as painter:
            paint_empty_map_hint(painter, rect, self.map_scene.style)

    def _follow_emptiness(self, _regions=None) -> None:
        """Show or take away the hint when the first stage comes or the last one goes."""
        has_stages = bool(self.map_scene.stage_items)
        if has_stages != self._had_stages:
            self._had_stages = has_stages
            self.viewport().update()

    def _paint_inside_one_card(self, event) -> bool:
        """Repaint an area inside one opaque card (new text on it) by drawing that card alone.

        Nothing under a card shows through it, so the arrows whose long
        bounding boxes reach the area need not be asked; the pixels are the same.
        """
        if self._rubber_line is not None or not self.rubberBandRect().isNull():
            return False
        area = self.mapToScene(event.region().boundingRect()).boundingRect()
        card = self.map_scene.card_alone_over(area)
        if card is None:
            return False
        from PySide6.QtWidgets import QStyle  # its enums take milliseconds to make

        option = QStyleOptionGraphicsItem()
        option.state = QStyle.StateFlag.State_Enabled
        if card.isSelected():
            option.state |= QStyle.StateFlag.State_Selected
        option.exposedRect = card.mapRectFromScene(area)
        option.rect = card.boundingRect().toRect()
        painter = QPainter(self.viewport())
        painter.setRenderHints(self.renderHints())
        painter.setWorldTransform(card.sceneTransform() * self.viewportTransform())
        card.paint(painter, option, self.viewport())
        painter.end()
        return True

    # -- what is selected ---------------------------------------------------

    def selected_stage_ids(self) -> list[str]:
        return self.map_scene.selected_stage_ids_in_order()

    def selected_handoff_ids(self) -> list[str]:
        return [i.handoff_id for i in self.map_scene.selectedItems() if isinstance(i, HandoffItem)]

    def select_all(self) -> None:
        for item in self.map_scene.stage_items.values():
            item.setSelected(True)

    def _scene_cursor(self) -> QPointF:
        from PySide6.QtGui import QCursor

        local = self.viewport().mapFromGlobal(QCursor.pos())
        if self.viewport().rect().contains(local):
            return self.mapToScene(local)
        return self.mapToScene(self.viewport().rect().center())

    # -- edits the canvas asks for -------------------------------------------

    def add_stage_at(self, scene_pos: QPointF) -> str | None:
        """Add a stage in the cell under ``scene_pos`` and open its name for typing."""
        grid = self.map_scene.grid
        if not grid.columns or not grid.rows:
            return None
        x = min(max(scene_pos.x(), grid.columns[0].start), grid.columns[-1].end - 1)
        y = min(max(scene_pos.y(), grid.rows[0].start), grid.rows[-1].end - 1)
        phase, lane = grid.cell_at(x, y)
        left, top = grid.cell_origin(phase, lane)
        rel_x = _snap(scene_pos.x() - left - CARD_WIDTH / 2)
        rel_y = _snap(scene_pos.y() - top - CARD_HEIGHT / 2)
        edit = ops.add_stage(
            self.playbook,
            "New stage",
            phase,
            lane,
            rel_x,
            rel_y,
            merge_key="new-stage",
            made_on=self.map_scene.today().isoformat(),
        )
        self._apply(edit)
        stage_id = edit.entity.id
        if not self.playbook.has_stage(stage_id):
            return None
        self.map_scene.select_stage(stage_id)
        self.start_rename(stage_id, merge_key="new-stage")
        return stage_id

    def add_stage_at_cursor(self) -> str | None:
        return self.add_stage_at(self._scene_cursor())

    def start_rename(self, stage_id: str | None = None, merge_key: str | None = None) -> None:
        if stage_id is None:
            selected = self.selected_stage_ids()
            if len(selected) != 1:
                return
            stage_id = selected[0]
        if self.read_only:
            return
        card = self.map_scene.card_rect(stage_id)
        title = QRectF(card.left() + 12, card.top() + 6, card.width() - 20, 30)
        rect = self.mapFromScene(title).boundingRect()
        font = self.map_scene.style.font(max(10, int(TITLE_PIXEL_SIZE * self.zoom())), bold=True)
        name = self.playbook.stage(stage_id).name

        def commit(text: str) -> None:
            if self.playbook.has_stage(stage_id):
                self._apply(
                    ops.set_fields(
                        self.playbook,
                        Kind.STAGE,
                        stage_id,
                        label=f"Rename “{name}” to “{text}”",
                        merge_key=merge_key,
                        name=text,
                    )
                )

        self.name_editor.begin(rect, name, font, commit)

    def finish_rename(self) -> None:
        """Keep a name being typed on a card, as leaving the field keeps it."""
        if self.name_editor.active:
            self.name_editor.commit()

    def delete_selection(self) -> None:
        stages, handoffs = self.selected_stage_ids(), self.selected_handoff_ids()
        if stages or handoffs:
            self._apply(ops.remove_many(self.playbook, stages, handoffs))

    def connect_selected(self) -> None:
        selected = self.selected_stage_ids()
        if len(selected) == 2:
            self._try(ops.connect, selected[0], selected[1])

    def reverse_selected(self) -> None:
        for handoff_id in self.selected_handoff_ids()[:1]:
            self._try(ops.reverse_handoff, handoff_id)

    def _try(self, build, *args) -> None:
        """Build an edit and ask for it; a refused build is reported like a refused edit."""
        try:
            edit = build(self.playbook, *args)
        except PlaybookError as error:
            self.refused.emit(str(error))
            return
        self._apply(edit)

    def nudge(self, dx: float, dy: float) -> None:
        stages = self.selected_stage_ids()
        if not stages:
            return
        moves = {}
        for stage_id in stages:
            stage = self.playbook.stage(stage_id)
            moves[stage_id] = (
                stage.phase,
                stage.lane,
                max(CELL_PADDING / 2, stage.x + dx),
                max(CELL_PADDING / 2, stage.y + dy),
            )
        self._apply(ops.move_stages(self.playbook, moves))

    def auto_layout(self) -> None:
        """Lay the whole map out in a worker process; the result is one undo step.

        A bar with Cancel shows when it takes longer than a moment. If the map changes while
        the layout runs, the result is dropped and the person is told.
        """
        if self.read_only or self.layout_run is not None or not self.playbook.graph:
            return
        from journeyapp.widgets.canvas.layout_run import LayoutRun

        run = LayoutRun(snapshot(self.playbook), self)
        self.layout_run = run
        run.progressed.connect(self.layout_progress.set_share)
        run.laidOut.connect(self._laid_out)
        run.failed.connect(self._layout_failed)
        self.layout_progress.begin(len(run.snapshot.stages))
        self._layout_bar_timer.start()
        self._layout_escape.setEnabled(True)
        run.start()

    def cancel_layout(self) -> None:
        """Stop a running layout; the map and the undo history stay as they are."""
        if self.layout_run is not None:
            self._end_layout()

    def _end_layout(self) -> None:
        run, self.layout_run = self.layout_run, None
        if run is not None:
            run.cancel()  # its process has ended or is stopped; nothing more comes from it
            run.deleteLater()
        self._layout_bar_timer.stop()
        self._layout_escape.setEnabled(False)
        if self._layout_progress is not None:
            self._layout_progress.hide()

    @property
    def layout_progress(self) -> LayoutProgress:
        """The bar with Cancel a long layout shows (made when first wanted)."""
        if self._layout_progress is None:
            from journeyapp.widgets.canvas.layout_progress import LayoutProgress

            self._layout_progress = LayoutProgress(self)
            self._layout_progress.cancelRequested.connect(self.cancel_layout)
        return self._layout_progress

    def _show_layout_progress(self) -> None:
        if self.layout_run is not None:
            self.layout_progress.show_over(self.viewport())

    def _layout_failed(self, message: str) -> None:
        self._end_layout()
        self.refused.emit(message)

    def _laid_out(self, positions: dict) -> None:
        run = self.layout_run
        self._end_layout()
        if run is None:
            return
        if snapshot(self.playbook) != run.snapshot:
            self.told.emit(STALE_LAYOUT)
            return
        scene = self.map_scene
        before = {stage_id: item.pos() for stage_id, item in scene.stage_items.items()}
        self._apply(layout_edit(self.playbook, positions))
        after = {stage_id: item.pos() for stage_id, item in scene.stage_items.items()}
        moving = {s: (before[s], after[s]) for s in after if s in before and before[s] != after[s]}
        if moving:
            self._glide(moving)

    def _glide(self, moving: dict) -> None:
        """Glide the cards in sight from where they were to where the layout put them.

        Arrows hide meanwhile and show where the cards land: rerouting them every frame made
        a 300-stage glide run at 5.5 frames/s. Cards out of sight are put straight in place.
        """
        scene = self.map_scene
        seen = self.mapToScene(self.viewport().rect()).boundingRect()
        card = QRectF(0, 0, CARD_WIDTH, CARD_HEIGHT)
        moving = {
            stage_id: (start, end)
            for stage_id, (start, end) in moving.items()
            if card.translated(start).united(card.translated(end)).intersects(seen)
        }
        if not moving or len(moving) > GLIDE_MAX_CARDS or self.zoom() < OVERVIEW_ZOOM:
            return
        from PySide6.QtCore import QEasingCurve, QVariantAnimation  # made only for a glide

        animation = QVariantAnimation(self)
        animation.setDuration(LAYOUT_ANIMATION_MS)
        animation.setStartValue(0.0)
        animation.setEndValue(1.0)
        animation.setEasingCurve(QEasingCurve.Type.InOutCubic)

        def step(t: float) -> None:
            for stage_id, (start, end) in moving.items():
                item = scene.stage_items.get(stage_id)
                if item is not None:
                    item.setPos(start + (end - start) * t)

        def land() -> None:
            scene.resync_positions(list(moving))
            scene.hold_arrows(False)

        scene.hold_arrows(True)
        animation.valueChanged.connect(step)
        animation.finished.connect(land)
        step(0.0)
        animation.start(QVariantAnimation.DeletionPolicy.DeleteWhenStopped)

    # -- clipboard ------------------------------------------------------------

    def copy_selection(self) -> bool:
        stages = self.selected_stage_ids()
        if not stages:
            return False
        data = fragment.extract(self.playbook, stages)
        mime = QMimeData()
        mime.setData(fragment.MIME_TYPE, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        mime.setText(fragment.as_text(data))
        QApplication.clipboard().setMimeData(mime)
        return True

    def cut_selection(self) -> None:
        if self.copy_selection():
            self.delete_selection()

    def paste(self) -> None:
        mime = QApplication.clipboard().mimeData()
        if mime is None or not mime.hasFormat(fragment.MIME_TYPE):
            return
        try:
            data = fragment.read_clipboard(bytes(mime.data(fragment.MIME_TYPE)))
        except PlaybookError as error:
            self.refused.emit(str(error))
            return
        self._paste_data(data)

    def duplicate_selection(self) -> None:
        stages = self.selected_stage_ids()
        if stages:
            self._paste_data(fragment.extract(self.playbook, stages), verb="Duplicate")

    def _paste_data(self, data, verb: str = "Paste") -> None:
        try:
            edit = fragment.paste_edit(
                self.playbook, data, made_on=self.map_scene.today().isoformat(), verb=verb
            )
        except PlaybookError as error:
            self.refused.emit(str(error))
            return
        self._apply(edit)
        pasted = [s for s in fragment.pasted_stage_ids(edit) if s in self.map_scene.stage_items]
        if pasted:
            self.map_scene.clearSelection()
            for stage_id in pasted:
                self.map_scene.stage_items[stage_id].setSelected(True)

    # -- mouse ------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton or (
            event.button() == Qt.MouseButton.LeftButton and self._space_held
        ):
            self._panning = True
            self._pan_origin = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if event.button() == Qt.MouseButton.LeftButton and not self.read_only:
            scene_pos = self.mapToScene(event.position().toPoint())
            source = self._connect_handle_at(scene_pos)
            if source is not None:
                self._begin_rubber_line(scene_pos, source)
                event.accept()
                return
            end = self._handoff_end_at(scene_pos)
            if end is not None:
                self._reconnect = end
                self._begin_rubber_line(scene_pos, None)
                event.accept()
                return
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_start = {
                stage_id: self.map_scene.stage_items[stage_id].pos()
                for stage_id in self.selected_stage_ids()
            }

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._panning:
            self.hold_view()
            delta = event.position() - self._pan_origin
            self._pan_origin = event.position()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - int(delta.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - int(delta.y()))
            event.accept()
            return
        if self._rubber_line is not None:
            line = self._rubber_line.line()
            line.setP2(self.mapToScene(event.position().toPoint()))
            self._rubber_line.setLine(line)
            event.accept()
            return
        with self.map_scene.cards_moving_together():
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._panning and event.button() in (
            Qt.MouseButton.MiddleButton,
            Qt.MouseButton.LeftButton,
        ):
            self._panning = False
            self.viewport().unsetCursor()
            event.accept()
            return
        if self._rubber_line is not None:
            self._finish_rubber_line(self.mapToScene(event.position().toPoint()))
            event.accept()
            return
        super().mouseReleaseEvent(event)
        self.map_scene.settle_after_drag()
        if event.button() == Qt.MouseButton.LeftButton and self._drag_start:
            self._drop_moved_cards()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.read_only:
            super().mouseDoubleClickEvent(event)
            return
        scene_pos = self.mapToScene(event.position().toPoint())
        stage = self._stage_at(scene_pos)
        header = header_at(self.map_scene.grid, scene_pos.x(), scene_pos.y())
        if header is not None:
            self.gridRenameRequested.emit(*header)
        elif stage is not None:
            self.start_rename(stage.stage_id)
        elif self._item_at(scene_pos) is None and self.map_scene.grid.cell_at(
            scene_pos.x(), scene_pos.y()
        ):
            self.add_stage_at(scene_pos)
        event.accept()

    def _item_at(self, scene_pos: QPointF):
        for item in self.map_scene.items(scene_pos):
            if isinstance(item, StageItem | HandoffItem):
                return item
        return None

    def _stage_at(self, scene_pos: QPointF) -> StageItem | None:
        for item in self.map_scene.items(scene_pos):
            if isinstance(item, StageItem):
                return item
        return None

    def _connect_handle_at(self, scene_pos: QPointF) -> str | None:
        for item in self.map_scene.items(QRectF(scene_pos.x() - 12, scene_pos.y() - 12, 24, 24)):
            if isinstance(item, StageItem) and item.connect_handle_hit(scene_pos):
                return item.stage_id
        return None

    def _handoff_end_at(self, scene_pos: QPointF) -> tuple[str, str] | None:
        for handoff_id in self.selected_handoff_ids():
            path = self.map_scene.handoff_items[handoff_id].path
            for end, point in (
                ("target", path.pointAtPercent(1.0)),
                ("source", path.pointAtPercent(0.0)),
            ):
                if (point - scene_pos).manhattanLength() <= END_GRAB_DISTANCE:
                    return handoff_id, end
        return None

    def _begin_rubber_line(self, scene_pos: QPointF, source: str | None) -> None:
        self._connect_from = source
        self._rubber_line = QGraphicsLineItem(
            scene_pos.x(), scene_pos.y(), scene_pos.x(), scene_pos.y()
        )
        pen = QPen(self.map_scene.style.selection, 2.5, Qt.PenStyle.DashLine)
        self._rubber_line.setPen(pen)
        self._rubber_line.setZValue(10)
        self.map_scene.addItem(self._rubber_line)

    def _finish_rubber_line(self, scene_pos: QPointF) -> None:
        self.map_scene.removeItem(self._rubber_line)
        self._rubber_line = None
        target = self._stage_at(scene_pos)
        source, self._connect_from = self._connect_from, None
        reconnect, self._reconnect = self._reconnect, None
        if target is None:
            return
        if source is not None and target.stage_id != source:
            self._try(ops.connect, source, target.stage_id)
        elif reconnect is not None:
            handoff_id, end = reconnect
            self._try(
                lambda p: ops.set_fields(
                    p,
                    Kind.HANDOFF,
                    handoff_id,
                    label="Reconnect handoff",
                    **{end: target.stage_id},
                )
            )

    def _drop_moved_cards(self) -> None:
        """After a drag: one undo step moving every dragged card into the cell it was dropped on."""
        start, self._drag_start = self._drag_start, {}
        grid = self.map_scene.grid
        moves = {}
        for stage_id, old_pos in start.items():
            item = self.map_scene.stage_items.get(stage_id)
            if item is None or item.pos() == old_pos:
                continue
            centre = item.card_rect().center()
            cell = grid.cell_at(centre.x(), centre.y())
            if cell is None:
                continue
            left, top = grid.cell_origin(*cell)
            moves[stage_id] = (*cell, _snap(item.pos().x() - left), _snap(item.pos().y() - top))
        if moves:
            self._apply(ops.move_stages(self.playbook, moves))
        # Cards go where the playbook now says: moved if the edit was made, back if refused.
        self.map_scene.resync_positions(start)

    def contextMenuEvent(self, event) -> None:
        scene_pos = self.mapToScene(event.pos())
        header = header_at(self.map_scene.grid, scene_pos.x(), scene_pos.y())
        if header is not None and not self.read_only:
            self.gridMenuRequested.emit(header[0], header[1], event.globalPos())
            event.accept()
            return
        super().contextMenuEvent(event)

    # -- keys --------------------------------------------------------------------

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab walk the map's stages and handoffs (keyboard_walk.py); Ctrl+Tab
        leaves the map."""
        if not self.hasFocus():
            return super().focusNextPrevChild(next)
        step = step_from(self.map_scene, next)
        if step is None:
            return super().focusNextPrevChild(next)
        self.ensureVisible(select_step(self.map_scene, step), 48, 48)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if (
            key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            and mods & Qt.KeyboardModifier.ControlModifier
        ):
            forward = key == Qt.Key.Key_Tab and not mods & Qt.KeyboardModifier.ShiftModifier
            QWidget.focusNextPrevChild(self, forward)  # past the walk: the next control
            event.accept()
            return
        plain = not (mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        arrows = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
        }
        if key in arrows and plain and self.selected_stage_ids():
            step = BIG_NUDGE if mods & Qt.KeyboardModifier.ShiftModifier else NUDGE
            dx, dy = arrows[key]
            self.nudge(dx * step, dy * step)
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = False
            self.viewport().unsetCursor()
            event.accept()
            return
        super().keyReleaseEvent(event)
