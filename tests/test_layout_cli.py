"""``journeyapp layout FILE``: the map laid out as Ctrl+L does, one undoable edit in the file."""

from __future__ import annotations

import hashlib

import pytest
from journeyapp.models.auto_layout import auto_layout, layout_positions
from journeyapp.models.edit_session import EditSession
from journeyapp.models.store import Store

from benchmarks.generated_maps import realistic_map
from journeyapp.cli import main


@pytest.fixture
def playbook_file(tmp_path):
    path = tmp_path / "map.journey"
    Store.create(path, realistic_map(100)).close()
    return path


def _positions(path):
    store = Store.open(path, read_only=True)
    try:
        return {s.id: (s.x, s.y) for s in store.load().stages()}
    finally:
        store.close()


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_layout_moves_the_stages_in_the_file_and_says_how_many(playbook_file, capsys):
    before = _positions(playbook_file)
    expected = layout_positions(realistic_map(100))
    moved = sum(before[s] != expected[s] for s in before)
    assert moved > 0
    assert main(["layout", str(playbook_file)]) == 0
    assert capsys.readouterr().out == f"Laid out map.journey: {moved:,} stages moved.\n"
    assert _positions(playbook_file) == expected
    assert main(["layout", str(playbook_file)]) == 0  # laid out already: nothing moves
    assert capsys.readouterr().out == "Laid out map.journey: 0 stages moved.\n"


def test_the_layout_is_one_undoable_edit_saved_in_the_file(playbook_file):
    before = _positions(playbook_file)
    store = Store.open(playbook_file)
    try:
        session = EditSession(store.load(), store)
        session.apply(auto_layout(session.playbook))
        assert session.count == 1 and session.undo_label == "Auto-layout the map"
        assert _positions(playbook_file) != before
        session.undo()
    finally:
        store.close()
    assert _positions(playbook_file) == before


def test_a_file_open_for_editing_elsewhere_is_refused_and_left_alone(playbook_file, capsys):
    holder = Store.open(playbook_file)  # as the app holds the file it shows
    try:
        before = _digest(playbook_file)
        assert main(["layout", str(playbook_file)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert "open for editing in another journeyapp window" in err
        assert _digest(playbook_file) == before
    finally:
        holder.close()


def test_a_file_that_is_no_playbook_is_one_line_and_exit_2(tmp_path, capsys):
    path = tmp_path / "notes.journey"
    path.write_text("not a playbook\n")
    assert main(["layout", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("journeyapp: notes.journey") and captured.err.count("\n") == 1
