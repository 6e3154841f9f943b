"""What the map's marks mean (the legend), and the key of its numbered handoffs."""

from __future__ import annotations

from journeyapp.export.pdf.blocks import cells, flush_left, long_table, paragraph
from journeyapp.export.pdf.fonts import BOLD, REGULAR, draw_string, printable, string_width
from journeyapp.export.pdf.map_colours import INK, MUTED
from journeyapp.export.pdf.map_drawing import (
    BADGE_HEIGHT,
    LINE_STYLES,
    PaperMap,
    draw_arrowhead,
    draw_kind_pill,
    draw_team_mark,
)
from journeyapp.export.pdf.map_layout import TEXT_SIZE
from journeyapp.models.entities import StageKind
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

GLYPH = 20.0  # room for the sample mark before each explanation
ITEM_GAP = 10.0
LINE = 11.0


class MapLegend(Flowable):
    """One line (or a few) explaining every line style, badge, pill and team mark."""

    def __init__(self, paper: PaperMap, width: float, tiles: bool = False) -> None:
        super().__init__()
        items: list[tuple[str, object]] = [
            (style.meaning, ("line", kind)) for kind, style in LINE_STYLES.items()
        ]
        items += [
            ("handoff 7 in the key below", ("badge", "7", False)),
            ("handoff 7, which has an SLA", ("badge", "7", True)),
        ]
        if tiles:
            items.append(("7 goes on, or comes from, tile 3", ("badge", "7 → tile 3", False)))
        items += [
            ("accountable", ("text", "A:")),
            ("Entry, Won, Lost, Exit: where the journey starts or ends", ("pill", None)),
        ]
        items += [
            (printable(lane.name), ("team", lane.color, n))
            for n, lane in enumerate(paper.playbook.lanes)
        ]
        self.placed: list[tuple[float, float, str, object, float]] = []
        x, y = 0.0, 0.0
        for text, mark in items:
            glyph = _glyph_width(mark)
            need = glyph + 3 + string_width(text, REGULAR, TEXT_SIZE)
            if x and x + need > width:
                x, y = 0.0, y + LINE
            self.placed.append((x, y, text, mark, glyph))
            x += need + ITEM_GAP
        self.width, self.height = width, y + LINE + 6

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        top = self.height - 6
        for x, y, text, mark, glyph in self.placed:
            base = top - y - 8
            canvas.saveState()
            _draw_glyph(canvas, x, base, glyph, mark)
            canvas.restoreState()
            canvas.setFillColor(INK)
            draw_string(canvas, x + glyph + 3, base + 1, text, REGULAR, TEXT_SIZE)


def _glyph_width(mark) -> float:
    kind = mark[0]
    if kind == "badge":
        return stringWidth(mark[1], BOLD, TEXT_SIZE) + 5
    if kind == "text":
        return stringWidth(mark[1], REGULAR, TEXT_SIZE)
    if kind == "pill":
        return stringWidth("Exit", REGULAR, TEXT_SIZE) + 4
    if kind == "team":
        return 6.0
    return GLYPH


def _draw_glyph(canvas, x: float, base: float, width: float, mark) -> None:
    kind = mark[0]
    if kind == "line":
        style = LINE_STYLES[mark[1]]
        canvas.setStrokeColor(style.colour)
        canvas.setLineWidth(style.width)
        if style.dash:
            canvas.setDash(list(style.dash))
        canvas.line(x, base + 3, x + width - 3, base + 3)
        canvas.setDash()
        draw_arrowhead(canvas, (x, base + 3), (x + width, base + 3), style.colour, lambda y: y)
    elif kind == "badge":
        _, text, filled = mark
        colour = LINE_STYLES[next(iter(LINE_STYLES))].colour
        canvas.setStrokeColor(colour)
        canvas.setLineWidth(0.6)
        canvas.setFillColor(colour if filled else colors.white)
        canvas.roundRect(x, base - 1, width, BADGE_HEIGHT, BADGE_HEIGHT / 2, stroke=1, fill=1)
        canvas.setFillColor(colors.white if filled else INK)
        canvas.setFont(BOLD, TEXT_SIZE)
        canvas.drawCentredString(x + width / 2, base + 1.2, text)
    elif kind == "text":
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, TEXT_SIZE)
        canvas.drawString(x, base + 1, mark[1])
    elif kind == "pill":
        draw_kind_pill(canvas, x + width, base - 1, StageKind.EXIT)
    elif kind == "team":
        draw_team_mark(canvas, x, base - 2, width, 10, mark[1], mark[2])


def contact_process(playbook, handoff) -> str:
    if not handoff.contact_attempts:
        return ""
    text = f"{handoff.contact_attempts} attempts"
    if handoff.contact_days:
        text += f" over {handoff.contact_days} days"
    if handoff.recycle_to and handoff.recycle_to in {s.id for s in playbook.stages()}:
        text += f", then {playbook.stage(handoff.recycle_to).name}"
    return text


KEY_COLUMNS = (26, 210, 260, 36, 180)  # points: the number, then shares of the rest


def handoff_key(paper: PaperMap, frame_w: float) -> list:
    """The numbered handoffs in full: from, to, trigger, SLA and contact process, in a table
    as wide as the page's frame (Letter's landscape frame is narrower than A4's)."""
    playbook = paper.playbook
    rows = [cells(("No.", "From → to", "Trigger", "SLA", "Contact process"), "cell_bold")]
    for handoff in sorted(playbook.handoffs(), key=lambda h: paper.numbers[h.id]):
        rows.append(
            cells(
                (
                    str(paper.numbers[handoff.id]),
                    f"{playbook.stage(handoff.source).name} → {playbook.stage(handoff.target).name}"
                    f" ({handoff.kind.label.lower()})",
                    " ".join(handoff.trigger.split()) or "—",
                    f"{handoff.sla_hours:g} h" if handoff.sla_hours else "—",
                    contact_process(playbook, handoff) or "—",
                ),
                "cell",
            )
        )
    number, *rest = KEY_COLUMNS
    widths = [number, *(width * (frame_w - number) / sum(rest) for width in rest)]
    return [paragraph("Handoffs on the map", "h3"), *flush_left(long_table(rows, widths))]
