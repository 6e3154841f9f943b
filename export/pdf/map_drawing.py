"""The journey map drawn for paper: a window (the whole map, or one tile) onto the slot grid.

Phases are columns, lanes are rows, each card carries its team's colour and
pattern, and each handoff is an arrow in the gaps between cards with its number
on it (the key after the map gives its trigger, SLA and contact process). A tile
draws only what lies on it: an arrow to or from another tile stops at the edge
with a marker naming that tile. All geometry is worked out before drawing, in
the view's own points with y down, so tests can check it.
"""

from __future__ import annotations

import itertools

from journeyapp.export.pdf.anchors import map_anchor, stage_anchor
from journeyapp.export.pdf.card_text import FIRST_BASELINE, TITLE_PITCH, card_text
from journeyapp.export.pdf.fonts import BOLD, REGULAR, draw_string, printable, register
from journeyapp.export.pdf.map_colours import ARROW, CROSS, GRID, HEADER, INK, MUTED
from journeyapp.export.pdf.map_layout import (
    GAP_X,
    GAP_Y,
    LANE_HEADER,
    NAME_SIZE,
    PHASE_HEADER,
    TEXT_SIZE,
    PaperGeometry,
    Region,
    SlotGrid,
)
from journeyapp.export.pdf.map_routes import Point, Route, route_all
from journeyapp.export.pdf.text import fit_text
from journeyapp.models.box_index import BoxIndex, overlap
from journeyapp.models.entities import HandoffKind, StageKind
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.playbook import Playbook
from journeyapp.models.role_edits import accountable_names
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

BAND = colors.HexColor("#f6f7f9")
CARD_EDGE = colors.HexColor("#9aa3b0")
MUTED_ARROW = colors.HexColor("#8a93a0")
TEAM_BAND = 5.0
ARROWHEAD = 4.0
BADGE_HEIGHT = 8.5
MAX_PIECES = 4  # stretches of an arrow tried for its label
# Where along a stretch a number may sit, best first: its middle, then the quarters, then
# the eighths, so a stretch shared with another arrow's corridor still finds a clear spot.
ALONG_WHOLE = (0.5, 0.25, 0.75, 0.125, 0.375, 0.625, 0.875)
LINE_CLEARANCE = 0.5  # points between a number and another handoff's line
PIECE = 24.0  # points: arrows are indexed in pieces this long
ENDING_KINDS = (StageKind.ENTRY, StageKind.WON, StageKind.LOST, StageKind.EXIT)


@frozen_record
class LineStyle:
    colour: colors.Color
    width: float
    dash: tuple[float, ...] | None
    meaning: str


LINE_STYLES = {
    HandoffKind.PROGRESSION: LineStyle(ARROW, 0.9, None, "moves on"),
    HandoffKind.CROSS_TEAM: LineStyle(CROSS, 1.8, None, "to another team (thick)"),
    HandoffKind.RECYCLE: LineStyle(ARROW, 0.9, (3, 2), "recycled (dashed)"),
    HandoffKind.DISQUALIFY: LineStyle(MUTED_ARROW, 0.9, (0.6, 1.6), "disqualified (dotted)"),
}


def draw_team_mark(canvas, x: float, y: float, width: float, height: float, colour, n: int):
    """A team's colour with its pattern over it, so teams differ in black and white too:
    plain, stripes, dots, diagonals, then again with a white edge line."""
    canvas.saveState()
    canvas.setFillColor(colors.HexColor(colour) if isinstance(colour, str) else colour)
    canvas.rect(x, y, width, height, stroke=0, fill=1)
    canvas.setStrokeColor(colors.white)
    canvas.setFillColor(colors.white)
    canvas.setLineWidth(0.7)
    kind = n % 4
    if kind == 1:
        step = 2.6
        line = y + step / 2
        while line < y + height:
            canvas.line(x, line, x + width, line)
            line += step
    elif kind == 2:
        step = 2.6
        cy = y + step / 2
        while cy < y + height:
            cx = x + step / 2
            while cx < x + width:
                canvas.circle(cx, cy, 0.55, stroke=0, fill=1)
                cx += step
            cy += step
    elif kind == 3:
        path = canvas.beginPath()
        step = 3.0
        offset = -width
        while offset < height:
            # The line y = x + offset across the rectangle, clipped to it.
            x1, y1 = 0.0, offset
            x2, y2 = width, offset + width
            if y1 < 0:
                x1, y1 = -y1, 0.0
            if y2 > height:
                x2, y2 = x2 - (y2 - height), height
            if x1 < x2:
                path.moveTo(x + x1, y + y1)
                path.lineTo(x + x2, y + y2)
            offset += step
        canvas.drawPath(path, stroke=1, fill=0)
    if n >= 4:  # the fifth team on: the same patterns with a white line down the middle
        canvas.setLineWidth(1.0)
        canvas.line(x + width / 2, y, x + width / 2, y + height)
    canvas.restoreState()


class PaperMap:
    """The playbook's map laid out once for paper: slots, card size, routes, numbers."""

    def __init__(self, playbook: Playbook, card_width: float) -> None:
        register()  # the fonts the labels are measured in
        self.playbook = playbook
        self.grid = SlotGrid(playbook)
        self.geometry = PaperGeometry(self.grid, card_width)
        self.numbers = handoff_numbers(playbook)
        handoffs = sorted(playbook.handoffs(), key=lambda h: self.numbers[h.id])
        self.routes = route_all(handoffs, self.grid.slots, self.geometry)
        self.team_index = {lane.id: n for n, lane in enumerate(playbook.lanes)}
        activities = playbook.activities_by_stage()
        self.accountable = {
            s.id: accountable_names(playbook, s.id, activities.get(s.id, []))
            for s in playbook.stages()
        }


def handoff_numbers(playbook: Playbook) -> dict[str, int]:
    """Handoff id → its number on the map: in journey order of the source, then target."""
    order = {s.id: n for n, s in enumerate(playbook.stages_in_journey_order())}
    ranked = sorted(
        playbook.handoffs(), key=lambda h: (order.get(h.source, 0), order.get(h.target, 0), h.id)
    )
    return {h.id: n + 1 for n, h in enumerate(ranked)}


@frozen_record
class Label:
    box: tuple[float, float, float, float]  # left, top, width, height (view points, y down)
    text: str
    style: LineStyle
    filled: bool  # a filled badge: the handoff has an SLA
    handoff_id: str = ""


class MapView(Flowable):
    """One page's map: its lane and phase headers, its cards, and its arrows."""

    def __init__(
        self,
        paper: PaperMap,
        region: Region,
        tile_of: dict[str, int] | None = None,
        number: int | None = None,
        link_stages: bool = False,
    ) -> None:
        super().__init__()
        self.paper, self.region, self.number = paper, region, number
        self.link_stages = link_stages
        geometry = paper.geometry
        left, top, width, height = geometry.region_box(region)
        self._dx, self._dy = LANE_HEADER - left, PHASE_HEADER - top
        self.width, self.height = LANE_HEADER + width, PHASE_HEADER + height
        slots = paper.grid.slots
        self.stages = [
            s for s in paper.playbook.stages() if region.holds(slots.get(s.id, (-1, -1)))
        ]
        self.cards = {s.id: self._local_box(geometry.card(slots[s.id])) for s in self.stages}
        self.lines: list[tuple[Route, list[Point], str]] = []  # route, points, "whole"/"out"/"in"
        inside = set(self.cards)
        for route in paper.routes:
            source_in, target_in = route.handoff.source in inside, route.handoff.target in inside
            points = [self._local(p) for p in route.points]
            if source_in and target_in:
                self.lines.append((route, points, "whole"))
            elif source_in:
                self.lines.append((route, self._clipped(points), "out"))
            elif target_in:
                self.lines.append((route, self._clipped(points[::-1])[::-1], "in"))
        self.unmarked: list[str] = []  # markers with no free place on the tile
        self.labels = self._place_labels(tile_of or {})

    # -- geometry -------------------------------------------------------------------------

    def _local(self, point: Point) -> Point:
        return point[0] + self._dx, point[1] + self._dy

    def _local_box(self, box):
        return box[0] + self._dx, box[1] + self._dy, box[2], box[3]

    def _clipped(self, points: list[Point]) -> list[Point]:
        """The route from its first point as far as it stays on this view."""
        x0, y0, x1, y1 = LANE_HEADER, PHASE_HEADER, self.width, self.height
        kept = [points[0]]
        for a, b in itertools.pairwise(points):
            if x0 <= b[0] <= x1 and y0 <= b[1] <= y1:
                kept.append(b)
                continue
            bx = min(max(b[0], x0), x1)
            by = min(max(b[1], y0), y1)
            kept.append((bx, a[1]) if a[1] == b[1] else (a[0], by))
            break
        return kept

    def segments(self) -> list[tuple[str, Point, Point]]:
        """Every drawn stretch of arrow: (handoff id, from, to)."""
        return [
            (route.handoff.id, a, b)
            for route, points, _ in self.lines
            for a, b in itertools.pairwise(points)
        ]

    def numbers_on_lines(self) -> list[tuple[str, str]]:
        """(the handoff whose number, the handoff whose line) for each number that lies on
        another handoff's line."""
        found = []
        for label in self.labels:
            near = _grown(label.box, LINE_CLEARANCE)
            crossed = {
                handoff_id
                for handoff_id, a, b in self.segments()
                if handoff_id != label.handoff_id and overlap(near, _segment_box(a, b))
            }
            found += [(label.handoff_id, handoff_id) for handoff_id in sorted(crossed)]
        return found

    def _place_labels(self, tile_of: dict[str, int]) -> list[Label]:
        taken = BoxIndex([_grown(box, 1.0) for box in self.cards.values()], PIECE)
        cards = len(taken)
        owners: list[str] = []
        strokes = BoxIndex(bucket=PIECE)
        for handoff_id, a, b in self.segments():
            for piece in _pieces(a, b):  # short pieces: a long arrow is near few labels
                strokes.add(_segment_box(*piece))
                owners.append(handoff_id)
        for _, points, _ in self.lines:  # arrowheads stay visible, one's own too
            x, y = points[-1]
            taken.add((x - ARROWHEAD - 1, y - ARROWHEAD - 1, 2 * ARROWHEAD + 2, 2 * ARROWHEAD + 2))
        labels = []
        for route, points, how in self.lines:
            handoff = route.handoff
            text = str(self.paper.numbers[handoff.id])
            if how == "out":
                text += f" → tile {tile_of.get(handoff.target, '?')}"
            elif how == "in":
                text += f" from tile {tile_of.get(handoff.source, '?')}"
            font = BOLD
            width = stringWidth(text, font, TEXT_SIZE) + 3.5
            box = self._label_spot(points, how, width, taken, cards, strokes, owners, handoff.id)
            if box is None:  # a crowded tile: named under it rather than drawn over a card
                self.unmarked.append(text)
                continue
            taken.add(box)
            style = LINE_STYLES[handoff.kind]
            labels.append(Label(box, text, style, bool(handoff.sla_hours), handoff.id))
        return labels

    def _label_spot(self, points, how, width, taken, cards, strokes, owners, own):
        height = BADGE_HEIGHT
        pieces = list(itertools.pairwise(points))
        if how == "out":
            pieces = pieces[::-1]  # the marker goes where the arrow leaves the page
        elif how == "whole":
            pieces = sorted(pieces, key=lambda p: -abs(p[1][0] - p[0][0]) - abs(p[1][1] - p[0][1]))
        best, least = None, None
        for a, b in pieces[:MAX_PIECES]:
            along = ALONG_WHOLE if how == "whole" else (0.85, 0.5, 0.15)
            if how == "in":
                along = tuple(1 - t for t in along)[::-1]
            for t in along:
                x, y = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
                vertical = abs(a[0] - b[0]) < 0.01
                shifts = [(0, 0)]
                nudges = (-3.0, 3.0)  # the gap's middle may be off the track
                if vertical:
                    shifts += [(d, 0) for d in nudges]
                    shifts += [(width / 2 + 1.5, 0), (-width / 2 - 1.5, 0)]
                else:
                    shifts += [(0, d) for d in nudges]
                    shifts += [(0, -height / 2 - 1.5), (0, height / 2 + 1.5)]
                for dx, dy in shifts:
                    box = (x + dx - width / 2, y + dy - height / 2, width, height)
                    if not self._inside(box):
                        continue
                    hits = taken.near(box)
                    cost = 100 * sum(1 for n in hits if n < cards) + 10 * sum(
                        1 for n in hits if n >= cards
                    )
                    if least is not None and cost >= least:
                        continue  # no better than a spot found already, whatever it crosses
                    clear = _grown(box, LINE_CLEARANCE)
                    cost += sum(1 for n in strokes.near(clear) if owners[n] != own)
                    if cost == 0:
                        return box
                    if least is None or cost < least:
                        best, least = box, cost
        if least is not None and (least >= 100 or (how != "whole" and least >= 10)):
            return None  # it would hide a card (or, for an off-tile marker, a label)
        if best is None:
            x, y = points[len(points) // 2]
            best = (x - width / 2, y - height / 2, width, height)
        return best

    def _inside(self, box) -> bool:
        return (
            box[0] >= LANE_HEADER
            and box[1] >= PHASE_HEADER
            and box[0] + box[2] <= self.width
            and box[1] + box[3] <= self.height
        )

    # -- drawing --------------------------------------------------------------------------

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def _y(self, y: float) -> float:
        return self.height - y

    def draw(self) -> None:
        canvas = self.canv
        if self.number is not None:
            canvas.bookmarkPage(tile_destination(self.number))
        self._draw_grid(canvas)
        for route, points, how in self.lines:
            self._draw_line(canvas, route, points, how)
        for stage in self.stages:
            self._draw_card(canvas, stage)
        for label in self.labels:
            self._draw_label(canvas, label)

    def _draw_grid(self, canvas) -> None:
        region, grid, g = self.region, self.paper.grid, self.paper.geometry
        playbook = self.paper.playbook
        canvas.saveState()
        canvas.setLineWidth(0.5)
        for span in grid.lanes:
            r0, r1 = max(span.first, region.r0), min(span.end, region.r1)
            if r0 >= r1:
                continue
            top = PHASE_HEADER + (r0 - region.r0) * g.pitch_y
            bottom = PHASE_HEADER + (r1 - region.r0) * g.pitch_y + (0 if r1 < region.r1 else GAP_Y)
            bottom = min(bottom, self.height)
            if self.paper.team_index[span.id] % 2:
                canvas.setFillColor(BAND)
                canvas.rect(
                    LANE_HEADER,
                    self._y(bottom),
                    self.width - LANE_HEADER,
                    bottom - top,
                    stroke=0,
                    fill=1,
                )
            canvas.setFillColor(HEADER)
            canvas.rect(0, self._y(bottom), LANE_HEADER, bottom - top, stroke=0, fill=1)
            lane = playbook.lanes[span.id]
            draw_team_mark(
                canvas,
                0,
                self._y(bottom),
                5,
                bottom - top,
                lane.color,
                self.paper.team_index[span.id],
            )
            name = printable(lane.name) + (" (cont.)" if span.first < region.r0 else "")
            canvas.saveState()
            canvas.translate(LANE_HEADER - 5, self._y(bottom) + 3)
            canvas.rotate(90)
            canvas.setFillColor(INK)
            shown = fit_text(name, BOLD, NAME_SIZE, bottom - top - 6)
            draw_string(canvas, 0, 0, shown, BOLD, NAME_SIZE)
            canvas.restoreState()
            canvas.setStrokeColor(GRID)
            canvas.line(0, self._y(bottom), self.width, self._y(bottom))
        canvas.setFillColor(HEADER)
        canvas.rect(0, self._y(PHASE_HEADER), self.width, PHASE_HEADER, stroke=0, fill=1)
        for span in grid.phases:
            c0, c1 = max(span.first, region.c0), min(span.end, region.c1)
            if c0 >= c1:
                continue
            left = LANE_HEADER + (c0 - region.c0) * g.pitch_x
            right = LANE_HEADER + (c1 - region.c0) * g.pitch_x + (0 if c1 < region.c1 else GAP_X)
            right = min(right, self.width)
            name = printable(playbook.phases[span.id].name)
            if span.first < region.c0:
                name += " (continued)"
            canvas.setFillColor(INK)
            shown = fit_text(name, BOLD, NAME_SIZE + 1, right - left - 10)
            draw_string(canvas, left + 6, self._y(PHASE_HEADER - 5), shown, BOLD, NAME_SIZE + 1)
            if c1 < region.c1:
                canvas.setStrokeColor(GRID)
                canvas.line(right, 0, right, self.height)
        canvas.restoreState()

    def _draw_card(self, canvas, stage) -> None:
        left, top, width, height = self.cards[stage.id]
        bottom = self._y(top + height)
        canvas.saveState()
        canvas.setFillColor(colors.white)
        canvas.setStrokeColor(CARD_EDGE)
        canvas.setLineWidth(0.6)
        canvas.roundRect(left, bottom, width, height, 2.5, stroke=1, fill=1)
        lane = self.paper.playbook.lanes.get(stage.lane)
        draw_team_mark(
            canvas,
            left + 0.3,
            bottom + 0.3,
            TEAM_BAND,
            height - 0.6,
            lane.color if lane else MUTED,
            self.paper.team_index.get(stage.lane, 0),
        )
        pill = pill_width(stage.kind) if stage.kind in ENDING_KINDS else 0.0
        accountable = self.paper.accountable.get(stage.id) or ""
        text = card_text(stage.name, accountable, width - TEAM_BAND - 5, pill)
        x = left + TEAM_BAND + 3
        canvas.setFillColor(INK)
        for n, line in enumerate(text.title):
            draw_string(
                canvas, x, self._y(top + FIRST_BASELINE + n * TITLE_PITCH), line, BOLD, NAME_SIZE
            )
        canvas.setFillColor(MUTED)
        for line, baseline in zip(text.who, text.who_baselines(), strict=True):
            draw_string(canvas, x, self._y(top + baseline), line, REGULAR, text.who_size)
        if stage.kind in ENDING_KINDS:
            draw_kind_pill(canvas, left + width - 2, self._y(top + height - 1.5), stage.kind)
        # Where a stage section's "on the map" link lands (see export/pdf/anchors.py).
        canvas.bookmarkHorizontal(map_anchor(stage.id), left - 12, bottom + height + 12)
        if self.link_stages:
            canvas.linkRect(
                "",
                stage_anchor(stage.id),
                (left, bottom, left + width, bottom + height),
                relative=1,
                thickness=0,
            )
        canvas.restoreState()

    def _draw_line(self, canvas, route, points, how) -> None:
        style = LINE_STYLES[route.handoff.kind]
        canvas.saveState()
        canvas.setStrokeColor(style.colour)
        canvas.setLineWidth(style.width)
        if style.dash:
            canvas.setDash(list(style.dash))
        path = canvas.beginPath()
        path.moveTo(points[0][0], self._y(points[0][1]))
        for x, y in points[1:]:
            path.lineTo(x, self._y(y))
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.setDash()
        if len(points) >= 2:
            draw_arrowhead(canvas, points[-2], points[-1], style.colour, self._y)
        canvas.restoreState()

    def _draw_label(self, canvas, label: Label) -> None:
        left, top, width, height = label.box
        canvas.saveState()
        canvas.setStrokeColor(label.style.colour)
        canvas.setLineWidth(0.6)
        canvas.setFillColor(label.style.colour if label.filled else colors.white)
        canvas.roundRect(left, self._y(top + height), width, height, height / 2, stroke=1, fill=1)
        canvas.setFillColor(colors.white if label.filled else INK)
        canvas.setFont(BOLD, TEXT_SIZE)
        canvas.drawCentredString(left + width / 2, self._y(top + height - 2.2), label.text)
        canvas.restoreState()


def tile_destination(number: int) -> str:
    return f"map-tile-{number}"


def draw_arrowhead(canvas, before: Point, end: Point, colour, flip) -> None:
    dx, dy = end[0] - before[0], end[1] - before[1]
    length = max(0.01, (dx * dx + dy * dy) ** 0.5)
    ux, uy = dx / length, dy / length
    size = min(ARROWHEAD, length)
    back = (end[0] - ux * size, end[1] - uy * size)
    half = size * 0.55
    corners = [
        end,
        (back[0] - uy * half, back[1] + ux * half),
        (back[0] + uy * half, back[1] - ux * half),
    ]
    path = canvas.beginPath()
    path.moveTo(corners[0][0], flip(corners[0][1]))
    for x, y in corners[1:]:
        path.lineTo(x, flip(y))
    path.close()
    canvas.setFillColor(colour)
    canvas.drawPath(path, stroke=0, fill=1)


def pill_width(kind: StageKind) -> float:
    return stringWidth(kind.value.capitalize(), REGULAR, TEXT_SIZE) + 4


def draw_kind_pill(canvas, right: float, bottom: float, kind: StageKind) -> None:
    """ "Entry", "Won", "Lost" or "Exit" in the card's corner: where the journey starts or ends."""
    text = kind.value.capitalize()
    width = pill_width(kind)
    canvas.setStrokeColor(MUTED)
    canvas.setFillColor(colors.white)
    canvas.setLineWidth(0.5)
    canvas.roundRect(right - width, bottom, width, 7.5, 2, stroke=1, fill=1)
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, TEXT_SIZE)
    canvas.drawString(right - width + 2, bottom + 1.8, text)


def _pieces(a: Point, b: Point) -> list[tuple[Point, Point]]:
    count = max(1, int(max(abs(b[0] - a[0]), abs(b[1] - a[1])) // PIECE))
    points = [
        (a[0] + (b[0] - a[0]) * k / count, a[1] + (b[1] - a[1]) * k / count)
        for k in range(count + 1)
    ]
    return list(itertools.pairwise(points))


def _grown(box, by: float):
    return box[0] - by, box[1] - by, box[2] + 2 * by, box[3] + 2 * by


def _segment_box(a: Point, b: Point):
    left, top = min(a[0], b[0]), min(a[1], b[1])
    return left - 0.6, top - 0.6, abs(a[0] - b[0]) + 1.2, abs(a[1] - b[1]) + 1.2
