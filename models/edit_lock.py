"""One writer per playbook: a lock taken by whoever opens a .journey file for editing.

A second window, or the command line, that opens a file someone is editing gets it
read-only, with a sentence saying why, rather than waiting: a workshop can hold a
file for hours, and two writers each holding their own copy of the playbook would
overwrite each other's changes even though SQLite keeps each commit whole.

The lock is an OS lock on the playbook file itself, so it:
- follows the file, not its name: a symbolic link, a hard link or a second mount of the
  folder reach the same lock;
- goes with the process that held it, however that process ends (a PID check would not:
  in a sandbox the app is PID 1 at every start);
- leaves nothing behind that could lock others out after a crash.

It covers one byte far past anything SQLite locks (SQLite's own locks sit at 1 GiB), so it
never gets in the way of SQLite's readers and writers, here or on other machines. On Linux
it is an open-file-description lock: unlike a classic POSIX lock it is not shared by every
descriptor the process has on the file, so a second window's failed attempt cannot take it.
"""

from __future__ import annotations

import contextlib
import os
import struct
import sys
from pathlib import Path

LOCKED_BYTE = 2**62

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, LOCKED_BYTE, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, LOCKED_BYTE, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

    def _locked_by_another(fd: int) -> bool:
        return False  # Windows cannot ask without write access; such a file opens read-only

else:
    import fcntl

    if hasattr(fcntl, "F_OFD_SETLK"):
        # struct flock: l_type, l_whence, l_start, l_len, l_pid (0 for OFD locks)
        flock = "hhqqi4x"

        def _flock(kind: int) -> bytes:
            return struct.pack(flock, kind, 0, LOCKED_BYTE, 1, 0)

        def _ofd(fd: int, kind: int) -> None:
            fcntl.fcntl(fd, fcntl.F_OFD_SETLK, _flock(kind))

        def _try_lock(fd: int) -> bool:
            try:
                _ofd(fd, fcntl.F_WRLCK)
                return True
            except OSError:
                return False

        def _unlock(fd: int) -> None:
            _ofd(fd, fcntl.F_UNLCK)

        def _locked_by_another(fd: int) -> bool:
            answer = fcntl.fcntl(fd, fcntl.F_OFD_GETLK, _flock(fcntl.F_WRLCK))
            return struct.unpack(flock, answer)[0] != fcntl.F_UNLCK

    else:  # pragma: no cover - macOS and the BSDs, where flock and SQLite's locks are apart

        def _try_lock(fd: int) -> bool:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except OSError:
                return False

        def _unlock(fd: int) -> None:
            fcntl.flock(fd, fcntl.LOCK_UN)

        def _locked_by_another(fd: int) -> bool:
            if not _try_lock(fd):  # flock needs no write access
                return True
            _unlock(fd)
            return False


class EditLock:
    """Held while a playbook is open for editing; ``acquire`` is False if someone has it."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        try:
            fd = os.open(self.path, os.O_RDWR | getattr(os, "O_BINARY", 0))
        except OSError:
            return False  # a file we cannot write to opens read-only anyway
        if not _try_lock(fd):
            os.close(fd)
            return False
        self._fd = fd
        return True

    def is_on(self, path: Path) -> bool:
        """Whether the lock held is on the file now at ``path`` (not on one renamed over
        since it was taken, as another Save As or a sync client does)."""
        if self._fd is None:
            return False
        try:
            mine, there = os.fstat(self._fd), os.stat(path)
        except OSError:
            return False
        return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)

    def stamp(self) -> tuple[int, int, bytes] | None:
        """What tells one state of the locked file from another: when it was last written,
        its size and SQLite's count of its changes; None where it cannot be read."""
        if self._fd is None:
            return None
        try:
            found = os.fstat(self._fd)
            return found.st_mtime_ns, found.st_size, os.pread(self._fd, 4, 24)
        except OSError:
            return None

    def file_gone(self) -> bool:
        """Whether the locked file is no longer under any name (deleted, or replaced by
        another file renamed over it): what it holds lives on only while it is open."""
        if self._fd is None:
            return False
        try:
            return os.fstat(self._fd).st_nlink == 0
        except OSError:
            return False

    def held_elsewhere(self) -> bool:
        """Whether someone else holds the file's lock: asked through a read-only look, so a
        file without write permission (whose lock cannot be taken) is asked too."""
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        except OSError:
            return False
        try:
            return _locked_by_another(fd)
        except OSError:
            return False
        finally:
            os.close(fd)

    def __del__(self) -> None:  # a store dropped without close() still lets go
        self.release()

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):  # closing the descriptor lets go all the same
            _unlock(fd)
        os.close(fd)
