"""The .journey file: one transaction per edit, safe opening, clear refusals, migration."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3

import pytest
from builders import tiny_playbook
from conftest import DATA_DIR
from journeyapp.models import operations as ops
from journeyapp.models.change import Kind
from journeyapp.models.codec import playbook_to_dict
from journeyapp.models.schema import APPLICATION_ID, SCHEMA_VERSION
from journeyapp.models.store import Store, StoreError


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "files"
    path.mkdir()
    return path


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _reopen(path):
    store = Store.open(path)
    try:
        return store.load()
    finally:
        store.close()


def test_a_new_file_identifies_itself_and_holds_the_playbook(folder):
    path = folder / "p.journey"
    playbook = tiny_playbook()
    Store.create(path, playbook).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert _reopen(path) == playbook


def test_create_refuses_to_overwrite(folder):
    path = folder / "p.journey"
    path.write_text("precious")
    with pytest.raises(StoreError, match="already exists"):
        Store.create(path, tiny_playbook())
    assert path.read_text() == "precious"


def test_create_into_a_missing_folder_is_one_sentence(folder):
    with pytest.raises(StoreError, match="does not exist"):
        Store.create(folder / "nope" / "p.journey", tiny_playbook())


def test_each_commit_is_on_disk_at_once(folder):
    path = folder / "p.journey"
    playbook = tiny_playbook()
    store = Store.create(path, playbook)
    edits = [
        ops.rename(playbook, Kind.STAGE, "mql", "Qualified lead"),
        ops.add_stage(playbook, "Nurture", "aware", "mkt", y=150),
        ops.move_in_order(playbook, Kind.PHASE, "decide", 0),
        ops.remove_stage(playbook, "sql"),
    ]
    for edit in edits:
        change = playbook.apply(edit)
        store.commit(playbook, change)
        # Another connection sees it while this one is still open: nothing waits in memory.
        assert _reopen(path) == playbook
    for edit in reversed(edits):
        store.commit(playbook, playbook.revert(edit))
    assert _reopen(path) == tiny_playbook()
    store.close()


def test_reordering_activities_is_stored(folder):
    path = folder / "p.journey"
    playbook = tiny_playbook()
    store = Store.create(path, playbook)
    store.commit(playbook, playbook.apply(ops.move_in_order(playbook, Kind.ACTIVITY, "a2", 0)))
    assert _reopen(path).ids(Kind.ACTIVITY) == ["a2", "a1"]
    store.close()


def test_save_as_copies_with_the_backup_api(folder):
    path = folder / "p.journey"
    playbook = tiny_playbook()
    store = Store.create(path, playbook)
    store.commit(playbook, playbook.apply(ops.rename(playbook, Kind.STAGE, "mql", "Renamed")))
    copy = folder / "copy.journey"
    store.backup_to(copy)
    store.close()
    assert _reopen(copy) == playbook
    assert sorted(p.name for p in folder.iterdir()) == ["copy.journey", "p.journey"]


def test_save_as_into_a_missing_folder_leaves_everything_as_it_was(folder):
    path = folder / "p.journey"
    store = Store.create(path, tiny_playbook())
    before = _digest(path)
    with pytest.raises(StoreError, match="does not exist"):
        store.backup_to(folder / "missing" / "copy.journey")
    store.close()
    assert _digest(path) == before


def _make(folder, name: str, content: bytes):
    path = folder / name
    path.write_bytes(content)
    return path


def _other_apps_database(folder):
    path = folder / "other.journey"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.commit()
    conn.close()
    return path


def _truncated(folder):
    path = folder / "whole.journey"
    Store.create(path, tiny_playbook()).close()
    data = path.read_bytes()
    return _make(folder, "truncated.journey", data[: len(data) // 3])


def _corrupted_pages(folder):
    path = folder / "whole.journey"
    Store.create(path, tiny_playbook()).close()
    data = bytearray(path.read_bytes())
    for offset in range(4096 + 100, len(data), 97):
        data[offset] ^= 0x5A
    return _make(folder, "corrupt.journey", bytes(data))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda f: _make(f, "empty.journey", b""), "is empty"),
        (lambda f: _make(f, "notes.journey", b"Meeting notes\nAgenda\n"), "is not a journeyapp"),
        (lambda f: _make(f, "garbage.journey", os.urandom(5000)), "is not a journeyapp"),
        (_other_apps_database, "database from another application"),
        (_truncated, "is damaged"),
        (_corrupted_pages, "is damaged"),
        (lambda f: f / "missing.journey", "There is no file"),
        (lambda f: f, "is a folder"),
    ],
)
def test_a_bad_file_is_refused_in_one_sentence_and_never_touched(folder, make, message):
    path = make(folder)
    before = _digest(path) if path.is_file() else None
    listing = sorted(p.name for p in folder.iterdir())
    with pytest.raises(StoreError, match=message) as caught:
        Store.open(path).load()
    text = str(caught.value)
    assert "\n" not in text and "Traceback" not in text
    if before is not None:
        assert _digest(path) == before
    assert sorted(p.name for p in folder.iterdir()) == listing


def test_a_newer_file_opens_read_only_and_is_not_written(folder):
    path = folder / "future.journey"
    Store.create(path, tiny_playbook()).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = _digest(path)
    store = Store.open(path)
    assert store.read_only
    assert "newer version" in store.read_only_reason
    playbook = store.load()
    with pytest.raises(StoreError, match="newer version"):
        store.commit(playbook, playbook.apply(ops.rename(playbook, Kind.STAGE, "mql", "X")))
    store.close()
    assert _digest(path) == before


def test_a_read_only_folder_or_file_opens_read_only(folder, monkeypatch):
    path = folder / "locked.journey"
    Store.create(path, tiny_playbook()).close()
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode)
    )
    store = Store.open(path)
    assert store.read_only
    assert "cannot be changed here" in store.read_only_reason
    assert store.load() == tiny_playbook()
    store.close()


def test_a_version_1_file_is_migrated_after_a_backup(folder):
    path = folder / "legacy.journey"
    shutil.copy(DATA_DIR / "v1-playbook.journey", path)
    original = _digest(path)
    store = Store.open(path)
    playbook = store.load()
    store.close()
    backup = folder / "legacy.v1-backup.journey"
    assert backup.exists() and _digest(backup) == original
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    columns = {row[1] for row in conn.execute("PRAGMA table_info(stages)")}
    assert {"buyer_questions", "content", "last_reviewed_by"} <= columns
    assert conn.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 0
    conn.close()
    assert playbook.meta.name == "Legacy playbook"
    assert playbook.stage("mql").expected_days == 7
    assert playbook.stage("mql").last_reviewed == "2025-03-01"
    assert playbook.stage("mql").buyer_questions == ""
    assert playbook.handoff("h2").qualification == ("Budget", "Authority")
    assert playbook.definitions["def-mql"].marketing_signoff.name == "Ann"
    assert playbook.definitions["def-mql"].sales_signoff is None
    # The migrated file takes new edits like any other.
    store = Store.open(path)
    playbook = store.load()
    edit = ops.set_fields(playbook, Kind.STAGE, "mql", buyer_questions="Is it worth it?")
    store.commit(playbook, playbook.apply(edit))
    store.close()
    assert _reopen(path).stage("mql").buyer_questions == "Is it worth it?"
    # Version 5's parking lot and votes work in the migrated file too.
    conn = sqlite3.connect(path)
    assert {row[1] for row in conn.execute("PRAGMA table_info(improvements)")} >= {"votes"}
    conn.close()
    from journeyapp.models import parking_lot

    store = Store.open(path)
    playbook = store.load()
    note = parking_lot.add_note(playbook, "Ask about budget earlier", "mql", "2026-11-23")
    store.commit(playbook, playbook.apply(note))
    store.commit(playbook, playbook.apply(parking_lot.vote(playbook, Kind.NOTE, note.entity.id, 3)))
    store.close()
    assert [(n.text, n.stage, n.votes) for n in _reopen(path).notes] == [
        ("Ask about budget earlier", "mql", 3)
    ]


def test_a_failed_commit_raises_store_error_and_leaves_the_file_as_it_was(folder, monkeypatch):
    from journeyapp.models import store as store_module

    path = folder / "p.journey"
    playbook = tiny_playbook()
    store = Store.create(path, playbook)
    written = store_module._write_change

    def fails_once_written(*args):  # the rows are written, then the disk says no
        written(*args)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store_module, "_write_change", fails_once_written)
    edit = ops.move_stage(playbook, "mql", "decide", "sales", 300, 40)
    playbook.apply(edit)
    with pytest.raises(StoreError, match="could not be saved"):
        store.commit(playbook, edit.change())
    store.close()
    assert _reopen(path).stage("mql").phase == "aware"


def test_content_damaged_inside_a_healthy_database_is_refused(folder):
    path = folder / "p.journey"
    Store.create(path, tiny_playbook()).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE stages SET content = '{broken' WHERE id = 'mql'")
    conn.execute("UPDATE handoffs SET target = 'ghost' WHERE id = 'h1'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="is damaged"):
        Store.open(path).load()


def test_replace_all_rewrites_the_contents(folder):
    path = folder / "p.journey"
    store = Store.create(path, tiny_playbook())
    other = tiny_playbook()
    other.apply(ops.remove_stage(other, "sql"))
    store.replace_all(other)
    store.close()
    assert playbook_to_dict(_reopen(path)) == playbook_to_dict(other)


def test_a_new_or_copied_file_is_flushed_to_disk_with_its_name(tmp_path, monkeypatch):
    """The file's bytes are flushed before it gets its name; the folder's entry for it too,
    after, or a power cut could leave the folder without the file the user saw written."""
    flushed: list[str] = []
    real_fsync = os.fsync

    def recording(fd: int) -> None:
        flushed.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", recording)
    store = Store.create(tmp_path / "new.journey", tiny_playbook())
    assert str(tmp_path) in flushed
    flushed.clear()
    store.backup_to(tmp_path / "copy.journey")
    store.close()
    assert flushed[-1] == str(tmp_path)
