"""The map's grid: buyer phases as columns with headers, team lanes as rows with headers."""

from __future__ import annotations

from journeyapp.models.map_geometry import LANE_HEADER_WIDTH, PHASE_HEADER_HEIGHT, Band, MapGrid
from journeyapp.widgets.canvas.map_style import MapStyle
from journeyapp.widgets.canvas.reporting_item import ReportingItem
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

GRID_ITEM_TYPE = QGraphicsItem.UserType + 3


class GridItem(ReportingItem):
    def __init__(self, style: MapStyle) -> None:
        super().__init__()
        self._style = style
        self._grid = MapGrid((), ())
        self._phase_names: dict[str, str] = {}
        self._lanes: dict[str, tuple[str, str]] = {}
        self._bounds = QRectF()
        self.setZValue(0)

    def set_grid(
        self, grid: MapGrid, phase_names: dict[str, str], lanes: dict[str, tuple[str, str]]
    ) -> None:
        """``lanes`` maps a lane id to its (name, colour)."""
        if (grid, phase_names, lanes) == (self._grid, self._phase_names, self._lanes):
            return
        self.change_geometry()
        self._grid, self._phase_names, self._lanes = grid, dict(phase_names), dict(lanes)
        self._bounds = QRectF(0, 0, grid.width, grid.height)
        self.repaint_area()

    def set_style(self, style: MapStyle) -> None:
        self._style = style
        self.repaint_area()

    def phase_name_rect(self, column: Band) -> QRectF:
        """Where a phase's name is written in the header, as wide as the name."""
        name = self._phase_names.get(column.id, "")
        width = QFontMetrics(self._style.font(20, bold=True)).horizontalAdvance(name) + 4
        return QRectF(column.start + 12, 0, min(width, column.size - 24), PHASE_HEADER_HEIGHT)

    def type(self) -> int:
        return GRID_ITEM_TYPE

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        style, grid = self._style, self._grid
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        painter.fillRect(self._bounds, style.background)
        painter.setPen(QPen(style.grid_line, 1))
        for i, row in enumerate(grid.rows):
            band = QRectF(0, row.start, grid.width, row.size)
            if i % 2:
                painter.fillRect(band, style.band_fill)
            painter.drawLine(band.bottomLeft(), band.bottomRight())
        for column in grid.columns:
            painter.drawLine(column.end, 0, column.end, grid.height)
        painter.fillRect(QRectF(0, 0, grid.width, PHASE_HEADER_HEIGHT), style.header_fill)
        painter.fillRect(QRectF(0, 0, LANE_HEADER_WIDTH, grid.height), style.header_fill)
        if lod < 0.25:
            return
        painter.setFont(style.font(20, bold=True))
        painter.setPen(style.header_text)
        for column in grid.columns:
            painter.drawText(
                self.phase_name_rect(column),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                self._phase_names.get(column.id, ""),
            )
        for row in grid.rows:
            name, color = self._lanes.get(row.id, ("", "#888888"))
            painter.fillRect(QRectF(0, row.start, 8, row.size), QColor(color))
            painter.setPen(style.header_text)
            painter.drawText(
                QRectF(20, row.start, LANE_HEADER_WIDTH - 28, row.size),
                Qt.AlignmentFlag.AlignVCenter
                | Qt.AlignmentFlag.AlignLeft
                | Qt.TextFlag.TextWordWrap,
                name,
            )
