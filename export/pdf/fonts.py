"""The embedded DejaVu Sans, so every script the font covers prints, and the rest shows a mark.

The built-in PDF fonts drop non-Latin characters without a word; an embedded
TrueType font carries them, and a character it lacks is swapped for a visible
replacement rather than lost. Right-to-left text is put in visual order first
(python-bidi), since a PDF draws glyphs left to right.
"""

from __future__ import annotations

from functools import cache, lru_cache
from unicodedata import bidirectional

from bidi import get_display
from journeyapp.models.resource_files import resource_path
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
MISSING = "\ufffd"  # the replacement character, which DejaVu Sans has


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


def _right_to_left(line: str) -> bool:
    return any(bidirectional(c) in ("R", "AL") for c in line)


def in_visual_order(text: str) -> str:
    """Each line's right-to-left runs (Hebrew, Arabic) turned to the order they are seen in,
    as a PDF draws glyphs left to right; text extraction turns them back."""
    if text.isascii():
        return text
    return "\n".join(
        get_display(line) if _right_to_left(line) else line for line in text.split("\n")
    )


@lru_cache(maxsize=1 << 16)  # names and terms are drawn again and again in a big playbook
def printable(text: str) -> str:
    """``text`` as it is to be drawn: right-to-left runs in visual order, and every character
    the font lacks replaced by a visible mark."""
    text = in_visual_order(text)
    have = covered()
    if all(ord(c) in have or c in "\n\t" for c in text):
        return text
    return "".join(c if ord(c) in have or c in "\n\t" else MISSING for c in text)
