"""The journey map as vector shapes laid out as on the canvas, for the web page.

Phases are columns, lanes are rows, cards carry their team's colour, and handoff arrows
carry their trigger and SLA. ``svg_map`` writes the shapes out as inline SVG; a page of
the web playbook scrolls sideways where a printed page cannot, so it keeps the canvas's
layout (the PDF draws its own, compact one, in ``export/pdf/map_drawing``).
"""

from __future__ import annotations

import math

from journeyapp.export.pdf.fonts import BOLD, REGULAR, string_width
from journeyapp.export.pdf.map_colours import ARROW, CROSS, GRID, HEADER, INK, MUTED
from journeyapp.export.pdf.progress import report_every
from journeyapp.export.pdf.text import fit_text, wrap_words
from journeyapp.models.box_index import BoxIndex
from journeyapp.models.entities import HandoffKind
from journeyapp.models.map_geometry import (
    LANE_HEADER_WIDTH,
    PHASE_HEADER_HEIGHT,
    card_rect,
    compute_grid,
    route_points,
)
from journeyapp.models.playbook import Playbook
from journeyapp.models.role_edits import accountable_names
from reportlab.graphics.shapes import Group, Line, Path, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

PHASE_NAME_SIZE = 20
BAND = colors.HexColor("#f4f5f8")
MUTED_ARROW = colors.HexColor("#a0a7b3")
LABEL_CHARS = 30
# Where a label may sit from its point on the arrow: on it, or above or below it (±80 clears
# a 96-unit card that an arrow leaves from the middle of its side).
LABEL_SHIFTS = [(0, dy) for dy in (0, -30, 30, -60, 60, -80, 80)]


def _bezier(curve, t: float) -> tuple[float, float]:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = curve
    u = 1 - t
    a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3


def _overlap_area(a, b) -> float:
    across = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    down = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return across * down if across > 0 and down > 0 else 0.0


class MapPicture:
    """The whole map drawn once in scene units, with y pointing up as PDF wants."""

    def __init__(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self.grid = compute_grid(playbook)
        self.width, self.height = self.grid.width, self.grid.height
        self.group = Group()
        self._labels: list = []  # drawn last, over the cards, each where it hides nothing
        # Cards and labels (left, top, width, height): labels avoid them, page cuts too.
        self._taken = BoxIndex([self._card(stage.id) for stage in playbook.stages()])
        self._card_count = len(self._taken)
        self._activities = playbook.activities_by_stage()  # one sweep, not one per card
        self._draw_grid()
        self._draw_handoffs()
        self._draw_cards()
        for shape in self._labels:
            self.group.add(shape)

    @property
    def card_boxes(self) -> list[tuple[float, float, float, float]]:
        return self._taken.boxes[: self._card_count]

    @property
    def label_boxes(self) -> list[tuple[float, float, float, float]]:
        return self._taken.boxes[self._card_count :]

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
                    fit_text(name, BOLD, 20, column.size - 24),
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
            for n, line in enumerate(wrap_words(lane.name, BOLD, 18, LANE_HEADER_WIDTH - 28, 3)):
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
            for n, line in enumerate(wrap_words(stage.name, BOLD, 15, width - 28, 2)):
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
            accountable = accountable_names(
                self.playbook, stage.id, self._activities.get(stage.id, [])
            )
            detail = f"A: {accountable}" if accountable else stage.kind.value.capitalize()
            g.add(
                String(
                    left + 18,
                    self._y(top + 68),
                    fit_text(detail, REGULAR, 12, width - 28),
                    fontName=REGULAR,
                    fontSize=12,
                    fillColor=MUTED,
                )
            )
            count = len(self._activities.get(stage.id, ()))
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
        handoffs = self.playbook.handoffs()
        for done, handoff in enumerate(handoffs):
            report_every(done, len(handoffs), "Drawing the map's handoffs")
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
        other label; failing that, the place where it hides least of the cards."""
        best, least = None, None
        boxes = self._taken.boxes
        for t in (0.5, 0.35, 0.65, 0.2, 0.8):
            x, y = _bezier(curve, t)
            beside = width / 2 + 14  # beside a vertical arrow, not over it
            for dx, dy in [*LABEL_SHIFTS, (-beside, 0), (beside, 0)]:
                box = (x + dx - width / 2 - 4, y + dy - 15, width + 8, 30)
                if box[0] < LANE_HEADER_WIDTH or box[1] < PHASE_HEADER_HEIGHT:
                    continue
                # Only the boxes under this spot: a long arrow's whole reach holds far more.
                hits = self._taken.near(box)
                if not hits:
                    self._taken.add(box)
                    return x + dx, y + dy
                hit_cards = [boxes[n] for n in hits if n < self._card_count]
                hit_labels = [boxes[n] for n in hits if n >= self._card_count]
                hidden = (
                    sum(_overlap_area(box, card) for card in hit_cards),
                    sum(_overlap_area(box, other) for other in hit_labels),
                )
                if least is None or hidden < least:
                    best, least = (box, (x + dx, y + dy)), hidden
        if best is None:
            return _bezier(curve, 0.5)
        self._taken.add(best[0])
        return best[1]

    def _label(self, handoff, start, first, second, end, colour) -> None:
        trigger = " ".join(handoff.trigger.split())
        sla = f"{handoff.sla_hours:g}h" if handoff.sla_hours else ""
        if not trigger and not sla:
            return
        text = fit_text(trigger, REGULAR, 12, 200) if trigger else ""
        text_w = string_width(text, REGULAR, 12) if text else 0
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
