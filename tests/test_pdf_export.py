"""The PDF playbook: every stage and role in it, contents that point at the right pages, hostile
text shown as typed, big playbooks, and one role's page alone. No display needed."""

from __future__ import annotations

import io
import re

import pytest
from journeyapp.export.atomic_file import ExportError
from journeyapp.export.pdf.playbook_pdf import build_pdf
from journeyapp.models import operations
from journeyapp.models.change import Kind
from journeyapp.models.entities import Raci
from journeyapp.models.templates import load_template
from pypdf import PdfReader


def pages_text(data: bytes) -> list[str]:
    return [
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages
    ]


@pytest.fixture(scope="module")
def sample_pdf():
    playbook = load_template("b2b-saas")
    data, document = build_pdf(playbook)
    return playbook, data, document, pages_text(data)


def test_every_stage_and_role_is_in_the_pdf(sample_pdf):
    playbook, _, _, pages = sample_pdf
    text = " ".join(pages)
    for stage in playbook.stages():
        assert stage.name in text
    for role in playbook.roles:
        assert f"Your responsibilities: {role.name}" in text


def contents_entries(data: bytes) -> list[tuple[str, int]]:
    """(title, page) for every contents entry, on however many pages the contents run."""
    entries = []
    for page in PdfReader(io.BytesIO(data)).pages[1:]:
        # Each entry comes out as its title, its leader dots, then its page number.
        found = re.findall(r"([^\n]+)\n[. ]+\n(\d+)", page.extract_text())
        if not found:
            break
        entries += [(title.strip(), int(number)) for title, number in found]
    return entries


def test_the_contents_page_numbers_match_where_sections_start(sample_pdf):
    playbook, data, document, pages = sample_pdf
    entries = contents_entries(data)
    assert len(entries) >= len(playbook.stages())
    for title, page in entries:
        assert document.section_pages[title] == page, title
        assert title in pages[page - 1]


def test_every_page_after_the_cover_says_page_x_of_y(sample_pdf):
    _, _, _, pages = sample_pdf
    total = len(pages)
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} of {total}" in text


HOSTILE = [
    "<b>x",
    "a <br> b",
    '<img src="/etc/passwd"/>',
    "&amp;",
    "]]>",
    "He said \"yes and 'no",
    "שלום עולם",
    "数字营销",
    "🚀 launch",
    "https://example.com/" + "a" * 300,
]


def test_hostile_text_in_every_field_is_printed_as_typed():
    playbook = load_template("b2b-saas")
    stage = playbook.stages_in_journey_order()[1]
    note = "Long note. " * 1800  # pages long, just under the 20,000 a field holds
    playbook.apply(
        operations.set_fields(
            playbook,
            Kind.STAGE,
            stage.id,
            name=" ".join(HOSTILE[:6]),
            description="\n".join(HOSTILE),
            buyer_goal=note,
        )
    )
    activity = playbook.activities_of(stage.id)[0]
    playbook.apply(
        operations.set_fields(playbook, Kind.ACTIVITY, activity.id, methodology="\n".join(HOSTILE))
    )
    role = next(iter(playbook.roles))
    playbook.apply(operations.rename(playbook, Kind.ROLE, role.id, "<i>Ops</i> & co"))
    data, _ = build_pdf(playbook)
    text = " ".join(pages_text(data))
    for literal in (
        "<b>x",
        "a <br> b",
        '<img src="/etc/passwd"/>',
        "&amp;",
        "]]>",
        "<i>Ops</i> & co",
    ):
        assert literal in text
    assert "数字营销" in text  # Chinese, printed in the fallback font
    assert "launch" in text and "\ufffd" in text  # the emoji neither font has shows as a mark
    assert "שלום עולם" in text  # drawn right to left, read back in its own order
    assert text.count("Long note.") >= 1800


def _fonts_embedded(data: bytes) -> set[str]:
    """The base names of the fonts the PDF embeds, without their subset prefixes."""
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def test_chinese_japanese_and_korean_names_print_in_every_part_of_the_playbook():
    """Names in the scripts DejaVu Sans lacks: on the cover's title and running header, the
    map, the stage pages, the RACI and the role pages, read back from the text layer."""
    playbook = load_template("b2b-saas")
    stages = playbook.stages_in_journey_order()
    names = {"展会线索": stages[1].id, "商談の準備": stages[2].id, "영업 기회": stages[3].id}
    for name, stage_id in names.items():
        playbook.apply(operations.rename(playbook, Kind.STAGE, stage_id, name))
    role = next(iter(playbook.roles))
    playbook.apply(operations.rename(playbook, Kind.ROLE, role.id, "営業マネージャー"))
    phase = next(iter(playbook.phases))
    playbook.apply(operations.rename(playbook, Kind.PHASE, phase.id, "认知阶段"))
    playbook.apply(operations.set_fields(playbook, Kind.META, "meta", name="销售手册 2026"))
    data, _ = build_pdf(playbook)
    pages = pages_text(data)
    text = " ".join(pages)
    for name in [*names, "営業マネージャー", "认知阶段", "销售手册 2026"]:
        assert text.count(name) >= 2, name  # its own section and elsewhere (map, tables)
    assert "\ufffd" not in text
    assert any(name.startswith("WenQuanYiMicroHei") for name in _fonts_embedded(data))
    # The running header of a page past the cover carries the title.
    assert sum("销售手册 2026" in page for page in pages[2:]) > 5


def test_a_playbook_in_latin_script_embeds_no_cjk_font(sample_pdf):
    _, data, _, _ = sample_pdf
    assert not any(name.startswith("WenQuanYiMicroHei") for name in _fonts_embedded(data))
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= _fonts_embedded(data)


def test_a_200_stage_playbook_makes_a_valid_pdf():
    from benchmarks.generated_maps import large_map

    playbook = large_map(200, 600, seed=3)
    data, document = build_pdf(playbook)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == document.page > 20
    pages = pages_text(data)
    assert "Stage 199" in " ".join(pages)
    # The contents run over several pages, and every entry still points at its section.
    entries = contents_entries(data)
    assert len(entries) > 200 and entries[-1][1] > 20
    for title, page in entries:
        assert document.section_pages[title] == page, title
        assert title in pages[page - 1]


def test_one_roles_export_holds_only_that_roles_page():
    playbook = load_template("b2b-saas")
    sdr = next(r for r in playbook.roles if r.name == "SDR")
    data, _ = build_pdf(playbook, role="sdr")
    pages = pages_text(data)
    text = " ".join(pages)
    assert "Your responsibilities: SDR" in text
    for other in playbook.roles:
        if other.id != sdr.id:
            assert f"Your responsibilities: {other.name}" not in text
    assert len(pages) == 1
    for activity in playbook.activities:
        if activity.raci.get(sdr.id) in (Raci.R, Raci.A):
            assert activity.name in text
    with pytest.raises(ExportError, match="no role"):
        build_pdf(playbook, role="Chief Vibes Officer")


def test_the_export_dialog_writes_the_chosen_sections_and_opens_the_pdf(
    window, tmp_path, monkeypatch
):
    from journeyapp.pdf_export import PdfExportDialog

    dialog = PdfExportDialog(window.document.playbook, window)
    opened = []
    monkeypatch.setattr(dialog, "ask_path", lambda: str(tmp_path / "handbook"))
    monkeypatch.setattr(dialog, "open_file", lambda path: opened.append(path) or True)
    for name, box in dialog.boxes.items():
        box.setChecked(name in ("cover", "glossary"))
    dialog.export()
    assert dialog.written == tmp_path / "handbook.pdf"
    assert opened == [dialog.written]
    text = " ".join(pages_text(dialog.written.read_bytes()))
    assert "Definitions" in text and "Your responsibilities" not in text
    sdr = next(r for r in window.document.playbook.roles if r.name == "SDR")
    dialog.role.setCurrentIndex(dialog.role.findData(sdr.id))
    assert not dialog.boxes["cover"].isEnabled()
    from journeyapp import save_path

    monkeypatch.setattr(save_path, "replace_confirmed", lambda parent, path: True)  # "handbook"
    dialog.export()
    assert len(PdfReader(io.BytesIO(dialog.written.read_bytes())).pages) == 1


def test_a_long_raci_repeats_its_header_and_stage_on_every_page():
    from benchmarks.generated_maps import large_map

    playbook = large_map(40, 60, seed=5)
    playbook.drop_entities(Kind.ACTIVITY, playbook.activities.ids())
    roles = [role.id for role in playbook.roles]
    for stage in playbook.stages():
        for n in range(4):
            edit = operations.add_activity(playbook, stage.id, f"Step {n}")
            playbook.apply(edit)
            letters = {roles[(n + k) % len(roles)]: letter for k, letter in enumerate(Raci)}
            playbook.apply(
                operations.set_fields(playbook, Kind.ACTIVITY, edit.entity.id, raci=letters)
            )
    data, _ = build_pdf(playbook, sections=("raci",))
    pages = pages_text(data)
    assert len(pages) > 3
    names = "|".join(re.escape(stage.name) for stage in playbook.stages())
    for text in pages:
        # Every page opens with the column headings, then a row that names its stage.
        assert re.search(rf"Stage Activity (Role \d+ )+({names}) Step \d", text), text[:300]


def test_the_revision_history_shows_what_changed_between_snapshots():
    import datetime

    from journeyapp.models import snapshots

    playbook = load_template("b2b-saas")
    playbook.apply(snapshots.take(playbook, "2026 Q3", datetime.datetime(2026, 9, 30, 17)))
    mql = next(s for s in playbook.stages() if s.name == "MQL")
    playbook.apply(
        operations.set_fields(playbook, Kind.STAGE, mql.id, description="Fits our <ICP> now.")
    )
    playbook.apply(snapshots.take(playbook, "2026 Q4", datetime.datetime(2026, 11, 23, 9)))
    playbook.apply(operations.set_fields(playbook, Kind.STAGE, mql.id, name="Hot lead"))
    data, _ = build_pdf(playbook, sections=("history",))
    (page,) = pages_text(data)
    assert "Revision history" in page and "Page 1 of 1" in page
    q3, q4 = page.index("2026 Q3 (saved 2026-09-30 17:00)"), page.index("2026 Q4 (saved")
    since = page.index("Since 2026 Q4")
    assert q3 < q4 < page.index("Changed the definition of stage “MQL”") < since
    assert "<ICP> now." in page  # user text shown as typed, not read as markup
    assert page.index("Renamed stage “MQL” to “Hot lead”") > since
    without, _ = build_pdf(load_template("b2b-saas"), sections=("glossary", "history"))
    assert "Revision history" not in " ".join(pages_text(without))


@pytest.mark.parametrize(
    ("chosen", "reason"),
    [
        (("history",), "no snapshots"),
        (("scoring",), "no lead-scoring rules"),
        (("funnel",), "no funnel targets"),
        (("lessons",), "no lessons from deals"),
        (("improvements",), "no improvements"),
        (("roles",), "no roles"),
        (("roles", "history"), "no roles and no snapshots"),
        (("glossary",), "no definitions"),
        (("stages", "raci"), "no stages and no activities and roles"),
        (("map", "handoffs"), "no stages and no handoffs"),
    ],
)
def test_sections_with_nothing_to_print_are_refused_in_a_sentence(chosen, reason):
    from journeyapp.models.playbook import Playbook

    with pytest.raises(ExportError) as refusal:
        build_pdf(Playbook(), sections=chosen)
    assert str(refusal.value) == f"There is nothing to print: this playbook has {reason} yet."


def test_an_empty_section_among_others_is_left_out_and_the_rest_printed():
    playbook = load_template("blank")
    assert not playbook.snapshots and not len(playbook.definitions)
    data, _ = build_pdf(playbook, sections=("cover", "glossary", "history", "stages", "raci"))
    text = " ".join(pages_text(data))
    assert playbook.meta.name in text
    assert "Definitions" not in text and "Revision history" not in text
    assert "The stages" not in text and "RACI" not in text  # no bare headings over nothing


def test_the_command_line_says_why_in_one_line_and_writes_nothing(tmp_path):
    import subprocess
    import sys

    playbook = tmp_path / "blank.journey"
    made = subprocess.run(
        [sys.executable, "-m", "journeyapp", "new", str(playbook), "--template", "blank"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "journeyapp",
            "export",
            str(playbook),
            "--pdf",
            str(tmp_path / "h.pdf"),
            "--sections",
            "history",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "journeyapp: There is nothing to print: this playbook has no snapshots yet."
    ]
    assert not (tmp_path / "h.pdf").exists()


def test_a_long_export_tells_how_far_it_has_got_and_can_be_cancelled(tmp_path):
    from journeyapp.export.pdf.playbook_pdf import write_pdf
    from journeyapp.export.pdf.progress import ExportCancelled

    from benchmarks.generated_maps import large_map

    playbook = large_map(stages=600, handoffs=1200)
    told: list[str] = []

    def listen(message: str) -> None:
        told.append(message)
        if message == "Laying out page 3…":
            raise ExportCancelled

    target = tmp_path / "out" / "big.pdf"
    target.parent.mkdir()
    with pytest.raises(ExportCancelled, match="cancelled; nothing was written"):
        write_pdf(playbook, target, progress=listen)
    assert not list(target.parent.iterdir())  # neither the PDF nor a temporary file
    assert "Preparing the journey map…" in told
    assert "Drawing the map's handoffs (250 of 1,200)…" in told
    assert told[-3:] == ["Laying out page 1…", "Laying out page 2…", "Laying out page 3…"]


def test_the_export_dialog_shows_progress_and_cancel_writes_nothing(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QProgressDialog

    from journeyapp.pdf_export import PdfExportDialog

    dialog = PdfExportDialog(window.document.playbook, window)
    monkeypatch.setattr(dialog, "ask_path", lambda: str(tmp_path / "handbook"))
    asked = []

    def cancelled_on_the_fifth_look(progress):
        asked.append(progress.labelText())
        return len(asked) >= 5

    monkeypatch.setattr(QProgressDialog, "wasCanceled", cancelled_on_the_fifth_look)
    dialog.export()
    assert dialog.written is None
    assert dialog.problem.text() == "The export was cancelled; nothing was written."
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob(".*.tmp"))
    assert asked[0] == "Preparing the cover…"


def test_the_command_line_shows_progress_on_a_terminal_only(tmp_path):
    import os
    import pty
    import subprocess
    import sys

    playbook = tmp_path / "p.journey"
    subprocess.run(
        [sys.executable, "-m", "journeyapp", "new", str(playbook)], check=True, timeout=120
    )
    command = [sys.executable, "-m", "journeyapp", "export", str(playbook), "--pdf"]
    piped = subprocess.run(
        [*command, str(tmp_path / "a.pdf")], capture_output=True, text=True, timeout=300
    )
    assert piped.returncode == 0 and piped.stderr == ""  # a log gets no progress lines
    leader, follower = pty.openpty()
    on_terminal = subprocess.Popen(
        [*command, str(tmp_path / "b.pdf")], stderr=follower, stdout=subprocess.DEVNULL
    )
    os.close(follower)
    shown = b""
    try:
        while chunk := os.read(leader, 65536):  # read as it comes: a closed terminal drops it
            shown += chunk
    except OSError:
        pass  # the terminal closed
    os.close(leader)
    assert on_terminal.wait(timeout=300) == 0
    assert b"\rLaying out page 1\xe2\x80\xa6" in shown
    assert shown.endswith(b"\r")  # the line is cleared at the end


def test_the_export_dialog_says_why_when_the_chosen_sections_are_empty(
    window, tmp_path, monkeypatch
):
    """The dialog with history (or scoring, funnel, lessons, improvements) ticked on a playbook
    without them raised IndexError."""
    from journeyapp.models.templates import load_template

    from journeyapp.pdf_export import PdfExportDialog

    dialog = PdfExportDialog(load_template("blank"), window)
    monkeypatch.setattr(dialog, "ask_path", lambda: str(tmp_path / "handbook"))
    for name, box in dialog.boxes.items():
        box.setChecked(name in ("history", "lessons"))
    dialog.export()
    assert dialog.written is None
    assert dialog.problem.text() == (
        "There is nothing to print: this playbook has no lessons from deals and no snapshots yet."
    )
    assert not list(tmp_path.glob("*.pdf"))


def test_the_export_dialog_suggests_a_pdf_beside_the_playbook_named_after_it(
    window, tmp_path, monkeypatch
):
    """The save dialog opened in the process's working folder with no name."""
    from PySide6.QtWidgets import QFileDialog

    from journeyapp.pdf_export import PdfExportDialog

    started_at = []

    def save_dialog(parent, title, start, filters):
        started_at.append(start)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    playbook_path = tmp_path / "team" / "acme-2027.journey"
    dialog = PdfExportDialog(window.document.playbook, window, playbook_path)
    dialog.export()
    assert started_at == [str(tmp_path / "team" / "acme-2027.pdf")]
    assert dialog.written is None


def test_untitled_work_suggests_the_playbooks_name_in_the_home_folder():
    from pathlib import Path

    from journeyapp.pdf_export import suggested_pdf_path
    from journeyapp.untitled import untitled_dir

    untitled = untitled_dir() / "untitled-1.journey"
    assert suggested_pdf_path(untitled, "Acme: 2027/Q1 *draft*") == (
        Path.home() / "Acme 2027 Q1 draft.pdf"
    )
    assert suggested_pdf_path(None, "  ") == Path.home() / "playbook.pdf"


def test_a_pdf_no_application_opens_is_said_in_a_sentence(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QDialog, QDialogButtonBox

    from journeyapp.pdf_export import PdfExportDialog

    dialog = PdfExportDialog(window.document.playbook, window)
    monkeypatch.setattr(dialog, "ask_path", lambda: str(tmp_path / "handbook"))
    monkeypatch.setattr(dialog, "open_file", lambda path: False)
    for name, box in dialog.boxes.items():
        box.setChecked(name == "glossary")
    dialog.export()
    assert dialog.written == tmp_path / "handbook.pdf" and dialog.written.exists()
    assert dialog.problem.text() == (
        f"handbook.pdf is written in {tmp_path}, but no application here would open it; "
        "open it from that folder."
    )
    assert dialog.result() != QDialog.DialogCode.Accepted  # left open, so the sentence is read
    close = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert close.text() == "Close"


def test_a_pdf_name_with_a_dot_gets_pdf_added_and_an_existing_file_is_asked_about(
    window, tmp_path, monkeypatch
):
    """with_suffix(".pdf") made "Board pack v2.1" into the existing "Board pack v2.pdf", and
    "handbook" into handbook.pdf, both replaced though the dialog asked about neither."""
    from journeyapp import save_path
    from journeyapp.pdf_export import PdfExportDialog

    older = tmp_path / "Board pack v2.pdf"
    older.write_bytes(b"LAST QUARTER")
    handbook = tmp_path / "handbook.pdf"
    handbook.write_bytes(b"PRINTED")
    asked = []
    monkeypatch.setattr(save_path, "replace_confirmed", lambda parent, path: asked.append(path))
    dialog = PdfExportDialog(window.document.playbook, window, None)
    monkeypatch.setattr(dialog, "open_file", lambda path: True)
    monkeypatch.setattr(dialog, "ask_path", lambda: str(tmp_path / "Board pack v2.1"))
    dialog.export()
    assert dialog.written == tmp_path / "Board pack v2.1.pdf"
    assert older.read_bytes() == b"LAST QUARTER"
    monkeypatch.setattr(dialog, "ask_path", lambda: str(tmp_path / "handbook"))
    dialog.written = None
    dialog.export()
    assert asked == [handbook] and handbook.read_bytes() == b"PRINTED"
    assert dialog.written is None


def test_a_long_address_wraps_on_the_page_and_reads_back_whole():
    """A URL longer than a line breaks where the line ends, with nothing added to the text a
    reader copies or searches."""
    playbook = load_template("b2b-saas")
    stage = playbook.stages_in_journey_order()[1]
    url = (
        "https://docs.google.com/presentation/d/1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefGHIJ"
        "/edit?usp=sharing&ouid=123456789012345678901&rtpof=true&sd=true"
    )
    playbook.apply(
        operations.set_fields(playbook, Kind.STAGE, stage.id, description=f"See {url} first")
    )
    data, _ = build_pdf(playbook, sections=("stages",))
    text = "".join("".join(page.split()) for page in pages_text(data))
    assert "\u200b" not in text
    assert url in text


def test_an_emoji_no_font_has_is_one_mark_however_many_characters_make_it():
    from journeyapp.export.pdf.fonts import MISSING, printable, register

    register()
    assert printable("Won ✅") == f"Won {MISSING}"
    assert printable("Won ✅\ufe0f") == f"Won {MISSING}"
    # a woman office worker with a skin tone, then a family of three: two symbols
    assert printable("Deal 👩🏽\u200d💼👨\u200d👩\u200d👧 done") == f"Deal {MISSING}{MISSING} done"
    assert printable("🇫🇷🇩🇪 teams") == f"{MISSING}{MISSING} teams"  # two flags, two letters each
