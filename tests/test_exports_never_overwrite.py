"""No export ever writes over a playbook, and what is written keeps the privacy it had."""

from __future__ import annotations

import hashlib
import os
import stat

import pytest
from journeyapp.export.atomic_file import ExportError, write_atomically
from journeyapp.models.store import Store
from journeyapp.models.templates import load_template

from journeyapp.cli import main


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def team(tmp_path):
    path = tmp_path / "team.journey"
    Store.create(path, load_template("b2b-saas")).close()
    return path


@pytest.mark.parametrize("option", ["--pdf", "--json", "--graphml", "--html"])
def test_an_export_onto_the_playbook_it_reads_is_refused(team, capsys, option):
    """`journeyapp export team.journey --pdf team.journey` used to turn the playbook into a PDF."""
    before = digest(team)
    code = main(["export", str(team), option, str(team)])
    err = capsys.readouterr().err
    assert code == 2
    assert err == (
        "journeyapp: team.journey is a playbook; an export never writes over one. "
        "Choose another name.\n"
    )
    assert digest(team) == before
    assert Store.open(team, read_only=True).load() == load_template("b2b-saas")


def test_a_playbook_under_another_name_is_never_written_over(team, tmp_path):
    renamed = tmp_path / "team-backup.db"
    renamed.write_bytes(team.read_bytes())
    with pytest.raises(ExportError, match="is a playbook"):
        write_atomically(renamed, b"<svg/>")
    assert renamed.read_bytes() == team.read_bytes()
    with pytest.raises(ExportError, match="is a playbook"):
        write_atomically(tmp_path / "new.JOURNEY", b"{}")
    assert not (tmp_path / "new.JOURNEY").exists()


def test_exporting_the_map_as_svg_onto_the_open_playbook_is_refused(window, messages):
    path = window.document.path
    before = digest(path)
    assert not window.export("svg", path)
    assert messages[-1].endswith(
        "is a playbook; an export never writes over one. Choose another name."
    )
    assert digest(path) == before


def test_an_export_over_a_private_file_keeps_it_private(team, tmp_path, capsys):
    target = tmp_path / "handbook.json"
    target.write_text("{}")
    target.chmod(0o600)
    assert main(["export", str(team), "--json", str(target)]) == 0
    assert mode(target) == 0o600
    assert target.read_text().startswith("{")
    assert len(target.read_text()) > 100


def test_a_new_export_of_a_private_playbook_is_private(team, tmp_path, capsys):
    team.chmod(0o600)
    for option, name in (("--json", "p.json"), ("--graphml", "p.graphml"), ("--pdf", "p.pdf")):
        assert main(["export", str(team), option, str(tmp_path / name)]) == 0
        assert mode(tmp_path / name) == 0o600, name


def test_a_new_export_of_a_shared_playbook_is_as_readable_as_the_playbook(team, tmp_path):
    team.chmod(0o644)
    assert main(["export", str(team), "--json", str(tmp_path / "p.json")]) == 0
    assert mode(tmp_path / "p.json") == 0o644


def test_save_as_over_a_private_file_keeps_it_private_and_a_new_copy_follows_the_playbook(
    team, tmp_path
):
    store = Store.open(team)
    try:
        private = tmp_path / "private.journey"
        Store.create(private, load_template("blank")).close()
        private.chmod(0o600)
        store.backup_to(private)
        assert mode(private) == 0o600
        assert Store.open(private, read_only=True).load() == load_template("b2b-saas")
        os.chmod(team, 0o640)
        store.backup_to(tmp_path / "copy.journey")
        assert mode(tmp_path / "copy.journey") == 0o640
    finally:
        store.close()
