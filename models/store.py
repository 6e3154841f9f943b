"""The .journey file: an SQLite database written through sqlite-utils, one transaction per edit.

Journal mode: DELETE (the rollback journal) with ``synchronous=FULL``. A
.journey file is a document that people copy, attach to e-mails and keep on
synced or network folders. In WAL mode committed edits sit in a ``-wal`` side
file until a checkpoint, so a copy of the bare file taken while the app is
open can miss the latest work, and WAL does not work on network file systems.
With the rollback journal every commit lands in the one file before the edit
is shown as done, and a crash mid-commit is rolled back on the next open.

Opening checks the file through a read-only connection first (is it SQLite,
is it ours, which schema version, does ``integrity_check`` pass), so a file
that is refused is never touched.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils
from journeyapp.models.bulk import collector_paused
from journeyapp.models.change import Change, Kind
from journeyapp.models.codec import (
    BUILD_ORDER,
    ENTITY_FROM_DICT,
    ENTITY_TO_DICT,
    meta_from_dict,
    meta_to_dict,
)
from journeyapp.models.edit_lock import EditLock
from journeyapp.models.errors import EditError, FormatError, PlaybookError, quoted_briefly
from journeyapp.models.playbook import Playbook
from journeyapp.models.schema import (
    APPLICATION_ID,
    CREATE_TABLES,
    MIGRATIONS,
    SCHEMA_VERSION,
    TABLES,
)

SQLITE_MAGIC = b"SQLite format 3\x00"


class StoreError(PlaybookError):
    """A .journey file that cannot be opened, created or written; the message says why."""


@dataclass(frozen=True)
class FileCheck:
    """What the read-only look at a file found."""

    version: int
    read_only_reason: str | None


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    if read_only:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    conn = sqlite3.connect(str(path), timeout=5.0)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA synchronous=FULL")
    return conn


def inspect_file(path: Path) -> FileCheck:
    """Check a file is a healthy playbook we can read, without writing to it (other than
    undoing a save a crash cut short, as SQLite itself would)."""
    name = path.name
    if not path.exists():
        raise StoreError(f"There is no file at {path}.")
    if path.is_dir():
        raise StoreError(f"{name} is a folder, not a playbook.")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise StoreError(f"{name} cannot be read: {error.strerror or error}.") from None
    if not header:
        raise StoreError(f"{name} is empty; it is not a journeyapp playbook.")
    if header != SQLITE_MAGIC:
        raise StoreError(f"{name} is not a journeyapp playbook (it is not a playbook database).")
    if _cut_short(path):
        raise StoreError(
            f"{name} is damaged and cannot be opened (it is shorter than it should be; "
            "a copy or download may have stopped early)."
        )
    _finish_interrupted_write(path)
    try:
        conn = _connect(path, read_only=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if app_id != APPLICATION_ID:
                raise StoreError(
                    f"{name} is a database from another application, not a journeyapp playbook."
                )
            conn.text_factory = lambda raw: raw.decode("utf-8", "replace")  # damage is reported
            verdict = " ".join(conn.execute("PRAGMA integrity_check(1)").fetchone()[0].split())
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{name} is damaged and cannot be opened ({_reason(error)}).") from None
    except UnicodeDecodeError:  # SQLite's own message quotes the garbled bytes
        raise StoreError(
            f"{name} is damaged and cannot be opened (its structure is garbled)."
        ) from None
    if verdict != "ok":
        raise StoreError(
            f"{name} is damaged and cannot be opened (integrity check: {_reason(verdict)})."
        )
    if version < 1:
        raise StoreError(f"{name} is not a journeyapp playbook (it has no schema version).")
    reason = None
    if version > SCHEMA_VERSION:
        reason = (
            f"{name} was saved by a newer version of journeyapp; "
            "it is opened read-only so nothing in it is lost."
        )
    elif not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        reason = (
            f"{name} cannot be changed here (the file or its folder is read-only); "
            "it is opened read-only."
        )
    return FileCheck(version=version, read_only_reason=reason)


@functools.cache
def _expected_columns() -> dict[str, frozenset[str]]:
    """Each table of the current schema and its columns, read from a scratch database."""
    conn = sqlite3.connect(":memory:")
    try:
        for statement in _statements(CREATE_TABLES):
            conn.execute(statement)
        return _columns(conn)
    finally:
        conn.close()


def _columns(conn: sqlite3.Connection) -> dict[str, frozenset[str]]:
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return {
        table: frozenset(
            row[0] for row in conn.execute("SELECT name FROM pragma_table_info(?)", (table,))
        )
        for table in tables
    }


def _check_tables(conn: sqlite3.Connection, name: str) -> None:
    """Refuse a file whose tables are not the ones this version reads and writes (opening it
    would go well, and the first edit would fail to save), or that carries SQL of its own
    to run when it is edited."""
    hidden_code = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type IN ('trigger', 'view')"
    ).fetchone()[0]
    if hidden_code:
        raise StoreError(
            f"{name} holds database triggers or views, which journeyapp playbooks never have; "
            "it is not opened."
        )
    found = _columns(conn)
    for table, columns in _expected_columns().items():
        if table not in found:
            raise StoreError(f"{name} is damaged and cannot be opened (it has no {table} table).")
        missing = sorted(columns - found[table])
        if missing:
            raise StoreError(
                f"{name} is damaged and cannot be opened "
                f"(its {table} table has no column {missing[0]})."
            )


def _reason(error: Exception | str) -> str:
    """What went wrong, as a short clause: one line, never a page of the file's text."""
    if isinstance(error, UnicodeDecodeError):
        return "its structure is garbled"
    if str(error).startswith("Could not decode to UTF-8"):
        return "some of its text is garbled"
    return quoted_briefly(str(error), 160)


def _cut_short(path: Path) -> bool:
    """Whether the file ends before the pages its header says it has (SQLite would read the
    missing bytes as zeros, and could open it without a word)."""
    with path.open("rb") as handle:
        header = handle.read(100)
    size = path.stat().st_size
    if len(header) < 100:
        return True
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return False  # not a page size at all: SQLite itself refuses the file
    pages = int.from_bytes(header[28:32], "big")
    header_count_valid = header[92:96] == header[24:28]
    return size % page_size != 0 or (header_count_valid and size < pages * page_size)


def _finish_interrupted_write(path: Path) -> None:
    """Roll back a write that a crash or a kill cut short.

    The rollback journal beside the file then still holds the pages as they were
    before the unfinished transaction. SQLite puts them back on the first
    connection that may write; a read-only look cannot, and would refuse the file.
    """
    journal = path.with_name(path.name + "-journal")
    try:
        interrupted = journal.stat().st_size > 0
    except OSError:
        return
    if not interrupted:
        return
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise StoreError(
            f"{path.name} was being saved when the app that had it open stopped; open it once "
            "where it can be written (it is read-only here) so the unfinished change is undone."
        )
    try:
        conn = sqlite3.connect(str(path), timeout=5.0)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise StoreError(
            f"{path.name} is damaged and cannot be opened ({_reason(error)})."
        ) from None


class Store:
    """An open .journey file. Every ``commit`` is one durable transaction."""

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        read_only_reason: str | None,
        lock: EditLock | None = None,
    ):
        self.path = path
        self.read_only_reason = read_only_reason
        self.db = sqlite_utils.Database(conn, execute_plugins=False)
        self._lock = lock

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    # -- opening and creating --------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str], read_only: bool = False) -> Store:
        """Open an existing playbook; migrate an older one after keeping a backup copy."""
        path = Path(path)
        check = inspect_file(path)
        reason = check.read_only_reason or ("Opened read-only." if read_only else None)
        lock = None
        if reason is None:
            lock = EditLock(path)
            if not lock.acquire():
                lock = None
                reason = (
                    f"{path.name} is open for editing in another journeyapp window or command; "
                    "it is opened read-only here so neither overwrites the other."
                )
        try:
            if reason is None and check.version < SCHEMA_VERSION:
                _migrate(path, check.version)
            conn = _connect(path, read_only=reason is not None)
            try:
                _check_tables(conn, path.name)
            except BaseException:
                conn.close()
                raise
        except (sqlite3.Error, UnicodeDecodeError) as error:
            if lock is not None:
                lock.release()
            raise StoreError(f"{path.name} cannot be opened ({_reason(error)}).") from None
        except StoreError:
            if lock is not None:
                lock.release()
            raise
        return cls(path, conn, reason, lock)

    @classmethod
    def create(cls, path: str | os.PathLike[str], playbook: Playbook) -> Store:
        """Write a new file holding ``playbook``; refuse to replace an existing file."""
        path = Path(path)
        if path.exists():
            raise StoreError(f"{path.name} already exists; choose another name.")
        if not path.parent.is_dir():
            raise StoreError(f"The folder {path.parent} does not exist.")
        temp = _temp_beside(path)
        try:
            conn = sqlite3.connect(str(temp))
            try:
                _write_new(conn, playbook)
            finally:
                conn.close()
            _publish_without_overwrite(temp, path)
        except sqlite3.Error as error:
            raise StoreError(f"{path.name} could not be written ({_reason(error)}).") from None
        except OSError as error:
            raise StoreError(
                f"{path.name} could not be written: {error.strerror or error}."
            ) from None
        finally:
            temp.unlink(missing_ok=True)
        return cls.open(path)

    def close(self) -> None:
        self.db.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # -- reading ----------------------------------------------------------

    def load(self) -> Playbook:
        """Read the whole playbook; a file whose contents do not make sense is refused."""
        with collector_paused():  # a year of deals is a million small objects
            return self._load()

    def _load(self) -> Playbook:
        name = self.path.name
        try:
            meta_rows = {}
            for row in self.db["meta"].rows:
                if not isinstance(row["key"], str) or len(row["key"]) > 100:
                    raise FormatError("a row of the meta table has no name for a key")
                meta_rows[row["key"]] = row["value"]
            playbook = Playbook(meta_from_dict(meta_rows, "meta"))
            for kind, _ in BUILD_ORDER:
                table = TABLES[kind]
                order = "position" if table.ordered else table.order_by or "id"
                read = ENTITY_FROM_DICT[kind]
                entities = [
                    read(_decode_row(row, table.json_columns), f"{table.name} row")
                    for row in self.db[table.name].rows_where(order_by=order)
                ]
                if kind in BULK_KINDS:  # fresh from the file: no need to copy each one
                    playbook.put_entities(kind, entities)
                else:
                    for entity in entities:
                        playbook.insert_entity(kind, entity)
        except (sqlite3.DatabaseError, FormatError, EditError, ValueError) as error:
            raise StoreError(
                f"{name} is damaged and cannot be opened ({_reason(error)})."
            ) from None
        return playbook

    # -- writing ----------------------------------------------------------

    def commit(self, playbook: Playbook, change: Change) -> None:
        """Write every entity ``change`` names, as it now is in ``playbook``, in one transaction."""
        if self.read_only:
            raise StoreError(self.read_only_reason or "This playbook is read-only.")
        try:
            with self.db.atomic(), collector_paused():
                _write_change(self.db, playbook, change)
        except sqlite3.Error as error:
            raise StoreError(
                f"The change could not be saved to {self.path.name} ({_reason(error)})."
            ) from None

    def replace_all(self, playbook: Playbook) -> None:
        """Rewrite the whole file's contents from ``playbook`` in one transaction."""
        every = Change({kind: frozenset(playbook.ids(kind)) for kind in Kind})
        with self.db.atomic():
            for table in TABLES.values():
                self.db.execute(f"DELETE FROM {table.name}")
            _write_change(self.db, playbook, every)

    def backup_to(self, target: str | os.PathLike[str]) -> None:
        """Copy this file to ``target`` with SQLite's backup API.

        The copy is made beside the target and renamed over it, so the target
        appears whole or not at all. A target someone has open for editing is
        refused; a replaced target keeps its permissions, a new one gets this file's.
        """
        target = Path(target)
        if not target.parent.is_dir():
            raise StoreError(f"The folder {target.parent} does not exist.")
        guard = EditLock(target)
        if target.exists() and not guard.acquire() and os.access(target, os.W_OK):
            raise StoreError(
                f"{target.name} is open for editing in another journeyapp window or command; "
                "save under another name."
            )
        temp = _temp_beside(target)
        try:
            mode = _mode_of(target) or _mode_of(self.path)
            dest = sqlite3.connect(str(temp))
            try:
                self.db.conn.backup(dest)
                dest.execute("PRAGMA journal_mode=DELETE")
            finally:
                dest.close()
            if mode is not None:
                os.chmod(temp, mode)
            _fsync(temp)
            os.replace(temp, target)
        except sqlite3.Error as error:
            raise StoreError(f"{target.name} could not be written ({_reason(error)}).") from None
        except OSError as error:
            raise StoreError(
                f"{target.name} could not be written: {error.strerror or error}."
            ) from None
        finally:
            guard.release()
            temp.unlink(missing_ok=True)


def _mode_of(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None


# -- helpers ---------------------------------------------------------------


def _decode_row(row: dict[str, Any], json_columns: Iterable[str]) -> dict[str, Any]:
    data = dict(row)
    data.pop("position", None)
    for column in json_columns:
        if data.get(column) is not None:
            data[column] = json.loads(data[column])
    return data


BULK_KINDS = frozenset({Kind.DEAL, Kind.STAGE_MAPPING, Kind.IMPROVEMENT})
_to_json = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one per row


def _encode(kind: Kind, entity: Any) -> dict[str, Any]:
    row = ENTITY_TO_DICT[kind](entity)
    for column in TABLES[kind].json_columns:
        if row[column] is not None:
            row[column] = _to_json(row[column])
    return row


def _write_change(db: sqlite_utils.Database, playbook: Playbook, change: Change) -> None:
    for kind in change.kinds():
        if kind is Kind.META:
            db["meta"].upsert_all(
                [{"key": k, "value": v} for k, v in meta_to_dict(playbook.meta).items()],
                pk="key",
            )
            continue
        table = TABLES[kind]
        present = [i for i in change.get(kind) if playbook.has(kind, i)]
        gone = [i for i in change.get(kind) if not playbook.has(kind, i)]
        if gone:
            db.conn.executemany(f"DELETE FROM {table.name} WHERE id = ?", [(i,) for i in gone])
        rows = [_encode(kind, playbook.get(kind, i)) for i in present]
        if table.ordered:
            order = playbook.ids(kind)
            index = {entity_id: n for n, entity_id in enumerate(order)}
            for row in rows:
                row["position"] = index[row["id"]]
        if rows:
            _upsert(db, table.name, rows)
        if table.ordered:
            _renumber(db, table.name, playbook.ids(kind))


def _upsert(db: sqlite_utils.Database, table: str, rows: list[dict[str, Any]]) -> None:
    columns = list(rows[0])
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id")
    db.conn.executemany(
        f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT(id) DO UPDATE SET {updates}",
        [tuple(row[c] for c in columns) for row in rows],
    )


def _renumber(db: sqlite_utils.Database, table: str, order: list[str]) -> None:
    stored = [row[0] for row in db.execute(f"SELECT id FROM {table} ORDER BY position")]
    if stored != order:
        db.conn.executemany(
            f"UPDATE {table} SET position = ? WHERE id = ?",
            [(n, entity_id) for n, entity_id in enumerate(order)],
        )


def _write_new(conn: sqlite3.Connection, playbook: Playbook) -> None:
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA journal_mode=DELETE")
    db = sqlite_utils.Database(conn, execute_plugins=False)
    with db.atomic():
        for statement in _statements(CREATE_TABLES):
            conn.execute(statement)
        every = Change({kind: frozenset(playbook.ids(kind)) for kind in Kind})
        _write_change(db, playbook, every)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _migrate(path: Path, version: int) -> None:
    """Bring an older file up to date, after copying it aside untouched."""
    backup = path.with_name(f"{path.stem}.v{version}-backup{path.suffix}")
    try:
        if not backup.exists():
            shutil.copy2(path, backup)
        conn = sqlite3.connect(str(path))
        try:
            db = sqlite_utils.Database(conn, execute_plugins=False)
            with db.atomic():
                while version < SCHEMA_VERSION:
                    for statement in MIGRATIONS[version]:
                        conn.execute(statement)
                    version += 1
                    conn.execute(f"PRAGMA user_version = {version}")
        finally:
            conn.close()
    except (OSError, sqlite3.Error) as error:
        raise StoreError(
            f"{path.name} is from an older version and could not be updated ({_reason(error)})."
        ) from None


def _temp_beside(path: Path) -> Path:
    """A free name in the target's folder, so the final rename stays on one file system."""
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise StoreError(
            f"{path.name} could not be written: {error.strerror or error} in {path.parent}."
        ) from None
    os.close(handle)
    temp = Path(name)
    temp.unlink()
    return temp


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _publish_without_overwrite(temp: Path, path: Path) -> None:
    _fsync(temp)
    try:
        os.link(temp, path)
    except FileExistsError:
        raise StoreError(f"{path.name} already exists; choose another name.") from None
    except OSError:
        if path.exists():
            raise StoreError(f"{path.name} already exists; choose another name.") from None
        os.replace(temp, path)
