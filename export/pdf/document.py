"""The handbook's pages: A4 portrait and landscape, a running header, "page x of y", contents.

Each heading, as it is placed, bookmarks itself and defines the page number its
contents entry shows (see ``contents``), so one layout pass makes the whole book.
"""

from __future__ import annotations

from journeyapp.export.pdf.contents import (
    HEADING_LEVELS,
    define_page_number,
    heading_key,
    is_heading,
)
from journeyapp.export.pdf.fonts import REGULAR
from journeyapp.export.pdf.styles import MUTED, RULE
from journeyapp.export.pdf.text import fit_text
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Frame, PageTemplate, Spacer
from reportlab.platypus.doctemplate import ActionFlowable

MARGIN = 18 * mm


class NumberedCanvas(Canvas):
    """Holds each page back until the end, so every footer can say how many pages there are."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._footer(total)
            super().showPage()
        super().save()

    def _footer(self, total: int) -> None:
        if self._pageNumber == getattr(self, "cover_page", None):
            return  # the cover has no running footer
        width, _ = self._pagesize
        self.setFont(REGULAR, 7.5)
        self.setFillColor(MUTED)
        self.drawRightString(width - MARGIN, 10 * mm, f"Page {self._pageNumber} of {total}")


class PlaybookDocument(BaseDocTemplate):
    def __init__(
        self,
        target,
        title: str,
        running_title: str | None = None,
        team_colours: tuple[str, ...] = (),
        **kwargs,
    ) -> None:
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + 4 * mm,
            bottomMargin=MARGIN,
            title=title,
            **kwargs,
        )
        self.running_title = fit_text(
            running_title or title, REGULAR, 7.5, (A4[0] - 2 * MARGIN) / 2 - 12
        )
        self.team_colours = team_colours
        portrait_frame = Frame(
            MARGIN, MARGIN, A4[0] - 2 * MARGIN, A4[1] - 2 * MARGIN - 4 * mm, id="body"
        )
        wide = landscape(A4)
        landscape_frame = Frame(
            MARGIN, MARGIN, wide[0] - 2 * MARGIN, wide[1] - 2 * MARGIN - 4 * mm, id="wide"
        )
        self.addPageTemplates(
            [
                PageTemplate("cover", [portrait_frame], onPage=self._cover_edge, pagesize=A4),
                PageTemplate(
                    "portrait",
                    [portrait_frame],
                    onPage=self._header,
                    onPageEnd=self._section_in_header,
                    pagesize=A4,
                ),
                PageTemplate(
                    "landscape",
                    [landscape_frame],
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
        canvas.cover_page = canvas.getPageNumber()
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
        canvas.drawString(MARGIN, height - 11 * mm, self.running_title)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, height - 12.5 * mm, width - MARGIN, height - 12.5 * mm)
        canvas.restoreState()

    def _section_in_header(self, canvas: Canvas, doc) -> None:
        """The section the page belongs to, right of the title: the one it opens with, or the
        one it continues."""
        if not self._page_section:
            return
        width, height = canvas._pagesize
        canvas.saveState()
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(MUTED)
        room = (width - 2 * MARGIN) / 2 - 12  # the right half, clear of the title
        section = fit_text(self._page_section, REGULAR, 7.5, room)
        canvas.drawRightString(width - MARGIN, height - 11 * mm, section)
        canvas.restoreState()

    def beforeDocument(self) -> None:
        self._headings = 0
        self._section = self._page_section = ""
        self._page_started = False

    def afterFlowable(self, flowable) -> None:
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
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
        define_page_number(self.canv, key, self.page, flowable.style.name)
        self.section_pages[text] = self.page
