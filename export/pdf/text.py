"""User text on its way into reportlab: escaped, printable, and broken where it must be.

reportlab's Paragraph reads its text as markup: `<b>x` raises an error and
`<img src=…>` would read a local file. Everything a user typed goes through
``para`` first, so it is shown exactly as typed.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import _FUZZ

from export.pdf.fonts import printable

LONG_WORD = 40  # characters without a space before a break is offered


def _offer_breaks(text: str) -> str:
    """Give very long words (URLs, ids) places to wrap, so they never run off the page."""
    words = text.split(" ")
    if all(len(word) <= LONG_WORD for word in words):
        return text
    return " ".join(
        word
        if len(word) <= LONG_WORD
        else "\u200b".join(word[i : i + 20] for i in range(0, len(word), 20))
        for word in words
    )


def para(text: str | None, empty: str = "—") -> str:
    """Paragraph markup that shows ``text`` literally; line breaks kept."""
    if text is None or not str(text).strip():
        return escape(empty)
    shown = escape(printable(_offer_breaks(str(text))))
    return shown.replace("\n", "<br/>")


class Text(Paragraph):
    """A Paragraph that remembers its lines for the width it was last wrapped to.

    Tables wrap every cell once to size their rows and again to draw them, and
    kept-together blocks wrap their contents before the frame does: without this,
    each paragraph's lines are broken two or three times over.
    """

    def wrap(self, available_width, available_height):
        remembered = self.__dict__.get("_wrapped")
        if remembered is not None and remembered[0] == available_width:
            _, self.width, self.height, self.blPara, self._wrapWidths = remembered
            return self.width, self.height
        size = super().wrap(available_width, available_height)
        if available_width >= _FUZZ:
            lines = (self.width, self.height, self.blPara, self._wrapWidths)
            self._wrapped = (available_width, *lines)
        return size


def fit_text(text: str, font: str, size: float, width: float) -> str:
    text = printable(text)
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
