"""The printed and the web playbook show marketing's commitment, who signed it, and the
period's actual volumes and rates with their intervals."""

from __future__ import annotations

from html import unescape

from funnel_builders import funnel_playbook, lead, path
from journeyapp.export.html.playbook_html import build_html
from journeyapp.export.pdf.playbook_pdf import build_pdf

from tests.test_pdf_export import pages_text

SIGNED = {"name": "Ana Ruiz", "date": "2026-10-01"}


def _committed():
    leads = [lead(n, path("2026-10-01", "mql", *(["sql"] if n < 9 else []))) for n in range(30)]
    commitment = {
        "id": "c-q4",
        "period": "2026-Q4",
        "volumes": {"mql": 400, "sql": 150},
        "marketing_signoff": SIGNED,
    }
    return funnel_playbook(leads, commitments=[commitment])


def test_the_web_page_shows_the_commitment_who_signed_and_the_actuals_with_intervals():
    page = unescape(build_html(_committed()))
    section = page[page.index('<section id="funnel"') :]
    section = section[: section.index("</section>")]
    assert "Marketing's commitment for 2026-Q4" in section
    assert "Marketing: Ana Ruiz, 2026-10-01" in section
    assert "Not yet signed by sales" in section
    assert '<th scope="row">MQL</th><td>400</td><td>30</td><td>30% (18–45%, n=30)</td>' in section
    assert '<a href="#funnel">' in page  # listed in the contents


def test_the_pdf_funnel_section_shows_the_commitment_and_the_actuals_with_intervals():
    pages = pages_text(build_pdf(_committed(), sections=("funnel",))[0])
    text = " ".join(" ".join(pages).split())
    assert "Marketing's commitment for 2026-Q4" in text
    assert "marketing: Ana Ruiz, 2026-10-01; sales: Not yet signed by sales" in text
    assert "MQL 400 30 30% (18–45%, n=30)" in text
    assert "SQL 150 9" in text
