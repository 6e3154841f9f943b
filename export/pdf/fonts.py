"""The embedded DejaVu Sans, with WenQuanYi Micro Hei for Chinese, Japanese and Korean, so
every script the two cover prints, and the rest shows a mark.

The built-in PDF fonts drop non-Latin characters without a word; an embedded
TrueType font carries them, and a character neither font has is swapped for a visible
replacement rather than lost. Right-to-left text is put in visual order first
(python-bidi), since a PDF draws glyphs left to right.

DejaVu Sans has no Han, kana or Hangul. A run of characters it lacks is drawn in the
fallback font (``runs``): in a Paragraph as a ``<font>`` of its own (``markup``), on the
canvas with ``draw_string`` and measured with ``string_width``. The fallback (5 MB) is read
only for a playbook that has such text.
"""

from __future__ import annotations

from functools import cache, lru_cache
from itertools import groupby
from unicodedata import bidirectional
from xml.sax.saxutils import escape

from bidi import get_display
from journeyapp.models.resource_files import resource_path
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
MISSING = "\ufffd"  # the replacement character, which DejaVu Sans has
FALLBACK = "WenQuanYiMicroHei"  # Han, kana and Hangul, in regular and bold text alike


@cache
def register() -> None:
    pdfmetrics.registerFont(TTFont(REGULAR, str(resource_path("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(BOLD, str(resource_path("fonts", "DejaVuSans-Bold.ttf"))))
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
    )


@cache
def covered() -> frozenset[int]:
    """The code points the regular face has glyphs for."""
    register()
    face = pdfmetrics.getFont(REGULAR).face
    return frozenset(face.charToGlyph)


@cache
def fallback_covered() -> frozenset[int]:
    """The code points the fallback has glyphs for (registered on first use)."""
    path = resource_path("fonts", "wqy-microhei.ttc")
    pdfmetrics.registerFont(TTFont(FALLBACK, str(path), subfontIndex=0))
    pdfmetrics.registerFontFamily(
        FALLBACK, normal=FALLBACK, bold=FALLBACK, italic=FALLBACK, boldItalic=FALLBACK
    )
    return frozenset(pdfmetrics.getFont(FALLBACK).face.charToGlyph)


def _drawn_in_fallback(character: str) -> bool:
    return ord(character) not in covered() and character not in "\n\t"


def right_to_left(line: str) -> bool:
    """Whether ``line`` holds a right-to-left letter (Hebrew, Arabic)."""
    return any(bidirectional(c) in ("R", "AL") for c in line)


def in_visual_order(text: str) -> str:
    """Each line's right-to-left runs (Hebrew, Arabic) turned to the order they are seen in,
    as a PDF draws glyphs left to right; text extraction turns them back. Arabic letters
    first take the joined form their place in the word gives them: a PDF draws each
    character as it is, and reportlab shapes nothing."""
    if text.isascii():
        return text
    return "\n".join(
        get_display(_joined(line)) if right_to_left(line) else line for line in text.split("\n")
    )


def _joined(line: str) -> str:
    if not any("\u0600" <= c <= "\u06ff" for c in line):
        return line
    from arabic_reshaper import reshape  # only a playbook with Arabic in it needs it

    return reshape(line)


@lru_cache(maxsize=1 << 16)  # names and terms are drawn again and again in a big playbook
def printable(text: str) -> str:
    """``text`` as it is to be drawn: right-to-left runs in visual order, and every character
    the font lacks replaced by a visible mark."""
    text = in_visual_order(text)
    have = covered()
    if all(ord(c) in have or c in "\n\t" for c in text):
        return text
    other = fallback_covered()
    out: list[str] = []
    joined = False  # a zero-width joiner just followed a mark: the next symbol is the same one
    flag_half = False  # a flag's first letter was just marked
    for c in text:
        if out and out[-1] == MISSING and (c == _JOINER or c in _MODIFIERS):
            joined = joined or c == _JOINER
            continue  # part of the symbol already marked: one mark for the whole of it
        if ord(c) in have or ord(c) in other or c in "\n\t":
            out.append(c)
            joined = flag_half = False
            continue
        regional = "\U0001f1e6" <= c <= "\U0001f1ff"
        if joined or (regional and flag_half):
            joined = flag_half = False  # the rest of the symbol just marked
            continue
        out.append(MISSING)
        flag_half = regional
    return "".join(out)


# What makes one symbol of several characters: an emoji's skin tone, its text or emoji
# form, a keycap, a flag's tags, and the joiner between the people of a family.
_JOINER = "\u200d"
_MODIFIERS = frozenset(
    [
        *map(chr, range(0x1F3FB, 0x1F400)),
        *map(chr, range(0xE0020, 0xE0080)),
        "\ufe0e",
        "\ufe0f",
        "\u20e3",
    ]
)


def runs(text: str) -> list[tuple[str, bool]]:
    """Printable ``text`` in runs, each with whether it is drawn in the fallback font."""
    if all(map(covered().__contains__, map(ord, text))):
        return [(text, False)]
    return [("".join(run), fallback) for fallback, run in groupby(text, _drawn_in_fallback)]


def needs_fallback(text: str) -> bool:
    """Whether printable ``text`` has a run drawn in the fallback font."""
    pieces = runs(text)
    return len(pieces) > 1 or pieces[0][1]


def markup(text: str) -> str:
    """Printable ``text`` as Paragraph markup: escaped, each fallback run in its own font."""
    return "".join(
        f'<font face="{FALLBACK}">{escape(run)}</font>' if fallback else escape(run)
        for run, fallback in runs(text)
    )


def string_width(text: str, font: str, size: float) -> float:
    """How wide printable ``text`` is drawn in ``font`` (its fallback runs in the fallback)."""
    return sum(
        pdfmetrics.stringWidth(run, FALLBACK if fallback else font, size)
        for run, fallback in runs(text)
    )


def draw_string(
    canvas, x: float, y: float, text: str, font: str, size: float, anchor: str = "start"
) -> None:
    """Draw printable ``text`` at ``x`` ("start"), ending there ("end") or centred on it
    ("middle"), in ``font``, its fallback runs in the fallback; the canvas is left in
    ``font``."""
    if anchor != "start":
        width = string_width(text, font, size)
        x -= width if anchor == "end" else width / 2
    face = font
    for run, fallback in runs(text):
        face = FALLBACK if fallback else font
        canvas.setFont(face, size)
        canvas.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, face, size)
    if face != font:  # the last run was the fallback's
        canvas.setFont(font, size)
