"""The journey map as vector graphics for the PDF, laid out as on the canvas.

Phases are columns, lanes are rows, cards carry their team's colour, and
handoff arrows carry their trigger and SLA. A map too big to fit a page at a
readable size is cut into tiles, each a page, rather than shrunk.
"""

from __future__ import annotations

import math

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, Line, Path, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from export.pdf.fonts import BOLD, REGULAR, printable
from models.entities import HandoffKind
from models.map_geometry import (
    LANE_HEADER_WIDTH,
    PHASE_HEADER_HEIGHT,
    card_rect,
    compute_grid,
    route_points,
)
from models.playbook import Playbook
from models.role_edits import accountable_names

MIN_SCALE = 0.42  # below this a card's 15-unit title prints under about 6.3 pt
INK = colors.HexColor("#1b1f27")
MUTED = colors.HexColor("#5b6472")
GRID = colors.HexColor("#d5d9e0")
HEADER = colors.HexColor("#e9ecf1")
BAND = colors.HexColor("#f4f5f8")
ARROW = colors.HexColor("#3d4452")
CROSS = colors.HexColor("#4338ca")
MUTED_ARROW = colors.HexColor("#a0a7b3")
LABEL_CHARS = 30


def _fit(text: str, font: str, size: float, width: float) -> str:
    text = printable(text)
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _wrap(text: str, font: str, size: float, width: float, lines: int) -> list[str]:
    words, out, line = printable(text).split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if stringWidth(trial, font, size) <= width:
            line = trial
            continue
        if line:
            out.append(line)
        line = word
        if len(out) == lines:
            break
    if line and len(out) < lines:
        out.append(line)
    if len(out) == lines and " ".join(out) != " ".join(words):
        out[-1] = _fit(out[-1] + " …", font, size, width)
    return [_fit(item, font, size, width) for item in out]


def _bezier(curve, t: float) -> tuple[float, float]:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = curve
    u = 1 - t
    a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3


def _overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


class MapPicture:
    """The whole map drawn once in scene units, with y pointing up as PDF wants."""

    def __init__(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self.grid = compute_grid(playbook)
        self.width, self.height = self.grid.width, self.grid.height
        self.group = Group()
        self._labels: list = []  # drawn last, over the cards, each where it hides nothing
        self._taken: list[tuple[float, float, float, float]] = [
            self._card(stage.id) for stage in playbook.stages()
        ]
        self._draw_grid()
        self._draw_handoffs()
        self._draw_cards()
        for shape in self._labels:
            self.group.add(shape)

    def as_form(self, canvas) -> str:
        """The map as a PDF form, drawn into the document once however many tiles show it."""
        name = f"journey-map-{id(self)}"
        if not canvas.hasForm(name):
            canvas.beginForm(name, 0, 0, self.width, self.height)
            drawing = Drawing(self.width, self.height)
            drawing.add(self.group)
            renderPDF.draw(drawing, canvas, 0, 0)
            canvas.endForm()
        return name

    def _y(self, y: float) -> float:
        return self.height - y

    def _draw_grid(self) -> None:
        grid, g = self.grid, self.group
        for i, row in enumerate(grid.rows):
            if i % 2:
                g.add(
                    Rect(
                        0, self._y(row.end), grid.width, row.size, fillColor=BAND, strokeColor=None
                    )
                )
            g.add(
                Line(
                    0,
                    self._y(row.end),
                    grid.width,
                    self._y(row.end),
                    strokeColor=GRID,
                    strokeWidth=1,
                )
            )
        for column in grid.columns:
            g.add(Line(column.end, 0, column.end, grid.height, strokeColor=GRID, strokeWidth=1))
        g.add(
            Rect(
                0,
                self._y(PHASE_HEADER_HEIGHT),
                grid.width,
                PHASE_HEADER_HEIGHT,
                fillColor=HEADER,
                strokeColor=None,
            )
        )
        g.add(Rect(0, 0, LANE_HEADER_WIDTH, grid.height, fillColor=HEADER, strokeColor=None))
        for column in grid.columns:
            name = self.playbook.phases[column.id].name
            g.add(
                String(
                    column.start + 12,
                    self._y(PHASE_HEADER_HEIGHT / 2 + 7),
                    _fit(name, BOLD, 20, column.size - 24),
                    fontName=BOLD,
                    fontSize=20,
                    fillColor=INK,
                )
            )
        for row in grid.rows:
            lane = self.playbook.lanes[row.id]
            g.add(
                Rect(
                    0,
                    self._y(row.end),
                    8,
                    row.size,
                    fillColor=colors.HexColor(lane.color),
                    strokeColor=None,
                )
            )
            for n, line in enumerate(_wrap(lane.name, BOLD, 18, LANE_HEADER_WIDTH - 28, 3)):
                g.add(
                    String(
                        20,
                        self._y(row.start + row.size / 2 - 8 + n * 22),
                        line,
                        fontName=BOLD,
                        fontSize=18,
                        fillColor=INK,
                    )
                )

    def _card(self, stage_id: str) -> tuple[float, float, float, float]:
        stage = self.playbook.stage(stage_id)
        return card_rect(self.grid, stage.phase, stage.lane, stage.x, stage.y)

    def _draw_cards(self) -> None:
        g = self.group
        for stage in self.playbook.stages():
            left, top, width, height = self._card(stage.id)
            lane = self.playbook.lanes.get(stage.lane)
            team = colors.HexColor(lane.color) if lane else MUTED
            bottom = self._y(top + height)
            g.add(
                Rect(
                    left,
                    bottom,
                    width,
                    height,
                    rx=8,
                    ry=8,
                    fillColor=colors.white,
                    strokeColor=colors.HexColor("#c3c9d3"),
                    strokeWidth=1.2,
                )
            )
            g.add(Rect(left, bottom, 8, height, fillColor=team, strokeColor=None))
            for n, line in enumerate(_wrap(stage.name, BOLD, 15, width - 28, 2)):
                g.add(
                    String(
                        left + 18,
                        self._y(top + 24 + n * 18),
                        line,
                        fontName=BOLD,
                        fontSize=15,
                        fillColor=INK,
                    )
                )
            accountable = accountable_names(self.playbook, stage.id)
            detail = f"A: {accountable}" if accountable else stage.kind.value.capitalize()
            g.add(
                String(
                    left + 18,
                    self._y(top + 68),
                    _fit(detail, REGULAR, 12, width - 28),
                    fontName=REGULAR,
                    fontSize=12,
                    fillColor=MUTED,
                )
            )
            count = len(self.playbook.activities_of(stage.id))
            g.add(
                String(
                    left + 18,
                    self._y(top + 86),
                    f"{count} activit{'y' if count == 1 else 'ies'}",
                    fontName=REGULAR,
                    fontSize=12,
                    fillColor=MUTED,
                )
            )

    def _draw_handoffs(self) -> None:
        for handoff in self.playbook.handoffs():
            start, first, second, end = route_points(
                self._card(handoff.source), self._card(handoff.target), handoff.kind
            )
            colour, width, dash = ARROW, 2.0, None
            if handoff.kind is HandoffKind.CROSS_TEAM:
                colour, width = CROSS, 3.5
            elif handoff.kind is HandoffKind.RECYCLE:
                dash = [8, 5]
            elif handoff.kind is HandoffKind.DISQUALIFY:
                colour, width, dash = MUTED_ARROW, 1.5, [2, 4]
            path = Path(strokeColor=colour, strokeWidth=width, fillColor=None, strokeDashArray=dash)
            path.moveTo(start[0], self._y(start[1]))
            path.curveTo(
                first[0], self._y(first[1]), second[0], self._y(second[1]), end[0], self._y(end[1])
            )
            self.group.add(path)
            self._arrowhead(second, end, colour)
            self._label(handoff, start, first, second, end, colour)

    def _arrowhead(self, before, end, colour) -> None:
        angle = math.atan2(end[1] - before[1], end[0] - before[0])
        size = 12
        points = [end]
        for turn in (-0.45, 0.45):
            points.append(
                (end[0] - size * math.cos(angle + turn), end[1] - size * math.sin(angle + turn))
            )
        flat = [v for x, y in points for v in (x, self._y(y))]
        self.group.add(Polygon(flat, fillColor=colour, strokeColor=None))

    def _label_spot(self, curve, width: float) -> tuple[float, float]:
        """The first place along or beside the curve where the label covers no card, header or
        other label (as on the canvas); the curve's middle if there is none."""
        for t in (0.5, 0.35, 0.65, 0.2, 0.8):
            x, y = _bezier(curve, t)
            for dy in (0, -30, 30, -60, 60):
                box = (x - width / 2 - 4, y + dy - 15, width + 8, 30)
                if box[0] < LANE_HEADER_WIDTH or box[1] < PHASE_HEADER_HEIGHT:
                    continue
                if not any(_overlap(box, other) for other in self._taken):
                    self._taken.append(box)
                    return x, y + dy
        return _bezier(curve, 0.5)

    def _label(self, handoff, start, first, second, end, colour) -> None:
        trigger = " ".join(handoff.trigger.split())
        sla = f"{handoff.sla_hours:g}h" if handoff.sla_hours else ""
        if not trigger and not sla:
            return
        text = _fit(trigger, REGULAR, 12, 200) if trigger else ""
        text_w = stringWidth(text, REGULAR, 12) if text else 0
        badge_w = stringWidth(sla, BOLD, 12) + 12 if sla else 0
        width = text_w + badge_w + (16 if text else 4)
        mx, my = self._label_spot((start, first, second, end), width)
        left, base = mx - width / 2, self._y(my) - 8
        self._labels.append(
            Rect(
                left,
                base - 4,
                width,
                22,
                rx=6,
                ry=6,
                fillColor=colors.white,
                strokeColor=colour,
                strokeWidth=1,
            )
        )
        if text:
            self._labels.append(
                String(left + 8, base + 2, text, fontName=REGULAR, fontSize=12, fillColor=INK)
            )
        if sla:
            self._labels.append(
                Rect(
                    left + width - badge_w - 3,
                    base - 1,
                    badge_w,
                    16,
                    rx=7,
                    ry=7,
                    fillColor=colour,
                    strokeColor=None,
                )
            )
            self._labels.append(
                String(
                    left + width - badge_w + 3,
                    base + 2,
                    sla,
                    fontName=BOLD,
                    fontSize=12,
                    fillColor=colors.white,
                )
            )


class MapTile(Flowable):
    """One page's window onto the map: the lane names, then a run of whole phase columns,
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
            canvas.restoreState()
            left += width


def _runs(bands, room: float) -> list[tuple[float, float]]:
    """Whole bands grouped into runs no longer than ``room`` (a band longer than that is cut)."""
    runs: list[tuple[float, float]] = []
    for band in bands:
        start, end = band.start, band.end
        while end - start > room:  # too big for one page on its own
            runs.append((start, start + room))
            start += room
        if runs and end - runs[-1][0] <= room and runs[-1][1] == start:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    return runs


def map_tiles(playbook: Playbook, frame_width: float, frame_height: float) -> list[MapTile]:
    """The map fitted to one page if it stays readable; else pages of whole phase columns
    (and lane rows) at the smallest readable scale, each with the lane names repeated."""
    picture = MapPicture(playbook)
    fit = min(frame_width / picture.width, frame_height / picture.height)
    if fit >= MIN_SCALE:
        return [MapTile(picture, fit, [(0, picture.width)], (0, picture.height))]
    scale = MIN_SCALE
    columns = _runs(picture.grid.columns, frame_width / scale - LANE_HEADER_WIDTH)
    rows = _runs(picture.grid.rows, frame_height / scale - PHASE_HEADER_HEIGHT)
    tiles = []
    for row_from, row_to in rows:
        for column_from, column_to in columns:
            # The phase names sit above the first row only; the lane names left of every tile.
            y_range = (0 if row_from == rows[0][0] else row_from, row_to)
            pieces = [(0, LANE_HEADER_WIDTH), (column_from, column_to)]
            tiles.append(MapTile(picture, scale, pieces, y_range))
    return tiles
