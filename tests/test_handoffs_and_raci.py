"""The handoffs page (the contract both teams sign) in journey order with all its terms, in
the PDF and the web page; RACI tables whose letters are centred and whose rows read across."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from journeyapp.export.html.playbook_html import build_html
from journeyapp.export.pdf.fonts import BOLD, REGULAR
from journeyapp.export.pdf.playbook_pdf import build_pdf
from journeyapp.models import operations
from journeyapp.models.change import Kind
from journeyapp.models.entities import Raci
from journeyapp.models.journey_walk import stages_along_journey
from journeyapp.models.templates import load_template
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from tests.test_pdf_export import pages_text

COLUMNS = (
    "From → to",
    "Trigger",
    "Threshold",
    "Qualification",
    "SLA",
    "Contact process",
    "Recycle target",
)


def walk_ordered_routes(playbook) -> list[str]:
    """ "Source → Target" for each handoff, by the walk's place of its source, then target."""
    place = {stage.id: n for n, stage in enumerate(stages_along_journey(playbook))}
    ordered = sorted(playbook.handoffs(), key=lambda h: (place[h.source], place[h.target]))
    return [f"{playbook.stage(h.source).name} → {playbook.stage(h.target).name}" for h in ordered]


def assert_in_order(text: str, routes: list[str]) -> None:
    at = 0
    for route in routes:
        found = text.find(route, at)
        assert found >= 0, f"{route} is not after position {at}"
        at = found + 1


# -- the handoffs page ----------------------------------------------------------------------


def test_the_handoffs_page_lists_the_samples_handoffs_in_walk_order_under_every_heading():
    playbook = load_template("b2b-saas")
    routes = walk_ordered_routes(playbook)
    assert routes[0].startswith("Anonymous visitor")  # not the map's Expansion → Discovery
    pages = pages_text(build_pdf(playbook, sections=("handoffs",), page_size="a4")[0])
    assert_in_order(" ".join(pages), routes)
    for column in COLUMNS:
        assert all(column in page for page in pages), column  # the header repeats


def test_a_handoff_row_gives_its_threshold_sla_contact_process_and_recycle_target():
    playbook = load_template("b2b-saas")
    handoff = next(h for h in playbook.handoffs() if h.contact_attempts and h.recycle_to)
    text = " ".join(pages_text(build_pdf(playbook, sections=("handoffs",))[0]))
    source, target = playbook.stage(handoff.source).name, playbook.stage(handoff.target).name
    row = text[text.index(f"{source} → {target}") :][:400]
    assert f"score ≥ {handoff.score_threshold}" in row
    assert f"{handoff.sla_hours:g} h" in row
    assert f"{handoff.contact_attempts} attempts over {handoff.contact_days} days" in row
    assert playbook.stage(handoff.recycle_to).name in row
    for item in handoff.qualification:
        assert item in row
    # A handoff with none of those terms says so in each cell.
    bare = next(h for h in playbook.handoffs() if not (h.sla_hours or h.qualification))
    start = text.index(f"{playbook.stage(bare.source).name} → {playbook.stage(bare.target).name}")
    assert text[start:][:200].count("—") >= 4


def test_a_200_stage_playbooks_handoffs_page_builds_in_walk_order():
    from benchmarks.generated_maps import large_map

    playbook = large_map(200, 400, seed=11)
    data, document = build_pdf(playbook, sections=("handoffs",), page_size="a4")
    assert len(PdfReader(io.BytesIO(data)).pages) == document.page > 1
    assert_in_order(" ".join(pages_text(data)), walk_ordered_routes(playbook))


def test_the_web_page_lists_the_handoffs_in_the_same_order_and_columns():
    playbook = load_template("b2b-saas")
    page = build_html(playbook)
    section = page[page.index('<section id="handoffs"') :]
    section = section[: section.index("</section>")]
    heads = [unescape(h) for h in re.findall(r'<th scope="col">(.*?)</th>', section)]
    assert heads[: len(COLUMNS)] == list(COLUMNS)
    firsts = re.findall(r'<th scope="row">(.*?)</th>', section)
    shown = [" ".join(unescape(re.sub(r"<[^>]+>", " ", cell)).split()) for cell in firsts]
    routes = walk_ordered_routes(playbook)
    assert len(shown) == len(routes)
    for cell, route in zip(shown, routes, strict=True):
        assert cell.startswith(route), (cell, route)


# -- RACI ---------------------------------------------------------------------------------


def text_runs(page) -> list[tuple[str, float, float, str, float]]:
    """(text, x, y, font, size) for each piece of text pypdf reads on ``page``."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font is not None:
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            face = BOLD if str(font.get("/BaseFont", "")).endswith("-Bold") else REGULAR
            runs.append((text.rstrip("\n"), x, y, face, size))

    page.extract_text(visitor_text=visit)
    return runs


def test_raci_letters_are_centred_under_their_roles():
    playbook = load_template("b2b-saas")
    data, _ = build_pdf(playbook, sections=("raci",), page_size="a4")
    runs = text_runs(PdfReader(io.BytesIO(data)).pages[0])
    # A header's lines: a whole role name, or a word of a name that wraps.
    names = {role.name for role in playbook.roles}
    names |= {word for name in names for word in name.split()}
    head_y = max(y for text, _, y, _, _ in runs if text == "Activity")  # the header row

    def centre(text, x, face, size):
        return x + stringWidth(text, face, size) / 2

    columns = [
        centre(text, x, face, size)
        for text, x, y, face, size in runs
        if text in names and abs(y - head_y) < 1
    ]
    letters = [
        (text, centre(text, x, face, size))
        for text, x, y, face, size in runs
        if text in {"R", "A", "C", "I"} and y < head_y - 5
    ]
    assert len(columns) >= len(playbook.roles)
    assert len(letters) == sum(len(a.raci) for a in playbook.activities)
    for letter, middle in letters:
        assert min(abs(middle - c) for c in columns) < 0.75, (letter, middle)


def many_roles_playbook():
    """200 stages with four activities each; 40 roles, four with a part in each activity."""
    from benchmarks.generated_maps import large_map

    playbook = large_map(200, 400, seed=11)
    playbook.drop_entities(Kind.ACTIVITY, playbook.activities.ids())
    playbook.drop_entities(Kind.ROLE, playbook.roles.ids())
    lanes = playbook.lanes.ids()
    for n in range(40):
        playbook.apply(operations.add_role(playbook, f"Role {n + 1}", lanes[n % len(lanes)]))
    roles = playbook.roles.ids()
    for s, stage in enumerate(playbook.stages()):
        for n in range(4):
            edit = operations.add_activity(playbook, stage.id, f"Activity {4 * s + n + 1}")
            playbook.apply(edit)
            picked = [roles[(7 * s + 11 * n + 3 * k) % len(roles)] for k in range(4)]
            raci = dict(zip(picked, Raci, strict=True))
            playbook.apply(
                operations.set_fields(playbook, Kind.ACTIVITY, edit.entity.id, raci=raci)
            )
    return playbook


@pytest.fixture(scope="module")
def big_raci():
    playbook = many_roles_playbook()
    data, document = build_pdf(playbook, sections=("raci",), page_size="a4")
    return playbook, document, pages_text(data)


def test_each_row_of_a_big_raci_is_read_across_on_one_page(big_raci):
    playbook, _, pages = big_raci
    for activity in playbook.activities:
        row = re.compile(rf"\b{activity.name} ((?:[RACI] )*[RACI])\b")
        found = [(page, row.search(page)) for page in pages if row.search(page)]
        assert len(found) == 1, activity.name  # one row, not one per column group
        page, match = found[0]
        assert sorted(match.group(1).split()) == sorted(x.value for x in activity.raci.values())
        for role_id in activity.raci:
            assert re.search(rf"\b{playbook.roles.get(role_id).name}\b", page)


def test_a_big_raci_takes_at_most_a_page_for_three_stages(big_raci):
    playbook, document, _ = big_raci
    assert document.page * 3 <= len(playbook.stages())


def test_the_definitions_after_the_landscape_handoffs_are_on_portrait_pages():
    data, document = build_pdf(
        load_template("b2b-saas"), sections=("handoffs", "glossary"), page_size="a4"
    )
    pages = PdfReader(io.BytesIO(data)).pages
    first = document.section_pages["Definitions"]
    assert float(pages[first - 2].mediabox.width) > float(pages[first - 2].mediabox.height)
    for page in pages[first - 1 :]:
        assert float(page.mediabox.width) < float(page.mediabox.height)
