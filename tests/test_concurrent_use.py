"""Two processes, one file: whoever opens a playbook second gets it read-only with a
sentence saying why, and the file is never written by two at once. A playbook on a
read-only medium opens read-only."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys

import pytest
from journeyapp.models import operations
from journeyapp.models.change import Kind
from journeyapp.models.store import Store
from journeyapp.models.templates import load_template

from benchmarks.crash_harness import ROOT
from journeyapp.cli import main


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def playbook_file(tmp_path):
    path = tmp_path / "shared.journey"
    Store.create(path, load_template("b2b-saas")).close()
    return path


def test_a_second_opener_gets_the_file_read_only_until_the_first_lets_go(playbook_file):
    first = Store.open(playbook_file)
    second = Store.open(playbook_file)
    assert not first.read_only
    assert second.read_only and "open for editing in another" in second.read_only_reason
    playbook = first.load()
    stage = playbook.stages()[0]
    first.commit(playbook, playbook.apply(operations.rename(playbook, Kind.STAGE, stage.id, "X")))
    assert second.load().stage(stage.id).name == "X"  # a reader sees committed edits
    second.close()
    first.close()
    third = Store.open(playbook_file)
    assert not third.read_only
    third.close()


def test_the_command_line_cannot_write_to_a_file_the_app_has_open(
    window, playbook_file, tmp_path, capsys
):
    assert window.open_file(playbook_file)
    before = digest(playbook_file)
    csv = tmp_path / "deals.csv"
    csv.write_text("deal_id,stage,entered_at\nd1,SQL,2026-01-01\n")
    for argv in (
        ["snapshot", playbook_file],
        ["import-deals", playbook_file, csv],
        ["layout", playbook_file],
    ):
        code = main([str(a) for a in argv])
        err = capsys.readouterr().err
        assert code == 2 and err.count("\n") == 1
        assert "open for editing in another journeyapp window" in err
        # A command is refused, not "opened read-only here": it says nothing changed.
        assert "nothing was changed" in err and "read-only here" not in err
    assert digest(playbook_file) == before
    # ...while reading it is fine
    assert main(["check", str(playbook_file)]) in (0, 1)


def test_a_second_app_process_opens_it_read_only_and_writes_nothing(window, playbook_file):
    assert window.open_file(playbook_file)
    stage = window.document.playbook.stages()[0]
    window.apply_edit(operations.rename(window.document.playbook, Kind.STAGE, stage.id, "Mine"))
    before = digest(playbook_file)
    other = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from PySide6.QtCore import QCoreApplication\n"
            "from journeyapp.document import Document\n"
            "from journeyapp.models import operations\n"
            "from journeyapp.models.change import Kind\n"
            "from journeyapp.models.errors import PlaybookError\n"
            "app = QCoreApplication([])\n"
            "document = Document.open(sys.argv[1])\n"
            "print(document.read_only_reason)\n"
            "stage = document.playbook.stages()[0]\n"
            "try:\n"
            "    rename = operations.rename(document.playbook, Kind.STAGE, stage.id, 'Theirs')\n"
            "    document.apply(rename)\n"
            "except PlaybookError as error:\n"
            "    print('refused:', error)\n",
            str(playbook_file),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert "open for editing in another journeyapp window" in other.stdout
    assert "refused:" in other.stdout
    assert digest(playbook_file) == before
    assert window.document.playbook.stage(stage.id).name == "Mine"


def test_the_window_says_why_a_second_copy_is_read_only(window, playbook_file, messages):
    holder = Store.open(playbook_file)  # another process has it
    try:
        assert window.open_file(playbook_file)
        assert window.document.read_only
        assert any("open for editing in another" in m for m in messages)
        assert "shared.journey — read-only" in window.windowTitle()
    finally:
        holder.close()


def _read_only_mount(folder):
    """A small read-only file system holding ``folder``'s files, if this machine lets us mount
    one (root in a container usually can); else None."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        return None
    target = folder / "medium"
    target.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(target)], capture_output=True
    )
    if made.returncode != 0:
        return None
    return target


def test_a_playbook_on_a_read_only_medium_opens_read_only(playbook_file, tmp_path, monkeypatch):
    medium = _read_only_mount(tmp_path)
    if medium is not None:
        copy = medium / "on-a-stick.journey"
        shutil.copy(playbook_file, copy)
        subprocess.run(["mount", "-o", "remount,ro", str(medium)], check=True)
    else:  # no way to mount here: the medium's answer is what os.access says
        copy = tmp_path / "on-a-stick.journey"
        shutil.copy(playbook_file, copy)
        real_access = os.access
        monkeypatch.setattr(
            os,
            "access",
            lambda path, mode: (
                False
                if mode == os.W_OK and str(path).startswith(str(tmp_path))
                else real_access(path, mode)
            ),
        )
    try:
        store = Store.open(copy)
        assert store.read_only and "cannot be changed here" in store.read_only_reason
        playbook = store.load()
        assert playbook == load_template("b2b-saas")
        store.close()
        code = main(["snapshot", str(copy)])
        assert code == 2
    finally:
        if medium is not None:
            subprocess.run(["umount", str(medium)], check=False)


def test_a_symbolic_link_or_a_hard_link_reaches_the_same_lock(playbook_file, tmp_path):
    """Three windows once opened one file writable through three names, and one deleted a
    stage while another added an activity to it: the file was then refused as damaged."""
    other = tmp_path / "elsewhere"
    other.mkdir()
    symlink, hardlink = other / "alias.journey", other / "hard.journey"
    symlink.symlink_to(playbook_file)
    os.link(playbook_file, hardlink)
    first = Store.open(playbook_file)
    try:
        for name in (symlink, hardlink):
            second = Store.open(name)
            assert second.read_only, name
            assert "open for editing in another" in second.read_only_reason
            second.close()
    finally:
        first.close()
    by_link = Store.open(hardlink)
    assert not by_link.read_only
    assert Store.open(playbook_file).read_only  # and now the link holds it for everyone
    by_link.close()


def test_a_failed_second_attempt_does_not_take_the_first_writers_lock(playbook_file):
    first = Store.open(playbook_file)
    for _ in range(3):
        Store.open(playbook_file).close()  # each read-only look closes what it opened
    assert Store.open(playbook_file).read_only
    first.close()


def test_a_lock_file_another_users_crashed_app_left_locks_nobody_out(playbook_file):
    """A leftover lock file this user could not open (another user's, 0644) made the playbook
    read-only for good, with the false message that it was open in another window."""
    leftover = playbook_file.with_name(f".{playbook_file.name}.lock")
    if os.geteuid() == 0:
        leftover.mkdir()  # root opens any file for writing, but no folder
    else:
        leftover.write_text("")
        leftover.chmod(0o444)
    store = Store.open(playbook_file)
    assert store.read_only_reason is None
    store.close()


def test_save_as_onto_a_held_file_without_write_permission_is_refused(
    playbook_file, tmp_path, monkeypatch
):
    """A file marked read-only cannot be opened for writing to test its lock, and the Save As
    went ahead: window A's work on disk was replaced under it. (Run as root, every file is
    writable; os.access answers as it would for the user.)"""
    from journeyapp.models.store import StoreError

    editing = Store.open(playbook_file)
    before = digest(playbook_file)
    playbook_file.chmod(0o444)
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    blank = Store.create(tmp_path / "blank.journey", load_template("blank"))
    try:
        with pytest.raises(StoreError, match="open for editing in another journeyapp window"):
            blank.backup_to(playbook_file)
        assert digest(playbook_file) == before
    finally:
        blank.close()
        editing.close()
        playbook_file.chmod(0o644)


def test_save_as_onto_a_file_another_window_has_open_is_refused(playbook_file, tmp_path):
    """Window B's Save As onto team.journey used to replace the file window A was editing."""
    from journeyapp.models.store import StoreError

    editing = Store.open(playbook_file)
    before = digest(playbook_file)
    blank = Store.create(tmp_path / "blank.journey", load_template("blank"))
    try:
        with pytest.raises(StoreError) as refusal:
            blank.backup_to(playbook_file)
        assert str(refusal.value) == (
            "shared.journey is open for editing in another journeyapp window or command; "
            "save under another name."
        )
        assert digest(playbook_file) == before
        playbook = editing.load()
        stage = playbook.stages()[0]
        editing.commit(
            playbook, playbook.apply(operations.rename(playbook, Kind.STAGE, stage.id, "Y"))
        )
    finally:
        blank.close()
        editing.close()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_save_as_onto_a_folder_says_it_is_a_folder(playbook_file, tmp_path):
    """Save As onto a folder named y.journey said the file was open in another window."""
    from journeyapp.models.store import StoreError

    folder = tmp_path / "y.journey"
    folder.mkdir()
    store = Store.open(playbook_file)
    try:
        with pytest.raises(StoreError, match=r"y\.journey is a folder"):
            store.backup_to(folder)
    finally:
        store.close()
    assert folder.is_dir() and not list(folder.iterdir())


def _stage_names(path) -> set[str]:
    store = Store.open(path, read_only=True)
    try:
        return {stage.name for stage in store.load().stages()}
    finally:
        store.close()


def test_two_windows_saving_as_one_new_name_at_once_lose_neither_s_work(
    playbook_file, tmp_path, monkeypatch, qapp
):
    """Both said "Saved": the first window's copy was renamed over by the second's, and its
    untitled work was deleted. The second is refused now, its work still its own."""
    from journeyapp.models import store as store_module
    from journeyapp.models.store import StoreError

    from journeyapp.document import Document

    target = tmp_path / "Q3.journey"
    theirs = tmp_path / "theirs.journey"
    other = load_template("blank")
    Store.create(theirs, other).close()
    mine = Document.new_untitled("b2b-saas")
    mine.apply(operations.add_stage(mine.playbook, "Only in mine", *_first_cell(mine.playbook)))
    real_fsync = store_module._fsync

    def the_other_save_lands(path):  # the other window's copy reaches the name meanwhile
        real_fsync(path)
        if not target.exists():
            os.link(theirs, target)

    monkeypatch.setattr(store_module, "_fsync", the_other_save_lands)
    with pytest.raises(StoreError, match="saved by another window a moment ago"):
        mine.save_as(target)
    assert mine.is_untitled and mine.path.exists()  # the work stays where it was
    assert "Only in mine" in _stage_names(mine.path)
    assert _stage_names(target) == {stage.name for stage in other.stages()}
    mine.close()


def test_a_read_only_window_never_saves_its_view_over_its_own_file_by_another_name(
    playbook_file, tmp_path, qapp
):
    """A read-only look is what the file was when it opened: saved as a hard link of that
    file, it wrote over the work the editing window had saved since."""
    from journeyapp.models.store import StoreError

    from journeyapp.document import Document

    alias = tmp_path / "alias.journey"
    os.link(playbook_file, alias)
    editing, looking = Document.open(playbook_file), Document.open(playbook_file)
    assert looking.read_only
    stage = editing.playbook.stages()[0]
    editing.apply(operations.rename(editing.playbook, Kind.STAGE, stage.id, "Later work"))
    editing.close()
    with pytest.raises(StoreError, match="open read-only; save under another name"):
        looking.save_as(alias)
    looking.close()
    assert "Later work" in _stage_names(playbook_file)


def test_the_lock_is_on_the_file_opened_even_when_one_is_renamed_over_it_meanwhile(
    playbook_file, tmp_path, monkeypatch
):
    """Between the lock and the connection another file took the name (a Save As, a sync
    client): the lock stayed on the old file, and a second window could edit the new one."""
    from journeyapp.models import store as store_module

    newer = tmp_path / "newer.journey"
    Store.create(newer, load_template("blank")).close()
    real_connect = store_module._connect_for_editing

    def renamed_over_first(path):
        if newer.exists():
            os.replace(newer, path)
        return real_connect(path)

    monkeypatch.setattr(store_module, "_connect_for_editing", renamed_over_first)
    first = Store.open(playbook_file)
    second = Store.open(playbook_file)
    try:
        assert not first.read_only and second.read_only
        assert first.load().stages() == []  # the blank playbook now at the name
    finally:
        second.close()
        first.close()


def _first_cell(playbook):
    return playbook.phases.ids()[0], playbook.lanes.ids()[0], 24, 24


def test_a_change_to_a_file_deleted_while_open_says_so_and_save_as_keeps_the_work(
    playbook_file, tmp_path
):
    store = Store.open(playbook_file)
    playbook = store.load()
    stage = playbook.stages()[0]
    from journeyapp.models.store import StoreError

    playbook_file.unlink()  # SQLite refuses to write to a file whose name is gone
    change = playbook.apply(operations.rename(playbook, Kind.STAGE, stage.id, "Kept"))
    with pytest.raises(StoreError, match="was moved, deleted or replaced while open here"):
        store.commit(playbook, change)
    store.backup_to(tmp_path / "rescued.journey", playbook)
    store.close()
    assert "Kept" in _stage_names(tmp_path / "rescued.journey")
