"""A short item of a list drawn straight onto the page when it fits on one line.

A big playbook's role pages list thousands of handoffs, most of them a line each; laying
each out as a Paragraph (markup parsed, lines broken, fragments drawn one by one) took
seconds. ``list_item`` gives a OneLine where the text fits, and a Paragraph otherwise, so
a long item still wraps and a web or mail address still becomes a link.
"""

from __future__ import annotations

from journeyapp.export.pdf.fonts import BOLD, FALLBACK, REGULAR, printable, runs, string_width
from journeyapp.export.pdf.text import Text, address_pieces, para
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

Piece = tuple[str, bool]  # some text, and whether it is bold


class OneLine(Flowable):
    def __init__(self, pieces: list[Piece], style: ParagraphStyle) -> None:
        super().__init__()
        self.pieces = pieces
        self.style = style
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter

    def wrap(self, available_width, available_height):
        self.width = available_width
        self.height = self.style.leading
        return self.width, self.height

    def getPlainText(self) -> str:
        return "".join(text for text, _ in self.pieces)

    def draw(self) -> None:
        size = self.style.fontSize
        line = self.canv.beginText(0, self.style.leading - size)  # the first line's baseline
        line.setFillColor(self.style.textColor)
        for text, bold in self.pieces:
            for run, fallback in runs(text):
                line.setFont(FALLBACK if fallback else BOLD if bold else REGULAR, size)
                line.textOut(run)
        self.canv.drawText(line)


def list_item(pieces: list[Piece], style: ParagraphStyle, width: float):
    """A OneLine when the printable pieces fit ``width`` on one line without an address
    in them; otherwise a Paragraph that wraps, with a hanging indent from ``style``."""
    shown = [(printable(text), bold) for text, bold in pieces]
    fits = sum(string_width(t, BOLD if b else REGULAR, style.fontSize) for t, b in shown) <= width
    plain = all("\n" not in t and len(address_pieces(t)) == 1 for t, _ in pieces)
    if fits and plain:
        return OneLine(shown, style)
    markup = "".join(f"<b>{para(t, '')}</b>" if b else para(t, "") for t, b in pieces)
    return Text(markup, style)
