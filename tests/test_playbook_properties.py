"""The playbook's properties (name, company, version, owner, logo): kept in the file and the JSON,
set from the command line and File → Playbook Properties…, printed on the PDF cover and headers."""

from __future__ import annotations

import datetime
import io
import json
import re
import shutil
import subprocess

import pytest
from builders import tiny_data, tiny_playbook
from conftest import DATA_DIR
from images import jpeg, png
from journeyapp.export.json_interchange import playbook_to_json
from journeyapp.export.pdf.playbook_pdf import build_pdf
from journeyapp.models.change import Kind
from journeyapp.models.codec import playbook_from_dict
from journeyapp.models.errors import EditError, FormatError
from journeyapp.models.logo import MAX_LOGO_BYTES
from journeyapp.models.operations import set_fields
from journeyapp.models.store import Store
from journeyapp.models.templates import blank_playbook, load_template
from pypdf import PdfReader

from journeyapp.cli import main


def _reopened(playbook, tmp_path):
    path = tmp_path / "p.journey"
    Store.create(path, playbook).close()
    store = Store.open(path, read_only=True)
    try:
        return store.load()
    finally:
        store.close()


def _with_properties(**values):
    playbook = tiny_playbook()
    playbook.apply(set_fields(playbook, Kind.META, "meta", **values))
    return playbook


def test_every_property_and_the_logo_survive_the_file_and_the_json(tmp_path):
    logo = png(30, 12)
    playbook = _with_properties(
        name="Acme revenue playbook", company="Acme", version="2027 Q1", owner="Dana", logo=logo
    )
    reopened = _reopened(playbook, tmp_path)
    assert reopened.meta == playbook.meta
    assert reopened.meta.logo == logo
    data = json.loads(playbook_to_json(playbook))
    assert playbook_from_dict(data).meta.logo == logo
    assert playbook_from_dict(data).meta.owner == "Dana"


def test_a_jpeg_logo_is_kept_and_removing_it_is_undoable():
    logo = jpeg()
    playbook = _with_properties(logo=logo)
    assert playbook.meta.logo == logo
    removal = set_fields(playbook, Kind.META, "meta", logo=b"")
    playbook.apply(removal)
    assert playbook.meta.logo == b""
    playbook.revert(removal)
    assert playbook.meta.logo == logo


@pytest.mark.parametrize(
    ("data", "sentence"),
    [
        (b"GIF89a" + b"\0" * 20, "The logo is not a PNG or JPEG image; choose a logo saved"),
        (b"%PDF-1.7 not a picture", "The logo is not a PNG or JPEG image"),
        (png() + b"\0" * MAX_LOGO_BYTES, "a logo can be at most 512 KB"),
    ],
)
def test_a_logo_that_is_not_a_small_png_or_jpeg_is_refused_in_a_sentence(data, sentence):
    playbook = tiny_playbook()
    with pytest.raises(EditError, match=sentence) as refused:
        playbook.apply(set_fields(playbook, Kind.META, "meta", logo=data))
    sentence_ends = re.findall(r"[.!?](?:\s|$)", str(refused.value))
    assert len(sentence_ends) == 1  # one sentence
    assert playbook.meta.logo == b""


def test_a_json_file_with_a_logo_that_is_not_an_image_is_refused_naming_the_place():
    data = tiny_data()
    data["meta"]["logo"] = "aGVsbG8gd29ybGQ="  # "hello world"
    with pytest.raises(FormatError, match=r"meta\.logo: The logo is not a PNG or JPEG image"):
        playbook_from_dict(data)
    data["meta"]["logo"] = "not base64 at all!"
    with pytest.raises(FormatError, match="not written as base64"):
        playbook_from_dict(data)


def test_a_file_from_before_logos_opens_with_no_logo(tmp_path):
    path = tmp_path / "legacy.journey"
    shutil.copy(DATA_DIR / "v1-playbook.journey", path)
    store = Store.open(path)
    try:
        assert store.load().meta.logo == b""
    finally:
        store.close()


def test_a_new_blank_playbooks_version_is_the_quarter_it_was_started_in():
    assert blank_playbook(datetime.date(2027, 8, 2)).meta.version == "2027 Q3"


def test_new_on_the_command_line_takes_a_logo_and_refuses_a_file_that_is_not_one(capsys, tmp_path):
    logo = tmp_path / "acme.png"
    logo.write_bytes(png(40, 20))
    path = tmp_path / "acme.journey"
    assert main(["new", str(path), "--name", "Acme", "--logo", str(logo)]) == 0
    store = Store.open(path, read_only=True)
    try:
        assert store.load().meta.logo == logo.read_bytes()
    finally:
        store.close()
    notes = tmp_path / "notes.png"
    notes.write_text("meeting notes, not a picture")
    other = tmp_path / "other.journey"
    capsys.readouterr()
    assert main(["new", str(other), "--logo", str(notes)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "journeyapp: notes.png is not a PNG or JPEG image; choose a logo saved as .png or .jpg."
    )
    assert not other.exists()


# -- the PDF -----------------------------------------------------------------------------


def _pages(data: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture(scope="module")
def named_pdf():
    playbook = load_template("b2b-saas")
    playbook.apply(
        set_fields(
            playbook,
            Kind.META,
            "meta",
            name="Acme revenue playbook",
            company="Acme Corp",
            version="2027 Q1",
            owner="Dana Whitfield",
            logo=png(120, 40, (220, 40, 40)),
        )
    )
    data, _ = build_pdf(playbook, today=datetime.date(2027, 2, 3))
    return data


def test_the_pdf_cover_shows_the_name_company_version_and_owner(named_pdf):
    cover = _pages(named_pdf)[0]
    for words in (
        "Acme revenue playbook",
        "Acme Corp",
        "Version 2027 Q1",
        "Owner: Dana Whitfield",
        "Published 2027-02-03",
    ):
        assert words in cover
    assert "Untitled playbook" not in cover


def test_every_page_after_the_cover_is_headed_with_the_name_and_version(named_pdf):
    pages = _pages(named_pdf)
    assert len(pages) > 5
    for page in pages[1:]:
        assert page.startswith("Acme revenue playbook · Version 2027 Q1"), page[:80]


def test_the_pdf_cover_prints_the_logo_in_its_colours(named_pdf, tmp_path):
    pdf = tmp_path / "cover.pdf"
    pdf.write_bytes(named_pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "c")],
        check=True,
    )
    from PIL import Image

    cover = Image.open(next(tmp_path.glob("c*.png"))).convert("RGB")
    width, height = cover.size
    logo_red = sum(
        1
        for x in range(0, width, 2)
        for y in range(0, height // 3, 2)
        if cover.getpixel((x, y)) == (220, 40, 40)
    )
    # 120 × 40 pt scaled into the cover's logo box: about 60 × 20 mm, at 60 dpi ~140 × 47 px
    assert logo_red > 1000


def test_a_cover_without_a_logo_prints_no_image():
    data, _ = build_pdf(tiny_playbook(), sections=("cover",))
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert not list(page.images)


# -- the dialog --------------------------------------------------------------------------


def _open_dialog(window):
    from journeyapp.properties_dialog import PlaybookPropertiesDialog

    return PlaybookPropertiesDialog(window.document.playbook, window.apply_edit, window)


def test_file_menu_has_playbook_properties(window):
    from PySide6.QtGui import QAction

    action = window.findChild(QAction, "action_playbook_properties")
    file_menu = window.menuBar().actions()[0].menu()
    assert action in file_menu.actions()
    assert action.text().replace("&", "") == "Playbook Properties…"


def test_the_dialog_edits_every_property_in_one_undo_step_and_undo_restores(
    window, tmp_path, monkeypatch
):
    logo = tmp_path / "logo.png"
    logo.write_bytes(png(64, 32, (10, 120, 90)))
    before = window.document.playbook.meta
    dialog = _open_dialog(window)
    assert dialog.fields["name"].text() == before.name
    dialog.fields["name"].setText("Acme revenue playbook")
    dialog.fields["company"].setText("Acme Corp")
    dialog.fields["version"].setText("2027 Q1")
    dialog.fields["owner"].setText("Dana")
    monkeypatch.setattr(dialog, "ask_logo_path", lambda: str(logo))
    dialog.choose.click()
    assert dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull()
    assert dialog.remove.isEnabled()
    stack = window.document.undo_stack
    count = stack.count()
    dialog.accept()
    meta = window.document.playbook.meta
    assert (meta.name, meta.company, meta.version, meta.owner) == (
        "Acme revenue playbook",
        "Acme Corp",
        "2027 Q1",
        "Dana",
    )
    assert meta.logo == logo.read_bytes()
    assert stack.count() == count + 1
    assert stack.undoText() == "Change playbook properties"
    assert window.document.undo()
    assert window.document.playbook.meta == before
    store = Store.open(window.document.path, read_only=True)
    try:
        assert store.load().meta == before  # the file took the undo too
    finally:
        store.close()


def test_the_dialog_refuses_a_file_that_is_not_an_image_and_keeps_the_logo(
    window, tmp_path, monkeypatch
):
    window.apply_edit(set_fields(window.document.playbook, Kind.META, "meta", logo=png()))
    notes = tmp_path / "notes.png"
    notes.write_text("meeting notes")
    dialog = _open_dialog(window)
    dialog.fields["owner"].setText("Sam")
    monkeypatch.setattr(dialog, "ask_logo_path", lambda: str(notes))
    dialog.choose.click()
    assert dialog.problem.text() == (
        "notes.png is not a PNG or JPEG image; choose a logo saved as .png or .jpg."
    )
    assert dialog.logo == png()
    assert dialog.fields["owner"].text() == "Sam"
    dialog.remove.click()
    dialog.accept()
    assert window.document.playbook.meta.logo == b""
    assert window.document.playbook.meta.owner == "Sam"


def test_ok_without_changes_adds_no_undo_step(window):
    count = window.document.undo_stack.count()
    dialog = _open_dialog(window)
    dialog.accept()
    assert window.document.undo_stack.count() == count


def test_the_dialog_sets_the_business_hours_an_sla_counts_in_and_undo_restores(window):
    from journeyapp.models.working_hours import HoursClock

    before = window.document.playbook.meta
    dialog = _open_dialog(window)
    assert dialog.fields["time_zone"].text() == before.time_zone
    dialog.fields["work_days"].setText("Sun-Thu")
    dialog.fields["day_start"].setText("08:00")
    dialog.fields["day_end"].setText("16:30")
    dialog.fields["time_zone"].setText(" Asia/Dubai ")
    stack = window.document.undo_stack
    count = stack.count()
    dialog.accept()
    meta = window.document.playbook.meta
    assert (meta.work_days, meta.day_start, meta.day_end, meta.time_zone) == (
        "Sun-Thu",
        "08:00",
        "16:30",
        "Asia/Dubai",
    )
    assert HoursClock.of(meta).week.days == frozenset({6, 0, 1, 2, 3})
    assert stack.count() == count + 1 and stack.undoText() == "Change business hours"
    assert window.document.undo()
    assert window.document.playbook.meta == before


@pytest.mark.parametrize(
    ("name", "typed", "sentence"),
    [
        ("work_days", "weekdays", "“weekdays” is not a day of the week; write Mon, Tue, … Sun."),
        ("day_start", "9am", "A time of day must read like 09:00 or 17:30, not “9am”."),
        (
            "time_zone",
            "Berlin",
            "“Berlin” is not a time zone this computer knows; use a name like Europe/Berlin.",
        ),
        ("day_end", "08:30", "The working day must end after it starts; 08:30 is not after 09:00."),
    ],
)
def test_the_dialog_refuses_business_hours_it_cannot_read_in_one_sentence(
    window, name, typed, sentence
):
    before = window.document.playbook.meta
    count = window.document.undo_stack.count()
    dialog = _open_dialog(window)
    dialog.fields["day_start"].setText("09:00")
    dialog.fields[name].setText(typed)
    dialog.fields["owner"].setText("Sam")
    dialog.accept()
    assert dialog.problem.text() == sentence
    assert dialog.fields["owner"].text() == "Sam" and dialog.fields[name].text() == typed
    assert window.document.undo_stack.count() == count
    assert window.document.playbook.meta == before
