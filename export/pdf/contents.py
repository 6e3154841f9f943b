"""The table of contents, laid out in one pass.

Every entry is known before layout (the story's headings, in order), so the
contents take their final room from the start. Only the page numbers are
unknown until each heading lands; an entry draws its number as a PDF form that
the heading defines when it is placed (a PDF may use a form before defining
it). The document is therefore laid out once, not once more for the numbers.
"""

from __future__ import annotations

from journeyapp.export.pdf.fonts import REGULAR
from journeyapp.export.pdf.styles import MUTED, styles
from journeyapp.export.pdf.text import Text
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

HEADING_LEVELS = {"h1": 0, "h2": 1}
NUMBER_ROOM = 12 * mm  # the page-number column on the right
LEADER = ". "
LEADER_SIZE = 8


def heading_key(number: int) -> str:
    """The n-th heading's name, the same for its contents entry and its bookmark."""
    return f"section-{number}"


def _number_form(key: str) -> str:
    return f"pageno-{key}"


def is_heading(flowable) -> bool:
    return isinstance(flowable, Paragraph) and flowable.style.name in HEADING_LEVELS


class ContentsEntry(Flowable):
    """One line (or more, for a long title) of the contents: title, leader dots, page."""

    def __init__(self, heading: Paragraph, key: str) -> None:
        super().__init__()
        self.level = HEADING_LEVELS[heading.style.name]
        self.key = key
        style = styles()["toc1" if self.level == 0 else "toc2"]
        self.title = Text(heading.text, style)  # the heading's text is already escaped

    def wrap(self, available_width, available_height):
        self.width = available_width
        _, self.height = self.title.wrap(available_width - NUMBER_ROOM, available_height)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        self.title.drawOn(canvas, 0, 0)
        style = self.title.style
        baseline = style.leading - style.fontSize  # the last line's baseline, from the bottom
        last_line_end = style.leftIndent + _last_line_width(self.title)
        canvas.saveState()
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, LEADER_SIZE)
        number_left = self.width - NUMBER_ROOM + 4
        step = stringWidth(LEADER, REGULAR, LEADER_SIZE)
        dots = int((number_left - last_line_end - 4) // step)
        if dots > 0:
            canvas.drawRightString(number_left, baseline, LEADER * dots)
        canvas.restoreState()
        canvas.saveState()
        canvas.translate(self.width, baseline)
        canvas.doForm(_number_form(self.key))
        canvas.restoreState()
        # The whole entry, title to page number, opens its section.
        canvas.linkRect("", self.key, (0, 0, self.width, self.height), relative=1, thickness=0)


def _last_line_width(paragraph: Paragraph) -> float:
    lines = paragraph.blPara.lines
    if not lines:
        return 0.0
    last = lines[-1]
    extra = last.extraSpace if hasattr(last, "extraSpace") else last[0]
    return paragraph.width - paragraph.style.leftIndent - extra


def define_page_number(canvas: Canvas, key: str, page: int, style_name: str) -> None:
    """Define the form a contents entry shows as the page number of heading ``key``."""
    bold = styles()["toc1"].fontName if HEADING_LEVELS[style_name] == 0 else REGULAR
    canvas.beginForm(_number_form(key), lowerx=-NUMBER_ROOM, lowery=-4, upperx=0, uppery=14)
    canvas.setFont(bold, 9)
    canvas.drawRightString(0, 0, str(page))
    canvas.endForm()


def contents_entries(story: list) -> list[ContentsEntry]:
    headings = [f for f in story if is_heading(f)]
    return [ContentsEntry(h, heading_key(n)) for n, h in enumerate(headings, start=1)]
