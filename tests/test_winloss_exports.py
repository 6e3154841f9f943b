"""“Why we win and lose” in the PDF and on the web page: the matrix, the top drivers with the
buyers' words and the coverage, in the contents and bookmarked, user text shown as typed, and
one sentence when there are no closed deals. No display needed."""

from __future__ import annotations

import dataclasses
import datetime
import io
import re

from journeyapp.export.html.playbook_html import build_html
from journeyapp.export.html.winloss import winloss_section
from journeyapp.export.pdf.playbook_pdf import build_pdf
from journeyapp.models.templates import blank_playbook
from journeyapp.models.winloss import NO_CLOSED_DEALS
from pypdf import PdfReader
from winloss_builders import interviewed_playbook

HOSTILE = "Price <b>too high</b> & <img src='/etc/passwd'/>"


def pdf_text(playbook, sections=("contents", "winloss")) -> tuple[str, bytes, object]:
    data, document = build_pdf(playbook, sections=sections, page_size="a4")
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join((p.extract_text() or "").split()) for p in pages), data, document


def test_pdf_gives_the_matrix_the_drivers_with_quotes_and_the_coverage():
    text, _, _ = pdf_text(interviewed_playbook())
    assert "Across 6 closed deals (2 won, 4 lost), 4 interviews." in text
    assert re.search(r"Price 4 No economic buyer \(2 deals\) Champion sold the business", text)
    assert "lost 3, won 1 · Mid-market 2, SMB 2 · no decision 2, competitor 1" in text
    assert re.search(r"Price 0 2 “Too expensive for what it did” \(Deal 1\)", text)
    assert "Segment Won Interviewed Independent Lost Interviewed Independent" in text
    assert "Mid-market 1 1 1 2 1 1" in text
    assert "All segments 2 1 1 4 2 1" in text


def test_pdf_section_is_in_the_contents_and_bookmarked():
    _, data, document = pdf_text(interviewed_playbook(), ("cover", "contents", "winloss"))
    outline = PdfReader(io.BytesIO(data)).outline
    titles = [item.title for item in outline if hasattr(item, "title")]
    assert "Why we win and lose" in titles
    for title in ("Why we win and lose", "Top decision drivers", "Interview coverage"):
        assert title in document.section_pages


def test_pdf_and_web_page_show_user_text_as_typed():
    playbook = interviewed_playbook()
    deal = playbook.deals["deal-1"]
    playbook.deals.replace(dataclasses.replace(deal, stated_reason=HOSTILE))
    text, _, _ = pdf_text(playbook)
    assert HOSTILE in text
    section = winloss_section(playbook)
    assert "<b>too high</b>" not in section and "<img" not in section
    assert "Price &lt;b&gt;too high&lt;/b&gt; &amp; &lt;img" in section


def test_without_closed_deals_both_say_what_would_fill_the_section():
    text, _, _ = pdf_text(blank_playbook())
    assert " ".join(NO_CLOSED_DEALS.split()) in text
    page = build_html(blank_playbook(), datetime.date(2026, 12, 1))
    assert NO_CLOSED_DEALS in re.sub(r"<[^>]+>", " ", page)


def test_web_page_links_the_section_from_its_contents_with_the_same_figures():
    page = build_html(interviewed_playbook(), datetime.date(2026, 12, 1))
    assert '<a href="#winloss">Why we win and lose</a>' in page
    section = page[page.index('<section id="winloss"') :]
    visible = " ".join(re.sub(r"<[^>]+>", " ", section[: section.index("</section>")]).split())
    assert "Price 4 No economic buyer (2 deals)" in visible
    assert "All segments 2 1 1 4 2 1" in visible


def test_pdf_and_web_page_count_deals_without_a_reason_apart_from_the_reasons():
    playbook = interviewed_playbook()
    won = playbook.deals["deal-5"]
    playbook.deals.replace(dataclasses.replace(won, stated_reason=""))
    said = "1 closed deal (1 won) gave no reason and is left out of the stated reasons; "
    text, _, _ = pdf_text(playbook)
    assert "(no reason stated)" not in text
    assert said in text
    section = winloss_section(playbook)
    assert "(no reason stated)" not in section
    assert said in section
