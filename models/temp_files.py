"""Temporary files written beside a target and renamed over it, and clearing away the ones a
killed process left behind.

Each temporary file is locked (the edit lock's kind, which dies with its process) while it
is being written, so a later start can tell a file a live save is still writing from one a
kill left: only unlocked ones that have not changed for a minute are removed.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from journeyapp.models.edit_lock import EditLock
from journeyapp.models.errors import StoreError

SUFFIX = ".tmp"
MARK = "journeyapp-"  # in each of our names: mkstemp's own ".NAME.<8 random>.tmp" is anyone's
# ".NAME.journeyapp-<8 random>.tmp"
_OURS = re.compile(rf"\..+\.{re.escape(MARK)}[a-z0-9_]{{8}}{re.escape(SUFFIX)}")
QUIET_SECONDS = 60


def file_mode(path: Path) -> int | None:
    """A file's permission bits, which a file written in its place keeps; None if it is not
    there."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None


def fsync(path: Path) -> None:
    """Flush a file's bytes to the disk before it is renamed into place."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries to the disk, so a file just renamed or linked into it stays
    there after a power cut."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not possible on every platform; the rename itself is already durable there
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def mkstemp_beside(path: Path) -> tuple[int, str]:
    """``tempfile.mkstemp`` in ``path``'s folder, named as ours (its handle and name)."""
    return tempfile.mkstemp(prefix=f".{path.name}.{MARK}", suffix=SUFFIX, dir=path.parent)


def new_temp_beside(path: Path) -> tuple[Path, EditLock]:
    """A new empty file in ``path``'s folder (so the final rename stays on one file system),
    locked while it is written; the caller releases the lock and removes the file."""
    try:
        handle, name = mkstemp_beside(path)
    except OSError as error:
        raise StoreError(
            f"{path.name} could not be written: {error.strerror or error} in {path.parent}."
        ) from None
    os.close(handle)
    temp = Path(name)
    lock = EditLock(temp)
    lock.acquire()
    return temp, lock


@contextlib.contextmanager
def temp_beside(path: Path) -> Iterator[Path]:
    """``new_temp_beside`` for a with-block: unlocked and removed (if still there) at its end."""
    temp, lock = new_temp_beside(path)
    try:
        yield temp
    finally:
        lock.release()
        temp.unlink(missing_ok=True)


def remove_stale_temp_files(folder: Path) -> list[str]:
    """Remove temporary files of ours that a killed save or export left in ``folder``;
    return their names. Files a live process is writing are left alone."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        if not _OURS.fullmatch(entry.name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if now - entry.stat(follow_symlinks=False).st_mtime < QUIET_SECONDS:
                continue
        except OSError:
            continue
        probe = EditLock(Path(entry.path))
        if not probe.acquire():
            continue  # being written, or not ours to remove
        try:
            Path(entry.path).unlink()
            removed.append(entry.name)
        except OSError:
            pass
        finally:
            probe.release()
    return removed
