"""The handbook's typography: one family, a few sizes, colours that match the app."""

from __future__ import annotations

from functools import cache

from journeyapp.export.pdf.fonts import BOLD, REGULAR, register
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

INK = colors.HexColor("#1b1f27")
MUTED = colors.HexColor("#5b6472")
RULE = colors.HexColor("#c3c9d3")
BAND = colors.HexColor("#f1f3f6")
ACCENT = colors.HexColor("#4338ca")  # the cross-team colour of the map


@cache
def styles() -> dict[str, ParagraphStyle]:
    register()
    body = ParagraphStyle(
        "body",
        fontName=REGULAR,
        fontSize=9.5,
        leading=13.5,
        textColor=INK,
        alignment=TA_LEFT,
        spaceAfter=4,
        splitLongWords=True,
        bulletFontName=REGULAR,  # reportlab's default bullet font is an unembedded Helvetica
    )
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10.5, spaceAfter=0),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8, leading=10, spaceAfter=0),
        "cell_bold": ParagraphStyle(
            "cell_bold", parent=body, fontName=BOLD, fontSize=8, leading=10, spaceAfter=0
        ),
        "bullet": ParagraphStyle(
            "bullet", parent=body, leftIndent=11, bulletIndent=1, spaceAfter=1.5
        ),
        "cell_bullet": ParagraphStyle(
            "cell_bullet",
            parent=body,
            fontSize=8,
            leading=10,
            spaceAfter=1,
            leftIndent=8,
            bulletIndent=0,
        ),
        "history_words": ParagraphStyle(
            "history_words", parent=body, fontSize=8.5, leading=12, leftIndent=11, spaceAfter=3
        ),
        "item": ParagraphStyle(
            "item", parent=body, fontName=BOLD, fontSize=9.5, spaceBefore=5, spaceAfter=2
        ),
        "muted": ParagraphStyle("muted", parent=body, textColor=MUTED, fontSize=8.5, leading=11),
        "label": ParagraphStyle(
            "label",
            parent=body,
            fontName=BOLD,
            fontSize=8.5,
            textColor=MUTED,
            spaceBefore=6,
            spaceAfter=1,
            keepWithNext=True,
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=body,
            fontName=BOLD,
            fontSize=20,
            leading=24,
            spaceBefore=22,  # dropped at the top of a page; parts a section run on below another
            spaceAfter=10,
            keepWithNext=True,
        ),
        "title": ParagraphStyle(
            "title", parent=body, fontName=BOLD, fontSize=20, leading=24, spaceAfter=10
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=BOLD,
            fontSize=13.5,
            leading=17,
            spaceBefore=12,
            spaceAfter=6,
            keepWithNext=True,
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=body,
            fontName=BOLD,
            fontSize=10.5,
            leading=14,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=True,
        ),
        "cover_title": ParagraphStyle(
            "cover_title", parent=body, fontName=BOLD, fontSize=30, leading=36, spaceAfter=12
        ),
        "cover_sub": ParagraphStyle(
            "cover_sub", parent=body, fontSize=13, leading=18, textColor=MUTED, spaceAfter=6
        ),
        "toc1": ParagraphStyle(
            "toc1", parent=body, fontName=BOLD, fontSize=10, leading=15, leftIndent=0
        ),
        "toc2": ParagraphStyle("toc2", parent=body, fontSize=9, leading=13, leftIndent=14),
    }
