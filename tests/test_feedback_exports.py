"""Sales' feedback in the PDF and on the web page: coverage per handoff, quarter and owner with
low shares marked, rejections by reason with their newest comments, user text shown as typed,
and one sentence when there is nothing to show. No display needed."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from builders import tiny_data
from feedback_builders import HOSTILE, feedback_playbook
from journeyapp.export.html.feedback import feedback_section
from journeyapp.export.html.playbook_html import build_html
from journeyapp.export.pdf.feedback import LOW_INK, feedback
from journeyapp.export.pdf.playbook_pdf import build_pdf
from journeyapp.models.codec import playbook_from_dict
from journeyapp.models.feedback_review import NEWEST_SHOWN, NO_LEADS
from journeyapp.models.templates import load_template
from pypdf import PdfReader
from reportlab.lib.colors import HexColor


def pdf_text(playbook, sections=("contents", "feedback")) -> tuple[str, bytes, object]:
    data, document = build_pdf(playbook, sections=sections, page_size="a4")
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join((p.extract_text() or "").split()) for p in pages), data, document


def _flattened(story: list) -> list:
    """Every flowable, with those inside kept-together blocks and table cells."""
    out = []
    for flowable in story:
        out.append(flowable)
        out += _flattened(getattr(flowable, "_content", []))
        out += _flattened([c for row in getattr(flowable, "_cellvalues", []) for c in row])
    return out


# -- the PDF ----------------------------------------------------------------------------------


def test_pdf_gives_the_coverage_per_handoff_quarter_and_owner():
    text, _, _ = pdf_text(feedback_playbook(rejections_for_budget=0))

    assert "Overall: 3 of 5 (60%)." in text
    assert re.search(r"MQL → SQL 5 3 60%, under 80% 1 1 1", text)
    assert re.search(r"2026-Q3 2 0 0%, under 80%", text)
    assert re.search(r"2026-Q4 3 3 100% 1 1 1", text)
    assert re.search(r"Dana 3 3 100%", text) and re.search(r"Lee 2 0 0%, under 80%", text)


def test_pdf_marks_a_share_under_80_percent_in_bold_red_and_no_other():
    fragments = [
        frag
        for flowable in _flattened(feedback(feedback_playbook(rejections_for_budget=0)))
        for frag in getattr(flowable, "frags", [])
    ]
    low = [f for f in fragments if f.text.endswith("under 80%")]
    assert {f.text for f in low} == {"60%, under 80%", "0%, under 80%"}
    assert all(f.textColor == HexColor(LOW_INK) and "Bold" in f.fontName for f in low)
    full = [f for f in fragments if f.text == "100%"]
    assert full and all(f.textColor != HexColor(LOW_INK) for f in full)


def test_pdf_says_a_handoff_with_nothing_handed_over_so():
    playbook = feedback_playbook(rejections_for_budget=0, sql_to_won_cross_team=True)
    text, _, _ = pdf_text(playbook)
    assert "SQL → Won 0 — none handed over" in text


def test_pdf_groups_rejections_by_reason_with_the_newest_comments_and_counts_the_rest():
    extra = NEWEST_SHOWN + 3
    text, _, _ = pdf_text(feedback_playbook(rejections_for_budget=extra))

    budget = text.index(f"No budget: {extra} rejections")
    wrong = text.index("Wrong contact: 1 rejection")
    assert budget < wrong  # the most given first
    shown = text[budget:wrong]
    assert "… and 3 more, older." in shown
    newest = [f"2026-11-{1 + n:02d}" for n in range(extra - NEWEST_SHOWN, extra)]
    oldest = [f"2026-11-{1 + n:02d}" for n in range(extra - NEWEST_SHOWN)]
    assert all(day in shown for day in newest)
    assert not any(day in shown for day in oldest)
    assert "Lead 2 MQL → SQL Sam 2026-11-05" in text[wrong:]


def test_pdf_prints_comments_exactly_as_typed():
    text, _, _ = pdf_text(feedback_playbook())
    assert HOSTILE in text


def test_pdf_feedback_section_is_in_the_contents_and_bookmarked():
    _, data, document = pdf_text(feedback_playbook(), ("cover", "contents", "funnel", "feedback"))
    outline = [item.title for item in PdfReader(io.BytesIO(data)).outline if hasattr(item, "title")]
    assert "Sales' feedback" in outline
    assert "Sales' feedback" in document.section_pages


def test_pdf_of_a_playbook_without_leads_says_what_would_fill_the_section():
    text, _, _ = pdf_text(load_template("b2b-saas"))
    assert "Sales' feedback" in text
    assert " ".join(NO_LEADS.split()) in text


# -- the web page -----------------------------------------------------------------------------


def _visible(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_web_page_gives_the_same_coverage_and_marks_low_shares():
    section = feedback_section(feedback_playbook(rejections_for_budget=0))
    text = _visible(section)
    assert "Overall: 3 of 5 (60%) ." in text
    assert "MQL → SQL 5 3 60%, under 80% 1 1 1" in text
    assert "2026-Q3 2 0 0%, under 80%" in text
    assert "Lee 2 0 0%, under 80%" in text
    assert section.count('class="low"') == 4  # overall, the handoff, Q3 and Lee
    assert '<strong class="low">100%' not in section


def test_web_page_lists_rejections_by_reason_capped_and_escaped():
    extra = NEWEST_SHOWN + 3
    section = feedback_section(feedback_playbook(rejections_for_budget=extra))
    text = _visible(section)
    assert text.index(f"No budget: {extra} rejections") < text.index("Wrong contact: 1 rejection")
    assert "… and 3 more, older." in text
    assert "<b>frozen</b>" not in section and "<img" not in section
    assert "Budget &lt;b&gt;frozen&lt;/b&gt; &amp; &lt;img" in section


def test_web_page_links_the_section_from_its_contents():
    page = build_html(feedback_playbook(), datetime.date(2026, 12, 1))
    assert '<a href="#feedback">Sales\' feedback</a>' in page
    assert '<section id="feedback"' in page


def test_web_page_without_leads_says_what_would_fill_the_section():
    page = build_html(load_template("b2b-saas"), datetime.date(2026, 12, 1))
    section = page[page.index('<section id="feedback"') :]
    assert _visible(section[: section.index("</section>")]).endswith(NO_LEADS)


@pytest.mark.parametrize("builder", [feedback, feedback_section])
def test_a_map_without_cross_team_handoffs_says_why_no_lead_gets_a_verdict(builder):
    data = tiny_data()
    for handoff in data["handoffs"]:
        handoff["kind"] = "progression"
    shown = builder(playbook_from_dict(data))
    words = (
        _visible(shown)
        if isinstance(shown, str)
        else " ".join(getattr(f, "text", "") for f in shown)
    )
    assert "no cross-team handoff" in words
