"""Untitled work a crash left behind is offered back file by file; none is deleted unless the
user says so for that file, a damaged one is set aside rather than stopping the start, and a
sandbox where the app is always process 1 still gets its work back."""

from __future__ import annotations

import json
import os
import sys
import time

import pytest
from journeyapp.models import operations as ops

from journeyapp import app, untitled
from journeyapp.document import Document


def crashed_untitled(name: str):
    """An edited untitled playbook whose process died: its file stays, its lock is gone."""
    document = Document.new_untitled("blank")
    document.apply(ops.add_stage(document.playbook, name, "awareness", "marketing"))
    document.store.close()
    return document.path


@pytest.fixture
def answers(monkeypatch):
    """Answer the recovery question from a list, recording what was asked."""
    given: list[str] = []
    asked: list[tuple[str, bool]] = []

    def answer(window, orphan, can_recover):
        asked.append((orphan.path.name, can_recover))
        return given.pop(0)

    monkeypatch.setattr(app, "ask_about_unsaved", answer)
    return given, asked


def test_each_file_is_offered_and_only_the_one_deleted_that_the_user_says(window, answers):
    """Two crashed windows' work: "Yes" recovered the newer and deleted the older; "No"
    deleted both."""
    given, asked = answers
    older = crashed_untitled("Older work")
    time.sleep(0.05)
    os.utime(older, (time.time() - 60, time.time() - 60))
    newer = crashed_untitled("Newer work")
    given += [app.KEEP, app.KEEP]
    assert app.offer_recovery(window) is None
    assert older.exists() and newer.exists()
    assert [name for name, _ in asked] == [newer.name, older.name]
    given += [app.RECOVER, app.KEEP]
    document = app.offer_recovery(window)
    assert [s.name for s in document.playbook.stages()] == ["Newer work"]
    assert asked[-1] == (older.name, False)  # offered, though another is open now
    assert older.exists()
    given += [app.DELETE]
    assert app.offer_recovery(window) is None
    assert not older.exists()
    document.close()


def test_work_is_offered_back_in_a_sandbox_where_the_app_is_always_process_1(window, answers):
    """Inside Flatpak, Snap or a container the app is PID 1 at every start, so the crashed
    owner's PID was this process's own, and the work was never offered."""
    given, _ = answers
    path = crashed_untitled("Before the crash")
    owner = path.with_name(path.name + ".owner")
    record = json.loads(owner.read_text())
    record["pid"] = os.getpid()  # the same PID as the crashed app had
    owner.write_text(json.dumps(record))
    given.append(app.RECOVER)
    document = app.offer_recovery(window)
    assert [s.name for s in document.playbook.stages()] == ["Before the crash"]
    document.close()


def test_an_untitled_playbook_another_window_holds_is_not_offered(window, answers):
    document = Document.new_untitled("blank")
    document.apply(ops.add_stage(document.playbook, "Still open", "awareness", "marketing"))
    _, asked = answers
    assert app.offer_recovery(window) is None
    assert asked == []
    document.close()


def test_damaged_unsaved_work_is_set_aside_and_the_app_starts(window, answers, messages):
    """Answering Recover on a damaged file exited with code 2 on every start."""
    given, _ = answers
    path = crashed_untitled("Lost?")
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    given.append(app.RECOVER)
    document = app.first_document(window, None, sample=False)
    assert document.is_untitled and document.playbook.meta.name  # the sample, to start with
    kept = untitled.untitled_dir() / "set-aside" / path.name
    assert kept.read_bytes() == bytes(data)
    assert not path.exists()
    assert "is kept, set aside, in" in messages[-1]
    assert untitled.find_orphans() == []
    document.close()


def test_temporary_files_a_killed_save_left_in_the_untitled_folder_are_cleared(window):
    stale = untitled.untitled_dir() / ".untitled-x.journey.journeyapp-ab12cd34.tmp"
    stale.write_bytes(b"\0" * 4096)
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    document = app.first_document(window, None, sample=False)
    assert not stale.exists()
    document.close()


@pytest.mark.parametrize(
    ("can_recover", "click", "choice", "buttons"),
    [
        (True, "Recover", app.RECOVER, ["Recover", "Keep for Next Time", "Delete It"]),
        (True, "Delete It", app.DELETE, ["Recover", "Keep for Next Time", "Delete It"]),
        (False, "Keep for Next Time", app.KEEP, ["Keep for Next Time", "Delete It"]),
    ],
)
def test_the_question_names_each_choice(window, can_recover, click, choice, buttons):
    from datetime import datetime

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    seen = []

    def answer():
        box = QApplication.activeModalWidget()
        seen.append((box.text(), sorted(b.text() for b in box.buttons())))
        next(b for b in box.buttons() if b.text() == click).click()

    QTimer.singleShot(0, answer)
    orphan = untitled.Orphan(
        untitled.untitled_dir() / "untitled-x.journey", datetime(2026, 11, 30, 9, 5)
    )
    assert app.ask_about_unsaved(window, orphan, can_recover) == choice
    text, shown = seen[0]
    assert "(last changed 30 Nov 2026 09:05)" in text
    assert shown == sorted(buttons)


def test_the_record_of_edited_work_is_never_left_half_written():
    """claim() emptied the owner file before writing it: a kill in between left an empty
    record, and the work was then never offered back."""
    document = Document.new_untitled("blank")
    document.apply(ops.add_stage(document.playbook, "Kept", "awareness", "marketing"))
    owner = document.path.with_name(document.path.name + ".owner")
    written = []

    def killed_mid_write(self, data, *args, **kwargs):
        written.append(self)
        raise KeyboardInterrupt  # the process dies before a byte is written

    with pytest.MonkeyPatch.context() as patch, pytest.raises(KeyboardInterrupt):
        patch.setattr(type(owner), "write_text", killed_mid_write)
        untitled.claim(document.path, edited=True)
    assert written and written[0] != owner  # the record itself was never reopened for writing
    document.store.close()
    assert [o.path for o in untitled.find_orphans()] == [document.path]


@pytest.mark.parametrize("choice", [app.DELETE, app.RECOVER])
def test_work_another_start_recovered_while_this_one_asked_is_left_to_it(
    window, monkeypatch, messages, choice
):
    """Started twice after a crash, both starts asked. One recovered the work and went on
    with it; the other's "Delete It" then deleted the file under it, and its "Recover"
    opened it read-only, as untitled, and deleted it on closing."""
    path = crashed_untitled("Recovered by the other start")
    other: list[Document] = []

    def answer(window, orphan, can_recover):
        other.append(Document.recover(orphan.path))  # the other start answers first
        return choice

    monkeypatch.setattr(app, "ask_about_unsaved", answer)
    assert app.offer_recovery(window) is None
    assert path.exists() and "recovered in another journeyapp window" in messages[-1]
    (recovered,) = other
    recovered.apply(ops.add_stage(recovered.playbook, "Went on", "awareness", "marketing"))
    seen = Document.open(path)
    assert "Went on" in [s.name for s in seen.playbook.stages()]
    seen.store.close()
    recovered.close()


def test_unsaved_work_a_newer_version_left_is_not_said_to_be_recovered_elsewhere(
    window, answers, messages
):
    """Work a newer version left opens read-only for that reason; Recover said it had been
    recovered in another window, at every start."""
    import sqlite3

    from journeyapp.models import schema

    given, _ = answers
    path = crashed_untitled("From a newer version")
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    given.append(app.RECOVER)
    document = app.offer_recovery(window)
    assert not any("recovered in another journeyapp window" in m for m in messages)
    assert document is not None and document.read_only
    document.close()
    assert path.exists()


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="XDG_DATA_HOME places the data folder on Linux"
)
def test_untitled_work_is_kept_in_the_systems_data_folder_unless_told(monkeypatch, tmp_path):
    monkeypatch.delenv("JOURNEYAPP_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "shared"))
    assert untitled.untitled_dir() == tmp_path / "shared" / "journeyapp" / "untitled"
    monkeypatch.setenv("JOURNEYAPP_DATA_DIR", str(tmp_path / "elsewhere"))
    assert untitled.untitled_dir() == tmp_path / "elsewhere" / "untitled"
