"""The .journey file: an SQLite database written through sqlite-utils, one transaction per edit.

Journal mode: DELETE (the rollback journal) with ``synchronous=FULL``. A
.journey file is a document that people copy, attach to e-mails and keep on
synced or network folders. In WAL mode committed edits sit in a ``-wal`` side
file until a checkpoint, so a copy of the bare file taken while the app is
open can miss the latest work, and WAL does not work on network file systems.
With the rollback journal every commit lands in the one file before the edit
is shown as done, and a crash mid-commit is rolled back on the next open.

Opening looks at the file read-only first (``file_check``: is it whole, ours,
which version, healthy, free of SQL of its own), so a file that is refused is
never touched; an older file is migrated only after that (``migration``), and a
read-only look at one reads a migrated copy. The whole playbook is read in one
read transaction, so a save made meanwhile by another window is seen whole or
not at all.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from operator import attrgetter
from pathlib import Path
from typing import Any

import sqlite_utils
from journeyapp.models import lead_blocks, schema
from journeyapp.models.bulk import collector_paused
from journeyapp.models.change import Change, Kind
from journeyapp.models.codec import BUILD_ORDER, ENTITY_FROM_DICT, meta_from_dict, meta_to_dict
from journeyapp.models.edit_lock import EditLock
from journeyapp.models.entities import PlaybookMeta
from journeyapp.models.errors import EditError, FormatError, StoreError
from journeyapp.models.fields import structured_fields
from journeyapp.models.file_check import (
    FileCheck,
    busy_error,
    busy_or_damaged,
    check_tables,
    connect_read_only,
    inspect_file,
    is_busy,
    reason,
    schema_just_written,
)
from journeyapp.models.lead_blocks import HeldIds, write_blocks
from journeyapp.models.lead_rows import RowReader
from journeyapp.models.load_repairs import repaired
from journeyapp.models.migration import migrate_in_place, migrated_copy
from journeyapp.models.playbook import Playbook
from journeyapp.models.schema import APPLICATION_ID, TABLES
from journeyapp.models.table_rows import row_encoder
from journeyapp.models.temp_files import (
    file_mode,
    fsync_folder,
    new_temp_beside,
    remove_stale_temp_files,
    temp_beside,
)
from journeyapp.models.temp_files import fsync as _fsync

__all__ = ["Store", "StoreError", "inspect_file"]


def _connect_for_editing(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=5.0)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA synchronous=FULL")
    return conn


class Store:
    """An open .journey file. Every ``commit`` is one durable transaction."""

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        read_only_reason: str | None,
        lock: EditLock | None = None,
        check: FileCheck | None = None,
    ):
        self.path = path
        self.read_only_reason = read_only_reason
        # Read-only because another window or command holds the file for editing: what it
        # shows may fall behind the file as the other writes.
        self.held_elsewhere = False
        # what a read-only look should tell, e.g. a newer version's file
        self.notice = check.notice if check is not None else None
        self.db = sqlite_utils.Database(conn, execute_plugins=False)
        self._lock = lock
        # The file as this store last wrote it: another state means it was written over.
        self._stamp = self._stamp_now()
        self._check = check  # its scratch folder, if any, holds the copy this store reads
        self.repairs: list[str] = []  # what the last load did to open entities that dangle
        self._held = HeldIds()

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    # -- opening and creating --------------------------------------------

    @classmethod
    def open(
        cls, path: str | os.PathLike[str], read_only: bool = False, lock: EditLock | None = None
    ) -> Store:
        """Open an existing playbook. An older one opened for editing is migrated after a
        verified backup copy; opened read-only, a migrated copy of it is read instead.
        ``lock``: the file's edit lock, taken already (a Save As hands on the one it wrote
        the file under, so no one gets between)."""
        path = Path(path)
        for _ in range(REOPEN_TRIES):
            try:
                return cls._open(path, read_only, lock)
            except _ReplacedWhileOpening:
                lock = None  # let go with the file it was on: taken again on the one there now
        raise StoreError(
            f"{path.name} was replaced by another file while it was being opened; open it again."
        )

    @classmethod
    def _open(cls, path: Path, read_only: bool, given_lock: EditLock | None) -> Store:
        check = inspect_file(path, look_only=read_only)
        reason_ = check.read_only_reason or ("Opened read-only." if read_only else None)
        lock, held = None, False
        if given_lock is not None and reason_ is None:
            lock = given_lock
        elif given_lock is not None:
            given_lock.release()
        if reason_ is None and lock is None:
            lock = EditLock(path)
            if not lock.acquire():
                lock = None
                held = True
                reason_ = (
                    f"{path.name} is open for editing in another journeyapp window or command; "
                    "it is opened read-only here so neither overwrites the other."
                )
        try:
            source = check.source
            if check.version < schema.SCHEMA_VERSION:
                if reason_ is None:
                    migrate_in_place(path, check.version)
                else:
                    source = migrated_copy(source, check.version, check.scratch_folder())
            if reason_ is None:
                remove_stale_temp_files(path.parent)
                conn = _connect_for_editing(path)
                if not lock.is_on(path):  # renamed over between the lock and the connection
                    conn.close()
                    raise _ReplacedWhileOpening
            else:
                conn = connect_read_only(source)
            try:
                check_tables(conn, path.name)
            except BaseException:
                conn.close()
                raise
        except (sqlite3.Error, UnicodeDecodeError) as error:
            _let_go(lock, check)
            if isinstance(error, sqlite3.Error) and is_busy(error):
                raise busy_error(path.name) from None
            raise StoreError(f"{path.name} cannot be opened ({reason(error)}).") from None
        except BaseException:
            _let_go(lock, check)
            raise
        store = cls(path, conn, reason_, lock, check)
        store.held_elsewhere = held
        return store

    @classmethod
    def create(cls, path: str | os.PathLike[str], playbook: Playbook) -> Store:
        """Write a new file holding ``playbook``; refuse to replace an existing file."""
        path = Path(path)
        if path.is_dir():
            raise StoreError(f"“{path}” is a folder; name a new .journey file.")
        if path.exists():
            raise StoreError(f"{path.name} already exists; choose another name.")
        if not path.parent.is_dir():
            raise StoreError(f"The folder {path.parent} does not exist.")
        try:
            with temp_beside(path) as temp:
                conn = sqlite3.connect(str(temp))
                try:
                    _write_new(conn, playbook)
                finally:
                    conn.close()
                _publish_without_overwrite(temp, path)
                fsync_folder(path.parent)
        except sqlite3.Error as error:
            raise StoreError(f"{path.name} could not be written ({reason(error)}).") from None
        except OSError as error:
            raise StoreError(
                f"{path.name} could not be written: {error.strerror or error}."
            ) from None
        return cls.open(path)

    def refuse_if_read_only(self) -> None:
        """For a command that changes the file: refused, saying why, if it is held read-only."""
        if self.read_only and self.held_elsewhere:
            raise StoreError(
                f"{self.path.name} is open for editing in another journeyapp window or "
                "command; nothing was changed. Close it there, then run this again."
            )
        if self.read_only:
            raise StoreError(self.read_only_reason or f"{self.path.name} is read-only.")

    def close(self) -> None:
        self.db.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        if self._check is not None:
            self._check.discard_scratch()

    # -- reading ----------------------------------------------------------

    def load(self) -> Playbook:
        """Read the whole playbook; a file whose contents do not make sense is refused."""
        with collector_paused():  # a year of deals is a million small objects
            return self._load()

    def _load(self) -> Playbook:
        name = self.path.name
        self.repairs = []
        conn = self.db.conn
        reading = not conn.in_transaction
        try:
            if reading:  # one read transaction: another window's save is seen whole or not at all
                conn.execute("BEGIN")
            meta_rows = {}
            for row in self.db["meta"].rows:
                if not isinstance(row["key"], str) or len(row["key"]) > 100:
                    raise FormatError("a row of the meta table has no name for a key")
                meta_rows[row["key"]] = row["value"]
            playbook = Playbook(meta_from_dict(_decode_row(meta_rows, META_JSON), "meta"))
            for kind, _ in BUILD_ORDER:
                table = TABLES[kind]
                if table.blocked:
                    self._insert(playbook, kind, self._read_blocks())
                    continue
                order = "position" if table.ordered else table.order_by or "id"
                read = ENTITY_FROM_DICT[kind]
                entities = [
                    read(_decode_row(row, table.json_columns), f"{table.name} row")
                    for row in self.db[table.name].rows_where(order_by=order)
                ]
                self._insert(playbook, kind, entities)
        except sqlite3.Error as error:
            raise busy_or_damaged(error, name) from None
        except (FormatError, EditError, ValueError, RecursionError) as error:
            raise StoreError(f"{name} is damaged and cannot be opened ({reason(error)}).") from None
        finally:
            if reading and conn.in_transaction:
                conn.rollback()
        return playbook

    def _read_blocks(self) -> list:
        """Every lead in the file, in id order; which block holds which is kept for writing."""
        reader = RowReader()
        leads: list = []
        held: dict[int, set[str]] = {}
        for block, text in self.db.conn.execute(f"SELECT block, leads FROM {lead_blocks.TABLE}"):
            found = lead_blocks.leads_of_block(block, text, reader)
            held[block] = {lead.id for lead in found}
            leads += found
        if sum(map(len, held.values())) != len(leads):
            raise FormatError("two leads in it have the same id")
        leads.sort(key=attrgetter("id"))
        self._held.keep(held, every=True)
        return leads

    def _insert(self, playbook: Playbook, kind: Kind, entities: list) -> None:
        """Put the file's entities in; one whose references do not resolve is made to fit
        (models/load_repairs.py) and what was done is kept in ``repairs``."""
        if kind in BULK_KINDS:  # fresh from the file: put in at once, no copies
            try:
                playbook.put_entities(kind, entities, read_from_file=True)
                return
            except EditError:
                pass  # one of them does not fit: go one by one
        for entity in entities:
            try:
                if kind in BULK_KINDS:
                    playbook.put_entities(kind, [entity])
                else:
                    playbook.insert_entity(kind, entity)
            except EditError:
                fitted, sentence = repaired(playbook, kind, entity)
                self.repairs.append(sentence)
                if fitted is not None:
                    playbook.insert_entity(kind, fitted)

    # -- writing ----------------------------------------------------------

    def commit(self, playbook: Playbook, change: Change) -> None:
        """Write every entity ``change`` names, as it now is in ``playbook``, in one transaction."""
        if self.read_only:
            raise StoreError(self.read_only_reason or "This playbook is read-only.")
        if self.changed_outside():
            raise StoreError(
                f"{self.path.name} was changed outside journeyapp while open here (another "
                "program wrote into it); the change was not made. Save As keeps this "
                "window's work."
            )
        try:
            with self.db.atomic(), collector_paused():
                written = _write_change(self.db, playbook, change, self._held)
            self._held.keep(written)
            self._stamp = self._stamp_now()
        except sqlite3.Error as error:
            self._held.forget()
            if is_busy(error):
                raise StoreError(
                    f"{self.path.name} is busy: another journeyapp window or command is reading "
                    "it; the change was not made. Try again in a moment."
                ) from None
            if self._lock is not None and not self._lock.is_on(self.path):
                raise StoreError(
                    f"{self.path.name} was moved, deleted or replaced while open here; the "
                    "change was not made. Save As keeps this window's work."
                ) from None
            raise StoreError(
                f"The change could not be saved to {self.path.name} ({reason(error)})."
            ) from None

    def changed_outside(self) -> bool:
        """Whether another program wrote into the file since this store last wrote it (a
        copy put in place by ``cp`` or a sync client keeps the file, and SQLite would write
        this window's next change on top of it)."""
        return self._lock is not None and self._stamp_now() != self._stamp

    def _stamp_now(self) -> tuple[int, int, bytes] | None:
        return self._lock.stamp() if self._lock is not None else None

    def is_at_its_path(self) -> bool:
        """Whether the file this store edits is still the one at its path (not moved,
        deleted or replaced since it was opened); a read-only look is taken as it is."""
        return self._lock is None or self._lock.is_on(self.path)

    def held_nowhere_else(self) -> bool:
        """Whether the file this store edits is under no name any more (deleted, or
        replaced by another): the work in it is lost when it is closed."""
        return self._lock is not None and self._lock.file_gone()

    def replace_all(self, playbook: Playbook) -> None:
        """Rewrite the whole file's contents from ``playbook`` in one transaction."""
        every = Change({kind: frozenset(playbook.ids(kind)) for kind in Kind})
        self._held.forget()
        with self.db.atomic():
            for table in TABLES.values():
                self.db.execute(f"DELETE FROM {table.name}")
            _write_change(self.db, playbook, every, HeldIds())
        self._stamp = self._stamp_now()

    def backup_to(
        self,
        target: str | os.PathLike[str],
        playbook: Playbook | None = None,
        keep_lock: bool = False,
    ) -> EditLock | None:
        """Copy this file to ``target`` with SQLite's backup API; or, given ``playbook``,
        write that instead (a read-only look's, which another writer may have moved past).

        The copy is made beside the target, under its edit lock, and renamed over it, so the
        target appears whole or not at all. A target someone has open for editing is
        refused, and so is a new name another save took meanwhile; a replaced target keeps
        its permissions, a new one gets this file's. ``keep_lock``: the lock is returned,
        still held on the target, for ``Store.open`` to carry on with."""
        target = Path(target)
        if not target.parent.is_dir():
            raise StoreError(f"The folder {target.parent} does not exist.")
        if target.is_dir():
            raise StoreError(f"{target.name} is a folder; choose another name.")
        guard = EditLock(target)
        if target.exists() and not guard.acquire() and guard.held_elsewhere():
            raise StoreError(
                f"{target.name} is open for editing in another journeyapp window or command; "
                "save under another name."
            )
        new_name = not target.exists()
        handed = None
        try:
            temp, temp_lock = new_temp_beside(target)
            try:
                mode = file_mode(target) or file_mode(self.path)
                dest = sqlite3.connect(str(temp))
                try:
                    if playbook is None:
                        self.db.conn.backup(dest)
                        dest.execute("PRAGMA journal_mode=DELETE")
                    else:
                        _write_new(dest, playbook)
                finally:
                    dest.close()
                if mode is not None:
                    os.chmod(temp, mode)
                _fsync(temp)
                _put_in_place(temp, target, new_name)
                fsync_folder(target.parent)
                temp_lock.path = target  # the lock follows the file to its name
                if keep_lock:
                    handed, temp_lock = temp_lock, None
            finally:
                if temp_lock is not None:
                    temp_lock.release()
                temp.unlink(missing_ok=True)
        except sqlite3.Error as error:
            raise StoreError(f"{target.name} could not be written ({reason(error)}).") from None
        except OSError as error:
            raise StoreError(
                f"{target.name} could not be written: {error.strerror or error}."
            ) from None
        finally:
            guard.release()
        return handed


REOPEN_TRIES = 3


def _put_in_place(temp: Path, target: Path, new_name: bool) -> None:
    """Rename the written file to ``target``. A name free when the save began is taken by a
    link that fails where another save got there first (two windows saving as one new
    name: the second is refused, its work still its own), then the temporary name let go."""
    if not new_name:
        os.replace(temp, target)
        return
    taken = StoreError(
        f"{target.name} was saved by another window a moment ago; save under another name."
    )
    try:
        os.link(temp, target)
    except FileExistsError:
        raise taken from None
    except OSError:  # a file system without hard links: renamed as before
        if target.exists():
            raise taken from None
        os.replace(temp, target)
        return
    temp.unlink()


class _ReplacedWhileOpening(Exception):
    """The file at the path is no longer the one whose lock was taken."""


def _let_go(lock: EditLock | None, check: FileCheck) -> None:
    if lock is not None:
        lock.release()
    check.discard_scratch()


# -- helpers ---------------------------------------------------------------


def _decode_row(row: dict[str, Any], json_columns: Iterable[str]) -> dict[str, Any]:
    data = dict(row)
    data.pop("position", None)
    for column in json_columns:
        if data.get(column) is not None:
            data[column] = json.loads(data[column])
    return data


# The playbook's properties that are records (the scoring model's sign-offs), kept as JSON.
META_JSON = frozenset(structured_fields(PlaybookMeta))

BULK_KINDS = frozenset({Kind.DEAL, Kind.LEAD, Kind.STAGE_MAPPING, Kind.IMPROVEMENT})


def _write_change(
    db: sqlite_utils.Database, playbook: Playbook, change: Change, held: HeldIds
) -> dict[int, set[str]]:
    """Write what ``change`` names; returns which leads each rewritten lead block holds."""
    written: dict[int, set[str]] = {}
    for kind in change.kinds():
        if kind is Kind.META:
            db["meta"].upsert_all(
                [
                    {"key": k, "value": json.dumps(v) if k in META_JSON else v}
                    for k, v in meta_to_dict(playbook.meta).items()
                ],
                pk="key",
            )
            continue
        table = TABLES[kind]
        if table.blocked:
            written = write_blocks(db.conn, playbook.leads, change.get(kind), held.of(db.conn))
            continue
        # In id order: the primary key's index then grows at its end, where a million rows
        # in the set's own order made SQLite walk the whole index for each (three times as slow).
        present, gone = playbook.split_existing(kind, sorted(change.get(kind)))
        if gone:
            db.conn.executemany(f"DELETE FROM {table.name} WHERE id = ?", [(i,) for i in gone])
        columns, encode = row_encoder(kind)
        rows = map(encode, present)
        if table.ordered:
            columns = (*columns, "position")
            rows = _with_positions(rows, playbook.ids(kind))
        if present:
            _upsert(db, table.name, columns, rows)
        if table.ordered:
            _renumber(db, table.name, playbook.ids(kind))
    return written


def _with_positions(rows: Iterable[list[Any]], order: list[str]) -> Iterator[list[Any]]:
    index = {entity_id: n for n, entity_id in enumerate(order)}
    for row in rows:
        row.append(index[row[0]])  # the id is every table's first column
        yield row


def _upsert(
    db: sqlite_utils.Database, table: str, columns: tuple[str, ...], rows: Iterable[list[Any]]
) -> None:
    """Write ``rows`` (an iterator: a million of them are never all held at once)."""
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id")
    db.conn.executemany(
        f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT(id) DO UPDATE SET {updates}",
        rows,
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
    # A temporary file, published only once written, closed and flushed to disk (create):
    # the transaction's own flush would be a second one (2 ms of start-up).
    conn.execute("PRAGMA synchronous=OFF")
    db = sqlite_utils.Database(conn, execute_plugins=False)
    with db.atomic():
        for statement in schema.new_file_statements():
            conn.execute(statement)
        schema_just_written(conn)
        every = Change({kind: frozenset(playbook.ids(kind)) for kind in Kind})
        _write_change(db, playbook, every, HeldIds())
        conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")


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
