"""A stage card on the map: name, team colour, who is Accountable, activity count, problems."""

from __future__ import annotations

from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.map_geometry import CARD_HEIGHT, CARD_WIDTH
from journeyapp.models.words import count as quotes_count
from journeyapp.widgets.canvas.card_slots import review_slot
from journeyapp.widgets.canvas.map_style import MapStyle
from journeyapp.widgets.canvas.reporting_item import ReportingItem
from journeyapp.widgets.plain_text import as_typed
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

STAGE_ITEM_TYPE = QGraphicsItem.UserType + 1
DETAIL_THRESHOLD = 0.4  # below this zoom a card is a coloured block without text
TITLE_PIXEL_SIZE = 15  # the card's name, in scene units (the view's first zoom keeps it legible)
TEAM_STRIP = 8.0
RADIUS = 8.0
CONNECT_HANDLE_CENTER = QPointF(CARD_WIDTH, CARD_HEIGHT / 2)
CONNECT_HANDLE_RADIUS = 7.0
INNER_INSET = 5.0  # the view widens repaint areas by a couple of pixels
IMPROVEMENT_COLOUR = QColor("#2e9d57")
PROJECT_COLOUR = QColor("#2f6db5")
OPAQUE_INSET = 3.0  # a corner of radius 8 leaves this inset opaque
_MOVED = QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged


@frozen_record
class StageCardData:
    """Everything a card shows, gathered from the model by the scene."""

    name: str
    team_color: str
    accountable: str
    activity_count: int
    problems: tuple[str, ...]
    terminal_label: str = ""
    improvements: tuple[str, ...] = ()  # titles of improvements to this stage being tried
    projects: tuple[str, ...] = ()  # titles of the open big-leap projects redesigning it
    stale: str = ""  # why the definition is due a review ("last reviewed 120 days ago")
    # The decision drivers pinned here by win/loss interviews: (name, quotes), the most first.
    drivers: tuple[tuple[str, int], ...] = ()


class StageItem(ReportingItem):
    """Draws one stage; its id never changes, its data is replaced on each update."""

    def __init__(
        self, stage_id: str, data: StageCardData, style: MapStyle, where: QPointF | None = None
    ) -> None:
        super().__init__()
        if where is not None:  # placed before it reports moves: two calls into Python fewer
            self.setPos(where)
        self.stage_id = stage_id
        self._data = data
        self._style = style
        self._rect = QRectF(0, 0, CARD_WIDTH, CARD_HEIGHT)
        self._bounds = self._rect.adjusted(-4, -12, 12, 4)
        self._hovered = False
        flag = QGraphicsItem.GraphicsItemFlag
        # In one call: each flag set alone calls itemChange twice, in Python.
        self.setFlags(flag.ItemIsSelectable | flag.ItemIsMovable | flag.ItemSendsGeometryChanges)
        self.setAcceptHoverEvents(True)
        self.setZValue(2)
        # Drawn once per zoom into a picture of its own, which frames then copy: a card's
        # text laid out and drawn again on every repaint took most of a frame at 100 %.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.on_moved = None  # set by the scene: called with the stage id while dragged
        # Given to Qt when first hovered: a thousand tooltips made for a map just opened
        # cost more than its first paint saves by caching.
        self._tooltip_given = False

    @property
    def data_shown(self) -> StageCardData:
        return self._data

    def set_data(self, data: StageCardData) -> None:
        if data == self._data:
            return
        inside_only = (data.problems, data.team_color, data.stale) == (
            self._data.problems,
            self._data.team_color,
            self._data.stale,
        )
        self._data = data
        self._apply_tooltip()
        # New text only: redraw inside the card, where nothing beneath it shows through.
        self.repaint_area(self.inner_rect() if inside_only else None)

    def set_style(self, style: MapStyle) -> None:
        self._style = style
        self.repaint_area()

    def _apply_tooltip(self) -> None:
        if self._tooltip_given:
            self.setToolTip(self.toolTip())

    def toolTip(self) -> str:
        """The card's tooltip: its name, problems, improvements, projects, review and the
        decision drivers pinned here."""
        tip = self._data.name
        if self._data.problems:
            tip += "\n\n" + "\n".join(f"⚠ {p}" for p in self._data.problems)
        if self._data.improvements:
            tip += "\n\n" + "\n".join(f"▲ {title}" for title in self._data.improvements)
        if self._data.projects:
            tip += "\n\n" + "\n".join(f"◆ Project: {title}" for title in self._data.projects)
        if self._data.stale:
            tip += f"\n\nDue a review: {self._data.stale}"
        if self._data.drivers:
            tip += "\n\nWhy buyers decided here (win/loss interviews):\n" + "\n".join(
                f"❝ {name}: {quotes_count(n, 'quote')}" for name, n in self._data.drivers
            )
        return as_typed(tip)

    # -- Qt overrides -----------------------------------------------------

    def type(self) -> int:
        return STAGE_ITEM_TYPE

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(self._rect, RADIUS, RADIUS)
        return path

    def itemChange(self, change, value):
        if (
            # A card is a top-level item: its position is its place in the scene. (Asking Qt
            # for scene-position changes too cost a third more calls on every drag frame.)
            change == _MOVED and self.on_moved is not None
        ):
            self.on_moved(self.stage_id)
        return super().itemChange(change, value)

    def opaque_rect(self) -> QRectF:
        """The part of the card nothing beneath shows through (clear of the rounded corners)."""
        return self._rect.adjusted(OPAQUE_INSET, OPAQUE_INSET, -OPAQUE_INSET, -OPAQUE_INSET)

    def inner_rect(self) -> QRectF:
        """The part of the card that is opaque whatever its rounded corners."""
        return self._rect.adjusted(INNER_INSET, INNER_INSET, -INNER_INSET, -INNER_INSET)

    def card_rect(self) -> QRectF:
        """The card in scene coordinates, where it is drawn now (also while dragged)."""
        return self._rect.translated(self.pos())

    def connect_handle_hit(self, scene_pos: QPointF) -> bool:
        local = self.mapFromScene(scene_pos)
        delta = local - CONNECT_HANDLE_CENTER
        return delta.x() ** 2 + delta.y() ** 2 <= (CONNECT_HANDLE_RADIUS + 4) ** 2

    def hoverEnterEvent(self, event) -> None:
        if not self._tooltip_given:
            self._tooltip_given = True
            self.setToolTip(self.toolTip())
        self._hovered = True
        self.repaint_area()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        self._hovered = False
        self.repaint_area()
        super().hoverLeaveEvent(event)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        style, data = self._style, self._data
        team = QColor(data.team_color)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        selected = self.isSelected()  # as option.state says, without making QStyle's enums
        if lod < DETAIL_THRESHOLD:
            painter.fillRect(self._rect, team)
            if selected:
                painter.setPen(QPen(style.selection, 6))
                painter.drawRect(self._rect)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        border = (
            style.selection if selected else style.hover if self._hovered else style.card_border
        )
        painter.setPen(QPen(border, 3.0 if selected else 2.0 if self._hovered else 1.2))
        painter.setBrush(QBrush(style.card_fill))
        painter.drawRoundedRect(self._rect, RADIUS, RADIUS)

        strip = QPainterPath()
        strip.addRoundedRect(QRectF(0, 0, TEAM_STRIP * 2, CARD_HEIGHT), RADIUS, RADIUS)
        clip = QPainterPath()
        clip.addRect(QRectF(0, 0, TEAM_STRIP, CARD_HEIGHT))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(team)
        painter.drawPath(strip.intersected(clip))

        left = TEAM_STRIP + 10
        width = CARD_WIDTH - left - 10
        painter.setPen(style.card_text)
        title_font = style.font(TITLE_PIXEL_SIZE, bold=True)
        painter.setFont(title_font)
        title_rect = QRectF(left, 8, width, 40)
        painter.drawText(
            title_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            _elide_lines(data.name, title_font, width, 2),
        )

        small = style.font(12)
        painter.setFont(small)
        painter.setPen(style.card_subtle_text)
        metrics = QFontMetrics(small)
        accountable = (
            f"A: {data.accountable}" if data.accountable else data.terminal_label or "A: —"
        )
        painter.drawText(
            QRectF(left, 52, width, 18),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(accountable, Qt.TextElideMode.ElideRight, int(width)),
        )
        count = data.activity_count
        activities = f"{count} activit{'y' if count == 1 else 'ies'}"
        painter.drawText(
            QRectF(left, 70, width, 18),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            activities,
        )
        if data.problems:
            self._paint_warning_badge(painter, len(data.problems))
        # Bottom right, right to left: green "▲ n" improvements being tried here, blue "◆ n"
        # big-leap projects redesigning the stage, slate "❝ n" quotes from win/loss
        # interviews pinning a decision driver here (the names are in the tooltip and the
        # inspector: a name cut to fit the card was not legible).
        right = CARD_WIDTH - 8
        if data.improvements:
            right = self._paint_tag(
                painter, f"▲ {len(data.improvements)}", IMPROVEMENT_COLOUR, right
            )
        if data.projects:
            right = self._paint_tag(painter, f"◆ {len(data.projects)}", PROJECT_COLOUR, right)
        if data.drivers:
            quotes = sum(n for _, n in data.drivers)
            self._paint_tag(painter, f"❝ {quotes}", DRIVER_COLOUR, right)
        if data.stale:
            self._paint_stale_tag(painter)
        scene = self.scene()
        if (self._hovered or selected) and (scene is None or scene.editable):
            painter.setPen(QPen(style.card_fill, 2))
            painter.setBrush(style.selection)
            painter.drawEllipse(CONNECT_HANDLE_CENTER, CONNECT_HANDLE_RADIUS, CONNECT_HANDLE_RADIUS)

    def _paint_warning_badge(self, painter: QPainter, count: int) -> None:
        style = self._style
        badge = QRectF(CARD_WIDTH - 14, -10, 24, 24)
        painter.setPen(QPen(style.card_fill, 2))
        painter.setBrush(style.warning)
        painter.drawEllipse(badge)
        painter.setPen(QColor("#1b1f27") if style.dark else QColor("#ffffff"))
        painter.setFont(style.font(13, bold=True))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "!" if count == 1 else str(count))

    def review_tag_rect(self) -> QRectF:
        """Where "Review due" is drawn, in card coordinates (empty when not due)."""
        if not self._data.stale:
            return QRectF()
        width = QFontMetrics(self._style.font(11, bold=True)).horizontalAdvance(REVIEW_DUE) + 14
        slot = review_slot(self._rect)
        return QRectF(slot.right() - width, slot.center().y() - 9, width, 18)

    def _paint_stale_tag(self, painter: QPainter) -> None:
        """A tag on the card's top edge: its definition has not been reviewed for a quarter."""
        tag = self.review_tag_rect()
        painter.setPen(QPen(self._style.card_fill, 1.5))
        painter.setBrush(STALE_COLOUR)
        painter.drawRoundedRect(tag, 9, 9)
        painter.setPen(QColor("#ffffff"))
        painter.setFont(self._style.font(11, bold=True))
        painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, REVIEW_DUE)

    def _paint_tag(self, painter: QPainter, text: str, colour: QColor, right: float) -> float:
        """A tag at the bottom of the card ending at ``right``: green ▲ for improvements being
        tried, blue ◆ for big-leap projects redesigning the stage, slate ❝ for quotes pinning
        decision drivers. Returns where the next
        tag ends, to its left."""
        font = self._style.font(11, bold=True)
        width = QFontMetrics(font).horizontalAdvance(text) + 12
        badge = QRectF(right - width, CARD_HEIGHT - 25, width, 17)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(badge, 8, 8)
        painter.setPen(QColor("#ffffff"))
        painter.setFont(font)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
        return badge.left() - 4


STALE_COLOUR = QColor("#8a6d1f")
DRIVER_COLOUR = QColor("#3b5f8a")  # slate blue: apart from the teams' and the badges' colours
REVIEW_DUE = "Review due"


def _elide_lines(text: str, font, width: float, lines: int) -> str:
    """Wrap-friendly elision: keep what fits in ``lines`` lines, end with an ellipsis."""
    metrics = QFontMetrics(font)
    if metrics.horizontalAdvance(text) <= width * lines * 0.92:
        return text
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(width * lines * 0.85))
