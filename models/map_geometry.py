"""Where things sit on the map: phase columns, lane rows and stage cards, in scene units.

Columns and rows grow to hold the cards placed in them, so the grid is
derived from the playbook and never stored.
"""

from __future__ import annotations

from journeyapp.models.entities import HandoffKind
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.map_sizes import (
    CARD_HEIGHT,
    CARD_WIDTH,
    CELL_PADDING,
    LANE_HEADER_WIDTH,
    MIN_COLUMN_WIDTH,
    MIN_ROW_HEIGHT,
    PHASE_HEADER_HEIGHT,
    stepped,
)
from journeyapp.models.playbook import Playbook


@frozen_record
class Band:
    """One column or row: its id, where it starts and how wide or tall it is."""

    id: str
    start: float
    size: float

    @property
    def end(self) -> float:
        return self.start + self.size


@frozen_record
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
    widths = {p.id: 0.0 for p in playbook.phases}
    heights = {lane.id: 0.0 for lane in playbook.lanes}
    for stage in playbook.stages():
        x, y = card_offset(stage.x, stage.y)
        if stage.phase in widths:
            widths[stage.phase] = max(widths[stage.phase], x + CARD_WIDTH + CELL_PADDING)
        if stage.lane in heights:
            heights[stage.lane] = max(heights[stage.lane], y + CARD_HEIGHT + CELL_PADDING)
    columns, start = [], LANE_HEADER_WIDTH
    for phase in playbook.phases:
        width = stepped(widths[phase.id], MIN_COLUMN_WIDTH)
        columns.append(Band(phase.id, start, width))
        start += width
    rows, start = [], PHASE_HEADER_HEIGHT
    for lane in playbook.lanes:
        height = stepped(heights[lane.id], MIN_ROW_HEIGHT)
        rows.append(Band(lane.id, start, height))
        start += height
    return MapGrid(tuple(columns), tuple(rows))


def card_rect(
    grid: MapGrid, phase: str, lane: str, x: float, y: float
) -> tuple[float, float, float, float]:
    """The card's scene rectangle (left, top, width, height)."""
    left, top = grid.cell_origin(phase, lane)
    dx, dy = card_offset(x, y)
    return left + dx, top + dy, CARD_WIDTH, CARD_HEIGHT


class GridSizer:
    """Keeps the grid's column widths and row heights up to date as single cards change.

    ``compute_grid`` looks at every card; on a large map an edit that moves one
    card should only look again at the cards in that card's column and row.
    """

    def __init__(self) -> None:
        self._widths: dict[str, dict[str, float]] = {}
        self._heights: dict[str, dict[str, float]] = {}
        self._cells: dict[str, tuple[str, str]] = {}
        self._width_of: dict[str, float] = {}
        self._height_of: dict[str, float] = {}

    def reset(self, playbook: Playbook) -> MapGrid:
        self._widths, self._heights, self._cells = {}, {}, {}
        for stage in playbook.stages():
            self._put(stage)
        self._width_of = {p: max(d.values(), default=0.0) for p, d in self._widths.items()}
        self._height_of = {lane: max(d.values(), default=0.0) for lane, d in self._heights.items()}
        return self._grid(playbook)

    def update(self, playbook: Playbook, stage_ids) -> MapGrid:
        dirty_phases, dirty_lanes = set(), set()
        for stage_id in stage_ids:
            old = self._cells.pop(stage_id, None)
            if old is not None:
                self._widths[old[0]].pop(stage_id, None)
                self._heights[old[1]].pop(stage_id, None)
                dirty_phases.add(old[0])
                dirty_lanes.add(old[1])
            if playbook.has_stage(stage_id):
                stage = playbook.stage(stage_id)
                self._put(stage)
                dirty_phases.add(stage.phase)
                dirty_lanes.add(stage.lane)
        for phase in dirty_phases:
            self._width_of[phase] = max(self._widths.get(phase, {}).values(), default=0.0)
        for lane in dirty_lanes:
            self._height_of[lane] = max(self._heights.get(lane, {}).values(), default=0.0)
        return self._grid(playbook)

    def _put(self, stage) -> None:
        x, y = card_offset(stage.x, stage.y)
        self._cells[stage.id] = (stage.phase, stage.lane)
        self._widths.setdefault(stage.phase, {})[stage.id] = x + CARD_WIDTH + CELL_PADDING
        self._heights.setdefault(stage.lane, {})[stage.id] = y + CARD_HEIGHT + CELL_PADDING

    def _grid(self, playbook: Playbook) -> MapGrid:
        columns, start = [], LANE_HEADER_WIDTH
        for phase in playbook.phases:
            width = stepped(self._width_of.get(phase.id, 0.0), MIN_COLUMN_WIDTH)
            columns.append(Band(phase.id, start, width))
            start += width
        rows, start = [], PHASE_HEADER_HEIGHT
        for lane in playbook.lanes:
            height = stepped(self._height_of.get(lane.id, 0.0), MIN_ROW_HEIGHT)
            rows.append(Band(lane.id, start, height))
            start += height
        return MapGrid(tuple(columns), tuple(rows))


Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # left, top, width, height


def route_points(
    source: Rect, target: Rect, kind: HandoffKind
) -> tuple[Point, Point, Point, Point]:
    """A handoff arrow as one cubic curve: start, two control points, end (scene units).

    Forward and backward moves leave and enter the cards' sides; a recycle that
    goes back loops under the cards, so it reads as "goes round again"; a move
    within a column leaves from the top or bottom.
    """
    sl, st, sw, sh = source
    tl, tt, tw, th = target
    s_right, t_right = sl + sw, tl + tw
    s_cx, s_cy, t_cx, t_cy = sl + sw / 2, st + sh / 2, tl + tw / 2, tt + th / 2
    forward = tl >= s_right - 1
    backward = t_right <= sl + 1
    if kind is HandoffKind.RECYCLE and not forward:
        start, end = (s_cx, st + sh), (t_cx, tt + th)
        low = max(start[1], end[1]) + 60 + 0.12 * abs(start[0] - end[0])
        return start, (start[0], low), (end[0], low), end
    if forward or backward:
        start = (s_right if forward else sl, s_cy)
        end = (tl if forward else t_right, t_cy)
        bend = max(40.0, abs(end[0] - start[0]) * 0.45) * (1 if forward else -1)
        return start, (start[0] + bend, start[1]), (end[0] - bend, end[1]), end
    downward = tt >= s_cy
    start = (s_cx, st + sh if downward else st)
    end = (t_cx, tt if downward else tt + th)
    bend = max(30.0, abs(end[1] - start[1]) * 0.45) * (1 if downward else -1)
    return start, (start[0], start[1] + bend), (end[0], end[1] - bend), end
