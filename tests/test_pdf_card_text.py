"""The PDF map's cards say who is accountable whole wherever the card has the room."""

from __future__ import annotations

import pytest
from journeyapp.export.pdf.card_text import LOWEST_BASELINE, SMALLEST, card_text
from journeyapp.export.pdf.fonts import REGULAR, register
from journeyapp.export.pdf.map_layout import MIN_CARD_WIDTH, TEXT_SIZE
from reportlab.pdfbase.pdfmetrics import stringWidth

ROOM = MIN_CARD_WIDTH - 9  # the narrowest card's text room (its team band and margins)


@pytest.fixture(autouse=True, scope="module")
def fonts():
    register()


@pytest.mark.parametrize(
    "name, accountable",
    [
        ("Nurture / could not reach", "Sales manager"),
        ("Outbound: target account", "Sales manager"),
        ("Expansion and advocacy", "Customer success manager"),
        ("Customer onboarding", "Customer success manager"),
    ],
)
def test_the_sample_s_cards_print_their_accountable_role_whole(name, accountable):
    text = card_text(name, accountable, ROOM)
    assert " ".join(text.who) == f"A: {accountable}"
    assert text.who_size >= SMALLEST
    assert max(text.who_baselines()) <= LOWEST_BASELINE


def test_a_role_too_long_for_any_size_is_cut_at_the_usual_size():
    text = card_text("Expansion and advocacy", "Chief " * 30 + "officer", ROOM)
    assert text.who[-1].endswith("…") and text.who_size == TEXT_SIZE


def test_the_last_line_keeps_clear_of_the_corner_pill():
    pill = stringWidth("Entry", REGULAR, TEXT_SIZE) + 4
    text = card_text("Outbound: target account", "Sales development representative", ROOM, pill)
    last = text.who[-1]
    assert stringWidth(last, REGULAR, text.who_size) <= ROOM - pill - 2


def test_the_sample_map_page_names_every_accountable_role_whole():
    import io

    from journeyapp.export.pdf.playbook_pdf import build_pdf
    from journeyapp.models.role_edits import accountable_names
    from journeyapp.models.templates import load_template
    from pypdf import PdfReader

    playbook = load_template("b2b-saas")
    data, _ = build_pdf(playbook, sections=("map",), page_size="a4")
    page = " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    assert "…" not in page
    for stage in playbook.stages():
        names = accountable_names(playbook, stage.id)
        if names:
            assert " ".join(f"A: {names}".split()) in page, stage.name
