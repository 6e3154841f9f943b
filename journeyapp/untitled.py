"""Untitled work: kept in a file in the user data folder, and offered back after a crash.

Beside each untitled file a small ``.owner`` file records the process that
holds it and whether anything was edited. A file whose owner is gone and
which holds edits was left behind by a crash.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from platformdirs import user_data_path

from journeyapp.models.ids import new_id


def data_dir() -> Path:
    """The user data folder (the JOURNEYAPP_DATA_DIR variable overrides it)."""
    override = os.environ.get("JOURNEYAPP_DATA_DIR")
    path = Path(override) if override else user_data_path("journeyapp", appauthor=False)
    return path


def untitled_dir() -> Path:
    folder = data_dir() / "untitled"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def new_untitled_path() -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return untitled_dir() / f"untitled-{stamp}-{new_id('w').split('-')[1][:6]}.journey"


def _owner_file(path: Path) -> Path:
    return path.with_name(path.name + ".owner")


def claim(path: Path, edited: bool = False) -> None:
    """Record that this process holds ``path``."""
    _owner_file(path).write_text(json.dumps({"pid": os.getpid(), "edited": edited}))


def release(path: Path) -> None:
    _owner_file(path).unlink(missing_ok=True)


def discard(path: Path) -> None:
    """Delete an untitled file the user chose not to keep."""
    release(path)
    path.unlink(missing_ok=True)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class Orphan:
    """Untitled work left behind by a process that ended without saving it."""

    path: Path
    modified: datetime


def find_orphans() -> list[Orphan]:
    """Untitled files with edits whose owning process is gone, newest first."""
    orphans = []
    for path in untitled_dir().glob("untitled-*.journey"):
        try:
            owner = json.loads(_owner_file(path).read_text())
            pid, edited = int(owner["pid"]), bool(owner["edited"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if edited and not _pid_alive(pid):
            orphans.append(Orphan(path, datetime.fromtimestamp(path.stat().st_mtime)))
    return sorted(orphans, key=lambda o: o.modified, reverse=True)


def sweep_unedited() -> None:
    """Remove untitled files nobody edited and nobody holds any more."""
    for path in untitled_dir().glob("untitled-*.journey"):
        try:
            owner = json.loads(_owner_file(path).read_text())
            if not owner["edited"] and not _pid_alive(int(owner["pid"])):
                discard(path)
        except (OSError, ValueError, KeyError, TypeError):
            continue
