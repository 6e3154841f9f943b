"""The edit session: every edit, undo and redo is applied and written whole, or not at all."""

from __future__ import annotations

import pytest
from builders import tiny_playbook
from journeyapp.models import operations as ops
from journeyapp.models.change import Kind
from journeyapp.models.codec import playbook_to_dict
from journeyapp.models.edit_session import EditSession
from journeyapp.models.errors import EditError
from journeyapp.models.store import Store, StoreError


@pytest.fixture
def session(tmp_path):
    path = tmp_path / "doc.journey"
    Store.create(path, tiny_playbook()).close()
    store = Store.open(path)
    yield EditSession(store.load(), store)
    store.close()


def _on_disk(path) -> dict:
    store = Store.open(path, read_only=True)
    try:
        return playbook_to_dict(store.load())
    finally:
        store.close()


def _stage_on_disk(path, stage_id: str) -> dict:
    return next(s for s in _on_disk(path)["stages"] if s["id"] == stage_id)


def _writes_refused(session: EditSession, refused: bool) -> None:
    """Make the file refuse writes (as a full disk or a lost network share would) or take them."""
    session.store.db.conn.execute(f"PRAGMA query_only={'ON' if refused else 'OFF'}")


def _rename(session: EditSession, name: str) -> None:
    session.apply(ops.rename(session.playbook, Kind.STAGE, "mql", name))


def test_each_edit_is_written_and_becomes_one_undo_step(session):
    playbook = session.playbook
    start = playbook_to_dict(playbook)
    _rename(session, "Marketing qualified")
    session.apply(ops.remove_stage(playbook, "sql"))
    assert (session.index, session.count) == (2, 2)
    assert session.undo_label == "Delete stage “SQL”"
    assert _on_disk(session.store.path) == playbook_to_dict(playbook)

    session.undo()
    assert playbook.has_stage("sql")
    assert session.redo_label == "Delete stage “SQL”"
    assert _on_disk(session.store.path) == playbook_to_dict(playbook)
    session.undo()
    assert playbook_to_dict(playbook) == start
    assert _on_disk(session.store.path) == start
    assert not session.can_undo

    session.redo()
    session.redo()
    assert not playbook.has_stage("sql")
    assert playbook.stage("mql").name == "Marketing qualified"
    assert _on_disk(session.store.path) == playbook_to_dict(playbook)
    assert not session.can_redo


def test_a_refused_edit_changes_nothing_and_is_not_recorded(session):
    before = playbook_to_dict(session.playbook)
    with pytest.raises(EditError):
        session.apply(ops.connect(session.playbook, "mql", "sql"))
    assert playbook_to_dict(session.playbook) == before
    assert session.count == 0


def test_an_edit_the_file_refuses_is_undone_in_memory_and_not_recorded(session):
    before = playbook_to_dict(session.playbook)
    _writes_refused(session, True)
    with pytest.raises(StoreError, match=r"could not be saved to doc\.journey"):
        _rename(session, "Lost")
    assert playbook_to_dict(session.playbook) == before
    assert _on_disk(session.store.path) == before
    assert (session.index, session.count) == (0, 0)

    _writes_refused(session, False)
    _rename(session, "Kept")
    assert _stage_on_disk(session.store.path, "mql")["name"] == "Kept"
    assert session.count == 1


def test_a_failed_undo_keeps_the_change_in_memory_on_disk_and_on_the_history(session):
    _rename(session, "Renamed")
    after = playbook_to_dict(session.playbook)
    _writes_refused(session, True)
    with pytest.raises(StoreError):
        session.undo()
    assert session.playbook.stage("mql").name == "Renamed"
    assert playbook_to_dict(session.playbook) == after
    assert _on_disk(session.store.path) == after
    assert (session.index, session.can_undo, session.can_redo) == (1, True, False)

    _writes_refused(session, False)
    session.undo()
    assert session.playbook.stage("mql").name == "MQL"
    assert _stage_on_disk(session.store.path, "mql")["name"] == "MQL"
    assert session.index == 0


def test_a_failed_redo_leaves_the_edit_undone_everywhere(session):
    before = playbook_to_dict(session.playbook)
    session.apply(ops.remove_stage(session.playbook, "sql"))
    session.undo()
    _writes_refused(session, True)
    with pytest.raises(StoreError):
        session.redo()
    assert session.playbook.has_stage("sql")
    assert playbook_to_dict(session.playbook) == before
    assert _on_disk(session.store.path) == before
    assert (session.index, session.can_undo, session.can_redo) == (0, False, True)

    _writes_refused(session, False)
    session.redo()
    assert not session.playbook.has_stage("sql")
    assert "sql" not in {s["id"] for s in _on_disk(session.store.path)["stages"]}
    assert session.index == 1


def test_any_failure_while_writing_puts_the_playbook_back(session, monkeypatch):
    before = playbook_to_dict(session.playbook)

    def broken(playbook, change):
        raise RuntimeError("the encoder met something it did not expect")

    monkeypatch.setattr(session.store, "commit", broken)
    with pytest.raises(RuntimeError):
        _rename(session, "Half done")
    assert playbook_to_dict(session.playbook) == before
    assert session.count == 0


def test_a_read_only_file_refuses_edits_with_its_reason(tmp_path):
    path = tmp_path / "ro.journey"
    Store.create(path, tiny_playbook()).close()
    store = Store.open(path, read_only=True)
    session = EditSession(store.load(), store)
    before = playbook_to_dict(session.playbook)
    with pytest.raises(StoreError, match=r"Opened read-only\."):
        _rename(session, "X")
    assert playbook_to_dict(session.playbook) == before
    assert session.count == 0
    store.close()


def test_nothing_to_undo_or_redo_is_said_in_a_sentence(session):
    with pytest.raises(EditError, match="nothing to undo"):
        session.undo()
    with pytest.raises(EditError, match="nothing to redo"):
        session.redo()


def test_typing_in_a_field_folds_into_one_undo_step(session):
    for text in ("A", "AB", "ABC"):
        session.apply(
            ops.set_fields(
                session.playbook, Kind.STAGE, "mql", merge_key="typing", description=text
            )
        )
        assert session.merged == (text != "A")
    assert session.count == 1
    assert _stage_on_disk(session.store.path, "mql")["description"] == "ABC"
    session.undo()
    assert session.playbook.stage("mql").description == ""
    assert _stage_on_disk(session.store.path, "mql")["description"] == ""


def test_naming_a_new_stage_folds_into_adding_it(session):
    add = ops.add_stage(session.playbook, "New stage", "aware", "mkt", merge_key="new")
    session.apply(add)
    session.apply(
        ops.set_fields(session.playbook, Kind.STAGE, add.entity.id, merge_key="new", name="Webinar")
    )
    assert session.count == 1
    assert session.undo_label == "Add stage “Webinar”"
    session.undo()
    assert not session.playbook.has_stage(add.entity.id)
    session.redo()
    assert session.playbook.stage(add.entity.id).name == "Webinar"


def test_a_sealed_step_takes_no_more_merges(session):
    def typed(text):
        return ops.set_fields(
            session.playbook, Kind.STAGE, "mql", merge_key="typing", description=text
        )

    session.apply(typed("Saved"))
    session.seal()
    session.apply(typed("Saved, then more"))
    assert not session.merged
    assert session.count == 2
    session.undo()
    assert session.playbook.stage("mql").description == "Saved"


def test_an_edit_after_undo_replaces_the_undone_steps_and_never_merges_into_them(session):
    def typed(text):
        return ops.set_fields(
            session.playbook, Kind.STAGE, "mql", merge_key="typing", description=text
        )

    _rename(session, "Renamed")
    session.apply(typed("First"))
    session.undo()
    session.apply(typed("Second"))
    assert not session.merged
    assert (session.index, session.count) == (2, 2)
    assert not session.can_redo
    session.undo()
    assert session.playbook.stage("mql").description == ""
    assert session.playbook.stage("mql").name == "Renamed"


def test_an_edit_with_no_merge_key_after_typing_is_a_step_of_its_own(session):
    session.apply(
        ops.set_fields(session.playbook, Kind.STAGE, "mql", merge_key="typing", description="A")
    )
    session.apply(ops.remove_stage(session.playbook, "sql"))
    assert not session.merged
    assert session.count == 2
