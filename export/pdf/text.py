"""User text on its way into reportlab: escaped, printable, and broken where it must be.

reportlab's Paragraph reads its text as markup: `<b>x` raises an error and
`<img src=…>` would read a local file. Everything a user typed goes through
``para`` first, so it is shown exactly as typed.
"""

from __future__ import annotations

import re
from unicodedata import bidirectional
from xml.sax.saxutils import escape

from journeyapp.export.pdf.fonts import markup, printable, right_to_left, string_width
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import _FUZZ

LINK_COLOR = "#1f5fa8"
# Only web and mail addresses become links; any other scheme (javascript:, file:, a
# custom app's) stays text the reader can see, and never an action in their PDF viewer.
_LINK = re.compile(r"\b(?:https?://|mailto:)[^\s<>\"]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'"  # sentence punctuation after an address is not part of it
_BARE_SCHEMES = ("http://", "https://", "mailto:")


def _literal(text: str) -> str:
    return markup(printable(text))


def address_pieces(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into pieces, each with whether it is a web or mail address (sentence
    punctuation after an address stays outside it; a bare "https://" is no address)."""
    pieces: list[tuple[str, bool]] = []
    start = 0
    for match in _LINK.finditer(text):
        address = match.group().rstrip(_TRAILING)
        if address.lower() in _BARE_SCHEMES:
            continue
        pieces += [(text[start : match.start()], False), (address, True)]
        start = match.start() + len(address)
    pieces.append((text[start:], False))
    return pieces


def _with_links(text: str) -> str:
    return "".join(
        _link(piece) if is_address else _literal(piece)
        for piece, is_address in address_pieces(text)
    )


def _link(address: str) -> str:
    href = escape(address, {'"': "&quot;"})
    return f'<a href="{href}" color="{LINK_COLOR}">{_literal(address)}</a>'


class RightToLeftMarkup(str):
    """Paragraph markup for text with right-to-left words, carrying the text as typed, so
    ``Text`` can break it into lines in reading order before turning each line."""

    source: str


def para(text: str | None, empty: str = "—") -> str:
    """Paragraph markup that shows ``text`` literally, line breaks kept, and its web and
    mail addresses as links."""
    if text is None or not str(text).strip():
        return escape(empty)
    text = str(text)
    shown = _with_links(text) if (":" in text) else _literal(text)
    shown = shown.replace("\n", "<br/>")
    if text.isascii() or not right_to_left(text):
        return shown
    marked = RightToLeftMarkup(shown)
    marked.source = text
    return marked


def _starts_right_to_left(text: str) -> bool:
    """Whether the first letter that has a direction reads right to left."""
    strong = (bidirectional(c) for c in text)
    return next((kind for kind in strong if kind in ("L", "R", "AL")), "L") != "L"


PARSED_KEPT = 1 << 15  # distinct (markup, style) pairs whose parse is kept
_parsed: dict[tuple[str, int, str | None], tuple[ParagraphStyle, list, str]] = {}


class Text(Paragraph):
    """A Paragraph that remembers its lines for the width it was last wrapped to, and
    parses each markup once per style.

    Tables wrap every cell once to size their rows and again to draw them, and
    kept-together blocks wrap their contents before the frame does: without this,
    each paragraph's lines are broken two or three times over. A big playbook prints
    the same names in its stage pages, its RACI and its role pages; their parsed
    fragments are shared (reportlab only reads them when it lays a paragraph out).
    """

    def __init__(self, text: str, style: ParagraphStyle, bulletText=None, **options) -> None:
        if isinstance(text, RightToLeftMarkup):
            self._right_to_left = text.source
        if options:
            super().__init__(text, style, bulletText, **options)
            return
        key = (text, id(style), bulletText)
        kept = _parsed.get(key)
        if kept is not None and kept[0] is style:
            super().__init__(text, style, bulletText, frags=kept[1])
            self.text = kept[2]
            return
        super().__init__(text, style, bulletText)
        bullet = bulletText or getattr(style, "bulletText", None)
        if self.style is style and self.bulletText == bullet:  # no markup changed them
            if len(_parsed) >= PARSED_KEPT:
                _parsed.clear()
            _parsed[key] = (style, self.frags, self.text)

    def wrap(self, available_width, available_height):
        remembered = self.__dict__.get("_wrapped")
        if remembered is not None and remembered[0] == available_width:
            _, self.width, self.height, self.blPara, self._wrapWidths = remembered
            return self.width, self.height
        source = getattr(self, "_right_to_left", None)
        if source is not None:
            self._lines_in_reading_order(source, available_width)
        size = super().wrap(available_width, available_height)
        if available_width >= _FUZZ:
            lines = (self.width, self.height, self.blPara, self._wrapWidths)
            self._wrapped = (available_width, *lines)
        return size

    def _lines_in_reading_order(self, source: str, available_width: float) -> None:
        """Break ``source`` into lines at this width in reading order, then turn each: reportlab
        breaks the turned text, and a right-to-left paragraph's last words opened it."""
        style = self.style
        width = available_width - style.leftIndent - style.rightIndent
        lines = []
        for part in source.split("\n"):
            lines += wrap_words(part, style.fontName, style.fontSize, width, ALL_LINES) or [""]
        shown = "<br/>".join(markup(line) for line in lines)
        if _starts_right_to_left(source):
            style = _read_from_the_right(style)
        Paragraph.__init__(self, shown, style, self.bulletText)


ALL_LINES = 10_000


def _read_from_the_right(style: ParagraphStyle) -> ParagraphStyle:
    """``style``, its lines set against the right margin, as right-to-left text is read."""
    if style.alignment == TA_RIGHT:
        return style
    kept = _right_styles.get(id(style))
    if kept is None or kept[0] is not style:
        kept = _right_styles[id(style)] = (style, ParagraphStyle(style.name + "-rtl", style))
        kept[1].alignment = TA_RIGHT
    return kept[1]


_right_styles: dict[int, tuple[ParagraphStyle, ParagraphStyle]] = {}


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """Printable ``text`` in ``width``, cut short with "…" where it does not fit. Cut in
    reading order, then turned: a right-to-left name keeps its first words."""
    shown = printable(text)
    if string_width(shown, font, size) <= width:
        return shown
    low, high = 0, len(text)  # the longest prefix that fits with its ellipsis, by halving
    while low < high:
        middle = (low + high + 1) // 2
        if string_width(printable(text[:middle] + "…"), font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return printable(text[:low].rstrip() + "…")


def wrap_words(text: str, font: str, size: float, width: float, lines: int) -> list[str]:
    """Words in at most ``lines`` printable lines of ``width``; the last ends in "…" if text
    is left. Lines are filled in reading order and each turned on its own: turned first, a
    right-to-left name wrapped its first words onto its last line."""
    words, out, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if string_width(printable(trial), font, size) <= width:
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
        out[-1] = out[-1] + " …"
    return [fit_text(item, font, size, width) for item in out]
