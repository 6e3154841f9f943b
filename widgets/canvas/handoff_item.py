"""A handoff arrow on the map, with its short trigger and an SLA badge; each kind has its look."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from journeyapp.models.entities import HandoffKind
from journeyapp.models.map_geometry import route_points
from journeyapp.widgets.canvas.arrow_pieces import Piece, cut_into_pieces
from journeyapp.widgets.canvas.map_style import MapStyle
from journeyapp.widgets.canvas.reporting_item import ReportingItem
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyle, QStyleOptionGraphicsItem, QWidget

HANDOFF_ITEM_TYPE = QGraphicsItem.UserType + 2
ARROW_SIZE = 11.0
LABEL_MAX_CHARS = 30
LABEL_DETAIL_THRESHOLD = 0.5
LABEL_HEIGHT = 24.0
LABEL_MAX_TRIES = 24
SKETCH_THRESHOLD = 0.3
LABEL_FRACTIONS = (0.5, 0.35, 0.65, 0.2, 0.8)
LABEL_SHIFTS = (0.0, -30.0, 30.0, -60.0, 60.0, -96.0, 96.0)


@dataclass(frozen=True)
class HandoffArrowData:
    kind: HandoffKind
    trigger: str
    sla_hours: float | None


def sla_text(hours: float | None) -> str:
    if hours is None:
        return ""
    if hours >= 48 and hours % 24 == 0:
        return f"{int(hours // 24)}d"
    return f"{hours:g}h"


def short_trigger(trigger: str) -> str:
    line = " ".join(trigger.split())
    return line if len(line) <= LABEL_MAX_CHARS else line[: LABEL_MAX_CHARS - 1].rstrip() + "…"


def route(source: QRectF, target: QRectF, kind: HandoffKind) -> QPainterPath:
    """The arrow's path from one card to another, in scene coordinates."""
    start, first, second, end = route_points(
        (source.left(), source.top(), source.width(), source.height()),
        (target.left(), target.top(), target.width(), target.height()),
        kind,
    )
    path = QPainterPath(QPointF(*start))
    path.cubicTo(QPointF(*first), QPointF(*second), QPointF(*end))
    return path


class HandoffItem(ReportingItem):
    """Draws one handoff between two cards; the scene gives it the cards' rectangles."""

    def __init__(self, handoff_id: str, data: HandoffArrowData, style: MapStyle) -> None:
        super().__init__()
        self.handoff_id = handoff_id
        self._data = data
        self._style = style
        self._path = QPainterPath()
        self._label_rect = QRectF()
        self._label_size: tuple[float, float] | None = None
        self._label_parts: tuple = ("", None, 0, "", None, 0)
        self._shape: QPainterPath | None = None
        self._pieces: list[Piece] | None = None  # cut when first painted
        self._end = QPointF()
        self._ends: tuple | None = None
        self.hidden_under_card: Callable[[QRectF], bool] | None = None  # set by the scene
        self._angle = 0.0
        self._bounds = QRectF()
        self._hovered = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.setAcceptHoverEvents(True)
        self.setZValue(1)

    @property
    def data_shown(self) -> HandoffArrowData:
        return self._data

    @property
    def label_rect(self) -> QRectF:
        return self._label_rect

    @property
    def path(self) -> QPainterPath:
        return self._path

    def set_data(self, data: HandoffArrowData) -> bool:
        """Show new data; True if anything changed."""
        if data == self._data:
            return False
        self._data = data
        self._relabel()
        return True

    def set_style(self, style: MapStyle) -> None:
        thicker = style.arrow_scale != self._style.arrow_scale
        self._style = style
        if thicker:
            self.change_geometry()
            self._bounds = self._reach()
        self.repaint_area()

    def set_ends(self, source: QRectF, target: QRectF) -> str:
        """Route the arrow between two cards.

        Returns "same" if nothing changed, "moved" if both cards moved by the
        same amount (the arrow and its label move along), "rerouted" otherwise
        (the label needs a new place).
        """
        ends = (source, target, self._data.kind)
        if ends == self._ends:
            return "same"
        old = self._ends
        self._ends = ends
        if old is not None and old[2] is self._data.kind:
            delta = source.topLeft() - old[0].topLeft()
            if target.topLeft() - old[1].topLeft() == delta and source.size() == old[0].size():
                self._translate(delta)
                return "moved"
        self._path = route(source, target, self._data.kind)
        self._pieces = None
        self._end = self._path.pointAtPercent(1.0)
        before = self._path.pointAtPercent(0.97)
        self._angle = math.atan2(self._end.y() - before.y(), self._end.x() - before.x())
        self._relabel()
        return "rerouted"

    def _translate(self, delta: QPointF) -> None:
        self.change_geometry()
        self._path.translate(delta)
        self._pieces = None
        self._end += delta
        self._label_rect.translate(delta)
        self._bounds.translate(delta)
        self._shape = None
        self.repaint_area()

    def _label_text(self) -> tuple[str, str]:
        return short_trigger(self._data.trigger), sla_text(self._data.sla_hours)

    def _relabel(self) -> None:
        """Measure the label for the current text once, and put it at the arrow's middle."""
        trigger, sla = self._label_text()
        bold = self._data.kind is HandoffKind.CROSS_TEAM
        trigger_font, sla_font = self._style.font(12, bold=bold), self._style.font(12, bold=True)
        trigger_w = QFontMetrics(trigger_font).horizontalAdvance(trigger) if trigger else 0
        badge_w = QFontMetrics(sla_font).horizontalAdvance(sla) + 12 if sla else 0
        self._label_parts = (trigger, trigger_font, trigger_w, sla, sla_font, badge_w)
        if trigger or sla:
            width = trigger_w + badge_w + (16 if trigger else 4) + (8 if trigger and sla else 2)
            self._label_size = (width, LABEL_HEIGHT)
        else:
            self._label_size = None
        self._set_label_at(self._path.pointAtPercent(0.5), 0.0)

    def place_label(self, *acceptable: Callable[[QRectF], bool]) -> None:
        """Move the label along, above, below or beside the arrow to the first acceptable spot.

        ``acceptable`` are tests from strictest (covers nothing) to least
        strict; each is tried on the same spots before the next. On a crowded
        map where no spot passes, the label stays at the arrow's middle.
        """
        if self._label_size is None:
            return
        tried: list[tuple[QPointF, float]] = []
        strictest, *others = acceptable
        for spot, shift in self._label_spots():
            if strictest(self._label_rect_at(spot, shift)):
                self._set_label_at(spot, shift)
                return
            tried.append((spot, shift))
        for test in others:
            for spot, shift in tried:
                if test(self._label_rect_at(spot, shift)):
                    self._set_label_at(spot, shift)
                    return
        self._set_label_at(self._path.pointAtPercent(0.5), 0.0)

    def _label_spots(self):
        """Up to LABEL_MAX_TRIES places for the label, best first, worked out as needed."""
        beside = self._label_size[0] / 2 + 14  # beside a vertical arrow, not over it
        spots = [(0.0, shift) for shift in LABEL_SHIFTS] + [(beside, 0.0), (-beside, 0.0)]
        count = 0
        for fraction in LABEL_FRACTIONS:
            point = self._path.pointAtPercent(fraction)
            for dx, dy in spots:
                yield QPointF(point.x() + dx, point.y()), dy
                count += 1
                if count == LABEL_MAX_TRIES:
                    return

    def _label_rect_at(self, point: QPointF, shift: float) -> QRectF:
        width, height = self._label_size
        return QRectF(point.x() - width / 2, point.y() - height / 2 + shift, width, height)

    def _set_label_at(self, point: QPointF, shift: float) -> None:
        self.change_geometry()
        self._shape = None
        label = QRectF() if self._label_size is None else self._label_rect_at(point, shift)
        self._label_rect = label
        self._bounds = self._reach()
        self.repaint_area()

    def _reach(self) -> QRectF:
        """The line, its arrowhead at the style's thickness, and the label."""
        margin = ARROW_SIZE + 6 + 6 * (self._style.arrow_scale - 1)
        bounds = self._path.boundingRect().adjusted(-margin, -margin, margin, margin)
        if not self._label_rect.isNull():
            bounds = bounds.united(self._label_rect.adjusted(-2, -2, 2, 2))
        return bounds

    # -- Qt overrides -----------------------------------------------------

    def type(self) -> int:
        return HANDOFF_ITEM_TYPE

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        if self._shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(14)
            self._shape = stroker.createStroke(self._path)
            if not self._label_rect.isNull():
                self._shape.addRect(self._label_rect)
        return self._shape

    def hoverEnterEvent(self, event) -> None:
        self._hovered = True
        self.repaint_area()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        self._hovered = False
        self.repaint_area()
        super().hoverLeaveEvent(event)

    def _pen(self, selected: bool) -> QPen:
        style, kind = self._style, self._data.kind
        color, width, dash = style.arrow, 2.0, Qt.PenStyle.SolidLine
        if kind is HandoffKind.CROSS_TEAM:
            color, width = style.cross_team, 3.5
        elif kind is HandoffKind.RECYCLE:
            dash = Qt.PenStyle.DashLine
        elif kind is HandoffKind.DISQUALIFY:
            color, width, dash = style.arrow_muted, 1.5, Qt.PenStyle.DotLine
        width *= style.arrow_scale
        if selected:
            color, width = style.selection, width + 1.5
        elif self._hovered:
            color = style.hover
        pen = QPen(color, width)
        if dash is not Qt.PenStyle.SolidLine:
            # Long dashes: as legible as Qt's default and far fewer segments to stroke.
            pen.setDashPattern([5.0, 3.0] if dash is Qt.PenStyle.DashLine else [1.0, 3.0])
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        return pen

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self.hidden_under_card is not None and self.hidden_under_card(option.exposedRect):
            return  # cards sit above arrows: nothing of this arrow shows there
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        pen = self._pen(selected)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < SKETCH_THRESHOLD:
            # Far out, an arrow is a hairline from card to card: the shape of the map, cheaply.
            sketch = QPen(pen.color(), 0)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(sketch)
            painter.drawLine(
                self._path.elementAt(0).x, self._path.elementAt(0).y, self._end.x(), self._end.y()
            )
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, lod >= LABEL_DETAIL_THRESHOLD)
        exposed = option.exposedRect
        self._stroke_within(painter, pen, exposed)
        if exposed.intersects(self._head_rect(pen)):
            self._paint_arrowhead(painter, pen)
        if (
            lod >= LABEL_DETAIL_THRESHOLD
            and not self._label_rect.isNull()
            and self._label_rect.intersects(exposed)
        ):
            self._paint_label(painter, pen)

    def _stroke_within(self, painter: QPainter, pen: QPen, exposed: QRectF) -> None:
        """Stroke the pieces of the line that reach into the area being repainted.

        A long arrow's bounding box covers much of the map, so Qt asks it to
        paint whenever anything nearby changes; stroking all of it would be wasted.
        """
        if self._pieces is None:
            self._pieces = cut_into_pieces(self._path)
        reach = pen.widthF() + 2
        area = exposed.adjusted(-reach, -reach, reach, reach)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        dashed = pen.style() is not Qt.PenStyle.SolidLine
        width = pen.widthF()
        if not dashed:
            painter.setPen(pen)
        for piece in self._pieces:
            if not piece.bounds.intersects(area):
                continue
            if dashed:
                pen.setDashOffset(piece.start / width)  # the pattern runs on across pieces
                painter.setPen(pen)
            painter.drawPolyline(piece.line)

    def _head_rect(self, pen: QPen) -> QRectF:
        size = ARROW_SIZE + pen.widthF() + 2
        return QRectF(self._end.x() - size, self._end.y() - size, 2 * size, 2 * size)

    def _paint_arrowhead(self, painter: QPainter, pen: QPen) -> None:
        end, angle = self._end, self._angle
        size = ARROW_SIZE + pen.widthF()
        left = QPointF(
            end.x() - size * math.cos(angle - 0.45), end.y() - size * math.sin(angle - 0.45)
        )
        right = QPointF(
            end.x() - size * math.cos(angle + 0.45), end.y() - size * math.sin(angle + 0.45)
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(pen.color()))
        painter.drawPolygon(QPolygonF([end, left, right]))

    def _paint_label(self, painter: QPainter, pen: QPen) -> None:
        style = self._style
        trigger, trigger_font, trigger_w, sla, sla_font, badge_w = self._label_parts
        rect = self._label_rect
        painter.setPen(QPen(pen.color(), 1))
        painter.setBrush(style.label_fill)
        painter.drawRoundedRect(rect, 6, 6)
        if trigger:
            painter.setFont(trigger_font)
            painter.setPen(style.card_text)
            painter.drawText(
                QRectF(rect.left() + 8, rect.top(), trigger_w + 2, rect.height()),
                Qt.AlignmentFlag.AlignVCenter,
                trigger,
            )
        if sla:
            badge = QRectF(rect.right() - badge_w - 3, rect.top() + 3, badge_w, rect.height() - 6)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pen.color())
            painter.drawRoundedRect(badge, 8, 8)
            painter.setFont(sla_font)
            painter.setPen(style.label_fill)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, sla)
