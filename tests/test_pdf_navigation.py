"""Finding one's way in the PDF playbook: bookmarks that open the page their heading is on,
nested and shown when the file opens; contents entries and stage sections that link to
the places they name; the document's metadata; fonts all embedded."""

from __future__ import annotations

import io

import pytest
from journeyapp.export.pdf.playbook_pdf import build_pdf
from journeyapp.models.templates import load_template
from pypdf import PdfReader

from tests.test_pdf_export import contents_entries, pages_text


@pytest.fixture(scope="module")
def sample():
    playbook = load_template("b2b-saas")
    data, _ = build_pdf(playbook, page_size="a4", language="en-GB")
    return playbook, PdfReader(io.BytesIO(data)), pages_text(data), data


def outline(reader: PdfReader) -> list[tuple[int, str, object]]:
    """(depth, title, entry) for every bookmark, in order."""
    found = []

    def walk(entries, depth):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                found.append((depth, entry.title, entry))

    walk(reader.outline, 0)
    return found


def destination(reader: PdfReader, dest) -> tuple[int, float]:
    """(page number from 1, top) of an explicit destination [page /XYZ left top zoom]."""
    page = next(n for n, p in enumerate(reader.pages) if p.indirect_reference == dest[0])
    return page + 1, round(float(dest[3]), 1)


def test_every_bookmark_opens_the_page_its_heading_is_drawn_on(sample):
    _, reader, pages, _ = sample
    entries = outline(reader)
    assert len(entries) >= 25
    opened = [reader.get_destination_page_number(entry) + 1 for _, _, entry in entries]
    assert len(set(opened)) > 10  # not all the cover
    for (_, title, _), page in zip(entries, opened, strict=True):
        assert title in pages[page - 1], (title, page)


def test_stage_bookmarks_sit_under_the_stages_and_the_panel_opens_with_the_file(sample):
    playbook, reader, _, _ = sample
    entries = outline(reader)
    titles = [title for _, title, _ in entries]
    start = titles.index("The stages")
    stages = [s.name for s in playbook.stages_in_journey_order()]
    under = entries[start + 1 : start + 1 + len(stages)]
    assert [(depth, title) for depth, title, _ in under] == [(1, name) for name in stages]
    assert entries[start + 1 + len(stages)][0] == 0  # the next section is at the top again
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def link_annotations(page) -> list[dict]:
    links = []
    for annotation in page.get("/Annots") or []:
        annotation = annotation.get_object()
        if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
            links.append(annotation)
    return links


def words_in(page, rect) -> str:
    """The text drawn with its start inside ``rect`` (page-level text, not forms)."""
    left, bottom, right, top = map(float, rect)
    found = []

    def visit(text, cm, tm, *_):
        x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
        y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
        if text.strip() and left - 1 <= x <= right and bottom - 1 <= y <= top + 1:
            found.append(text.strip())

    page.extract_text(visitor_text=visit)
    return " ".join(found)


def test_every_contents_entry_links_to_its_sections_page(sample):
    _, reader, _, data = sample
    entries = contents_entries(data)
    page = reader.pages[1]  # the contents, after the cover
    ordered = sorted(link_annotations(page), key=lambda a: -float(a["/Rect"][3]))
    links = [(words_in(page, a["/Rect"]), destination(reader, a["/Dest"])[0]) for a in ordered]
    assert len(links) == len(entries)
    for (title, page), (linked_words, target) in zip(entries, links, strict=True):
        assert target == page, title
        assert linked_words.startswith(title[:20]), (title, linked_words)


def test_a_stage_section_links_to_its_handoffs_targets_its_definitions_and_the_map(sample):
    playbook, reader, pages, _ = sample
    bookmarks = {
        title: destination(reader, [entry.page, "/XYZ", entry.left, entry.top])
        for _, title, entry in outline(reader)
    }
    stage = next(s for s in playbook.stages() if s.name == "SQL")
    page_number, _ = bookmarks["SQL"]
    following = min(n for n, _ in bookmarks.values() if n > page_number)
    section = reader.pages[page_number - 1 : following]  # its pages, to where the next starts
    # A name that wraps is two links to one place; a link inside a line shares its run.
    places = {destination(reader, a["/Dest"]) for page in section for a in link_annotations(page)}
    for handoff in playbook.outgoing(stage.id):
        target = playbook.stage(handoff.target).name
        assert bookmarks[target] in places, target  # the target's own heading
    used = {h.definition for h in (*playbook.incoming(stage.id), *playbook.outgoing(stage.id))}
    definitions = [d for d in playbook.definitions if d.id in used]
    assert definitions
    for definition in definitions:
        wording = " ".join(definition.text.split())[:40]
        assert any(wording in pages[n - 1] for n, _ in places), definition.term
    map_pages = sorted({n for n, _ in places if "The journey map" in pages[n - 1]})
    assert len(map_pages) == 1 and "SQL" in pages[map_pages[0] - 1]
    targets = {bookmarks[playbook.stage(h.target).name] for h in playbook.outgoing(stage.id)}
    assert len(places) >= len(targets) + len(definitions) + 1


def test_the_metadata_names_the_playbook_its_owner_language_and_maker(sample):
    playbook, reader, _, _ = sample
    info = reader.metadata
    assert info.title == playbook.meta.name
    assert info.author == (playbook.meta.owner or playbook.meta.company)
    assert playbook.meta.company in info.subject
    assert info.creator.startswith("journeyapp ")
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def fonts_of(resources, seen=None) -> list[tuple[str, bool]]:
    """(base font, embedded?) for every font the resources reach, forms included."""
    seen = [] if seen is None else seen
    if resources is None:
        return seen
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        descriptor = font.get("/FontDescriptor")
        if font.get("/Subtype") == "/Type0":
            descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
        embedded = descriptor is not None and any(
            key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
        )
        seen.append((str(font.get("/BaseFont")), embedded))
    for form in (resources.get("/XObject") or {}).values():
        fonts_of(form.get_object().get("/Resources"), seen)
    return seen


def test_every_font_the_pdf_refers_to_is_embedded(sample):
    _, reader, _, _ = sample
    fonts = [f for page in reader.pages for f in fonts_of(page.get("/Resources"))]
    assert {name for name, _ in fonts} >= {"/AAAAAA+DejaVuSans", "/AAAAAA+DejaVuSans-Bold"}
    assert [name for name, embedded in fonts if not embedded] == []


def test_a_bookmark_keeps_the_text_the_embedded_font_cannot_draw():
    """The viewer draws bookmarks in its own fonts: a stage named "Trade fair 展会" was
    bookmarked as "Trade fair ��", the marks the page draws for glyphs DejaVu Sans lacks."""
    from journeyapp.models import operations
    from journeyapp.models.change import Kind

    playbook = load_template("b2b-saas")
    stage = playbook.stages_in_journey_order()[0]
    playbook.apply(operations.rename(playbook, Kind.STAGE, stage.id, "Trade fair 展会"))
    data, _ = build_pdf(playbook, page_size="a4", language="en-GB")
    titles = [title for _, title, _ in outline(PdfReader(io.BytesIO(data)))]
    assert "Trade fair 展会" in titles
