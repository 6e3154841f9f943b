"""Kill safety: a process editing a playbook is SIGKILLed at random moments; every edit it
acknowledged is in the file, the file passes its integrity check and opens in the app.
The same holds for kills during Save As onto a file another window holds, migration of an
older file, recovery of untitled work and a CRM re-import over step notes.
Untitled work killed with its process is offered back at the next start."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap

import pytest

from benchmarks.crash_harness import ROOT, run_trial
from benchmarks.crash_scenarios import SCENARIOS, run_scenario

TRIALS = 20  # benchmarks/bench_crash_safety.py runs 200
SCENARIO_TRIALS = 3  # each; benchmarks/bench_crash_safety.py runs 50


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")
def test_edits_acknowledged_before_a_kill_are_never_lost(tmp_path, qapp):
    from journeyapp.document import Document

    rng = random.Random(20261123)
    acknowledged = lost = 0
    problems = []
    for trial in range(TRIALS):
        folder = tmp_path / f"trial-{trial}"
        folder.mkdir()
        result = run_trial(folder, seed=trial, kill_after=rng.uniform(0.02, 0.6))
        acknowledged += result.acknowledged
        lost += result.lost
        if result.problem:
            problems.append(f"trial {trial}: {result.problem}")
        document = Document.open(folder / "trial.journey")  # and it opens in the app
        assert document.playbook.stages()
        document.close()
    assert lost == 0, problems
    assert acknowledged > TRIALS  # the kills came while edits were being made


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_kill_during_save_as_migration_recovery_or_reimport_loses_nothing(tmp_path, scenario):
    """save_as: refused, held file unchanged; migration: whole file, whole backups, no
    temporary files; recovery: still offered, every edit kept; reimport: every note kept."""
    rng = random.Random(f"{scenario}-20261123")
    problems = []
    for trial in range(SCENARIO_TRIALS):
        folder = tmp_path / f"trial-{trial}"
        folder.mkdir()
        result = run_scenario(scenario, folder, trial, rng)
        if result.problem:
            problems.append(f"trial {trial}: {result.problem}")
    assert problems == []


UNTITLED_CHILD = textwrap.dedent(
    """
    import sys, time
    from PySide6.QtCore import QCoreApplication
    from journeyapp.document import Document
    from journeyapp.models import operations
    app = QCoreApplication([])
    document = Document.new_untitled("b2b-saas")
    stage = document.playbook.stages()[0]
    document.apply(operations.add_stage(
        document.playbook, "Written before the crash", stage.phase, stage.lane))
    print("done", flush=True)
    time.sleep(60)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")
def test_untitled_work_killed_with_the_app_is_offered_back_and_restored(
    isolated_user_folders, window, monkeypatch
):

    from journeyapp import app

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", UNTITLED_CHILD], cwd=ROOT, stdout=subprocess.PIPE, text=True, env=env
    )
    assert child.stdout.readline().strip() == "done"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    asked = []

    def answer(window, orphan, can_recover):
        asked.append(can_recover)
        return app.RECOVER

    monkeypatch.setattr(app, "ask_about_unsaved", answer)
    document = app.first_document(window, None, sample=False)
    assert asked == [True]
    assert "Written before the crash" in {s.name for s in document.playbook.stages()}
    assert document.is_untitled and document.has_unsaved_work()
    document.close()


HALF_WRITTEN = textwrap.dedent(
    """
    import os, signal, sqlite3, sys
    conn = sqlite3.connect(sys.argv[1])
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA cache_size=1")  # spill changed pages into the file mid-transaction
    conn.execute("BEGIN")
    for _ in range(200):
        conn.execute("UPDATE stages SET description = description || ' half-written'")
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")
def test_a_save_cut_short_by_a_kill_is_undone_when_the_file_is_next_opened(tmp_path):
    from journeyapp.models.store import Store
    from journeyapp.models.templates import load_template

    path = tmp_path / "cut.journey"
    Store.create(path, load_template("b2b-saas")).close()
    subprocess.run([sys.executable, "-c", HALF_WRITTEN, str(path)], check=False)
    journal = tmp_path / "cut.journey-journal"
    assert journal.exists() and journal.stat().st_size > 0  # the kill left a hot journal
    store = Store.open(path)
    playbook = store.load()
    store.close()
    assert playbook == load_template("b2b-saas")
    assert not any("half-written" in s.description for s in playbook.stages())


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")
def test_a_read_only_look_at_a_file_a_kill_cut_short_changes_neither_it_nor_its_journal(
    tmp_path, capsys
):
    """journeyapp check rolled the journal back in place: the file's bytes and time changed
    and the journal was deleted, though a look must change nothing. The look reads a copy
    rolled back in a scratch folder; opening for editing still rolls back in place."""
    from journeyapp.models.store import Store
    from journeyapp.models.templates import load_template

    from journeyapp.cli import main

    path = tmp_path / "cut.journey"
    Store.create(path, load_template("b2b-saas")).close()
    subprocess.run([sys.executable, "-c", HALF_WRITTEN, str(path)], check=False)
    journal = tmp_path / "cut.journey-journal"
    before = (path.read_bytes(), path.stat().st_mtime_ns, journal.read_bytes())
    assert main(["check", str(path)]) in (0, 1)
    looked = Store.open(path, read_only=True)
    playbook = looked.load()
    looked.close()
    assert not any("half-written" in s.description for s in playbook.stages())
    assert (path.read_bytes(), path.stat().st_mtime_ns, journal.read_bytes()) == before
    capsys.readouterr()
