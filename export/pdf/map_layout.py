"""The journey map laid out for paper: every card in a slot of one grid, with gaps between.

The canvas lets cards sit anywhere in their cell, so a map drawn as on the screen
is mostly empty space at a size nobody can read. On paper each card keeps its
phase, its lane and its place relative to its neighbours (left of, above), but
takes a slot in a compact grid: slot columns within each phase, slot rows within
each lane. The gaps between slots are the channels arrows run in, so no arrow
ever needs to cross a card. Units are points; y grows downwards as on the canvas.
"""

from __future__ import annotations

from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.map_geometry import CARD_HEIGHT, CARD_WIDTH, card_offset
from journeyapp.models.playbook import Playbook

NAME_SIZE = 7.0  # a card's title
TEXT_SIZE = 6.5  # the smallest text on the map: "A:", badges, headers of a tile
CARD_HEIGHT_PT = 46.0
MIN_CARD_WIDTH = 60.0  # a 7 pt title of 12 characters still fits on one line
MAX_CARD_WIDTH = 110.0
GAP_X = 16.0  # a vertical channel between slot columns
GAP_Y = 15.0  # a horizontal channel between slot rows
LANE_HEADER = 20.0  # the lane names run up the left edge
PHASE_HEADER = 16.0


@frozen_record
class Span:
    """A run of slot columns (or rows) that belongs to one phase (or lane)."""

    id: str
    first: int
    count: int

    @property
    def end(self) -> int:
        return self.first + self.count


def _clusters(offsets: list[float], apart: float) -> list[float]:
    """The starts of groups of offsets, a new group wherever one is ``apart`` past the last
    group's start: cards less than that apart on the canvas share a slot column (row)."""
    starts: list[float] = []
    for value in sorted(set(offsets)):
        if not starts or value - starts[-1] >= apart:
            starts.append(value)
    return starts


def _index(starts: list[float], value: float) -> int:
    return max(n for n, start in enumerate(starts) if start <= value) if starts else 0


class SlotGrid:
    """Which slot (column, row) each stage takes, and how many slots each phase and lane has."""

    def __init__(self, playbook: Playbook) -> None:
        stages = [
            s for s in playbook.stages() if s.phase in playbook.phases and s.lane in playbook.lanes
        ]
        xs: dict[str, list[float]] = {p.id: [] for p in playbook.phases}
        ys: dict[str, list[float]] = {lane.id: [] for lane in playbook.lanes}
        for stage in stages:
            x, y = card_offset(stage.x, stage.y)
            xs[stage.phase].append(x)
            ys[stage.lane].append(y)
        x_starts = {pid: _clusters(v, CARD_WIDTH * 0.6) for pid, v in xs.items()}
        y_starts = {lid: _clusters(v, CARD_HEIGHT * 0.6) for lid, v in ys.items()}
        wanted: dict[str, tuple[int, int]] = {}
        for stage in stages:
            x, y = card_offset(stage.x, stage.y)
            wanted[stage.id] = (_index(x_starts[stage.phase], x), _index(y_starts[stage.lane], y))
        # Two cards wanting one slot: the later one (by position) moves down a row.
        taken: set[tuple[str, str, int, int]] = set()
        local: dict[str, tuple[int, int]] = {}
        rows_needed = {lid: max(1, len(v)) for lid, v in y_starts.items()}
        columns_needed = {pid: max(1, len(v)) for pid, v in x_starts.items()}
        for stage in sorted(stages, key=lambda s: (wanted[s.id][1], wanted[s.id][0], s.y, s.x)):
            column, row = wanted[stage.id]
            while (stage.phase, stage.lane, column, row) in taken:
                row += 1
            taken.add((stage.phase, stage.lane, column, row))
            local[stage.id] = (column, row)
            rows_needed[stage.lane] = max(rows_needed[stage.lane], row + 1)
        self.phases: list[Span] = []
        first = 0
        for phase in playbook.phases:
            self.phases.append(Span(phase.id, first, columns_needed[phase.id]))
            first += columns_needed[phase.id]
        self.lanes: list[Span] = []
        first = 0
        for lane in playbook.lanes:
            self.lanes.append(Span(lane.id, first, rows_needed[lane.id]))
            first += rows_needed[lane.id]
        phase_first = {span.id: span.first for span in self.phases}
        lane_first = {span.id: span.first for span in self.lanes}
        self.slots: dict[str, tuple[int, int]] = {
            stage.id: (phase_first[stage.phase] + c, lane_first[stage.lane] + r)
            for stage in stages
            for c, r in [local[stage.id]]
        }
        self.columns = self.phases[-1].end if self.phases else 0
        self.rows = self.lanes[-1].end if self.lanes else 0


@frozen_record
class Region:
    """A window onto the grid: slot columns [c0, c1) and rows [r0, r1)."""

    c0: int
    c1: int
    r0: int
    r1: int

    def holds(self, slot: tuple[int, int]) -> bool:
        return self.c0 <= slot[0] < self.c1 and self.r0 <= slot[1] < self.r1


class PaperGeometry:
    """Where slots and channels are, in points, for one card width. Channel k of the
    columns lies left of slot column k (channel ``columns`` right of the last)."""

    def __init__(self, grid: SlotGrid, card_width: float) -> None:
        self.grid = grid
        self.card_width = card_width
        self.pitch_x = card_width + GAP_X
        self.pitch_y = CARD_HEIGHT_PT + GAP_Y

    def channel_x(self, k: int) -> float:
        """The middle of vertical channel k."""
        return LANE_HEADER + k * self.pitch_x + GAP_X / 2

    def channel_y(self, k: int) -> float:
        return PHASE_HEADER + k * self.pitch_y + GAP_Y / 2

    def card(self, slot: tuple[int, int]) -> tuple[float, float, float, float]:
        """(left, top, width, height) of the card in a slot."""
        column, row = slot
        left = LANE_HEADER + GAP_X + column * self.pitch_x
        top = PHASE_HEADER + GAP_Y + row * self.pitch_y
        return left, top, self.card_width, CARD_HEIGHT_PT

    def region_box(self, region: Region) -> tuple[float, float, float, float]:
        """The part of the map a region shows, both edge channels included."""
        left = LANE_HEADER + region.c0 * self.pitch_x
        top = PHASE_HEADER + region.r0 * self.pitch_y
        return (
            left,
            top,
            (region.c1 - region.c0) * self.pitch_x + GAP_X,
            (region.r1 - region.r0) * self.pitch_y + GAP_Y,
        )


def width_for(columns: int, card_width: float) -> float:
    return LANE_HEADER + columns * (card_width + GAP_X) + GAP_X


def height_for(rows: int) -> float:
    return PHASE_HEADER + rows * (CARD_HEIGHT_PT + GAP_Y) + GAP_Y


def card_width_for(columns: int, room: float) -> float:
    """The widest card (up to MAX_CARD_WIDTH) that lets ``columns`` slots fit ``room``."""
    if columns <= 0:
        return MAX_CARD_WIDTH
    return min(MAX_CARD_WIDTH, (room - LANE_HEADER - GAP_X) / columns - GAP_X)


def rows_that_fit(room: float) -> int:
    return max(1, int((room - PHASE_HEADER - GAP_Y) // (CARD_HEIGHT_PT + GAP_Y)))


def columns_that_fit(room: float) -> int:
    return max(1, int((room - LANE_HEADER - GAP_X) // (MIN_CARD_WIDTH + GAP_X)))


def _groups(spans: list[Span], room: int) -> list[tuple[int, int]]:
    """Runs of whole spans (phases or lanes) of at most ``room`` slots; a span longer than
    that alone is cut between its slots."""
    runs: list[tuple[int, int]] = []
    start = end = None
    for span in spans:
        if start is not None and span.end - start <= room:
            end = span.end
            continue
        if start is not None:
            runs.append((start, end))
        start, end = span.first, span.end
        while end - start > room:
            runs.append((start, start + room))
            start += room
    if start is not None:
        runs.append((start, end))
    return runs


def tile_regions(grid: SlotGrid, room_w: float, room_h: float) -> list[Region]:
    """The grid cut into tiles between phases, then between lanes (between slots only where
    one phase or lane alone is too big), row by row of tiles."""
    column_runs = _groups(grid.phases, columns_that_fit(room_w))
    row_runs = _groups(grid.lanes, rows_that_fit(room_h))
    return [Region(c0, c1, r0, r1) for r0, r1 in row_runs for c0, c1 in column_runs]
