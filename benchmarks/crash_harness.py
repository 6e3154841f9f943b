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


def child_main(path: str, seed: int) -> None:
    from PySide6.QtCore import QCoreApplication

    from journeyapp.document import Document

    app = QCoreApplication.instance() or QCoreApplication([])  # noqa: F841 (Qt objects need it)
    document = Document.open(path)
    playbook = document.playbook
    rng = random.Random(seed)
    folder = Path(tempfile.mkdtemp(prefix="crash-csv-"))
    out = sys.stdout
    n = 0
    while True:
        n += 1
        edit = random_edit(playbook, rng, n, folder)
        playbook.apply(edit)  # work out where this edit will leave the playbook
        expected = digest(playbook)
        playbook.revert(edit)
        out.write(f"begin {n} {expected}\n")
        out.flush()
        document.apply(edit)
        out.write(f"done {n} {digest(playbook)}\n")
        out.flush()


@dataclass
class Trial:
    acknowledged: int  # edits the child said were done before it was killed
    in_flight: bool  # an edit had begun and not been acknowledged
    lost: int  # 1 if the file did not hold what was acknowledged (or is damaged)
    problem: str = ""


def make_playbook_file(folder: Path) -> Path:
    from journeyapp.models.store import Store
    from journeyapp.models.templates import load_template

    path = folder / "trial.journey"
    Store.create(path, load_template("b2b-saas")).close()
    return path


def run_trial(folder: Path, seed: int, kill_after: float) -> Trial:
    """Start the child, kill it ``kill_after`` seconds after its first edit, check the file."""
    from journeyapp.models.store import Store, StoreError, inspect_file

    path = make_playbook_file(folder)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.crash_harness", "child", str(path), str(seed)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    lines: list[str] = []
    started = threading.Event()

    def read() -> None:
        for line in child.stdout:
            lines.append(line.split())
            started.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if not started.wait(60):
        child.kill()
        return Trial(0, False, 1, "the child never started editing: " + child.stderr.read()[-300:])
    time.sleep(kill_after)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    reader.join(5)
    done = [line for line in lines if len(line) == 3 and line[0] == "done"]
    begun = [line for line in lines if len(line) == 3 and line[0] == "begin"]
    acknowledged = int(done[-1][1]) if done else 0
    allowed = {done[-1][2]} if done else set()
    in_flight = bool(begun) and int(begun[-1][1]) > acknowledged
    if in_flight:
        allowed.add(begun[-1][2])
    try:
        inspect_file(path)  # runs PRAGMA integrity_check
        store = Store.open(path)
        try:
            found = digest(store.load())
        finally:
            store.close()
    except StoreError as error:
        return Trial(acknowledged, in_flight, 1, str(error))
    if not allowed:
        return Trial(acknowledged, in_flight, 0)
    if found not in allowed:
        return Trial(acknowledged, in_flight, 1, f"after edit {acknowledged} the file differs")
    return Trial(acknowledged, in_flight, 0)


if __name__ == "__main__" and sys.argv[1:2] == ["child"]:
    child_main(sys.argv[2], int(sys.argv[3]))
