"""Paths and values a script or a shell can hand the command line: a device or a pipe, a
read-only file, "-", a closed stdout, a killed export's leftovers, names two things share.
Each gets one line and exit 2, or works; nothing is replaced, hangs or is left behind."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from journeyapp.export.atomic_file import write_atomically
from journeyapp.models import snapshots
from journeyapp.models.templates import load_template

from journeyapp.cli import main


@pytest.fixture
def sample(tmp_path, capsys):
    path = tmp_path / "s.journey"
    assert main(["new", str(path), "--template", "b2b-saas"]) == 0
    capsys.readouterr()
    return path


def _refused(capsys, argv, said: str) -> None:
    code = main([str(a) for a in argv])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and said in err, err


def test_a_pipe_as_the_output_is_refused_and_left_a_pipe(sample, tmp_path, capsys):
    pipe = tmp_path / "out.fifo"
    os.mkfifo(pipe)
    _refused(capsys, ["export", sample, "--json", pipe], "is a pipe, not a file")
    assert os.path.exists(pipe) and not pipe.is_file()


def test_a_pipe_as_the_playbook_or_the_export_is_refused_not_waited_on(sample, tmp_path, capsys):
    pipe = tmp_path / "p.journey"
    os.mkfifo(pipe)
    _refused(capsys, ["check", pipe], "p.journey is a pipe, not a playbook")
    export = tmp_path / "deals.csv"
    os.mkfifo(export)
    _refused(capsys, ["import-deals", "--dry-run", sample, export], "deals.csv is a pipe")


def test_a_read_only_output_is_refused(sample, tmp_path, capsys, monkeypatch):
    kept = tmp_path / "report.json"
    kept.write_text("KEEP ME", encoding="utf-8")
    kept.chmod(0o444)
    # Root may write anything: the file is read-only to its user as to any other.
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, m: m != os.W_OK and real(p, m))
    _refused(capsys, ["export", sample, "--json", kept], "report.json is read-only")
    assert kept.read_text(encoding="utf-8") == "KEEP ME"


def test_a_dash_as_the_output_is_refused(sample, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _refused(capsys, ["export", sample, "--json", "-"], "standard output (-) is not supported")
    assert not (tmp_path / "-").exists()


def test_a_closed_stdout_neither_hides_the_work_nor_prints_a_traceback(sample, tmp_path):
    out = tmp_path / "o.json"
    done = subprocess.run(
        [sys.executable, "-m", "journeyapp", "export", str(sample), "--json", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 0 and done.stderr == "" and out.is_file()


def test_an_export_clears_what_a_killed_export_left_in_its_folder(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    leftover = folder / ".report.json.journeyapp-abc12345.tmp"
    leftover.write_bytes(b"half a report")
    old = time.time() - 3600
    os.utime(leftover, (old, old))
    write_atomically(folder / "report.json", b"{}")
    assert sorted(p.name for p in folder.iterdir()) == ["report.json"]


def test_a_deal_name_two_deals_share_is_refused_with_their_ids(sample, tmp_path, capsys):
    from journeyapp.models.store import Store

    store = Store.open(sample)
    playbook = store.load()
    first, second = list(playbook.deals)[:2]
    from journeyapp.models import operations
    from journeyapp.models.change import Kind

    change = playbook.apply(operations.set_fields(playbook, Kind.DEAL, second.id, name=first.name))
    store.commit(playbook, change)
    store.close()
    said = f"2 deals are called “{first.name}”"
    _refused(capsys, ["replay", sample, "--deal", first.name], said)
    _refused(capsys, ["interview-guide", sample, first.name, "-o", tmp_path / "g.pdf"], said)
    assert main(["replay", str(sample), "--deal", second.id]) == 0


def test_a_second_snapshot_in_a_quarter_gets_a_name_of_its_own():
    import datetime

    playbook = load_template("b2b-saas")
    now = datetime.datetime(2026, 11, 30, 9, 0)
    for _ in range(3):
        playbook.apply(snapshots.take(playbook, "2026 Q4", now))
    assert [s.name for s in playbook.snapshots] == ["2026 Q4", "2026 Q4 (2)", "2026 Q4 (3)"]


@pytest.mark.parametrize("minutes", ["-1", "0", "nan"])
def test_a_room_that_would_close_at_once_is_refused(sample, capsys, minutes):
    _refused(capsys, ["host", sample, "--minutes", minutes], "give a number of minutes above 0")


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_an_agenda_on_a_day_at_the_calendar_s_ends_is_refused(sample, capsys, day):
    _refused(capsys, ["agenda", sample, "--date", day], "out of range for a meeting")
