"""The Document applies, saves, undoes and redoes every edit, and keeps untitled work safe."""

from __future__ import annotations

import pytest
from builders import tiny_playbook
from journeyapp.models import operations as ops
from journeyapp.models.change import Kind
from journeyapp.models.codec import playbook_to_dict
from journeyapp.models.errors import EditError
from journeyapp.models.store import Store, StoreError
from journeyapp.models.templates import TEMPLATE_NAMES

from journeyapp import untitled
from journeyapp.document import Document


@pytest.fixture
def document(tmp_path, qapp):
    path = tmp_path / "doc.journey"
    Store.create(path, tiny_playbook()).close()
    doc = Document.open(path)
    yield doc
    doc.close()


def _on_disk(path):
    store = Store.open(path, read_only=True)
    try:
        return store.load()
    finally:
        store.close()


def test_every_edit_is_one_undo_step_and_reaches_the_file(document):
    playbook = document.playbook
    start = playbook_to_dict(playbook)
    document.apply(ops.rename(playbook, Kind.STAGE, "mql", "Marketing qualified"))
    document.apply(ops.remove_stage(playbook, "sql"))
    assert document.undo_stack.count() == 2
    assert document.undo_stack.undoText() == "Delete stage “SQL”"
    assert _on_disk(document.path) == playbook
    document.undo_stack.undo()
    assert playbook.has_stage("sql")
    assert _on_disk(document.path) == playbook
    document.undo_stack.undo()
    assert playbook_to_dict(playbook) == start
    assert playbook_to_dict(_on_disk(document.path)) == start
    document.undo_stack.redo()
    document.undo_stack.redo()
    assert not playbook.has_stage("sql")
    assert _on_disk(document.path) == playbook


def test_clean_and_modified_state_follow_the_undo_stack(document):
    assert not document.is_modified()
    document.apply(ops.rename(document.playbook, Kind.STAGE, "mql", "M"))
    assert document.is_modified()
    document.undo_stack.undo()
    assert not document.is_modified()


def test_changed_names_the_ids_for_apply_undo_and_redo(document, qtbot):
    with qtbot.waitSignal(document.changed) as blocker:
        document.apply(ops.rename(document.playbook, Kind.STAGE, "mql", "M"))
    assert blocker.args[0].get(Kind.STAGE) == {"mql"}
    with qtbot.waitSignal(document.changed) as blocker:
        document.undo_stack.undo()
    assert blocker.args[0].get(Kind.STAGE) == {"mql"}
    with qtbot.waitSignal(document.changed):
        document.undo_stack.redo()


def test_a_refused_edit_is_not_pushed_and_changes_nothing(document):
    before = playbook_to_dict(document.playbook)
    with pytest.raises(EditError):
        document.apply(ops.connect(document.playbook, "mql", "sql"))
    assert document.undo_stack.count() == 0
    assert playbook_to_dict(document.playbook) == before


def test_an_edit_the_file_cannot_take_is_rolled_back_in_memory(document, monkeypatch):
    before = playbook_to_dict(document.playbook)

    def disk_full(playbook, change):
        raise StoreError("The change could not be saved to doc.journey (disk is full).")

    monkeypatch.setattr(document.store, "commit", disk_full)
    with pytest.raises(StoreError, match="disk is full"):
        document.apply(ops.rename(document.playbook, Kind.STAGE, "mql", "Lost forever"))
    assert playbook_to_dict(document.playbook) == before
    assert document.undo_stack.count() == 0


def test_merging_edits_makes_one_undo_step(document):
    playbook = document.playbook
    for text in ("A", "AB", "ABC"):
        document.apply(
            ops.set_fields(playbook, Kind.STAGE, "mql", merge_key="typing", description=text)
        )
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert playbook.stage("mql").description == ""
    assert _on_disk(document.path).stage("mql").description == ""


def test_a_read_only_document_refuses_edits(tmp_path, qapp):
    path = tmp_path / "ro.journey"
    Store.create(path, tiny_playbook()).close()
    store = Store.open(path, read_only=True)
    document = Document(store.load(), store)
    with pytest.raises(StoreError):
        document.apply(ops.rename(document.playbook, Kind.STAGE, "mql", "X"))
    document.close()


def test_save_as_moves_editing_to_the_new_file(document, tmp_path):
    document.apply(ops.rename(document.playbook, Kind.STAGE, "mql", "Before save"))
    target = tmp_path / "saved.journey"
    document.save_as(target)
    assert document.path == target
    assert not document.is_modified()
    document.apply(ops.rename(document.playbook, Kind.STAGE, "mql", "After save"))
    assert _on_disk(target).stage("mql").name == "After save"
    assert _on_disk(tmp_path / "doc.journey").stage("mql").name == "Before save"


def test_save_as_from_a_read_only_window_keeps_what_that_window_shows(document, tmp_path):
    """A second window, read-only while the first edits, saved a copy of the file as it now
    is, not the playbook it shows: the copy took the other window's deletion, and the
    second window's next edits were written over a playbook it had never seen."""
    second = Document.open(tmp_path / "doc.journey")
    assert second.read_only
    shown = playbook_to_dict(second.playbook)
    document.apply(ops.rename(document.playbook, Kind.STAGE, "mql", "Renamed by the first"))
    document.apply(ops.remove_stage(document.playbook, "lost"))
    copy = tmp_path / "my-copy.journey"
    second.save_as(copy)
    assert playbook_to_dict(_on_disk(copy)) == shown
    second.apply(ops.rename(second.playbook, Kind.STAGE, "visitor", "Renamed by the second"))
    assert playbook_to_dict(_on_disk(copy)) == playbook_to_dict(second.playbook)
    second.close()


def test_save_as_from_a_newer_versions_file_copies_it_whole(qapp, tmp_path):
    """A newer journeyapp's file opens read-only so nothing in it is lost; its Save As wrote
    what this version understood, dropping the newer tables from the copy."""
    import sqlite3

    from journeyapp.models import schema

    path = tmp_path / "newer.journey"
    Store.create(path, tiny_playbook()).close()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE forecasts (id TEXT PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO forecasts VALUES ('f1', 'signed')")
        conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    newer = Document.open(path)
    assert newer.read_only
    copy = tmp_path / "copy.journey"
    newer.save_as(copy)
    newer.close()
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT body FROM forecasts").fetchall() == [("signed",)]


def test_untitled_work_lives_in_the_data_folder_and_goes_when_saved(qapp, tmp_path):
    document = Document.new_untitled("blank")
    assert document.is_untitled
    assert document.path.parent == untitled.untitled_dir()
    assert not document.has_unsaved_work()
    edit = ops.add_stage(document.playbook, "Lead", "awareness", "marketing")
    document.apply(edit)
    assert document.has_unsaved_work()
    old_path = document.path
    document.save_as(tmp_path / "kept.journey")
    assert not old_path.exists()
    assert not document.is_untitled
    document.close()
    assert (tmp_path / "kept.journey").exists()


@pytest.mark.parametrize("template", TEMPLATE_NAMES)
def test_a_new_untitled_playbook_is_what_its_file_holds(qapp, template):
    """It is not read back from the file it was written to, so the two must agree."""
    document = Document.new_untitled(template)
    assert playbook_to_dict(_on_disk(document.path)) == playbook_to_dict(document.playbook)
    playbook = document.playbook
    edit = ops.add_stage(playbook, "Lead", playbook.phases.ids()[0], playbook.lanes.ids()[0])
    document.apply(edit)
    assert playbook_to_dict(_on_disk(document.path)) == playbook_to_dict(document.playbook)
    document.close()


def test_untitled_work_left_by_a_crash_is_found_and_recovered(qapp):
    document = Document.new_untitled("blank")
    document.apply(ops.add_stage(document.playbook, "Lead", "awareness", "marketing"))
    path = document.path
    document.store.close()  # the process "dies": nothing else is cleaned up
    owner = path.with_name(path.name + ".owner")
    owner.write_text(owner.read_text().replace(str(__import__("os").getpid()), "999999999"))

    [orphan] = untitled.find_orphans()
    assert orphan.path == path
    recovered = Document.recover(path)
    assert [s.name for s in recovered.playbook.stages()] == ["Lead"]
    assert recovered.has_unsaved_work()
    assert untitled.find_orphans() == []
    recovered.close()
    assert not path.exists()


def test_untouched_untitled_files_are_not_offered_back(qapp):
    document = Document.new_untitled("blank")
    document.store.close()
    assert untitled.find_orphans() == []


# -- a write the file refuses during undo or redo --------------------------------


def _writes_refused(document: Document, refused: bool) -> None:
    """Make the file refuse writes (as a full disk or a lost network share would) or take them."""
    document.store.db.conn.execute(f"PRAGMA query_only={'ON' if refused else 'OFF'}")


def _failures(document: Document) -> list[str]:
    said: list[str] = []
    document.saveFailed.connect(said.append)
    return said


def _agree(document: Document, index: int) -> None:
    """The stack, the session, the model and the file all show ``index`` steps done."""
    assert document.undo_stack.index() == document.session.index == index
    assert document.undo_stack.canUndo() == document.session.can_undo == (index > 0)
    assert document.undo_stack.canRedo() == document.session.can_redo
    assert playbook_to_dict(_on_disk(document.path)) == playbook_to_dict(document.playbook)


def test_a_failed_undo_write_moves_nothing_and_says_so_once(document):
    document.apply(ops.rename(document.playbook, Kind.STAGE, "mql", "Renamed"))
    said = _failures(document)
    _writes_refused(document, True)
    assert not document.undo()
    assert said == [said[0]] and "could not be saved" in said[0]
    assert document.playbook.stage("mql").name == "Renamed"
    assert document.undo_stack.undoText() == "Rename “MQL” to “Renamed”"
    _agree(document, 1)

    _writes_refused(document, False)
    assert document.undo()
    assert document.playbook.stage("mql").name == "MQL"
    _agree(document, 0)
    assert len(said) == 1


def test_a_failed_redo_write_moves_nothing_and_says_so_once(document):
    document.apply(ops.remove_stage(document.playbook, "sql"))
    document.undo()
    said = _failures(document)
    _writes_refused(document, True)
    assert not document.redo()
    assert len(said) == 1
    assert document.playbook.has_stage("sql")
    _agree(document, 0)

    _writes_refused(document, False)
    assert document.redo()
    assert not document.playbook.has_stage("sql")
    _agree(document, 1)


def test_a_history_click_whose_write_fails_is_put_back_where_the_file_is(document, qtbot):
    playbook = document.playbook
    document.apply(ops.rename(playbook, Kind.STAGE, "mql", "One"))
    document.apply(ops.rename(playbook, Kind.STAGE, "sql", "Two"))
    document.apply(ops.rename(playbook, Kind.STAGE, "won", "Three"))
    said = _failures(document)
    real_commit = document.store.commit
    writes = []

    def second_write_fails(playbook, change):
        writes.append(change)
        if len(writes) == 2:
            raise StoreError("The change could not be saved to doc.journey (disk is full).")
        real_commit(playbook, change)

    document.store.commit = second_write_fails
    document.undo_stack.setIndex(0)  # what a click on "Opened" in the history view does
    qtbot.waitUntil(lambda: bool(said))
    assert said == ["The change could not be saved to doc.journey (disk is full)."]
    assert len(writes) == 2  # the rest of the batch was not tried
    assert playbook.stage("won").name == "Won"
    assert playbook.stage("sql").name == "Two"
    _agree(document, 2)

    del document.store.commit
    document.undo_stack.setIndex(0)
    assert [playbook.stage(i).name for i in ("mql", "sql", "won")] == ["MQL", "SQL", "Won"]
    _agree(document, 0)
    assert len(said) == 1


def test_undo_redo_and_a_refused_redo_through_the_stack_itself(document, qtbot):
    document.apply(ops.rename(document.playbook, Kind.STAGE, "mql", "Renamed"))
    document.undo_stack.undo()
    said = _failures(document)
    _writes_refused(document, True)
    document.undo_stack.redo()
    qtbot.waitUntil(lambda: bool(said))
    assert document.playbook.stage("mql").name == "MQL"
    _agree(document, 0)
    _writes_refused(document, False)
    document.undo_stack.redo()
    assert document.playbook.stage("mql").name == "Renamed"
    _agree(document, 1)


def test_typing_after_save_as_starts_a_new_undo_step(document, tmp_path):
    def typed(text):
        return ops.set_fields(
            document.playbook, Kind.STAGE, "mql", merge_key="typing", description=text
        )

    document.apply(typed("Saved"))
    document.save_as(tmp_path / "saved.journey")
    document.apply(typed("Saved, then more"))
    assert document.undo_stack.count() == document.session.count == 2
    document.undo()
    assert document.playbook.stage("mql").description == "Saved"
    assert not document.is_modified()


def _replaced(path):
    """The file at ``path`` replaced by another, as a sync client writes a new copy."""
    other = path.with_name("incoming.journey")
    Store.create(other, tiny_playbook()).close()
    other.replace(path)


@pytest.mark.parametrize("gone", ["deleted", "replaced"])
def test_save_as_its_own_name_after_the_file_went_writes_this_windows_work(document, gone):
    """Save As to the same name after the file was deleted (or replaced by a sync client's
    copy) said "Saved" and wrote nothing: the window's work was lost when it closed."""
    path = document.path
    document.apply(ops.rename(document.playbook, Kind.STAGE, "mql", "Kept work"))
    path.unlink() if gone == "deleted" else _replaced(path)
    assert document.has_unsaved_work()  # closing now would lose it
    document.save_as(path)
    assert _on_disk(path).stage("mql").name == "Kept work"
    assert not document.has_unsaved_work()
    document.apply(ops.rename(document.playbook, Kind.STAGE, "sql", "Edited after"))
    assert _on_disk(path).stage("sql").name == "Edited after"


def test_a_file_moved_while_open_is_no_unsaved_work(document, tmp_path):
    """Renamed elsewhere, the work is still whole in the file under its new name."""
    document.apply(ops.rename(document.playbook, Kind.STAGE, "mql", "Kept work"))
    document.path.rename(tmp_path / "moved.journey")
    assert not document.has_unsaved_work()


def test_a_file_written_over_in_place_while_open_refuses_the_next_edit(document, tmp_path):
    """A copy written into the open file (cp, some sync clients) went unnoticed: the next
    edit was written on top of the copy, and the window's earlier work was gone from disk
    while the window still showed it."""
    path = document.path
    document.apply(ops.rename(document.playbook, Kind.STAGE, "mql", "Window work"))
    other = tmp_path / "other.journey"
    Store.create(other, tiny_playbook()).close()
    path.write_bytes(other.read_bytes())  # into the same file, as cp does
    with pytest.raises(StoreError, match="changed outside journeyapp"):
        document.apply(ops.rename(document.playbook, Kind.STAGE, "sql", "More work"))
    assert document.playbook.stage("sql").name != "More work"  # the refused edit is undone
    document.save_as(tmp_path / "kept.journey")
    kept = _on_disk(tmp_path / "kept.journey")
    assert kept.stage("mql").name == "Window work"


def test_edits_one_after_another_are_never_taken_for_a_change_outside(document):
    for n in range(5):
        document.apply(ops.rename(document.playbook, Kind.STAGE, "mql", f"Name {n}"))
    document.undo_stack.undo()
    document.undo_stack.redo()
    assert _on_disk(document.path).stage("mql").name == "Name 4"
