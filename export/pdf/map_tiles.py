"""The journey map on landscape pages: whole on one page while its cards stay readable
(titles 7 pt, the smallest text 6.5 pt), else an overview with an index of tiles, then
tiles cut between phases (then between lanes), each with its own headers.

On A4 landscape one page holds nine card columns and six card rows (7 pt titles): a 25-stage map
of five phases, two cards wide in each, fits; A3 or Tabloid holds fifteen columns.
"""

from __future__ import annotations

from journeyapp.export.pdf.blocks import cells, paragraph, table
from journeyapp.export.pdf.fonts import BOLD, draw_string, printable
from journeyapp.export.pdf.map_colours import INK
from journeyapp.export.pdf.map_drawing import (
    LINE_STYLES,
    MapView,
    PaperMap,
    draw_team_mark,
    tile_destination,
)
from journeyapp.export.pdf.map_layout import (
    MIN_CARD_WIDTH,
    NAME_SIZE,
    Region,
    SlotGrid,
    card_width_for,
    height_for,
    tile_regions,
)
from journeyapp.export.pdf.map_legend import MapLegend, handoff_key
from journeyapp.export.pdf.map_untangle import untangled_view
from journeyapp.export.pdf.text import fit_text
from journeyapp.models.playbook import Playbook
from reportlab.lib import colors
from reportlab.platypus import Flowable, PageBreak

TITLE_ROOM = 22  # a tile's title above it
LEGEND_ROOM = 40
NAMES_ROOM = 12  # the phase names above the overview


def map_story(
    playbook: Playbook, frame_w: float, frame_h: float, link_stages: bool = False
) -> list:
    """The map's flowables after its heading: the map (or overview and tiles), the legend,
    and the key of handoffs."""
    grid = SlotGrid(playbook)
    width = card_width_for(grid.columns, frame_w)
    whole = Region(0, grid.columns, 0, grid.rows)
    if width >= MIN_CARD_WIDTH and height_for(grid.rows) <= frame_h:
        paper = PaperMap(playbook, width)
        view = untangled_view(paper, whole, link_stages)
        story: list = [view, *_unmarked_note(view), MapLegend(paper, frame_w)]
        return story + handoff_key(paper, frame_w)
    regions = tile_regions(grid, frame_w, frame_h - TITLE_ROOM)
    width = min(card_width_for(r.c1 - r.c0, frame_w) for r in regions)
    paper = PaperMap(playbook, width)
    tile_of = {
        stage_id: n + 1
        for n, region in enumerate(regions)
        for stage_id, slot in paper.grid.slots.items()
        if region.holds(slot)
    }
    story = [
        paragraph(
            f"The whole map, cut into {len(regions)} tiles; each tile follows on its own page.",
            "muted",
        ),
        MapOverview(paper, regions, frame_w, frame_h - LEGEND_ROOM - 30),
        MapLegend(paper, frame_w, tiles=True),
        tile_index(paper, regions),
    ]
    for n, region in enumerate(regions):
        title = f"The journey map, tile {n + 1} of {len(regions)}: {_names(paper, region)}"
        story += [PageBreak(), paragraph(title, "h3")]
        view = MapView(paper, region, tile_of, n + 1, link_stages)
        story.append(view)
        story += _unmarked_note(view)
    return story + handoff_key(paper, frame_w)


def _unmarked_note(view: MapView) -> list:
    """The numbers there was no room to draw, named under the map so none goes missing."""
    if not view.unmarked:
        return []
    return [paragraph("No room to mark on this map: " + ", ".join(view.unmarked), "muted")]


def _spans_on(spans, first: int, end: int) -> list[str]:
    return [span.id for span in spans if span.first < end and first < span.end]


def _names(paper: PaperMap, region: Region) -> str:
    phases = _spans_on(paper.grid.phases, region.c0, region.c1)
    lanes = _spans_on(paper.grid.lanes, region.r0, region.r1)
    playbook = paper.playbook
    return (
        ", ".join(printable(playbook.phases[p].name) for p in phases)
        + " · "
        + ", ".join(printable(playbook.lanes[lane].name) for lane in lanes)
    )


def tile_index(paper: PaperMap, regions: list[Region]):
    playbook = paper.playbook
    rows = [cells(("Tile", "Phases", "Lanes", "Stages"), "cell_bold")]
    for n, region in enumerate(regions):
        phases = _spans_on(paper.grid.phases, region.c0, region.c1)
        lanes = _spans_on(paper.grid.lanes, region.r0, region.r1)
        count = sum(1 for slot in paper.grid.slots.values() if region.holds(slot))
        rows.append(
            cells(
                (
                    str(n + 1),
                    ", ".join(playbook.phases[p].name for p in phases),
                    ", ".join(playbook.lanes[lane].name for lane in lanes),
                    str(count),
                )
            )
        )
    return table(rows, [40, 300, 260, 60])


class MapOverview(Flowable):
    """The whole map small, without text on the cards, with the tiles marked and linked."""

    def __init__(self, paper: PaperMap, regions: list[Region], room_w: float, room_h: float):
        super().__init__()
        self.paper, self.regions = paper, regions
        grid = paper.grid
        self.full = Region(0, grid.columns, 0, grid.rows)
        _, _, w, h = paper.geometry.region_box(self.full)
        self.scale = min(room_w / w, (room_h - NAMES_ROOM) / h, 1.0)
        self.width, self.height = w * self.scale, h * self.scale + NAMES_ROOM

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self) -> None:
        canvas, s, g = self.canv, self.scale, self.paper.geometry
        left0, top0, _, _ = g.region_box(self.full)

        def at(x, y):
            return (x - left0) * s, self.height - NAMES_ROOM - (y - top0) * s

        canvas.saveState()
        for route in self.paper.routes:
            style = LINE_STYLES[route.handoff.kind]
            canvas.setStrokeColor(style.colour)
            canvas.setLineWidth(0.3)
            path = canvas.beginPath()
            path.moveTo(*at(*route.points[0]))
            for point in route.points[1:]:
                path.lineTo(*at(*point))
            canvas.drawPath(path, stroke=1, fill=0)
        playbook = self.paper.playbook
        for stage_id, slot in self.paper.grid.slots.items():
            left, top, w, h = g.card(slot)
            x, y = at(left, top + h)
            canvas.setFillColor(colors.white)
            canvas.setStrokeColor(colors.HexColor("#9aa3b0"))
            canvas.setLineWidth(0.3)
            canvas.rect(x, y, w * s, h * s, stroke=1, fill=1)
            lane = playbook.stage(stage_id).lane
            colour = playbook.lanes[lane].color
            draw_team_mark(
                canvas, x, y, max(1.5, 5 * s), h * s, colour, self.paper.team_index[lane]
            )
        for n, region in enumerate(self.regions):
            left, top, w, h = g.region_box(region)
            x, y = at(left, top + h)
            canvas.setStrokeColor(INK)
            canvas.setLineWidth(1.2)
            canvas.rect(x, y, w * s, h * s, stroke=1, fill=0)
            label = f"Tile {n + 1}"
            canvas.setFillColor(INK)
            canvas.rect(x, y + h * s - 13, len(label) * 5.5 + 6, 13, stroke=0, fill=1)
            canvas.setFillColor(colors.white)
            canvas.setFont(BOLD, 9)
            canvas.drawString(x + 3, y + h * s - 10, label)
            canvas.linkRect(
                "", tile_destination(n + 1), (x, y, x + w * s, y + h * s), relative=1, thickness=0
            )
        canvas.setFillColor(INK)
        canvas.setFont(BOLD, NAME_SIZE)
        for span in self.paper.grid.phases:
            x0 = at(g.channel_x(span.first), 0)[0]
            x1 = at(g.channel_x(span.end), 0)[0]
            name = printable(playbook.phases[span.id].name)
            shown = fit_text(name, BOLD, NAME_SIZE, x1 - x0 - 4)
            draw_string(canvas, x0 + 2, self.height - 8, shown, BOLD, NAME_SIZE)
        canvas.restoreState()
