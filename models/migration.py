"""Bringing an older .journey file up to the current schema.

A file opened for editing is migrated in place, after a complete copy of it is kept
beside it: the copy is written under a temporary name, synced, compared with the
original byte for byte, and only then given its backup name, so a kill at any
moment leaves either no backup or a whole one, never a truncated one that a later
open would trust. A read-only look migrates a copy in a scratch folder instead, and
never touches the original.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

from journeyapp.models import schema
from journeyapp.models.errors import StoreError
from journeyapp.models.file_check import copy_with_journal, reason
from journeyapp.models.temp_files import fsync, fsync_folder, temp_beside


def migrate_in_place(path: Path, version: int) -> Path:
    """Keep a verified backup of ``path``, then bring it up to date; return the backup."""
    try:
        backup = _keep_backup(path, version)
        _migrate(path, version)
    except (OSError, sqlite3.Error) as error:
        raise StoreError(
            f"{path.name} is from an older version and could not be updated "
            f"({reason(error) if isinstance(error, sqlite3.Error) else error.strerror})."
        ) from None
    return backup


def migrated_copy(source: Path, version: int, scratch: Path) -> Path:
    """An up-to-date copy of ``source`` in ``scratch`` (the original is left as it is)."""
    copy = source if source.parent == scratch else copy_with_journal(source, scratch)
    try:
        _migrate(copy, version)
    except sqlite3.Error as error:
        raise StoreError(
            f"{source.name} is from an older version and could not be read ({reason(error)})."
        ) from None
    return copy


def backup_name(path: Path, version: int) -> Path:
    """``NAME.vN-backup.journey``, or ``NAME.vN-backup-2.journey`` … if that is taken: an
    existing backup is never written over (it may hold another day's file)."""
    first = path.with_name(f"{path.stem}.v{version}-backup{path.suffix}")
    candidate, n = first, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}.v{version}-backup-{n}{path.suffix}")
    return candidate


def _keep_backup(path: Path, version: int) -> Path:
    target = backup_name(path, version)
    with temp_beside(target) as temp:
        shutil.copyfile(path, temp)
        fsync(temp)
        if _digest(temp) != _digest(path):
            raise OSError(0, "the backup copy did not match the file")
        os.link(temp, target)  # never over another file, even one made since we looked
    fsync_folder(target.parent)
    return target


def _migrate(path: Path, version: int) -> None:
    conn = sqlite3.connect(str(path), timeout=15.0, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("BEGIN IMMEDIATE")  # one transaction: a kill leaves the old version, whole
        try:
            while version < schema.SCHEMA_VERSION:
                for step in schema.MIGRATIONS[version]:
                    step(conn) if callable(step) else conn.execute(step)
                version += 1
                conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()


def _digest(path: Path) -> bytes:
    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            hasher.update(chunk)
    return hasher.digest()
