"""The handbook's pages: portrait and landscape on the chosen paper, a running header,
"page x of y", contents, bookmarks and link destinations.

Each heading, as it is placed, bookmarks itself and defines the page number its
contents entry shows (see ``contents``), so one layout pass makes the whole book.
Pages are written as they are laid out (a bookmark names the page it is on);
each footer shows its "page x of y" as a PDF form defined once the total is known.

Link destinations (``anchors``): a flowable with an ``anchor`` attribute names
the place it is drawn at, so ``<a href="#name">`` links and ``linkRect`` reach it.
"""

from __future__ import annotations

from importlib.metadata import version

from journeyapp.export.pdf.contents import (
    HEADING_LEVELS,
    define_page_number,
    heading_key,
    is_heading,
)
from journeyapp.export.pdf.fonts import REGULAR, draw_string, register
from journeyapp.export.pdf.styles import MUTED, RULE
from journeyapp.export.pdf.text import fit_text
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Frame, PageTemplate, Spacer
from reportlab.platypus.doctemplate import ActionFlowable

MARGIN = 18 * mm
HEADER_ROOM = 4 * mm  # between the top margin and the frame, for the running header
FOOTER_SIZE = 7.5


def frame_size(page_size: tuple[float, float]) -> tuple[float, float]:
    """The width and height the body of a page of ``page_size`` holds."""
    width, height = page_size
    return width - 2 * MARGIN, height - 2 * MARGIN - HEADER_ROOM


def _footer_form(page: int) -> str:
    return f"footer-{page}"


class NumberedCanvas(Canvas):
    """Writes each page as it ends; every footer's "page x of y" is a form filled in at the
    end, once the number of pages is known (a PDF may use a form before defining it)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._footered: list[int] = []
        self.showOutline()  # the document opens with its bookmarks shown

    def footer(self) -> None:
        page = self.getPageNumber()
        self._footered.append(page)
        width, _ = self._pagesize
        self.saveState()
        self.translate(width - MARGIN, 10 * mm)
        self.doForm(_footer_form(page))
        self.restoreState()

    def save(self) -> None:
        total = self.getPageNumber() - 1  # the page after the last has been started
        for page in self._footered:
            self.beginForm(_footer_form(page), lowerx=-200, lowery=-4, upperx=0, uppery=10)
            self.setFont(REGULAR, FOOTER_SIZE)
            self.setFillColor(MUTED)
            self.drawRightString(0, 0, f"Page {page} of {total}")
            self.endForm()
        super().save()


class PlaybookDocument(BaseDocTemplate):
    def __init__(
        self,
        target,
        title: str,
        running_title: str | None = None,
        team_colours: tuple[str, ...] = (),
        page_size: tuple[float, float] = A4,
        **kwargs,
    ) -> None:
        register()  # the canvas starts in the embedded font, never in an unembedded default
        super().__init__(
            target,
            pagesize=page_size,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + HEADER_ROOM,
            bottomMargin=MARGIN,
            title=title,
            creator=f"journeyapp {version('journeyapp')}",
            initialFontName=REGULAR,
            initialFontSize=FOOTER_SIZE,
            initialLeading=FOOTER_SIZE * 1.2,
            displayDocTitle=1,
            **kwargs,
        )
        width, _ = frame_size(page_size)
        self.running_title = fit_text(running_title or title, REGULAR, 7.5, width / 2 - 12)
        self.team_colours = team_colours
        wide = landscape(page_size)

        def body(size, name):  # no padding: text lines up with the running header's edges
            return Frame(MARGIN, MARGIN, *frame_size(size), id=name, **NO_PADDING)

        self.addPageTemplates(
            [
                PageTemplate(
                    "cover", [body(page_size, "cover")], onPage=self._cover_edge, pagesize=page_size
                ),
                PageTemplate(
                    "portrait",
                    [body(page_size, "body")],
                    onPage=self._header,
                    onPageEnd=self._section_in_header,
                    pagesize=page_size,
                ),
                PageTemplate(
                    "landscape",
                    [body(wide, "wide")],
                    onPage=self._header,
                    onPageEnd=self._section_in_header,
                    pagesize=wide,
                ),
            ]
        )
        self.section_pages: dict[str, int] = {}  # heading text → page, for checking the contents

    def open_with(self, template: str) -> None:
        """Lay the first page out on ``template`` instead of the cover's."""
        self._firstPageTemplateIndex = [t.id for t in self.pageTemplates].index(template)

    def _cover_edge(self, canvas: Canvas, doc) -> None:
        """The cover's left edge in the teams' colours, as the lanes run down the map."""
        colours = self.team_colours or ("#4338ca",)
        _, height = canvas._pagesize
        share = height / len(colours)
        canvas.saveState()
        for n, colour in enumerate(colours):
            canvas.setFillColor(HexColor(colour))
            canvas.rect(0, height - (n + 1) * share, 7 * mm, share, stroke=0, fill=1)
        canvas.restoreState()

    def _header(self, canvas: Canvas, doc) -> None:
        self._page_section = self._section  # what a page that opens mid-section is part of
        self._page_started = False
        width, height = canvas._pagesize
        canvas.saveState()
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(MUTED)
        draw_string(canvas, MARGIN, height - 11 * mm, self.running_title, REGULAR, 7.5)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, height - 12.5 * mm, width - MARGIN, height - 12.5 * mm)
        canvas.restoreState()

    def _section_in_header(self, canvas: NumberedCanvas, doc) -> None:
        """The section the page belongs to, right of the title: the one it opens with, or the
        one it continues; and the page's number in the footer."""
        canvas.footer()
        if not self._page_section:
            return
        width, height = canvas._pagesize
        canvas.saveState()
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(MUTED)
        room = (width - 2 * MARGIN) / 2 - 12  # the right half, clear of the title
        section = fit_text(self._page_section, REGULAR, 7.5, room)
        draw_string(canvas, width - MARGIN, height - 11 * mm, section, REGULAR, 7.5, "end")
        canvas.restoreState()

    def beforeDocument(self) -> None:
        self._headings = 0
        self._section = self._page_section = ""
        self._page_started = False

    def afterFlowable(self, flowable) -> None:
        anchor = getattr(flowable, "anchor", None)
        if anchor:
            self.canv.bookmarkPage(anchor, fit="XYZ", left=0, top=self._top_of(flowable))
        if not is_heading(flowable):
            if not isinstance(flowable, (ActionFlowable, CondPageBreak, Spacer)):
                self._page_started = True
            return
        text = flowable.getPlainText()
        self._section = text
        if not self._page_started:
            self._page_section = text
        level = HEADING_LEVELS[flowable.style.name]
        self._headings += 1
        key = heading_key(self._headings)  # counted in the same order as the contents
        self.canv.bookmarkPage(key, fit="XYZ", left=0, top=self._top_of(flowable))
        outline = getattr(flowable, "outline_text", None) or text
        self.canv.addOutlineEntry(outline, key, level=level, closed=level > 0)
        define_page_number(self.canv, key, self.page, flowable.style.name)
        self.section_pages[text] = self.page

    def _top_of(self, flowable) -> float:
        """Where the top of the flowable just placed is on its page, a little above it."""
        return self.frame._y + flowable.getSpaceAfter() + flowable.height + 6


NO_PADDING = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
