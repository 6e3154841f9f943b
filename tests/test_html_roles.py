"""The web playbook says what the PDF's cover and role pages say: who signed each definition,
and each role's part stage by stage with its handoffs and definitions."""

from __future__ import annotations

import datetime
import re
from html import unescape

from journeyapp.export.html.playbook_html import build_html
from journeyapp.models import operations
from journeyapp.models.change import Kind
from journeyapp.models.entities import Raci, SignOff
from journeyapp.models.templates import load_template
from test_html_export import parsed

DAY = datetime.date(2026, 11, 30)


def cover_of(page: str) -> str:
    return page[page.index('<header class="cover">') : page.index("</header>")]


def role_section(page: str, name: str) -> str:
    start = page.index(f"Your responsibilities: {name}</h3>")
    return page[start : page.index("</section>", start)]


def words(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_cover_shows_who_signed_each_definition_and_when_escaped():
    playbook = load_template("b2b-saas")
    signed, unsigned = playbook.definitions.ids()[:2]
    hostile = SignOff('<script>alert("x")</script> & Co', "2026-11-02")
    playbook.apply(
        operations.set_fields(playbook, Kind.DEFINITION, signed, marketing_signoff=hostile)
    )
    playbook.apply(operations.set_fields(playbook, Kind.DEFINITION, unsigned, sales_signoff=None))
    page = build_html(playbook, DAY)
    parsed(page)
    cover = cover_of(page)
    assert "<script>" not in page
    assert "&lt;script&gt;" in cover
    assert f"{hostile.name}, 2026-11-02" in words(cover)
    assert "Not yet signed by sales" in words(cover)
    sales = playbook.definitions.get(signed).sales_signoff
    assert f"{sales.name}, {sales.date}" in words(cover)
    assert "Agreed by" not in page


def test_a_playbook_without_definitions_has_no_sign_offs_on_its_cover():
    playbook = load_template("b2b-saas")
    playbook.drop_entities(Kind.DEFINITION, playbook.definitions.ids())
    cover = cover_of(build_html(playbook, DAY))
    assert "Signed for" not in cover and "<table" not in cover


def test_the_sdr_section_gives_its_consulted_and_informed_items_sla_and_contact_process():
    playbook = load_template("b2b-saas")
    page = build_html(playbook, DAY)
    checked = parsed(page)
    sdr = next(r for r in playbook.roles if r.name == "SDR")
    said = role_section(page, "SDR")
    text = words(said)
    for activity in playbook.activities:
        if activity.raci.get(sdr.id) in (Raci.C, Raci.I):
            assert activity.name in text
    assert "SLA 24 h" in text
    assert "Contact process: 6 attempts over 14 days, then Nurture / could not reach" in text
    links = re.findall(r'href="#([^"]+)"', said)
    assert any(link.startswith("definition-") for link in links)
    assert set(links) <= set(checked.ids), "every link from the role lands on the page"


def test_a_role_with_nothing_assigned_says_so_in_one_plain_line():
    playbook = load_template("b2b-saas")
    playbook.apply(operations.add_role(playbook, "Chief of Staff"))
    said = role_section(build_html(playbook, DAY), "Chief of Staff")
    assert words(said) == (
        "Your responsibilities: Chief of Staff Chief of Staff has no part in any activity yet."
    )
