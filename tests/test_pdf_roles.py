"""Role pages people pin up, and the cover's sign-offs: read back from the PDF with pypdf."""

from __future__ import annotations

import datetime
import io

import pytest
from journeyapp.export.pdf.cover_signoffs import COVER_ROWS
from journeyapp.export.pdf.playbook_pdf import build_pdf
from journeyapp.models import glossary, operations
from journeyapp.models.change import Kind
from journeyapp.models.entities import Raci, SignOff
from journeyapp.models.templates import load_template
from pypdf import PdfReader
from test_pdf_export import pages_text

DAY = datetime.date(2026, 11, 30)


def role_text(pages: list[str], name: str, page: int = 1) -> str:
    """What one role's page says, from its heading on page ``page`` to the next role's."""
    text = " ".join(pages[page - 1 :])
    start = text.index(f"Your responsibilities: {name}")
    end = text.find("Your responsibilities:", start + 1)
    return text[start : end if end > 0 else None]


def heading_page(document, role) -> int:
    return document.section_pages[f"Your responsibilities: {role.name}"]


def sdr_and_its_handoff(playbook):
    sdr = next(r for r in playbook.roles if r.name == "SDR")
    accepted = next(h for h in playbook.handoffs() if h.contact_attempts and h.sla_hours)
    return sdr, accepted


@pytest.fixture(scope="module")
def sample_roles():
    playbook = load_template("b2b-saas")
    data, document = build_pdf(playbook, today=DAY, page_size="a4")
    return playbook, document, pages_text(data), data


@pytest.mark.parametrize("alone", [False, True], ids=["whole playbook", "--role"])
def test_the_sdr_page_lists_its_consulted_and_informed_items_its_sla_and_contact_process(
    sample_roles, alone
):
    playbook, document, pages, _ = sample_roles
    sdr, accepted = sdr_and_its_handoff(playbook)
    if alone:
        pages = pages_text(build_pdf(playbook, role="SDR", today=DAY, page_size="a4")[0])
    text = role_text(pages, "SDR", 1 if alone else heading_page(document, sdr))
    watched = [a for a in playbook.activities if a.raci.get(sdr.id) in (Raci.C, Raci.I)]
    assert watched, "the sample's SDR is consulted or informed somewhere"
    for activity in watched:
        assert activity.name in text
    assert "Consulted" in text and "Informed" in text
    # The MQL → SQL handoff the SDR receives: 24 hours, six attempts over fourteen days.
    assert (accepted.sla_hours, accepted.contact_attempts) == (24, 6)
    assert playbook.stage(accepted.target).name == "SQL"
    assert "SLA 24 h" in text
    recycle = playbook.stage(accepted.recycle_to).name
    assert f"6 attempts over {accepted.contact_days} days, then {recycle}" in text
    assert accepted.trigger in text
    definition = playbook.definitions.get(accepted.definition)
    assert definition.term in text.split("Definitions it applies")[1]


def test_a_role_exported_alone_names_the_playbook_its_version_and_the_date():
    playbook = load_template("b2b-saas")
    data, _ = build_pdf(playbook, role="Account executive", today=DAY, page_size="letter")
    page = pages_text(data)[0]
    meta = playbook.meta
    assert meta.name in page and f"Version {meta.version}" in page
    assert "exported 2026-11-30" in page
    assert "Your responsibilities: Account executive" in page


def test_short_roles_share_a_page_and_no_role_is_cut_that_would_fit_on_one(sample_roles):
    playbook, document, pages, _ = sample_roles
    first = document.section_pages["Role by role"]
    following = document.section_pages["Handoffs in journey order"]
    assert following - first < len(playbook.roles)
    for role in playbook.roles:
        page = pages[heading_page(document, role) - 1]
        own = page[page.index(f"Your responsibilities: {role.name}") :]
        for activity in playbook.activities:
            if role.id in activity.raci:
                assert activity.name in own, f"{role.name} runs over onto the next page"


def test_a_role_with_nothing_assigned_says_so_in_one_plain_line():
    playbook = load_template("b2b-saas")
    playbook.apply(operations.add_role(playbook, "Chief of Staff"))
    data, _ = build_pdf(playbook, role="Chief of Staff", today=DAY, page_size="a4")
    text = role_text(pages_text(data), "Chief of Staff")
    said = text.split("exported 2026-11-30")[1].split("Page 1 of 1")[0].strip()
    assert said == "Chief of Staff has no part in any activity yet."


def test_the_role_pages_are_in_the_contents_and_bookmarked_under_role_by_role(sample_roles):
    playbook, document, pages, data = sample_roles
    contents = pages[1]
    for role in playbook.roles:
        assert f"Your responsibilities: {role.name}" in contents
    reader = PdfReader(io.BytesIO(data))
    outline = reader.outline
    titles = [getattr(item, "title", None) for item in outline]
    place = titles.index("Role by role")
    nested = outline[place + 1]
    assert [item.title for item in nested] == [
        f"Your responsibilities: {role.name}" for role in playbook.roles
    ]
    for item in nested:
        assert reader.get_destination_page_number(item) + 1 == document.section_pages[item.title]


# -- the cover -------------------------------------------------------------------------------


def test_the_cover_lists_who_signed_each_definition_and_when():
    playbook = load_template("b2b-saas")
    unsigned = playbook.definitions.ids()[1]
    signed = playbook.definitions.ids()[0]
    playbook.apply(
        operations.set_fields(
            playbook,
            Kind.DEFINITION,
            signed,
            sales_signoff=SignOff("Ngozi <Adeyemi> & Co", "2026-11-02"),
        )
    )
    playbook.apply(operations.set_fields(playbook, Kind.DEFINITION, unsigned, sales_signoff=None))
    cover = pages_text(build_pdf(playbook, today=DAY, page_size="a4")[0])[0]
    assert "Agreed by" not in cover
    assert "Ngozi <Adeyemi> & Co, 2026-11-02" in cover
    marketing = playbook.definitions.get(signed).marketing_signoff
    assert f"{marketing.name}, {marketing.date}" in cover
    assert "Not yet signed by sales" in cover
    for definition in playbook.definitions:
        assert definition.term in cover


def test_a_playbook_without_definitions_has_no_sign_off_block_on_its_cover():
    playbook = load_template("b2b-saas")
    playbook.drop_entities(Kind.DEFINITION, playbook.definitions.ids())
    cover = pages_text(build_pdf(playbook, today=DAY, page_size="a4")[0])[0]
    assert "Signed for" not in cover and "Agreed by" not in cover
    assert playbook.meta.name in cover


def test_a_cover_with_many_long_definitions_stays_one_page_and_counts_the_rest():
    playbook = load_template("b2b-saas")
    for n in range(30):
        term = f"Term {n} " + "<b>qualified & accepted</b> " * 6
        playbook.apply(glossary.add_definition(playbook, term.strip()))
    pages = pages_text(build_pdf(playbook, today=DAY, page_size="a4")[0])
    assert "Contents" in pages[1] and "Signed for" not in pages[1], "one cover page"
    more = len(playbook.definitions) - (COVER_ROWS - 1)
    assert f"… and {more} more definitions, 0 of them signed by both teams" in pages[0]
    assert "Term 0 <b>qualified & accepted</b>" in pages[0]
    assert "Not yet signed by marketing" in pages[0]
