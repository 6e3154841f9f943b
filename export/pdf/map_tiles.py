"""The journey map on landscape pages: whole on one page if it stays readable, else tiles.

Tiles are cut where the cut hides nothing (between phases, or in a gap between
cards and labels) and scaled as large as the same number of pages allows, never
below ``MIN_SCALE``. A tile that starts inside a phase repeats its name.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from journeyapp.export.pdf.anchors import map_anchor
from journeyapp.export.pdf.fonts import BOLD, printable
from journeyapp.export.pdf.map_drawing import HEADER, INK, PHASE_NAME_SIZE, MapPicture
from journeyapp.export.pdf.text import fit_text
from journeyapp.models.map_geometry import LANE_HEADER_WIDTH, PHASE_HEADER_HEIGHT, Band
from journeyapp.models.playbook import Playbook
from reportlab.platypus import Flowable

MIN_SCALE = 0.42  # below this a card's 15-unit title prints under about 6.3 pt
MAX_SCALE = 0.75  # a tile larger than this reads no better and takes more pages
SCALE_STEP = 0.01
CUT_MARGIN = 8.0  # units kept clear on each side of a cut
GOOD_FILL = 0.75  # a phase boundary is the cut of choice if the page is this full
MIN_FILL = 0.6  # any other cut leaves the page at least this full
FILL_WORTH = 5.0  # a cut that fills the page is worth crossing a label or two more


class MapTile(Flowable):
    """One page's window onto the map: the lane names, then a run of the map's columns,
    scaled and clipped to the frame."""

    def __init__(
        self,
        picture: MapPicture,
        scale: float,
        pieces: list[tuple[float, float]],
        y_range: tuple[float, float],
    ) -> None:
        super().__init__()
        self.picture, self.scale = picture, scale
        self.pieces = pieces  # (from x, to x) in map units, laid side by side
        self.y_from, self.y_to = y_range  # map units, measured down from the top
        self.width = sum(b - a for a, b in pieces) * scale
        self.height = (self.y_to - self.y_from) * scale

    def phase_names(self) -> list[str]:
        x_from, x_to = self.pieces[-1]
        return [
            self.picture.playbook.phases[column.id].name
            for column in self.picture.grid.columns
            if column.start < x_to and x_from < column.end
        ]

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self) -> None:
        canvas, scale = self.canv, self.scale
        form = self.picture.as_form(canvas)
        left = 0.0
        top_in_picture = self.picture.height - self.y_from  # PDF y grows upwards
        for x_from, x_to in self.pieces:
            width = (x_to - x_from) * scale
            canvas.saveState()
            clip = canvas.beginPath()
            clip.rect(left, 0, width, self.height)
            canvas.clipPath(clip, stroke=0, fill=0)
            canvas.transform(
                scale, 0, 0, scale, left - x_from * scale, self.height - top_in_picture * scale
            )
            canvas.doForm(form)
            if self.y_from == 0:
                self._name_cut_phase(x_from, x_to)
            self._anchor_cards(x_from, x_to)
            canvas.restoreState()
            left += width

    def _anchor_cards(self, x_from: float, x_to: float) -> None:
        """Name the place of each card whose top left corner this piece shows (``map_anchor``),
        so a stage section can link to it; every card is on one tile only."""
        stages = self.picture.playbook.stages()
        for stage, (left, top, _, _) in zip(stages, self.picture.card_boxes, strict=True):
            if x_from <= left < x_to and self.y_from <= top < self.y_to:
                corner = self.picture.height - top + 12  # PDF y grows upwards
                self.canv.bookmarkHorizontal(map_anchor(stage.id), left - 12, corner)

    def _name_cut_phase(self, x_from: float, x_to: float) -> None:
        """A phase cut at the tile's left edge has its name off this page: write it again."""
        column = next((c for c in self.picture.grid.columns if c.start < x_from < c.end), None)
        if column is None:
            return
        canvas = self.canv
        top = self.picture.height
        right = min(column.end, x_to)
        canvas.setFillColor(HEADER)
        canvas.rect(
            x_from,
            top - PHASE_HEADER_HEIGHT,
            right - x_from,
            PHASE_HEADER_HEIGHT - 1,
            stroke=0,
            fill=1,
        )
        name = printable(self.picture.playbook.phases[column.id].name)
        canvas.setFillColor(INK)
        canvas.setFont(BOLD, PHASE_NAME_SIZE)
        canvas.drawString(
            x_from + 12,
            top - PHASE_HEADER_HEIGHT / 2 - 7,
            fit_text(f"{name} (continued)", BOLD, PHASE_NAME_SIZE, right - x_from - 24),
        )


def _cut(start: float, limit: float, card_spans: _Spans, label_spans: _Spans) -> float:
    """Where to end a run that may reach ``limit``: from well into the page on, the place
    that cuts through least (a card far worse than a label) and fills the page most."""
    least_fill = start + MIN_FILL * (limit - start)
    candidates = [
        limit,
        *card_spans.edges(least_fill, limit),
        *label_spans.edges(least_fill, limit),
    ]

    def cost(x: float) -> tuple[float, float]:
        fill = (x - start) / (limit - start)
        return 10 * card_spans.across(x) + label_spans.across(x) - FILL_WORTH * fill, -x

    return min(candidates, key=cost)


class _Spans:
    """Intervals (from, to) along one axis, sorted once, so how many a cut at ``x`` goes
    through, and which ends lie in a stretch, are found by bisection rather than by
    looking at every card for every candidate cut."""

    def __init__(self, spans: list[tuple[float, float]]) -> None:
        self._starts = sorted(a for a, _ in spans)
        self._ends = sorted(b for _, b in spans)
        self._edges = sorted(edge for span in spans for edge in span)

    def across(self, x: float) -> int:
        """How many spans have from < x < to."""
        return bisect_left(self._starts, x) - bisect_right(self._ends, x)

    def edges(self, low: float, high: float) -> list[float]:
        """Span ends with low <= edge < high."""
        return self._edges[bisect_left(self._edges, low) : bisect_left(self._edges, high)]


def _runs(bands: tuple[Band, ...], card_spans, label_spans, room: float):
    """The bands' extent cut into runs no longer than ``room``: at a band's edge if that
    fills the page well, else where the cut hides least."""
    start, end = bands[0].start, bands[-1].end
    edges = [band.end for band in bands]
    runs = []
    while end - start > room:
        limit = start + room
        edge = max((e for e in edges if start < e <= limit), default=None)
        if edge is not None and edge - start >= GOOD_FILL * room:
            cut = edge
        else:
            cut = _cut(start, limit, card_spans, label_spans)
        runs.append((start, cut))
        start = cut
    runs.append((start, end))
    return runs


def _spans(boxes, across: bool) -> _Spans:
    if across:
        return _Spans([(x - CUT_MARGIN, x + w + CUT_MARGIN) for x, _, w, _ in boxes])
    return _Spans([(y - CUT_MARGIN, y + h + CUT_MARGIN) for _, y, _, h in boxes])


def _tiling(picture: MapPicture, frame_width: float, frame_height: float, scale: float):
    cards, labels = picture.card_boxes, picture.label_boxes
    columns = _runs(
        picture.grid.columns,
        _spans(cards, True),
        _spans(labels, True),
        frame_width / scale - LANE_HEADER_WIDTH,
    )
    rows = _runs(
        picture.grid.rows,
        _spans(cards, False),
        _spans(labels, False),
        frame_height / scale - PHASE_HEADER_HEIGHT,
    )
    return columns, rows


def map_tiles(playbook: Playbook, frame_width: float, frame_height: float) -> list[MapTile]:
    """The map fitted to one page if it stays readable; else as few tiles as the smallest
    readable scale needs, drawn as large as that many pages allow, lane names on each."""
    picture = MapPicture(playbook)
    fit = min(frame_width / picture.width, frame_height / picture.height)
    if fit >= MIN_SCALE or not picture.grid.columns or not picture.grid.rows:
        scale = min(fit, MAX_SCALE)
        return [MapTile(picture, scale, [(0, picture.width)], (0, picture.height))]
    columns, rows = _tiling(picture, frame_width, frame_height, MIN_SCALE)
    pages, scale = len(columns) * len(rows), MIN_SCALE
    steps = int((MAX_SCALE - MIN_SCALE) / SCALE_STEP)
    for step in range(steps, 0, -1):  # the largest scale that needs no more pages
        trial = MIN_SCALE + step * SCALE_STEP
        trial_columns, trial_rows = _tiling(picture, frame_width, frame_height, trial)
        if len(trial_columns) * len(trial_rows) <= pages:
            columns, rows, scale = trial_columns, trial_rows, trial
            break
    tiles = []
    for row_from, row_to in rows:
        for column_from, column_to in columns:
            # The phase names sit above the first row only; the lane names left of every tile.
            y_range = (0 if row_from == rows[0][0] else row_from, row_to)
            pieces = [(0, LANE_HEADER_WIDTH), (column_from, column_to)]
            tiles.append(MapTile(picture, scale, pieces, y_range))
    return tiles
