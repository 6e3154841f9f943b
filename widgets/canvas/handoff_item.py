"""A handoff arrow on the map, with its short trigger and an SLA badge; each kind has its look."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from itertools import count

from journeyapp.models.entities import HandoffKind
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.map_geometry import route_points
from journeyapp.widgets.canvas.arrow_pieces import (
    COARSE_TOLERANCE,
    COARSE_UP_TO_ZOOM,
    FINE_TOLERANCE,
    Piece,
    cut_into_pieces,
    moved_pieces,
)
from journeyapp.widgets.canvas.cached_drawing import draw_cached
from journeyapp.widgets.canvas.label_layout import (
    BADGE_HEIGHT,
    PADDING_X,
    LabelLayout,
    as_box,
    layouts,
    line_meets_box,
    overlaps,
)
from journeyapp.widgets.canvas.map_style import MapStyle, scene_font
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
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

HANDOFF_ITEM_TYPE = QGraphicsItem.UserType + 2
ARROW_SIZE = 11.0
LABEL_DETAIL_THRESHOLD = 0.5
SKETCH_THRESHOLD = 0.3
_SERIALS = count()


@frozen_record
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


def route(source: QRectF, target: QRectF, kind: HandoffKind) -> tuple[QPainterPath, bool]:
    """The arrow's path from one card to another, in scene coordinates, and whether a half
    turn about its middle leaves it unchanged (then halfway along it is the middle of its
    bounds, found in 2 µs where measuring the curve's length takes 12)."""
    start, first, second, end = route_points(
        (source.left(), source.top(), source.width(), source.height()),
        (target.left(), target.top(), target.width(), target.height()),
        kind,
    )
    path = QPainterPath(QPointF(*start))
    path.cubicTo(QPointF(*first), QPointF(*second), QPointF(*end))
    half_turn = all(abs(first[n] + second[n] - start[n] - end[n]) < 1e-6 for n in range(2))
    return path, half_turn


def _end_angle(path: QPainterPath) -> float:
    """The direction the line arrives in at its end: the curve's last control point to its
    end (the tangent there), or from an earlier point where they coincide."""
    count = path.elementCount()
    end = path.elementAt(count - 1)
    for n in range(count - 2, -1, -1):
        before = path.elementAt(n)
        if (before.x, before.y) != (end.x, end.y):
            return math.atan2(end.y - before.y, end.x - before.x)
    return 0.0


@functools.lru_cache(maxsize=1024)
def _label_parts(family: str, trigger: str, sla_hours: float | None, bold: bool) -> tuple:
    """(trigger font, SLA text, SLA font, badge width, layouts) of a label: made once for the
    many arrows of a map that share a trigger (fonts and layouts took 17 ms of opening 1,000
    stages). The fonts are shared, and only ever read."""
    trigger = " ".join(trigger.split())
    sla = sla_text(sla_hours)
    trigger_font, sla_font = scene_font(family, 12, bold), scene_font(family, 12, True)
    badge_w = QFontMetrics(sla_font).horizontalAdvance(sla) + 12 if sla else 0
    laid_out = tuple(layouts(trigger, trigger_font, badge_w)) if trigger or sla else ()
    return trigger_font, sla, sla_font, badge_w, laid_out


class HandoffItem(ReportingItem):
    """Draws one handoff between two cards; the scene gives it the cards' rectangles."""

    def __init__(self, handoff_id: str, data: HandoffArrowData, style: MapStyle) -> None:
        super().__init__()
        self.handoff_id = handoff_id
        self._data = data
        self._style = style
        self._path = QPainterPath()
        self._label_rect = QRectF()
        self._layouts: list[LabelLayout] = []  # the label at each width, widest first
        self._layout: LabelLayout | None = None  # the one shown
        self._label_parts: tuple = (None, "", None, 0)
        self._serial = next(_SERIALS)  # with _looks, names the label's cached pixmaps
        self._pens: dict[tuple[bool, bool], QPen] = {}  # by selected and hovered
        self._looks = 0  # counts new texts and styles
        self._shape: QPainterPath | None = None
        self._half_turn = False  # the route is its own half turn about its middle
        # The line cut into pieces, by tolerance (coarse, and fine for deep zooms), each when
        # first needed, with how far the line has moved along since it was cut.
        self._cuts: dict[float, tuple[list[Piece], float, float]] = {}
        self._end = QPointF()
        self._ends: tuple | None = None
        self.shift: tuple[float, float] | None = None  # the last step it moved along by
        self._along = False  # moved along by its position (a drag), its geometry not yet
        self.hidden_under_card: Callable[[QRectF], bool] | None = None  # set by the scene
        self._angle = 0.0
        self._bounds = QRectF()
        self._hovered = False
        flag = QGraphicsItem.GraphicsItemFlag
        self.setFlags(flag.ItemIsSelectable | flag.ItemUsesExtendedStyleOption)
        self.setAcceptHoverEvents(True)
        self.setZValue(1)

    @property
    def data_shown(self) -> HandoffArrowData:
        return self._data

    @property
    def label_rect(self) -> QRectF:
        self._come_to_rest()
        return self._label_rect

    @property
    def path(self) -> QPainterPath:
        self._come_to_rest()
        return self._path

    def set_data(self, data: HandoffArrowData) -> bool:
        """Show new data; True if anything changed."""
        if data == self._data:
            return False
        self._data = data
        self._pens.clear()
        self._relabel()
        return True

    def set_style(self, style: MapStyle) -> None:
        thicker = style.arrow_scale != self._style.arrow_scale
        refont = style.font_family != self._style.font_family
        self._style = style
        self._pens.clear()
        self._looks += 1
        if refont and self._label_parts[0] is not None:
            self._relabel()
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
        self._come_to_rest()
        ends = (source, target, self._data.kind)
        if ends == self._ends:
            return "same"
        old = self._ends
        self._ends = ends
        if old is not None and old[2] is self._data.kind:
            delta = source.topLeft() - old[0].topLeft()
            if target.topLeft() - old[1].topLeft() == delta and source.size() == old[0].size():
                self._translate(delta)
                # to a thousandth: (x + d) - x differs in its last bits from card to card
                self.shift = (round(delta.x(), 3), round(delta.y(), 3))
                return "moved"
        self._path, self._half_turn = route(source, target, self._data.kind)
        self._cuts.clear()
        self._end = self._path.currentPosition()  # where it ends, without measuring it
        self._angle = _end_angle(self._path)
        if self._label_parts[0] is None:  # never laid out
            self._relabel()
        else:  # the same text, on the new line's middle
            self._set_label(self._middle_rect(self._layouts[0]) if self._layouts else None)
        return "rerouted"

    def move_along(
        self, step: tuple[float, float], rounded: tuple[float, float] | None = None
    ) -> str | None:
        """Both cards moved by ``step`` (a frame of a drag): the arrow and its label move
        along with them. Returns the route as ``set_ends`` would ("same" or "moved"), or
        None for an arrow with no route yet to move, or whose kind has changed (route it
        with ``set_ends``).

        Qt moves the item by its position, one call; its line, label and ends are moved
        to match once, when next asked for (``_come_to_rest``), not on every frame.
        ``rounded``: the step to a thousandth, if the caller has it."""
        if self._ends is None or self._ends[2] is not self._data.kind:
            return None
        dx, dy = step
        if not dx and not dy:
            return "same"
        self.moveBy(dx, dy)
        self._along = True
        self.shift = rounded if rounded is not None else (round(dx, 3), round(dy, 3))
        return "moved"

    def _come_to_rest(self) -> None:
        """An arrow moved along by its position takes the move into its own line, label
        and ends, and is back at position (0, 0): where the scene reads them."""
        if not self._along:
            return
        self._along = False
        offset = self.pos()
        self.setPos(0, 0)
        source, target, kind = self._ends
        self._ends = (source.translated(offset), target.translated(offset), kind)
        self._translate(offset)

    def _translate(self, delta: QPointF) -> None:
        self.change_geometry()
        self._path.translate(delta)
        for tolerance, (pieces, dx, dy) in self._cuts.items():  # shifted when next asked for
            self._cuts[tolerance] = (pieces, dx + delta.x(), dy + delta.y())
        self._end += delta
        self._label_rect.translate(delta)
        self._bounds.translate(delta)
        self._shape = None
        self.repaint_area()

    def _relabel(self) -> None:
        """Lay the label out for the current text once, and put it on the arrow's middle."""
        bold = self._data.kind is HandoffKind.CROSS_TEAM
        *parts, laid_out = _label_parts(
            self._style.font_family, self._data.trigger, self._data.sla_hours, bold
        )
        self._label_parts = tuple(parts)
        self._looks += 1
        self._layouts = list(laid_out)
        self._set_label(self._middle_rect(self._layouts[0]) if self._layouts else None)

    @property
    def label_lines(self) -> tuple[str, ...]:
        return self._layout.lines if self._layout is not None else ()

    def line_pieces(self) -> list[Piece]:
        """The arrow's line as short straight-edged pieces (for finding what it crosses)."""
        self._come_to_rest()
        pieces, dx, dy = self._cut(COARSE_TOLERANCE)
        if dx or dy:
            pieces = moved_pieces(pieces, dx, dy)
            self._cuts[COARSE_TOLERANCE] = (pieces, 0.0, 0.0)
        return pieces

    def _cut(self, tolerance: float) -> tuple[list[Piece], float, float]:
        """The pieces where they were cut, and how far the line has moved along since."""
        cut = self._cuts.get(tolerance)
        if cut is None:
            cut = self._cuts[tolerance] = (cut_into_pieces(self._path, tolerance), 0.0, 0.0)
        return cut

    def crosses(self, rect: QRectF) -> bool:
        """Whether the arrow's line passes through ``rect``."""
        box = as_box(rect)
        return any(
            overlaps(piece.bounds, box) and line_meets_box(piece.points, box)
            for piece in self.line_pieces()
        )

    @property
    def label_layouts(self) -> list[LabelLayout]:
        """The label laid out at each width worth trying, widest first (none: no label)."""
        return self._layouts

    def show_label(self, rect: QRectF | None = None, layout: LabelLayout | None = None) -> None:
        """Put the label at ``rect`` in ``layout``; by default widest, on the arrow's middle."""
        if not self._layouts:
            return
        self._come_to_rest()
        if rect is None:
            rect, layout = self._middle_rect(self._layouts[0]), self._layouts[0]
        self._set_label(rect, layout)

    def _middle_rect(self, layout: LabelLayout) -> QRectF:
        width, height = layout.size
        path = self._path
        middle = path.boundingRect().center() if self._half_turn else path.pointAtPercent(0.5)
        return QRectF(middle.x() - width / 2, middle.y() - height / 2, width, height)

    def _set_label(self, rect: QRectF | None, layout: LabelLayout | None = None) -> None:
        self.change_geometry()
        self._shape = None
        self._layout = None if rect is None else layout or self._layouts[0]
        self._label_rect = QRectF() if rect is None else rect
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
        """A copy of the pen for the arrow's kind, style and state, made once for each."""
        key = (selected, self._hovered)
        pen = self._pens.get(key)
        if pen is None:
            pen = self._pens[key] = self._new_pen(selected)
        return QPen(pen)

    def _new_pen(self, selected: bool) -> QPen:
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
        if self.hidden_under_card is not None and self.hidden_under_card(
            option.exposedRect.translated(self.pos()) if self._along else option.exposedRect
        ):
            return  # cards sit above arrows: nothing of this arrow shows there
        pen = self._pen(self.isSelected())
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
        self._stroke_within(painter, pen, exposed, lod)
        if exposed.intersects(self._head_rect(pen)):
            self._paint_arrowhead(painter, pen)
        if (
            lod >= LABEL_DETAIL_THRESHOLD
            and not self._label_rect.isNull()
            and self._label_rect.intersects(exposed)
        ):
            if widget is None:  # rendered to a file or a picture: kept vector
                self._paint_label(painter, pen)
            else:
                rect = self._label_rect
                key = f"label|{self._serial}|{self._looks}|{id(self._layout)}|{pen.color().rgba()}"
                key += f"|{rect.width():g}|{rect.height():g}"
                draw_cached(painter, key, rect, lambda inner: self._paint_label(inner, pen))

    def _stroke_within(self, painter: QPainter, pen: QPen, exposed: QRectF, lod: float) -> None:
        """Stroke the pieces of the line that reach into the area being repainted.

        A long arrow's bounding box covers much of the map, so Qt asks it to
        paint whenever anything nearby changes; stroking all of it would be wasted.
        """
        reach = pen.widthF() + 2
        area = exposed.adjusted(-reach, -reach, reach, reach)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        dashed = pen.style() is not Qt.PenStyle.SolidLine
        width = pen.widthF()
        if COARSE_TOLERANCE not in self._cuts and area.contains(self._path.controlPointRect()):
            # Shown whole and never cut (a map just opened): stroked as it is, and cut only
            # when a repaint shows part of it.
            painter.setPen(pen)
            painter.drawPath(self._path)
            return
        if not dashed:
            painter.setPen(pen)
        pieces, dx, dy = self._cut(FINE_TOLERANCE if lod > COARSE_UP_TO_ZOOM else COARSE_TOLERANCE)
        area.translate(-dx, -dy)
        box = as_box(area)
        painter.translate(dx, dy)
        for piece in pieces:
            if not overlaps(piece.bounds, box):
                continue
            if dashed:
                pen.setDashOffset(piece.start / width)  # the pattern runs on across pieces
                painter.setPen(pen)
            painter.drawPolyline(piece.line)
        painter.translate(-dx, -dy)

    def _head_rect(self, pen: QPen) -> QRectF:
        size = ARROW_SIZE + pen.widthF() + 2
        return QRectF(self._end.x() - size, self._end.y() - size, 2 * size, 2 * size)

    def _arrowhead(self, pen: QPen) -> QPolygonF:
        end, angle = self._end, self._angle
        size = ARROW_SIZE + pen.widthF()
        left = QPointF(
            end.x() - size * math.cos(angle - 0.45), end.y() - size * math.sin(angle - 0.45)
        )
        right = QPointF(
            end.x() - size * math.cos(angle + 0.45), end.y() - size * math.sin(angle + 0.45)
        )
        return QPolygonF([end, left, right])

    def _paint_arrowhead(self, painter: QPainter, pen: QPen) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(pen.color()))
        painter.drawPolygon(self._arrowhead(pen))

    def drawn_parts(self) -> tuple[QPainterPath, QPen, QPolygonF, QRectF]:
        """What it draws at 100 %, where it is now: its line, the pen the line is stroked
        with, its arrowhead (filled in the pen's colour) and its label's box."""
        self._come_to_rest()
        pen = self._pen(self.isSelected())
        return QPainterPath(self._path), pen, self._arrowhead(pen), QRectF(self._label_rect)

    def _paint_label(self, painter: QPainter, pen: QPen) -> None:
        style, layout = self._style, self._layout
        trigger_font, sla, sla_font, badge_w = self._label_parts
        rect = self._label_rect
        painter.setPen(QPen(pen.color(), 1))
        painter.setBrush(style.label_fill)
        painter.drawRoundedRect(rect, 6, 6)
        text_area = QRectF(
            rect.left() + PADDING_X, rect.top(), layout.text_width + 2, rect.height()
        )
        if layout.badge_below:
            text_area.setBottom(rect.bottom() - BADGE_HEIGHT - 2)
        if layout.lines:
            painter.setFont(trigger_font)
            painter.setPen(style.card_text)
            painter.drawText(
                text_area,
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                "\n".join(layout.lines),
            )
        if sla:
            if layout.badge_below:
                top = rect.bottom() - BADGE_HEIGHT - 4
                badge = QRectF(rect.left() + PADDING_X, top, badge_w, BADGE_HEIGHT)
            else:
                top = rect.center().y() - BADGE_HEIGHT / 2
                badge = QRectF(rect.right() - badge_w - 3, top, badge_w, BADGE_HEIGHT)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pen.color())
            painter.drawRoundedRect(badge, 8, 8)
            painter.setFont(sla_font)
            painter.setPen(style.label_fill)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, sla)
