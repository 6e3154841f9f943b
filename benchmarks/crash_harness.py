"""Kill safety: a child process edits a playbook through the Document and is SIGKILLed at a
random moment; the file is then reopened and checked.

The child announces each edit before making it ("begin N <digest the playbook will have>")
and after the Document has applied and committed it ("done N <digest>"). After the kill the
reopened file must pass SQLite's integrity check and hold exactly the state after the last
"done" edit, or after the one that had begun (its commit may have landed just before the
kill). Anything else is a lost or half-written edit.

    python -m benchmarks.crash_harness child FILE SEED     (the child, run by run_trial)
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EDIT_KINDS = ("add", "rename", "move", "connect", "raci", "import", "snapshot")


def digest(playbook) -> str:
    from journeyapp.models.codec import playbook_to_dict

    text = json.dumps(playbook_to_dict(playbook), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _small_export(folder: Path, playbook, n: int, rng: random.Random) -> Path:
    """A three-deal CRM export in the generic format, using the map's own stage names."""
    names = [s.name for s in playbook.stages_in_journey_order()][:4]
    path = folder / f"deals-{n}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["deal_id", "deal_name", "stage", "entered_at", "amount"])
        for k in range(3):
            for day, stage in enumerate(names[: rng.randint(1, len(names))]):
                writer.writerow(
                    [f"D{n}-{k}", f"Deal {n}-{k}", stage, f"2026-0{k + 1}-1{day}", 1000]
                )
    return path


def random_edit(playbook, rng: random.Random, n: int, folder: Path):
    """One of the edits a user makes, chosen at random."""
    from journeyapp.models import operations, snapshots
    from journeyapp.models.change import Kind
    from journeyapp.models.deal_import.plan import import_edit, read_export
    from journeyapp.models.entities import Raci

    stages = playbook.stages()
    kind = rng.choice(EDIT_KINDS)
    stage = rng.choice(stages)
    if kind == "add":
        return operations.add_stage(playbook, f"Added {n}", stage.phase, stage.lane, x=24, y=24)
    if kind == "rename":
        return operations.set_fields(playbook, Kind.STAGE, stage.id, name=f"Renamed {n}")
    if kind == "move":
        return operations.set_fields(
            playbook,
            Kind.STAGE,
            stage.id,
            x=float(rng.randint(0, 600)),
            y=float(rng.randint(0, 300)),
        )
    if kind == "connect":
        pairs = [
            (a.id, b.id)
            for a in rng.sample(stages, min(6, len(stages)))
            for b in stages
            if a.id != b.id and playbook.handoff_between(a.id, b.id) is None
        ]
        if pairs:
            return operations.connect(playbook, *rng.choice(pairs), trigger=f"Trigger {n}")
    if kind == "raci" and len(playbook.activities):
        activity = rng.choice(list(playbook.activities))
        role = rng.choice(list(playbook.roles))
        raci = dict(activity.raci)
        raci[role.id] = rng.choice(list(Raci))
        return operations.set_fields(playbook, Kind.ACTIVITY, activity.id, raci=raci)
    if kind == "import":
        plan = read_export(playbook, _small_export(folder, playbook, n, rng), "generic")
        return import_edit(playbook, plan)
    if kind == "snapshot":
        return snapshots.take(playbook, f"Snapshot {n}", __import__("datetime").datetime.now())
    return operations.set_fields(playbook, Kind.STAGE, stage.id, description=f"Note {n}")


def announce(out, n: int, playbook, edit, commit) -> None:
    """Say where ``edit`` will leave the playbook, make it through ``commit``, say it is done."""
    playbook.apply(edit)  # work out where this edit will leave the playbook
    expected = digest(playbook)
    playbook.revert(edit)
    out.write(f"begin {n} {expected}\n")
    out.flush()
    commit(edit)
    out.write(f"done {n} {digest(playbook)}\n")
    out.flush()


def edit_forever(document, seed: int, after_each=None) -> None:
    """Random edits through the Document, each announced, until the process is killed;
    ``after_each(n, rng)`` runs after edit n (a scenario's own step)."""
    rng = random.Random(seed)
    # Beside the playbook, in the trial's folder: a killed child cannot remove its own.
    folder = Path(tempfile.mkdtemp(prefix="crash-csv-", dir=Path(document.path).parent))
    n = 0
    while True:
        n += 1
        edit = random_edit(document.playbook, rng, n, folder)
        announce(sys.stdout, n, document.playbook, edit, document.apply)
        if after_each is not None:
            after_each(n, rng)


def qt_app():
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.instance() or QCoreApplication([])  # Qt objects need one


def child_main(path: str, seed: int) -> None:
    from journeyapp.document import Document

    app = qt_app()  # noqa: F841 (kept alive while the child runs)
    edit_forever(Document.open(path), seed)


@dataclass
class Trial:
    acknowledged: int  # edits the child said were done before it was killed
    in_flight: bool  # an edit (or the operation tried) had begun and not been acknowledged
    lost: int  # 1 if the file did not hold what was acknowledged (or is damaged)
    problem: str = ""


@dataclass
class Acknowledged:
    count: int  # the number of the last edit the child said was done
    allowed: set[str]  # the digests the file may hold: after that edit, or the one begun
    in_flight: bool


def acknowledged(lines: list[list[str]], initial: str) -> Acknowledged:
    """Read the child's "begin N digest" and "done N digest" lines; ``initial`` is the
    digest of the file before the child started."""
    done = [line for line in lines if len(line) == 3 and line[0] == "done"]
    begun = [line for line in lines if len(line) == 3 and line[0] == "begin"]
    count = int(done[-1][1]) if done else 0
    allowed = {done[-1][2] if done else initial}
    in_flight = bool(begun) and int(begun[-1][1]) > count
    if in_flight:
        allowed.add(begun[-1][2])
    return Acknowledged(count, allowed, in_flight)


def make_playbook_file(folder: Path, name: str = "trial.journey") -> Path:
    from journeyapp.models.store import Store
    from journeyapp.models.templates import load_template

    path = folder / name
    Store.create(path, load_template("b2b-saas")).close()
    return path


def reopen(path: Path):
    """The playbook in ``path``, after SQLite's integrity check (raises StoreError)."""
    from journeyapp.models.store import Store, inspect_file

    inspect_file(path)  # runs PRAGMA integrity_check
    store = Store.open(path)
    try:
        return store.load()
    finally:
        store.close()


def kill_when_started(
    args: list[str], kill_after: float, env: dict[str, str] | None = None
) -> tuple[list[list[str]], str]:
    """Run ``python -m ARGS`` and SIGKILL it ``kill_after`` seconds after its first line.
    Return its output lines, split into words, and why it failed if it never printed one
    or ended before the kill."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), **(env or {})}
    child = subprocess.Popen(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    lines: list[list[str]] = []
    started = threading.Event()

    def read() -> None:
        for line in child.stdout:
            lines.append(line.split())
            started.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if not started.wait(60):
        child.kill()
        child.wait()
        return lines, "the child never started: " + child.stderr.read()[-300:]
    time.sleep(kill_after)
    os.kill(child.pid, signal.SIGKILL)  # a child that already ended is a zombie until wait()
    child.wait()
    reader.join(5)
    if child.returncode != -signal.SIGKILL:
        return lines, f"the child ended by itself: {child.stderr.read()[-300:]}"
    child.stderr.close()
    return lines, ""


def run_trial(folder: Path, seed: int, kill_after: float) -> Trial:
    """Start the child, kill it ``kill_after`` seconds after its first edit, check the file."""
    from journeyapp.models.store import StoreError

    path = make_playbook_file(folder)
    initial = digest(reopen(path))
    lines, why = kill_when_started(
        ["benchmarks.crash_harness", "child", str(path), str(seed)], kill_after
    )
    if why:
        return Trial(0, False, 1, why)
    ack = acknowledged(lines, initial)
    try:
        found = digest(reopen(path))
    except StoreError as error:
        return Trial(ack.count, ack.in_flight, 1, str(error))
    if found not in ack.allowed:
        return Trial(ack.count, ack.in_flight, 1, f"after edit {ack.count} the file differs")
    return Trial(ack.count, ack.in_flight, 0)


if __name__ == "__main__" and sys.argv[1:2] == ["child"]:
    child_main(sys.argv[2], int(sys.argv[3]))
