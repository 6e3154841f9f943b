"""The web playbook: one file that reads without script or network, escapes what users
typed, links each map card to its stage, and shows the map in a real browser."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from builders import hostile_playbook
from journeyapp.export.html.playbook_html import build_html
from journeyapp.export.html.text import stage_anchors
from journeyapp.models.store import Store
from journeyapp.models.templates import load_template
from test_hostile_text import HOSTILE

from journeyapp.cli import main

VOID = {"meta", "br", "img", "link", "input", "hr", "col", "wbr", "source"}
SVG = "{http://www.w3.org/2000/svg}"


class Page(HTMLParser):
    """Checks that every element is closed in order; collects ids, links and resources."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.ids: list[str] = []
        self.addresses: list[str] = []  # every href and src
        self.tags: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self._heading: list[str] | None = None
        self.html_lang = None

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.html_lang = found.get("lang")
        if "id" in found:
            self.ids.append(found["id"])
        self.addresses += [found[k] for k in ("href", "src") if k in found]
        if tag in ("h1", "h2", "h3"):
            self._heading = [tag]
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        found = dict(attrs)
        self.tags.append(tag)
        self.addresses += [found[k] for k in ("href", "src") if k in found]

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()
        if self._heading is not None and tag == self._heading[0]:
            self.headings.append((tag, "".join(self._heading[1:])))
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading.append(data)


def parsed(page: str) -> Page:
    checker = Page()
    checker.feed(page)
    checker.close()
    assert checker.open == [], f"left open: {checker.open}"
    return checker


def svg_of(page: str) -> ET.Element:
    return ET.fromstring(page[page.index("<svg") : page.index("</svg>") + len("</svg>")])


@pytest.fixture(scope="module")
def sample_page() -> str:
    return build_html(load_template("b2b-saas"))


def test_the_page_parses_with_headings_a_language_and_contents(sample_page):
    page = parsed(sample_page)
    assert page.html_lang == "en"
    levels = [level for level, _ in page.headings]
    assert levels.count("h1") == 1 and levels[0] == "h1"
    titles = {title for level, title in page.headings if level == "h2"}
    assert {"Contents", "The journey map", "The stages", "Handoffs", "Roles", "Definitions"} <= (
        titles
    )
    stages = load_template("b2b-saas").stages()
    stage_titles = {title for level, title in page.headings if level == "h3"}
    assert {s.name for s in stages} <= stage_titles
    # Every link inside the page lands on something.
    inside = [a[1:] for a in page.addresses if a.startswith("#")]
    assert set(inside) <= set(page.ids)
    assert len(page.ids) == len(set(page.ids)), "ids are unique"


def test_every_card_on_the_map_links_to_its_stage_section(sample_page):
    playbook = load_template("b2b-saas")
    anchors = stage_anchors(playbook)
    svg = svg_of(sample_page)
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text.startswith("The journey map of")
    links = {a.get("href"): a.find(f"{SVG}title").text for a in svg.iter(f"{SVG}a")}
    assert links == {f"#{anchors[s.id]}": s.name for s in playbook.stages()}
    assert f'id="{anchors[playbook.stages()[0].id]}"' in sample_page
    assert all(anchor.startswith("stage-") for anchor in anchors.values())


def test_the_map_draws_lanes_phases_cards_and_arrows(sample_page):
    playbook = load_template("b2b-saas")
    svg = svg_of(sample_page)
    words = {t.text for t in svg.iter(f"{SVG}text")}
    assert {p.name for p in playbook.phases} <= words
    lines = [t.text for t in svg.iter(f"{SVG}text")]
    wrapped = {" ".join(lines[n : n + 2]) for n in range(len(lines))}  # a name over two lines
    assert {lane.name for lane in playbook.lanes} <= words | wrapped
    fills = {r.get("fill") for r in svg.iter(f"{SVG}rect")}
    assert {lane.color.lower() for lane in playbook.lanes} <= fills
    assert len(list(svg.iter(f"{SVG}path"))) == len(playbook.handoffs())


def test_nothing_is_fetched_and_nothing_runs(sample_page):
    playbook = load_template("b2b-saas")
    own = {item.link for stage in playbook.stages() for item in stage.content}
    page = parsed(sample_page)
    assert "script" not in page.tags and "link" not in page.tags and "iframe" not in page.tags
    external = [a for a in page.addresses if not a.startswith("#")]
    assert external and set(external) <= own, "only the user's own links leave the page"
    assert not re.search(r"url\(|@import", sample_page), "the style fetches nothing"
    assert not re.search(r"\son\w+\s*=", sample_page), "no event handlers"
    assert 'src="' not in sample_page  # no logo in the sample: no image at all


def test_a_logo_comes_inline_as_a_data_address():
    from dataclasses import replace

    playbook = load_template("b2b-saas")
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(30)
    object.__setattr__(playbook, "meta", replace(playbook.meta))
    object.__setattr__(playbook.meta, "logo", png)
    page = parsed(build_html(playbook))
    sources = [a for a in page.addresses if a.startswith("data:")]
    assert sources and sources[0].startswith("data:image/png;base64,")


@pytest.mark.parametrize("words", HOSTILE)
def test_hostile_text_in_every_field_is_shown_as_typed_and_never_markup(words):
    page_text = build_html(hostile_playbook(words))
    page = parsed(page_text)
    assert "script" not in page.tags and "img" not in page.tags and "b" not in page.tags
    assert all(not a.lower().startswith(("javascript:", "data:", "file:")) for a in page.addresses)
    svg_of(page_text)  # the map stays well-formed XML
    typed = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", words)
    assert typed in unescape(page_text.replace("<br>", "\n"))


def test_the_command_line_writes_the_page_and_the_window_offers_it(tmp_path, capsys):
    source = tmp_path / "team.journey"
    Store.create(source, load_template("b2b-saas")).close()
    out = tmp_path / "team.html"
    assert main(["export", str(source), "--html", str(out)]) == 0
    assert capsys.readouterr().out == f"Wrote {out}\n"
    parsed(out.read_text(encoding="utf-8"))


def test_file_export_web_playbook_writes_the_open_playbook(window, tmp_path):
    from PySide6.QtWidgets import QMenu

    file_menu = window.findChild(QMenu, "menu_file")
    assert window.action_export_html in file_menu.actions()
    assert window.action_export_html.text() == "Export &Web Playbook…"
    out = tmp_path / "playbook.html"
    assert window.export("html", out)
    assert window.document.playbook.meta.name in out.read_text(encoding="utf-8")


# -- in a real browser ---------------------------------------------------------------------


def chromium(*arguments: str, cwd: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "the tests need Chromium (apt-get install chromium; .ci/run installs it)"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *arguments],
        cwd=cwd,
        check=True,
        capture_output=True,
        timeout=120,
    )


def colour_counts(path: Path, colours: list[str], top: int, bottom: int) -> dict[str, int]:
    """How many pixels between rows ``top`` and ``bottom`` have each colour (±12 a channel)."""
    from PySide6.QtGui import QColor, QImage

    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    wanted = {c: QColor(c) for c in colours}
    counts = dict.fromkeys(colours, 0)
    for y in range(top, min(bottom, image.height()), 2):
        for x in range(0, image.width(), 2):
            pixel = image.pixelColor(x, y)
            for name, colour in wanted.items():
                if (
                    abs(pixel.red() - colour.red()) <= 12
                    and abs(pixel.green() - colour.green()) <= 12
                    and abs(pixel.blue() - colour.blue()) <= 12
                ):
                    counts[name] += 1
    return counts


def screenshot(page_text: str, folder: Path, name: str) -> Path:
    page, shot = folder / f"{name}.html", folder / f"{name}.png"
    page.write_text(page_text, encoding="utf-8")
    chromium(f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri(), cwd=folder)
    return shot


def test_chromium_shows_the_map_with_its_team_colours_and_cards(tmp_path):
    playbook = load_template("b2b-saas")
    text = build_html(playbook)
    shot = screenshot(text, tmp_path, "playbook")
    # Without the map, the same page (legend chips and headings stay) as the baseline.
    bare = text[: text.index("<svg")] + text[text.index("</svg>") + len("</svg>") :]
    bare_shot = screenshot(bare, tmp_path, "bare")
    cross_team = "#4338ca"  # the thick arrows between teams
    colours = [lane.color for lane in playbook.lanes] + [cross_team]
    with_map = colour_counts(shot, colours, 0, 2000)
    without = colour_counts(bare_shot, colours, 0, 2000)
    for colour in colours:
        # Each lane's stripe and card edges, and the cross-team arrows: pixels (counted on
        # every other row and column) that the page without the map lacks.
        assert with_map[colour] > without[colour] + 80, (colour, with_map, without)


def test_printed_the_map_is_on_a_landscape_page_and_each_stage_starts_a_page(tmp_path):
    from pypdf import PdfReader

    playbook = load_template("b2b-saas")
    page = tmp_path / "playbook.html"
    page.write_text(build_html(playbook), encoding="utf-8")
    pdf = tmp_path / "printed.pdf"
    chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri(), cwd=tmp_path)
    pages = PdfReader(pdf).pages
    texts = [unicodedata.normalize("NFKC", p.extract_text()) for p in pages]  # no "ﬁ"
    map_page = next(n for n, t in enumerate(texts) if "The journey map" in t and "Awareness" in t)
    box = pages[map_page].mediabox
    assert box.width > box.height
    for stage in playbook.stages():
        starts = [
            t
            for t in texts
            if t.lstrip().removeprefix("The stages").lstrip().startswith(stage.name)
        ]
        assert starts, f"{stage.name} starts a printed page"


def test_a_chinese_stage_name_is_drawn_on_the_web_map_at_its_own_width():
    """The map's text is measured with the fonts the PDF embeds: a name in a script DejaVu
    Sans lacks was drawn as marks, and squeezed to the width of four of them."""
    from journeyapp.models import operations
    from journeyapp.models.change import Kind

    playbook = load_template("b2b-saas")
    stage = playbook.stages_in_journey_order()[1]
    playbook.apply(operations.rename(playbook, Kind.STAGE, stage.id, "展会线索"))
    page = build_html(playbook)
    assert "\ufffd" not in page
    drawn = re.findall(r'<text [^>]*textLength="([\d.]+)"[^>]*>展会线索</text>', page)
    assert drawn, "the name is not on the map"
    assert float(drawn[0]) == pytest.approx(4 * 15, abs=1)  # four glyphs a font-size wide


def test_a_stage_expected_to_take_a_day_says_a_day_not_1_days():
    import dataclasses

    from journeyapp.export.stage_words import stage_place
    from journeyapp.models.templates import load_template

    playbook = load_template("b2b-saas")
    stage = next(s for s in playbook.stages() if s.expected_days)
    one_day = dataclasses.replace(stage, expected_days=1)
    assert stage_place(playbook, one_day).endswith("· about 1 day")
    assert stage_place(playbook, stage).endswith(f"· about {stage.expected_days} days")


def test_the_web_page_s_revision_history_gives_the_words_changed_as_the_pdf_does():
    import datetime

    from journeyapp.models import operations, snapshots
    from journeyapp.models.change import Kind

    playbook = load_template("b2b-saas")
    playbook.apply(snapshots.take(playbook, "2026 Q3", datetime.datetime(2026, 9, 30, 17)))
    mql = next(s for s in playbook.stages() if s.name == "MQL")
    before = mql.description
    playbook.apply(
        operations.set_fields(playbook, Kind.STAGE, mql.id, description="Fits our <ICP> now.")
    )
    page = build_html(playbook, sections=("history",))
    history = page[page.index('<section id="history"') :]
    assert "<ins>&lt;ICP&gt; now.</ins>" in history  # the words added, as typed
    assert f"<del>{before.split()[0]}" in history  # the words removed
