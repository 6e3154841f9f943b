"""Where things sit on the map: phase columns, lane rows and stage cards, in scene units.

Columns and rows grow to hold the cards placed in them, so the grid is
derived from the playbook and never stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.playbook import Playbook

CARD_WIDTH = 200.0
CARD_HEIGHT = 96.0
CELL_PADDING = 24.0
PHASE_HEADER_HEIGHT = 56.0
LANE_HEADER_WIDTH = 150.0
MIN_COLUMN_WIDTH = 2 * CELL_PADDING + CARD_WIDTH + 40.0
MIN_ROW_HEIGHT = 2 * CELL_PADDING + CARD_HEIGHT + 24.0


@dataclass(frozen=True)
class Band:
    """One column or row: its id, where it starts and how wide or tall it is."""

    id: str
    start: float
    size: float

    @property
    def end(self) -> float:
        return self.start + self.size


@dataclass(frozen=True)
class MapGrid:
    columns: tuple[Band, ...]
    rows: tuple[Band, ...]

    @property
    def width(self) -> float:
        return self.columns[-1].end if self.columns else LANE_HEADER_WIDTH

    @property
    def height(self) -> float:
        return self.rows[-1].end if self.rows else PHASE_HEADER_HEIGHT

    def column(self, phase_id: str) -> Band:
        return next(band for band in self.columns if band.id == phase_id)

    def row(self, lane_id: str) -> Band:
        return next(band for band in self.rows if band.id == lane_id)

    def cell_origin(self, phase_id: str, lane_id: str) -> tuple[float, float]:
        return self.column(phase_id).start, self.row(lane_id).start

    def cell_at(self, x: float, y: float) -> tuple[str, str] | None:
        """The (phase, lane) under a scene point, or None outside the grid."""
        column = next((b for b in self.columns if b.start <= x < b.end), None)
        row = next((b for b in self.rows if b.start <= y < b.end), None)
        if column is None or row is None:
            return None
        return column.id, row.id


def card_offset(x: float, y: float) -> tuple[float, float]:
    """A card's offset inside its cell, kept clear of the cell's edges."""
    return max(x, CELL_PADDING / 2), max(y, CELL_PADDING / 2)


def compute_grid(playbook: Playbook) -> MapGrid:
    widths = {p.id: MIN_COLUMN_WIDTH for p in playbook.phases}
    heights = {lane.id: MIN_ROW_HEIGHT for lane in playbook.lanes}
    for stage in playbook.stages():
        x, y = card_offset(stage.x, stage.y)
        if stage.phase in widths:
            widths[stage.phase] = max(widths[stage.phase], x + CARD_WIDTH + CELL_PADDING)
        if stage.lane in heights:
            heights[stage.lane] = max(heights[stage.lane], y + CARD_HEIGHT + CELL_PADDING)
    columns, start = [], LANE_HEADER_WIDTH
    for phase in playbook.phases:
        columns.append(Band(phase.id, start, widths[phase.id]))
        start += widths[phase.id]
    rows, start = [], PHASE_HEADER_HEIGHT
    for lane in playbook.lanes:
        rows.append(Band(lane.id, start, heights[lane.id]))
        start += heights[lane.id]
    return MapGrid(tuple(columns), tuple(rows))


def card_rect(
    grid: MapGrid, phase: str, lane: str, x: float, y: float
) -> tuple[float, float, float, float]:
    """The card's scene rectangle (left, top, width, height)."""
    left, top = grid.cell_origin(phase, lane)
    dx, dy = card_offset(x, y)
    return left + dx, top + dy, CARD_WIDTH, CARD_HEIGHT
