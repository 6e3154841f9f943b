"""Kill safety at the edges: a child process is SIGKILLed at a random moment during

- ``save_as``: Save As onto a file another process holds open for editing (by its own
  name and through a symbolic link), between edits to its own file. Every Save As must be
  refused; afterwards both files open and the held one is byte for byte as it was.
- ``migration``: opening a version-1 file for editing, which keeps a backup and migrates
  it. Afterwards the file opens (migrated, or still version 1) to the same playbook, every
  backup is byte for byte the original, and the next open leaves no temporary file.
- ``recovery``: taking over untitled work a crash left (``Document.recover``) and editing
  it. Afterwards the file is still offered back and holds every acknowledged edit.
- ``reimport``: re-importing the same CRM export, again and again, between step notes
  written on its deals. Afterwards every acknowledged note is in the file.

Each child announces its edits as ``crash_harness`` children do ("begin N digest",
"done N digest"); the checks reuse them. One function per scenario sets up the folder,
one is the child's script, one checks the files after the kill.

    python -m benchmarks.crash_scenarios SCENARIO FOLDER SEED   (the child, run by run_scenario)
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import os
import random
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from benchmarks.crash_harness import (
    ROOT,
    Trial,
    acknowledged,
    announce,
    digest,
    edit_forever,
    kill_when_started,
    make_playbook_file,
    qt_app,
    reopen,
)

V1_FILE = ROOT / "tests" / "data" / "v1-playbook.journey"
DEALS = 40
# How long after the child's first line each scenario's kill comes (seconds, uniform):
# migrating the small version-1 file takes some 25-40 ms.
KILL_WINDOWS = {
    "save_as": (0.02, 0.8),
    "migration": (0.0, 0.06),
    "recovery": (0.0, 0.6),
    "reimport": (0.02, 1.0),
}
SCENARIOS = tuple(KILL_WINDOWS)


def _bytes_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _failed(ack, problem: str) -> Trial:
    return Trial(ack.count, ack.in_flight, 1, problem)


# -- Save As onto a file another process is editing -------------------------------------


def child_save_as(folder: Path, seed: int) -> None:
    from journeyapp.models.store import StoreError

    from journeyapp.document import Document

    app = qt_app()  # noqa: F841
    document = Document.open(folder / "mine.journey")

    def save_as_onto_the_held_file(n: int, rng: random.Random) -> None:
        target = folder / rng.choice(["held.journey", "link-to-held.journey"])
        try:
            document.save_as(target)
        except StoreError:
            print(f"refused {n}", flush=True)
        else:
            print(f"saved {n} {target.name}", flush=True)

    edit_forever(document, seed, save_as_onto_the_held_file)


def trial_save_as(folder: Path, seed: int, kill_after: float) -> Trial:
    from journeyapp.models.store import Store, StoreError

    mine = make_playbook_file(folder, "mine.journey")
    held = folder / "held.journey"
    Store.create(held, _another_playbook()).close()
    (folder / "link-to-held.journey").symlink_to(held.name)
    initial, held_bytes = digest(reopen(mine)), _bytes_digest(held)
    holder = Store.open(held)  # the other window, editing the file Save As aims at
    try:
        assert not holder.read_only, holder.read_only_reason
        lines, why = kill_when_started(_child_args("save_as", folder, seed), kill_after)
    finally:
        holder.close()
    ack = acknowledged(lines, initial)
    if why:
        return _failed(ack, why)
    saved = [line for line in lines if line[:1] == ["saved"]]
    if saved:
        return _failed(ack, f"Save As wrote over the held file ({' '.join(saved[0])})")
    if _bytes_digest(held) != held_bytes:
        return _failed(ack, "the held file changed")
    try:
        found = digest(reopen(mine))
        reopen(held)
    except StoreError as error:
        return _failed(ack, str(error))
    if found not in ack.allowed:
        return _failed(ack, f"after edit {ack.count} the file Save As copied from differs")
    return Trial(ack.count, ack.in_flight, 0)


def _another_playbook():
    """A playbook unlike the template, so a copy written over it would show."""
    from journeyapp.models.templates import load_template

    return load_template("blank")


# -- migration of a version-1 file ------------------------------------------------------


def reference_of_v1() -> str:
    """The digest of the version-1 file's playbook, read through a migrated copy."""
    from journeyapp.models.store import Store

    store = Store.open(V1_FILE, read_only=True)  # migrates a copy, never the original
    try:
        return digest(store.load())
    finally:
        store.close()


def child_migration(folder: Path, seed: int) -> None:
    from journeyapp.document import Document

    app = qt_app()  # noqa: F841
    reference = reference_of_v1()
    print(f"begin 1 {reference}", flush=True)
    document = Document.open(folder / "old.journey")  # keeps a backup, then migrates
    print(f"done 1 {digest(document.playbook)}", flush=True)
    time.sleep(60)


def _backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("old.v1-backup*.journey"))


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", "-journal")))


def trial_migration(folder: Path, seed: int, kill_after: float) -> Trial:
    from journeyapp.models import schema
    from journeyapp.models.store import StoreError, inspect_file

    path = folder / "old.journey"
    shutil.copyfile(V1_FILE, path)
    original, reference = _bytes_digest(V1_FILE), reference_of_v1()
    lines, why = kill_when_started(_child_args("migration", folder, seed), kill_after)
    ack = acknowledged(lines, reference)
    if why:
        return _failed(ack, why)
    try:
        version = inspect_file(path).version
        if version not in (1, schema.SCHEMA_VERSION):
            return _failed(ack, f"the file was left at version {version}")
        if version == schema.SCHEMA_VERSION and not _backups(folder):
            return _failed(ack, "the file was migrated without a backup")
        _age(folder, 120)  # the next open comes later: stale temporary files are swept
        found = digest(reopen(path))  # opened for editing: migrated now if it was not yet
    except StoreError as error:
        return _failed(ack, str(error))
    if found not in ack.allowed:
        return _failed(ack, "the migrated file differs from the version-1 file")
    changed = [p.name for p in _backups(folder) if _bytes_digest(p) != original]
    if changed:
        return _failed(ack, f"{changed[0]} is not a whole copy of the version-1 file")
    if leftovers := _leftovers(folder):
        return _failed(ack, f"left after the next open: {', '.join(leftovers)}")
    return Trial(ack.count, ack.in_flight, 0)


def _age(folder: Path, seconds: float) -> None:
    then = time.time() - seconds
    for entry in folder.iterdir():
        os.utime(entry, (then, then), follow_symlinks=False)


# -- recovery of untitled work ----------------------------------------------------------


@contextlib.contextmanager
def user_data(folder: Path) -> Iterator[None]:
    """This process's user data folder is ``folder`` for the with-block."""
    before = os.environ.get("JOURNEYAPP_DATA_DIR")
    os.environ["JOURNEYAPP_DATA_DIR"] = str(folder)
    try:
        yield
    finally:
        if before is None:
            del os.environ["JOURNEYAPP_DATA_DIR"]
        else:
            os.environ["JOURNEYAPP_DATA_DIR"] = before


def child_recovery(folder: Path, seed: int) -> None:
    from journeyapp import untitled
    from journeyapp.document import Document

    app = qt_app()  # noqa: F841
    (orphan,) = untitled.find_orphans()
    print("recovering", flush=True)
    edit_forever(Document.recover(orphan.path), seed)


def trial_recovery(folder: Path, seed: int, kill_after: float) -> Trial:
    from journeyapp.models.store import Store, StoreError
    from journeyapp.models.templates import load_template

    from journeyapp import untitled

    data = folder / "data"
    with user_data(data):
        path = untitled.new_untitled_path()  # work a crashed window left behind
        Store.create(path, load_template("b2b-saas")).close()
        untitled.claim(path, edited=True)
        initial = digest(reopen(path))
        lines, why = kill_when_started(
            _child_args("recovery", folder, seed), kill_after, {"JOURNEYAPP_DATA_DIR": str(data)}
        )
        ack = acknowledged(lines, initial)
        if why:
            return _failed(ack, why)
        offered = [orphan.path for orphan in untitled.find_orphans()]
    if offered != [path]:
        return _failed(ack, f"the untitled work is no longer offered back (offered: {offered})")
    try:
        found = digest(reopen(path))
    except StoreError as error:
        return _failed(ack, str(error))
    if found not in ack.allowed:
        return _failed(ack, f"after edit {ack.count} the recovered file differs")
    return Trial(ack.count, ack.in_flight, 0)


# -- a CRM re-import with step notes ----------------------------------------------------


def write_export(path: Path, stage_names: list[str]) -> None:
    """A generic CRM export of DEALS deals, each through two to four of the map's stages."""
    rng = random.Random(5)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["deal_id", "deal_name", "stage", "entered_at", "amount"])
        for k in range(DEALS):
            for day, stage in enumerate(stage_names[: rng.randint(2, 4)]):
                writer.writerow([f"D{k}", f"Deal {k}", stage, f"2026-03-{day + 10}", 1000 + k])


def _session(path: Path):
    from journeyapp.models.edit_session import EditSession
    from journeyapp.models.store import Store

    store = Store.open(path)
    return EditSession(store.load(), store)


def _reimport(playbook, export: Path):
    from journeyapp.models.deal_import.plan import import_edit, read_export

    return import_edit(playbook, read_export(playbook, export, "generic"))


def child_reimport(folder: Path, seed: int) -> None:
    from journeyapp.models.retrospective import NOTE_FIELDS, set_step_note

    session = _session(folder / "trial.journey")
    playbook, export = session.playbook, folder / "deals.csv"
    slots = [
        (deal.id, step, field)
        for deal in playbook.deals
        for step in range(len(deal.path))
        for field in NOTE_FIELDS
    ]
    rng = random.Random(seed)
    rng.shuffle(slots)  # each note in a place of its own: none replaces an earlier one
    print("started", flush=True)
    n = 0
    while True:
        n += 1
        if n % 2 and slots:
            deal_id, step, field = slots.pop()
            print(f"note {n} {deal_id} {step} {field}", flush=True)
            edit = set_step_note(playbook, deal_id, step, **{field: f"note-{n}"})
        else:
            edit = _reimport(playbook, export)
        announce(sys.stdout, n, playbook, edit, session.apply)


def trial_reimport(folder: Path, seed: int, kill_after: float) -> Trial:
    from journeyapp.models.store import StoreError

    path = make_playbook_file(folder)
    session = _session(path)
    names = [stage.name for stage in session.playbook.stages_in_journey_order()]
    write_export(folder / "deals.csv", names)
    session.apply(_reimport(session.playbook, folder / "deals.csv"))  # the first import
    session.store.close()
    initial = digest(reopen(path))
    lines, why = kill_when_started(_child_args("reimport", folder, seed), kill_after)
    ack = acknowledged(lines, initial)
    if why:
        return _failed(ack, why)
    try:
        playbook = reopen(path)
    except StoreError as error:
        return _failed(ack, str(error))
    if digest(playbook) not in ack.allowed:
        return _failed(ack, f"after edit {ack.count} the file differs")
    notes = [line for line in lines if line[:1] == ["note"] and int(line[1]) <= ack.count]
    for _, n, deal_id, step, field in notes:
        note = playbook.deals[deal_id].notes.get(step)
        if note is None or getattr(note, field) != f"note-{n}":
            return _failed(ack, f"the note {field} of step {step} on {deal_id} was lost")
    return Trial(ack.count, ack.in_flight, 0)


# -- running them -----------------------------------------------------------------------

CHILDREN: dict[str, Callable[[Path, int], None]] = {
    "save_as": child_save_as,
    "migration": child_migration,
    "recovery": child_recovery,
    "reimport": child_reimport,
}
TRIALS: dict[str, Callable[[Path, int, float], Trial]] = {
    "save_as": trial_save_as,
    "migration": trial_migration,
    "recovery": trial_recovery,
    "reimport": trial_reimport,
}


def _child_args(scenario: str, folder: Path, seed: int) -> list[str]:
    return ["benchmarks.crash_scenarios", scenario, str(folder), str(seed)]


def run_scenario(scenario: str, folder: Path, seed: int, rng: random.Random) -> Trial:
    """One trial of ``scenario`` in the empty ``folder``, killed at a moment ``rng`` picks."""
    return TRIALS[scenario](folder, seed, rng.uniform(*KILL_WINDOWS[scenario]))


if __name__ == "__main__":
    CHILDREN[sys.argv[1]](Path(sys.argv[2]), int(sys.argv[3]))
