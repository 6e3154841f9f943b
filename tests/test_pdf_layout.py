"""The PDF playbook's pages: nothing past a margin, the chosen paper, every text field at its
limit laid out, no heading without a section, and numbers printed as they were typed."""

from __future__ import annotations

import datetime
import io
import re
from functools import cache

import pytest
from journeyapp.export.pdf.document import MARGIN
from journeyapp.export.pdf.page_sizes import default_language, default_page_size
from journeyapp.export.pdf.playbook_pdf import build_pdf
from journeyapp.models import fields, operations, snapshots
from journeyapp.models.change import Kind
from journeyapp.models.entities import ENTITY_TYPES, StepNote
from journeyapp.models.limits import MAX_TEXT_CHARS
from journeyapp.models.templates import load_template
from pypdf import PdfReader

from journeyapp.cli import main
from tests.pdf_boxes import ink
from tests.test_pdf_export import pages_text

SLACK = 0.5  # points: a hairline's half width
MM = 72 / 25.4
FOOTER_BASELINE, HEADER_BASELINE = 10 * MM, 11 * MM


def overruns(data: bytes) -> list[str]:
    """Every piece of ink outside the margins, on every page after the cover."""
    found = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, start=1):
        if number == 1 and _is_cover(page):
            continue
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        for piece in ink(page):
            left, bottom, right, top = piece.box
            if left < MARGIN - SLACK or right > width - MARGIN + SLACK:
                found.append(f"page {number}: {piece.kind} from x={left:.1f} to {right:.1f}")
            # The running header sits 11 mm from the top, the footer's baseline 10 mm up.
            if bottom < FOOTER_BASELINE - 3 or top > height - HEADER_BASELINE + 8:
                found.append(f"page {number}: {piece.kind} from y={bottom:.1f} to {top:.1f}")
    return found


def _is_cover(page) -> bool:
    """The cover's coloured edge runs off the page on purpose (it bleeds)."""
    return "Page 1 of" not in (page.extract_text() or "")


@cache
def big_playbook():
    from benchmarks.generated_maps import large_map

    return large_map(200, 400, seed=11)


def test_nothing_on_the_samples_pages_passes_a_margin():
    data, _ = build_pdf(load_template("b2b-saas"), page_size="a4")
    assert overruns(data) == []


def test_a_role_named_with_one_very_long_word_keeps_the_raci_on_the_page():
    """A role's name of one 120-letter word (a URL, say) made every role's column as wide:
    the RACI tables ran off the page and cut other roles' names."""
    playbook = load_template("b2b-saas")
    role = next(iter(playbook.roles))
    playbook.apply(
        operations.rename(playbook, Kind.ROLE, role.id, "Marketing operations " + "X" * 120)
    )
    data, _ = build_pdf(playbook, page_size="a4", sections=("raci", "stages"))
    assert overruns(data) == []


def test_nothing_on_a_200_stage_playbooks_pages_passes_a_margin():
    data, document = build_pdf(big_playbook(), page_size="a4")
    assert document.page > 60  # the map in tiles, 200 stage sections, the RACI, role pages
    assert overruns(data) == []


def test_body_text_starts_where_the_running_header_does():
    data, _ = build_pdf(load_template("b2b-saas"), page_size="a4")
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages[1:], start=2):
        lefts = sorted({round(p.box[0], 1) for p in ink(page) if p.kind == "text"})
        assert lefts[0] == round(MARGIN, 1), number
        header_top = float(page.mediabox.height) - HEADER_BASELINE - 4
        body = [p.box[0] for p in ink(page) if p.kind == "text" and p.box[3] < header_top]
        assert round(min(body), 1) == round(MARGIN, 1), number


def test_page_size_letter_from_the_command_line_prints_on_letter(tmp_path):
    playbook_file, out = tmp_path / "sample.journey", tmp_path / "sample.pdf"
    assert main(["new", str(playbook_file)]) == 0
    assert main(["export", str(playbook_file), "--pdf", str(out), "--page-size", "letter"]) == 0
    data = out.read_bytes()
    sizes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height)))
        for p in PdfReader(io.BytesIO(data)).pages
    }
    assert sizes == {(612, 792), (792, 612)}  # portrait pages, and the landscape map and RACI
    assert overruns(data) == []


@pytest.mark.parametrize(
    ("environment", "paper"),
    [
        ({"LANG": "en_US.UTF-8"}, "letter"),
        ({"LANG": "fr_CA.UTF-8"}, "letter"),
        ({"LANG": "es_MX.UTF-8"}, "letter"),
        ({"LANG": "en_GB.UTF-8"}, "a4"),
        ({"LANG": "de_DE.UTF-8"}, "a4"),
        ({"LANG": "en_US.UTF-8", "LC_PAPER": "en_GB.UTF-8"}, "a4"),
        ({"LANG": "de_DE.UTF-8", "LC_PAPER": "en_PH.UTF-8"}, "letter"),
        ({"LANG": "C.UTF-8"}, "a4"),
        ({}, "a4"),
    ],
)
def test_the_default_paper_is_the_locales(environment, paper):
    assert default_page_size(environment) == paper


def test_the_document_language_is_the_locales_or_english():
    assert default_language({"LANG": "de_DE.UTF-8"}) == "de-DE"
    assert default_language({"LANG": "C.UTF-8"}) == default_language({}) == "en"


def test_an_unknown_page_size_is_refused_in_a_sentence():
    from journeyapp.export.atomic_file import ExportError

    with pytest.raises(ExportError, match="no page size “a5”; choose from a4, letter"):
        build_pdf(load_template("b2b-saas"), page_size="a5")


# -- every text field at its limit ------------------------------------------------------

# The kinds whose text the PDF prints; deals print their names and retrospective notes.
PRINTED = (
    Kind.META,
    Kind.PHASE,
    Kind.LANE,
    Kind.STAGE,
    Kind.HANDOFF,
    Kind.ROLE,
    Kind.ACTIVITY,
    Kind.DEFINITION,
    Kind.SCORING_RULE,
    Kind.IMPROVEMENT,
)


def _typed_text_fields(cls) -> list[tuple[str, bool]]:
    """(field, holds a list) for each field of ``cls`` that holds words someone typed."""
    found = []
    for name, spec in fields.declared(cls):
        if isinstance(spec, fields.TextList):
            found.append((name, True))
        elif (
            isinstance(spec, fields.Text)
            and name != "id"
            and not spec.document
            and spec.refers_to is None
            and spec.kind_field is None
        ):
            found.append((name, False))
    return found


FIELDS_AT_LIMIT = [
    (kind, name, is_list)
    for kind in PRINTED
    for name, is_list in _typed_text_fields(ENTITY_TYPES[kind])
]


def at_limit() -> str:
    words = "Ask what success looks like and agree the next step in writing. "
    return (words * (MAX_TEXT_CHARS // len(words) + 1))[: MAX_TEXT_CHARS - 4] + " END"


def _entity_id(playbook, kind: Kind) -> str:
    if kind is Kind.META:
        return "meta"
    if kind is Kind.HANDOFF:  # one that prints its qualification and trigger in a table
        return next(h.id for h in playbook.handoffs() if h.qualification)
    if kind is Kind.SCORING_RULE:  # one whose value may be words, not only a number
        return next(r.id for r in playbook.scoring_rules if not r.condition.is_numeric)
    return playbook.ids(kind)[0]


@pytest.mark.parametrize(
    ("kind", "name", "is_list"),
    FIELDS_AT_LIMIT,
    ids=[f"{k.value}.{n}" for k, n, _ in FIELDS_AT_LIMIT],
)
def test_every_text_field_at_its_limit_is_printed(kind, name, is_list):
    playbook = load_template("b2b-saas")
    value = [at_limit()] if is_list else at_limit()
    playbook.apply(
        operations.set_fields(playbook, kind, _entity_id(playbook, kind), **{name: value})
    )
    data, document = build_pdf(playbook, page_size="a4")
    assert len(PdfReader(io.BytesIO(data)).pages) == document.page > 20


@pytest.mark.parametrize("name", [f.name for f in StepNote.__dataclass_fields__.values()])
def test_a_deal_note_at_its_limit_is_printed_whole(name):
    playbook = load_template("b2b-saas")
    deal = next(d for d in playbook.deals if d.notes)
    step, note = next(iter(deal.notes.items()))
    notes = {**deal.notes, step: StepNote(**{**note.__dict__, name: at_limit()})}
    playbook.apply(operations.set_fields(playbook, Kind.DEAL, deal.id, notes=notes))
    data, _ = build_pdf(playbook, sections=("lessons",), page_size="a4")
    text = " ".join(pages_text(data))
    assert text.count("agree the next step in writing") >= MAX_TEXT_CHARS // 70
    assert "END" in text


def test_a_methodology_at_its_limit_is_printed_whole_on_the_role_pages():
    playbook = load_template("b2b-saas")
    activity = next(a for a in playbook.activities if a.raci)
    playbook.apply(
        operations.set_fields(playbook, Kind.ACTIVITY, activity.id, methodology=at_limit())
    )
    data, _ = build_pdf(playbook, sections=("roles",), page_size="a4")
    text = " ".join(pages_text(data))
    shown = text.count("agree the next step in writing")
    roles = sum(1 for letter in activity.raci.values() if letter.value in "RA")
    assert shown >= roles * (MAX_TEXT_CHARS // 70)


# -- headings, definitions, numbers ------------------------------------------------------


def test_a_playbook_without_definitions_ends_without_an_empty_definitions_heading():
    playbook = load_template("blank")
    data, _ = build_pdf(playbook, page_size="a4")
    assert "Definitions" not in pages_text(data)[-1]
    sample = load_template("b2b-saas")
    sample.drop_entities(Kind.DEFINITION, sample.definitions.ids())
    text = " ".join(pages_text(build_pdf(sample, page_size="a4")[0]))
    assert "Definitions" not in text.replace("Definitions it applies", "")


def test_each_definition_is_on_one_page():
    playbook = load_template("b2b-saas")
    data, _ = build_pdf(playbook, page_size="a4")
    pages = pages_text(data)
    for definition in playbook.definitions:
        start = " ".join(definition.text.split())[:40]
        end = " ".join(definition.non_examples.split())[-30:]
        assert any(start in page and end in page for page in pages), definition.term


def runs_below(page, heading: str, size: float) -> int | None:
    """How many lines of body text are drawn below ``heading`` (drawn at ``size``) on
    ``page``, footer aside; None if the heading is not there."""
    runs = []

    def visit(text, cm, tm, _font, font_size):
        y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
        runs.append((text.strip(), round(y, 1), font_size))

    page.extract_text(visitor_text=visit)
    heading_y = next((y for text, y, fs in runs if text == heading and fs == size), None)
    if heading_y is None:
        return None
    return len({y for text, y, _ in runs if text and FOOTER_BASELINE + 4 < y < heading_y})


def test_a_stage_heading_is_kept_with_its_first_lines():
    playbook = big_playbook()
    data, document = build_pdf(playbook, sections=("stages",), page_size="a4")
    pages = PdfReader(io.BytesIO(data)).pages
    for stage in playbook.stages():
        below = runs_below(pages[document.section_pages[stage.name] - 1], stage.name, 13.5)
        assert below is not None and below >= 3, stage.name  # where, a label, its first line


def test_conversion_targets_keep_their_decimal():
    playbook = load_template("b2b-saas")
    rates = {h.target_conversion for h in playbook.handoffs()}
    assert {0.025, 0.35} <= rates  # the sample's visitor → lead, and a whole percentage
    pages = pages_text(build_pdf(playbook, sections=("handoffs", "funnel"))[0])
    tables = [page for page in pages if "Anonymous visitor" in page]
    assert len(tables) == 2  # the handoffs page and the funnel
    for page in tables:  # each table: "Anonymous visitor (→) Lead … 2.5%"
        assert re.search(r"Anonymous visitor (→ )?Lead [^%]*?2\.5%", page)
    handoffs, funnel = " ".join(pages[:-1]), pages[-1]
    for table in (handoffs, funnel):
        assert "35%" in table and "35.0%" not in table


def test_the_revision_history_gives_values_before_and_after():
    playbook = load_template("b2b-saas")
    playbook.apply(snapshots.take(playbook, "2026 Q3", datetime.datetime(2026, 9, 30, 17)))
    handoff = next(h for h in playbook.handoffs() if h.sla_hours == 24)
    playbook.apply(
        operations.set_fields(
            playbook, Kind.HANDOFF, handoff.id, sla_hours=12, target_conversion=0.025
        )
    )
    before = handoff.target_conversion
    data, _ = build_pdf(playbook, sections=("history",))
    text = " ".join(pages_text(data))
    assert "SLA: 24 h → 12 h" in text
    shown_before = "—" if before is None else f"{round(before * 100, 1):g}%"
    assert f"Target conversion: {shown_before} → 2.5%" in text


def test_the_export_dialog_prints_on_the_paper_chosen(window, tmp_path, monkeypatch):
    from journeyapp.pdf_export import PdfExportDialog

    dialog = PdfExportDialog(window.document.playbook, window)
    assert dialog.paper.currentData() == default_page_size()
    monkeypatch.setattr(dialog, "ask_path", lambda: str(tmp_path / "handbook"))
    monkeypatch.setattr(dialog, "open_file", lambda path: None)
    for name, box in dialog.boxes.items():
        box.setChecked(name in ("cover", "stages"))
    dialog.paper.setCurrentIndex(dialog.paper.findData("letter"))
    dialog.export()
    pages = PdfReader(io.BytesIO(dialog.written.read_bytes())).pages
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages} == {
        (612, 792)
    }
