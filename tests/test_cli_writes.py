"""Commands that change a playbook write through the edit session: all of a change or none."""

from __future__ import annotations

import hashlib

import pytest
from builders import tiny_playbook
from journeyapp.models.store import Store, StoreError

from journeyapp.cli import main


@pytest.fixture
def playbook_file(tmp_path):
    path = tmp_path / "p.journey"
    Store.create(path, tiny_playbook()).close()
    return path


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("command", ["snapshot", "import-deals"])
def test_a_write_the_file_refuses_is_one_line_and_changes_nothing(
    command, playbook_file, tmp_path, capsys, monkeypatch
):
    csv = tmp_path / "deals.csv"
    csv.write_text("deal_id,stage,entered_at\nd1,SQL,2026-01-01\n")
    argv = [command, str(playbook_file)] + ([str(csv)] if command == "import-deals" else [])

    def disk_full(store, playbook, change):
        raise StoreError("The change could not be saved to p.journey (disk is full).")

    monkeypatch.setattr(Store, "commit", disk_full)
    before = _digest(playbook_file)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err == "journeyapp: The change could not be saved to p.journey (disk is full).\n"
    assert _digest(playbook_file) == before

    monkeypatch.undo()
    assert main(argv) == 0
    assert _digest(playbook_file) != before
