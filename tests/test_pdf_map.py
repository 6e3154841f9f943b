"""The map on paper: the sample's map on one page, drawn so nothing hides anything, with a
legend and a key; a big map as an overview and tiles that carry only their own text."""

from __future__ import annotations

import io
import re

from journeyapp.export.pdf.map_drawing import MapView
from journeyapp.export.pdf.map_layout import Region
from journeyapp.export.pdf.map_tiles import map_story
from journeyapp.export.pdf.playbook_pdf import build_pdf
from journeyapp.models.templates import load_template
from pypdf import PdfReader

FRAME = (728.0, 426.0)  # A4 landscape's frame under the map's heading


def _overlap(a, b, slack: float = 0.0) -> bool:
    return (
        a[0] + slack < b[0] + b[2]
        and b[0] + slack < a[0] + a[2]
        and a[1] + slack < b[1] + b[3]
        and b[1] + slack < a[1] + a[3]
    )


def _segment_box(a, b):
    return min(a[0], b[0]), min(a[1], b[1]), abs(a[0] - b[0]), abs(a[1] - b[1])


def _sample_view() -> MapView:
    story = map_story(load_template("b2b-saas"), *FRAME)
    views = [f for f in story if isinstance(f, MapView)]
    assert len(views) == 1
    return views[0]


def _map_pages(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [page.extract_text() for page in reader.pages]


def test_the_samples_map_is_one_page_with_every_stage_and_its_key():
    playbook = load_template("b2b-saas")
    data, _ = build_pdf(playbook, sections=("map",))
    pages = _map_pages(data)
    map_page = pages[0]
    for stage in playbook.stages():
        assert stage.name.split()[0] in map_page, stage.name
    assert "part 2" not in " ".join(pages) and "tile" not in map_page
    # The key gives every handoff's trigger in full, never cut short.
    key = " ".join(pages).replace("\n", " ")
    for handoff in playbook.handoffs():
        assert " ".join(handoff.trigger.split()) in key


def test_no_arrow_runs_through_a_card_and_no_label_hides_a_card_or_a_label():
    view = _sample_view()
    cards = list(view.cards.values())
    for handoff_id, a, b in view.segments():
        for card in cards:
            inner = (card[0] + 0.5, card[1] + 0.5, card[2] - 1, card[3] - 1)
            assert not _overlap(_segment_box(a, b), inner), (handoff_id, a, b, card)
    boxes = [label.box for label in view.labels]
    assert len(boxes) == len(list(load_template("b2b-saas").handoffs())) and not view.unmarked
    for n, box in enumerate(boxes):
        assert not any(_overlap(box, card) for card in cards), box
        assert not any(_overlap(box, other) for other in boxes[n + 1 :]), box


def test_no_handoff_number_lies_on_another_handoffs_line():
    """ "12" sat on the dashed line of 15 where it ran up past Won, in a 16-point gap that
    carried both; 15 now crosses over below Lost, and every number is clear of lines."""
    view = _sample_view()
    assert view.labels
    for label in view.labels:
        near = (label.box[0] - 0.5, label.box[1] - 0.5, label.box[2] + 1, label.box[3] + 1)
        crossed = {
            view.paper.numbers[h]
            for h, a, b in view.segments()
            if h != label.handoff_id and _overlap(near, _segment_box(a, b))
        }
        assert not crossed, (label.text, crossed)


def test_arrows_sharing_a_gap_never_lie_on_each_other():
    view = _sample_view()
    runs = [(h, a, b) for h, a, b in view.segments()]
    for n, (h1, a1, b1) in enumerate(runs):
        for h2, a2, b2 in runs[n + 1 :]:
            if h1 == h2:
                continue
            same_line = (a1[0] == b1[0] == a2[0] == b2[0]) or (a1[1] == b1[1] == a2[1] == b2[1])
            if same_line:
                assert not _overlap(_segment_box(a1, b1), _segment_box(a2, b2), -0.01) or (
                    _segment_box(a1, b1)[2] + _segment_box(a1, b1)[3] < 0.01
                ), (h1, h2)


def test_the_legend_explains_each_mark_and_the_cards_link_to_their_stages():
    playbook = load_template("b2b-saas")
    data, _ = build_pdf(playbook, sections=("map", "stages"))
    text = _map_pages(data)[0]
    for meaning in ("dashed", "dotted", "thick", "SLA", "accountable", "Exit"):
        assert meaning in text
    reader = PdfReader(io.BytesIO(data))
    links = [a.get_object() for a in reader.pages[0].get("/Annots", [])]
    links = [link for link in links if link.get("/Subtype") == "/Link" and "/Dest" in link]
    assert len(links) == len(playbook.stages())  # one per card, each to a defined place


def test_a_big_map_has_an_overview_and_tiles_with_their_own_headers_only():
    from benchmarks.generated_maps import large_map

    playbook = large_map(200, 400, seed=11)
    data, _ = build_pdf(playbook, sections=("map",))
    pages = _map_pages(data)
    assert "cut into" in pages[0] and "Tile 1" in pages[0]
    tiles = [p for p in pages if "tile " in p and "The journey map, tile" in p]
    assert len(tiles) >= 2
    for page in tiles:
        title = re.search(r"tile \d+ of \d+: (.*) · (.*)", page)
        assert title, page[:200]
        phases, lanes = title.group(1).split(", "), title.group(2).split(", ")
        body = page[title.end() :]
        for lane in lanes:  # each tile, lower rows too, names its lanes and phases
            assert lane in body
        for phase in phases:
            assert phase in body
        named = set(re.findall(r"Phase \d+", body))
        assert named <= set(phases), (named, phases)  # no other tile's text
        assert "…" not in title.group(0) and "|" not in title.group(0)


def test_a_tile_draws_only_the_cards_in_its_region():
    from journeyapp.export.pdf.map_drawing import PaperMap

    from benchmarks.generated_maps import large_map

    paper = PaperMap(large_map(60, 120, seed=2), 60.0)
    region = Region(0, 3, 0, 2)
    view = MapView(paper, region, {})
    expected = {sid for sid, slot in paper.grid.slots.items() if region.holds(slot)}
    assert set(view.cards) == expected
    for _, a, b in view.segments():
        for x, y in (a, b):
            assert 0 <= x <= view.width + 0.01 and 0 <= y <= view.height + 0.01


def test_on_a_crowded_tile_a_number_with_no_free_place_is_listed_rather_than_laid_on_a_card():
    """On the 200-stage map's tiles "89" and "106" lay on card edges: with no free spot by
    their arrow, a number is named in the line under the tile instead."""
    from benchmarks.generated_maps import large_map

    story = map_story(large_map(200, 400, seed=11), *FRAME)
    views = [f for f in story if isinstance(f, MapView)]
    assert len(views) > 2
    for view in views:
        cards = list(view.cards.values())
        for label in view.labels:
            assert not any(_overlap(label.box, card) for card in cards), label.text
    assert any(view.unmarked for view in views)
