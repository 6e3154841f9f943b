"""One writer per playbook: a lock taken by whoever opens a .journey file for editing.

A second window, or the command line, that opens a file someone is editing gets it
read-only, with a sentence saying why, rather than waiting: a workshop can hold a
file for hours, and two writers each holding their own copy of the playbook would
overwrite each other's changes even though SQLite keeps each commit whole.

The lock is an OS lock on a small file beside the playbook (``.NAME.journey.lock``),
so it goes with the process that held it, however that process ends.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


class EditLock:
    """Held while a playbook is open for editing; ``acquire`` is False if someone has it."""

    def __init__(self, path: Path) -> None:
        self.path = lock_path(path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError:
                return False  # a folder we cannot write to: the file opens read-only anyway
            if not _try_lock(fd):
                os.close(fd)
                return False
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except OSError:
                same = False
            if same:
                self._fd = fd
                return True
            # The holder let go and removed the file between our open and our lock: retry.
            _unlock(fd)
            os.close(fd)

    def __del__(self) -> None:  # a store dropped without close() still lets go
        self.release()

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):  # a folder that went read-only: leave the file
            self.path.unlink(missing_ok=True)
        _unlock(fd)
        os.close(fd)
