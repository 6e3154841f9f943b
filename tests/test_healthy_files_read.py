"""Healthy files are read, never called damaged: older versions, a file another process is
saving, a long save, a journal left by a kill on read-only media, a newer version's file.
And an older file is only ever migrated after it is vetted and a whole backup is kept."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest
from journeyapp.models.schema import SCHEMA_VERSION
from journeyapp.models.store import Store, StoreError
from journeyapp.models.templates import load_template

from journeyapp.cli import main

DATA = os.path.join(os.path.dirname(__file__), "data")


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def legacy(tmp_path):
    path = tmp_path / "work" / "old.journey"
    path.parent.mkdir()
    shutil.copy(os.path.join(DATA, "v1-playbook.journey"), path)
    return path


def siblings(path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p != path)


def test_a_read_only_look_at_a_version_1_file_reads_it_and_changes_nothing(legacy):
    before, around = digest(legacy), siblings(legacy)
    store = Store.open(legacy, read_only=True)
    playbook = store.load()
    store.close()
    assert playbook.meta.name == "Legacy playbook"
    assert playbook.stage("mql").expected_days == 7
    assert digest(legacy) == before
    assert siblings(legacy) == around  # no backup, no journal, no temporary file


@pytest.mark.parametrize(
    "argv",
    [
        ["check"],
        ["export", "--json", "{folder}/out.json"],
        ["replay"],
        ["funnel", "--target", "1M", "--deal-size", "10k"],
        ["import-deals", "{folder}/deals.csv", "--dry-run"],
    ],
)
def test_every_read_only_command_reads_a_version_1_file(legacy, capsys, argv):
    """Each of these said "damaged… no column buyer_questions" and exited 2."""
    folder = legacy.parent
    (folder / "deals.csv").write_text("deal_id,stage,entered_at\nd1,MQL,2026-01-01\n")
    before = digest(legacy)
    command, *rest = argv
    code = main([command, str(legacy), *[a.format(folder=folder) for a in rest]])
    _, err = capsys.readouterr()
    assert "damaged" not in err and "Traceback" not in err
    assert code in (0, 1), err
    assert digest(legacy) == before
    assert not [p for p in folder.iterdir() if "backup" in p.name]


WRITER = textwrap.dedent(
    """
    import sys, time
    from journeyapp.models import operations
    from journeyapp.models.change import Kind
    from journeyapp.models.store import Store
    store = Store.open(sys.argv[1])
    playbook = store.load()
    phase, lane = playbook.phases.ids()[0], playbook.lanes.ids()[0]
    stop = time.monotonic() + float(sys.argv[2])
    n = 0
    print("ready", flush=True)
    while time.monotonic() < stop:
        add = operations.add_stage(playbook, f"Stage {n}", phase, lane)
        store.commit(playbook, playbook.apply(add))
        act = operations.add_activity(playbook, add.entity.id, "Call")
        store.commit(playbook, playbook.apply(act))
        gone = operations.remove_stage(playbook, add.entity.id)
        store.commit(playbook, playbook.apply(gone))
        n += 1
    print(n)
    """
)


def test_a_file_read_while_another_process_saves_is_never_called_damaged(tmp_path):
    """51 of 52 `check` runs made during edits said "damaged (An activity must belong to a
    stage that exists.)": each table was read in a transaction of its own."""
    from benchmarks.generated_maps import large_map

    path = tmp_path / "busy.journey"
    big = large_map(stages=600, handoffs=1800)  # a map big enough for reads to take a while
    Store.create(path, big).close()
    sample_stages = len(big.stages())
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), "300"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout.readline().strip() == "ready"
        for _ in range(6):
            store = Store.open(path, read_only=True)
            try:
                playbook = store.load()
            finally:
                store.close()
            assert len(playbook.stages()) in (sample_stages, sample_stages + 1)
        assert writer.poll() is None  # the writer was saving all along
    finally:
        writer.kill()
        writer.wait(timeout=60)


SAVING_UNTIL_TOLD = textwrap.dedent(
    """
    import select, sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
    conn.execute("PRAGMA cache_size=1")  # pages are written to the file: the commit's phase
    conn.execute("BEGIN")
    conn.execute("UPDATE stages SET name = name || ' (saved)'")
    print("saving", flush=True)
    select.select([sys.stdin], [], [], 1.5)  # until told, or a second and a half
    conn.execute("COMMIT")
    print("saved", flush=True)
    """
)


def test_a_look_during_another_process_save_is_not_lost_when_that_save_ends(tmp_path, monkeypatch):
    """CI: "busy.journey cannot be read: No such file or directory.": a save's live journal
    was taken for a crash's, and the save ended (its journal gone) while it was copied."""
    from journeyapp.models import file_check

    path = tmp_path / "busy.journey"
    Store.create(path, load_template("b2b-saas")).close()
    saver = subprocess.Popen(
        [sys.executable, "-c", SAVING_UNTIL_TOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    real_copy = shutil.copyfile

    def save_ends_meanwhile(source, target):
        if str(source).endswith("-journal") and saver.poll() is None:
            saver.stdin.write("commit\n")
            saver.stdin.flush()
            assert saver.stdout.readline().strip() == "saved"
        return real_copy(source, target)

    try:
        assert saver.stdout.readline().strip() == "saving"
        journal = path.with_name(path.name + "-journal")
        assert journal.read_bytes()[:8] == file_check.JOURNAL_MAGIC  # the save is under way
        monkeypatch.setattr(file_check.shutil, "copyfile", save_ends_meanwhile)
        store = Store.open(path, read_only=True)
        playbook = store.load()
        store.close()
    finally:
        saver.kill()
        saver.wait(timeout=60)
    names = {stage.name for stage in playbook.stages()}
    assert names == {s.name for s in load_template("b2b-saas").stages()} or all(
        name.endswith(" (saved)") for name in names
    )


def test_a_crash_journal_rolled_back_by_another_window_mid_look_is_read_whole(
    tmp_path, monkeypatch
):
    """Another window opening the file rolls the crashed save back while a read-only look
    copies it: the look must not keep a copy whose journal vanished."""
    from journeyapp.models import file_check

    path = tmp_path / "cut.journey"
    Store.create(path, load_template("b2b-saas")).close()
    subprocess.run([sys.executable, "-c", KILLED_MID_SAVE, str(path)], check=True)
    real_copy = shutil.copyfile

    def rolled_back_meanwhile(source, target):
        if str(source).endswith("-journal"):
            conn = sqlite3.connect(path)  # a writable connection rolls the crash back
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.close()
        return real_copy(source, target)

    monkeypatch.setattr(file_check.shutil, "copyfile", rolled_back_meanwhile)
    store = Store.open(path, read_only=True)
    playbook = store.load()
    store.close()
    assert playbook == load_template("b2b-saas")


TRIES_TO_SAVE = textwrap.dedent(
    """
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], timeout=0.5)
    try:
        conn.execute("UPDATE stages SET name = name")
        conn.commit()
        print("saved")
    except sqlite3.OperationalError as error:
        print(error)
    """
)


def test_no_other_process_can_save_while_a_look_checks_the_file(tmp_path, monkeypatch):
    """CI: "busy.journey is damaged (integrity check: wrong # of entries in index)" while
    another process saved: reading the header through a file of its own let go of the read
    lock SQLite held (closing any file releases a process's locks on it), so the save wrote
    pages while the integrity check read them."""
    from journeyapp.models import file_check

    path = tmp_path / "held.journey"
    Store.create(path, load_template("b2b-saas")).close()
    identify = file_check._identify
    outcome = []

    def another_process_saves_meanwhile(source, name):
        saver = [sys.executable, "-c", TRIES_TO_SAVE, str(source)]
        outcome.append(subprocess.run(saver, capture_output=True, text=True).stdout.strip())
        return identify(source, name)

    monkeypatch.setattr(file_check, "_identify", another_process_saves_meanwhile)
    Store.open(path, read_only=True).close()
    assert outcome == ["database is locked"]


KILLED_MID_SAVE = textwrap.dedent(
    """
    import os, sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("PRAGMA cache_size=1")  # changed pages spill into the file before commit
    conn.execute("BEGIN")
    conn.execute("UPDATE stages SET name = 'half-saved'")
    conn.execute("UPDATE deals SET name = 'half-saved'")
    os._exit(0)  # killed mid-save: the journal is left hot
    """
)


def _on_read_only_medium(path, tmp_path, monkeypatch):
    """``path``'s folder as the app sees a read-only medium (writes refused)."""
    real_access = os.access
    folder = str(path.parent)
    monkeypatch.setattr(
        os,
        "access",
        lambda p, mode: (
            False if mode == os.W_OK and str(p).startswith(folder) else real_access(p, mode)
        ),
    )


def test_a_save_cut_short_is_read_as_the_last_whole_save_on_read_only_media(tmp_path, monkeypatch):
    path = tmp_path / "stick" / "cut.journey"
    path.parent.mkdir()
    Store.create(path, load_template("b2b-saas")).close()
    subprocess.run([sys.executable, "-c", KILLED_MID_SAVE, str(path)], check=True)
    journal = path.with_name(path.name + "-journal")
    assert journal.stat().st_size > 0
    before = (digest(path), digest(journal))
    _on_read_only_medium(path, tmp_path, monkeypatch)
    store = Store.open(path)
    assert store.read_only and "cannot be changed here" in store.read_only_reason
    playbook = store.load()
    store.close()
    assert playbook == load_template("b2b-saas")
    assert (digest(path), digest(journal)) == before  # the medium was not written to


def test_a_journal_with_nothing_to_undo_is_no_obstacle_on_read_only_media(tmp_path, monkeypatch):
    path = tmp_path / "stick" / "left.journey"
    path.parent.mkdir()
    Store.create(path, load_template("b2b-saas")).close()
    path.with_name(path.name + "-journal").write_bytes(b"\x00" * 4096)  # a zeroed header
    _on_read_only_medium(path, tmp_path, monkeypatch)
    store = Store.open(path)
    assert store.load() == load_template("b2b-saas")
    store.close()


def test_an_older_file_with_a_planted_trigger_is_refused_before_it_is_migrated(legacy):
    conn = sqlite3.connect(legacy)
    conn.execute("CREATE TRIGGER t AFTER UPDATE ON stages BEGIN DELETE FROM phases; END")
    conn.commit()
    conn.close()
    before, around = digest(legacy), siblings(legacy)
    with pytest.raises(StoreError, match="triggers or views"):
        Store.open(legacy)
    assert digest(legacy) == before
    assert siblings(legacy) == around  # not migrated, no backup made


def test_a_backup_cut_short_is_never_kept_and_the_next_open_makes_a_whole_one(legacy, monkeypatch):
    """A kill during migration left a 5.9 MB backup of a 164 MB file, which the next open
    trusted and migrated without copying again."""
    from journeyapp.models import migration

    original = digest(legacy)

    def cut_short(source, target):
        with open(source, "rb") as src, open(target, "wb") as dst:
            dst.write(src.read(1000))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(migration.shutil, "copyfile", cut_short)
    with pytest.raises(StoreError, match="could not be updated"):
        Store.open(legacy)
    assert digest(legacy) == original
    assert siblings(legacy) == []  # neither a backup nor a temporary file
    monkeypatch.undo()
    Store.open(legacy).close()
    assert digest(legacy.with_name("old.v1-backup.journey")) == original


def test_an_existing_backup_is_never_written_over(legacy):
    earlier = legacy.with_name("old.v1-backup.journey")
    earlier.write_bytes(b"another day's file")
    original = digest(legacy)
    Store.open(legacy).close()
    assert earlier.read_bytes() == b"another day's file"
    assert digest(legacy.with_name("old.v1-backup-2.journey")) == original


def test_json_nested_too_deeply_is_a_sentence_not_a_recursion_error(tmp_path, capsys):
    path = tmp_path / "deep.journey"
    Store.create(path, load_template("b2b-saas")).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE stages SET content = ?", ("[" * 100_000 + "]" * 100_000,))
    conn.commit()
    conn.close()
    with pytest.raises(StoreError) as refusal:
        Store.open(path, read_only=True).load()
    assert str(refusal.value) == (
        "deep.journey is damaged and cannot be opened (a value in it is nested too deeply)."
    )
    for argv in (["check", str(path)], ["export", str(path), "--json", str(tmp_path / "o.json")]):
        assert main(argv) == 2
        assert capsys.readouterr().err.count("\n") == 1


def test_a_read_only_look_at_a_newer_versions_file_says_so(tmp_path, capsys):
    """`check` printed "0 error(s), 0 warning(s)" with no word of the newer version."""
    path = tmp_path / "future.journey"
    Store.create(path, load_template("b2b-saas")).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    code = main(["check", str(path)])
    out, err = capsys.readouterr()
    assert code == 0
    assert "future.journey: 0 errors" in out
    assert err == (
        "journeyapp: note: future.journey was saved by a newer version of journeyapp; "
        "what is new in it may not be shown or understood here.\n"
    )
    store = Store.open(path)
    assert store.read_only and store.notice
    store.close()


def test_temporary_files_a_killed_save_left_are_cleared_when_the_folder_is_next_used(tmp_path):
    """A kill during Save As left hidden temporary files of up to 70 MB in the user's folder."""
    from journeyapp.models.edit_lock import EditLock

    path = tmp_path / "team.journey"
    Store.create(path, load_template("blank")).close()
    stale = tmp_path / ".team.journey.journeyapp-k2j4h5g6.tmp"
    fresh = tmp_path / ".other.journey.journeyapp-a1b2c3d4.tmp"
    held = tmp_path / ".handbook.pdf.journeyapp-zz99yy88.tmp"
    unrelated = tmp_path / ".notes.tmp"
    # Another program's, named as mkstemp names files: never ours to remove.
    theirs = tmp_path / ".sales report.xlsx.q3_draft.tmp"
    for leftover in (stale, fresh, held, unrelated, theirs):
        leftover.write_bytes(b"x" * 1000)
    an_hour_ago = time.time() - 3600
    for leftover in (stale, held, unrelated, theirs):
        os.utime(leftover, (an_hour_ago, an_hour_ago))
    writing = EditLock(held)
    assert writing.acquire()
    try:
        Store.open(path).close()
    finally:
        writing.release()
    assert not stale.exists()
    assert fresh.exists() and held.exists() and unrelated.exists() and theirs.exists()


def test_a_snapshot_nested_too_deeply_is_a_sentence_in_diff_and_the_pdf(tmp_path, capsys):
    """diff and export printed a RecursionError traceback for such a snapshot."""
    path = tmp_path / "deep.journey"
    Store.create(path, load_template("b2b-saas")).close()
    assert main(["snapshot", str(path), "--name", "Q3"]) == 0
    conn = sqlite3.connect(path)
    conn.execute("UPDATE snapshots SET playbook = ?", ("[" * 100_000 + "]" * 100_000,))
    conn.commit()
    conn.close()
    capsys.readouterr()
    code = main(["diff", str(path), "--from", "Q3"])
    assert code == 2
    assert capsys.readouterr().err == (
        "journeyapp: The snapshot “Q3” is damaged (a value in it is nested too deeply).\n"
    )
    pdf = tmp_path / "h.pdf"
    assert main(["export", str(path), "--pdf", str(pdf), "--sections", "history"]) == 0
    from pypdf import PdfReader

    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)
    assert "nested too deeply" in text  # the history names the damaged snapshot and goes on


def test_a_file_with_bytes_added_at_its_end_is_not_called_shorter(tmp_path):
    """A file with 100 stray bytes appended was refused as "shorter than it should be"."""
    from journeyapp.models.store import StoreError

    path = tmp_path / "long.journey"
    Store.create(path, load_template("blank")).close()
    path.write_bytes(path.read_bytes() + b"\0" * 100)
    with pytest.raises(StoreError) as refusal:
        Store.open(path, read_only=True)
    assert "shorter" not in str(refusal.value) and "added bytes" in str(refusal.value)


def test_a_folder_where_the_journal_goes_is_said_not_called_a_disk_error(tmp_path):
    """A folder named x.journey-journal beside the file read as "damaged … (disk I/O
    error)"; SQLite keeps a save's journal at that name."""
    from journeyapp.models.store import StoreError

    path = tmp_path / "x.journey"
    Store.create(path, load_template("blank")).close()
    (tmp_path / "x.journey-journal").mkdir()
    with pytest.raises(StoreError) as refusal:
        Store.open(path, read_only=True)
    said = str(refusal.value)
    assert "x.journey-journal" in said and "folder" in said and "disk I/O" not in said
