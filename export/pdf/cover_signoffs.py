"""The cover's sign-offs: for each definition, who signed it for each team and when.

A cover holds only so much: past COVER_ROWS definitions the table ends with a line that
counts the rest (each is in full, with its sign-offs, under "Definitions").
"""

from __future__ import annotations

from functools import cache

from journeyapp.export.pdf.blocks import cells, paragraph, shortened, table
from journeyapp.export.pdf.styles import MUTED, styles
from journeyapp.export.pdf.text import Text, para
from journeyapp.export.signoffs import TEAMS, is_signed, signoff_words
from journeyapp.models.playbook import Playbook
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Spacer

COVER_ROWS = 12
LONGEST = 80  # characters of a term or a signer's name the cover shows


def signoff_block(playbook: Playbook, width: float) -> list:
    """The sign-off table, or nothing for a playbook without definitions."""
    definitions = list(playbook.definitions)
    if not definitions:
        return []
    shown, rest = definitions[:COVER_ROWS], definitions[COVER_ROWS:]
    if rest:
        shown = definitions[: COVER_ROWS - 1]
        rest = definitions[COVER_ROWS - 1 :]
    rows = [cells(("Definition", *(f"Signed for {t.lower()}" for t in TEAMS)), "cell_bold")]
    for definition in shown:
        rows.append(
            [
                paragraph(shortened(definition.term, LONGEST), "cell_bold"),
                *(_signed(definition, team) for team in TEAMS),
            ]
        )
    term_width = min(160.0, width * 0.34)
    signed_width = (width - term_width) / len(TEAMS)
    agreed = table(rows, [term_width, *[signed_width] * len(TEAMS)])
    story = [Spacer(1, 40), paragraph("Definitions both teams sign", "label"), agreed]
    if rest:
        whole = sum(all(is_signed(d, t) for t in TEAMS) for d in rest)
        story.append(
            paragraph(
                f"… and {len(rest)} more definitions, {whole} of them signed by both teams; "
                "each is listed with its sign-offs under Definitions.",
                "muted",
            )
        )
    return story


def _signed(definition, team: str) -> Text:
    """Who signed, or "Not yet signed by …" in grey, so the gaps show at a glance."""
    words = para(shortened(signoff_words(definition, team), LONGEST))
    return Text(words, styles()["cell"] if is_signed(definition, team) else _unsigned_style())


@cache
def _unsigned_style() -> ParagraphStyle:
    return ParagraphStyle("cell_unsigned", parent=styles()["cell"], textColor=MUTED)
