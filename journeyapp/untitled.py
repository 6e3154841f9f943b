"""Untitled work: kept in a file in the user data folder, and offered back after a crash.

Beside each untitled file a small ``.owner`` file records whether anything was
edited. Whoever has the file open holds its edit lock (an OS lock that dies
with the process), so an edited file nobody holds was left behind by a crash.
A process id would not do: in a sandbox (Flatpak, Snap, a container) the app
is process 1 at every start, and the crashed owner would look alive.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from journeyapp.models.edit_lock import EditLock
from journeyapp.models.errors import PlaybookError
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.ids import new_id


def data_dir() -> Path:
    """The user data folder (the JOURNEYAPP_DATA_DIR variable overrides it): "journeyapp" in
    the system's folder for application data: ~/.local/share (or $XDG_DATA_HOME),
    ~/Library/Application Support, or %LOCALAPPDATA%."""
    override = os.environ.get("JOURNEYAPP_DATA_DIR")
    if override:
        return Path(override)
    shared = QStandardPaths.StandardLocation.GenericDataLocation
    return Path(QStandardPaths.writableLocation(shared)) / "journeyapp"


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
    owner = _owner_file(path)
    temp = owner.with_name(owner.name + ".new")
    temp.write_text(json.dumps({"pid": os.getpid(), "edited": edited}))
    os.replace(temp, owner)  # whole or not at all: a kill mid-write must not hide the work


def release(path: Path) -> None:
    _owner_file(path).unlink(missing_ok=True)


def discard(path: Path) -> None:
    """Delete an untitled file the user chose not to keep."""
    release(path)
    path.unlink(missing_ok=True)


def discard_unless_held(path: Path) -> bool:
    """``discard`` a file left by a crash, unless a live window has taken it up since it
    was offered (another start recovered it); whether it was deleted. The file's lock is
    held while it goes, so no one can take it up meanwhile."""
    probe = EditLock(path)
    if not probe.acquire():
        return not path.exists()
    try:
        discard(path)
    finally:
        probe.release()
    return True


class RecoveredElsewhere(PlaybookError):
    """Untitled work another window took up while this one offered it."""

    def __init__(self) -> None:
        super().__init__(
            "The untitled playbook was recovered in another journeyapp window; it is left "
            "to that window."
        )


def _held(path: Path) -> bool:
    """Whether a live window or command has ``path`` open."""
    probe = EditLock(path)
    if probe.acquire():
        probe.release()
        return False
    return path.exists()


def _edited(path: Path) -> bool | None:
    """Whether the untitled file was edited; None if its record is missing or unreadable."""
    try:
        return bool(json.loads(_owner_file(path).read_text())["edited"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def set_aside(path: Path) -> Path:
    """Move untitled work that cannot be opened out of the way, keeping it; return where."""
    folder = untitled_dir() / "set-aside"
    folder.mkdir(exist_ok=True)
    target = folder / path.name
    path.replace(target)
    release(path)
    return target


@frozen_record
class Orphan:
    """Untitled work left behind by a process that ended without saving it."""

    path: Path
    modified: datetime


def find_orphans() -> list[Orphan]:
    """Untitled files with edits that no live process holds, newest first."""
    orphans = []
    for path in untitled_dir().glob("untitled-*.journey"):
        if _edited(path) and not _held(path):
            orphans.append(Orphan(path, datetime.fromtimestamp(path.stat().st_mtime)))
    return sorted(orphans, key=lambda o: o.modified, reverse=True)


def sweep_unedited() -> None:
    """Remove untitled files nobody edited and nobody holds any more."""
    for path in untitled_dir().glob("untitled-*.journey"):
        if _edited(path) is False and not _held(path):
            discard(path)
