"""The read-only look at a .journey file before it is opened: is it whole, ours, which
version, healthy, free of SQL of its own, and where to read it from.

Nothing here writes to the file the user named, with one exception SQLite itself would
make: a save that a crash cut short is rolled back in place when the file is opened for
editing and can be written. A look that only reads (or read-only media) copies the file and
its journal to a scratch folder and rolls them back there, so the last complete save is
read without touching the original.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from journeyapp.models import schema
from journeyapp.models.errors import StoreError, quoted_briefly
from journeyapp.models.schema import APPLICATION_ID

SQLITE_MAGIC = b"SQLite format 3\x00"
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")  # the header of a journal with work to undo
SQLITE_READONLY_ROLLBACK = 776  # a reader met a crashed save's journal it may not roll back
LOOK_ATTEMPTS = 5  # looks restarted because saves kept ending mid-look, before "busy"
READ_TIMEOUT_S = 15.0  # how long a reader waits for a writer's save before saying "busy"


@dataclass
class FileCheck:
    """What the read-only look found, and where the playbook's pages can be read."""

    version: int
    read_only_reason: str | None
    source: Path  # the file itself, or a rolled-back copy of it in ``scratch``
    scratch: Path | None = None  # a temporary folder the caller removes when done
    notice: str | None = None  # what a reader should be told (a newer version's file)

    def scratch_folder(self) -> Path:
        """The temporary folder for copies, made when first wanted."""
        if self.scratch is None:
            self.scratch = Path(tempfile.mkdtemp(prefix="journeyapp-look-"))
        return self.scratch

    def discard_scratch(self) -> None:
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None


def reason(error: Exception | str) -> str:
    """What went wrong, as a short clause: one line, never a page of the file's text."""
    if isinstance(error, UnicodeDecodeError):
        return "its structure is garbled"
    if isinstance(error, RecursionError):
        return "a value in it is nested too deeply"
    if str(error).startswith("Could not decode to UTF-8"):
        return "some of its text is garbled"
    return quoted_briefly(str(error), 160)


def is_busy(error: sqlite3.Error) -> bool:
    return isinstance(error, sqlite3.OperationalError) and (
        "locked" in str(error) or "busy" in str(error)
    )


def busy_error(name: str) -> StoreError:
    return StoreError(
        f"{name} is busy: another journeyapp window or command is saving it; try again in a moment."
    )


def connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=READ_TIMEOUT_S)


def writable_here(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def inspect_file(path: Path, look_only: bool = False) -> FileCheck:
    """Check a file is a healthy playbook we can read; say where to read it from.
    ``look_only``: the file is only read, so a save a crash cut short is rolled back in a
    copy, never in the file itself."""
    name = path.name
    _check_header(path)
    check = FileCheck(version=0, read_only_reason=None, source=path)
    try:
        for _ in range(LOOK_ATTEMPTS):
            try:
                _look(path, check, look_only)
                break
            except _JournalChanged:  # a save ended or a crash was undone during the look
                check.discard_scratch()
                check.source = path
        else:
            raise busy_error(name)
    except BaseException:
        check.discard_scratch()
        raise
    if check.version > schema.SCHEMA_VERSION:
        check.read_only_reason = (
            f"{name} was saved by a newer version of journeyapp; "
            "it is opened read-only so nothing in it is lost."
        )
        check.notice = (
            f"{name} was saved by a newer version of journeyapp; "
            "what is new in it may not be shown or understood here."
        )
    elif not writable_here(path):
        check.read_only_reason = (
            f"{name} cannot be changed here (the file or its folder is read-only); "
            "it is opened read-only."
        )
    return check


class _JournalChanged(StoreError):
    """The journal beside the file came or went while it was being looked at: a save ended,
    or a crashed one was undone. Said as "busy" wherever the look is not simply made again."""

    def __init__(self, name: str):
        super().__init__(busy_error(name).args[0])


def _look(path: Path, check: FileCheck, look_only: bool) -> None:
    name = path.name
    if _has_work_to_undo(path) and _journal_is_hot(path, name):
        if writable_here(path) and not look_only:
            _roll_back(path, name)
        else:
            check.source = copy_with_journal(path, check.scratch_folder())
            _roll_back(check.source, name)
    # Measured once a cut-short save is undone, and while no save can write to the file:
    # mid-save, the header may count pages the file does not have yet. The file is opened
    # before SQLite's read lock is taken and closed after it is let go: closing any file
    # on it lets go of every lock this process holds there, SQLite's among them.
    try:
        handle = check.source.open("rb")
    except OSError as error:
        raise StoreError(f"{name} cannot be read: {error.strerror or error}.") from None
    with handle, _held_still(check.source, name):
        _refuse_cut_short(handle, name)
        check.version = _identify(check.source, name)


def _journal_is_hot(path: Path, name: str) -> bool:
    """Whether the journal beside the file is a crashed save's, to be rolled back, rather
    than the live journal of a save another process is making (SQLite tells them apart by
    that process's lock, and a reader that cannot write is told to roll back)."""
    try:
        with _held_still(path, name):
            return False
    except _JournalChanged:
        return True


@contextmanager
def _held_still(path: Path, name: str):
    """Hold a read lock on the file, so no other process's save writes to it meanwhile."""
    with _read_refusals(name):  # _JournalChanged: the saver died since the last look
        conn = connect_read_only(path)
        try:
            conn.isolation_level = None
            conn.execute("BEGIN")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except BaseException:
            conn.close()
            raise
    try:
        yield
    finally:
        conn.close()


@contextmanager
def _read_refusals(name: str):
    """SQLite's errors while reading, as the sentence for each; a crashed save's journal that
    a reader may not roll back, as _JournalChanged."""
    try:
        yield
    except sqlite3.DatabaseError as error:
        if getattr(error, "sqlite_errorcode", None) == SQLITE_READONLY_ROLLBACK:
            raise _JournalChanged(name) from None
        raise busy_or_damaged(error, name) from None
    except UnicodeDecodeError:  # SQLite's own message quotes the garbled bytes
        raise StoreError(
            f"{name} is damaged and cannot be opened (its structure is garbled)."
        ) from None


def special_kind(path: Path) -> str | None:
    """What ``path`` is when it is there but is neither a file nor a folder ("a pipe", "a
    device"), which reading or writing would hang on or destroy; else None. Never opens it."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return None


def _check_header(path: Path) -> None:
    name = path.name
    if not path.exists():
        raise StoreError(f"There is no file at {path}.")
    if path.is_dir():
        raise StoreError(f"{name} is a folder, not a playbook.")
    kind = special_kind(path)
    if kind is not None:
        raise StoreError(f"{name} is {kind}, not a playbook.")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise StoreError(f"{name} cannot be read: {error.strerror or error}.") from None
    if not header:
        raise StoreError(f"{name} is empty; it is not a journeyapp playbook.")
    if header != SQLITE_MAGIC:
        raise StoreError(f"{name} is not a journeyapp playbook (it is not a playbook database).")


def _refuse_cut_short(handle: BinaryIO, name: str) -> None:
    if _cut_short(handle):
        raise StoreError(
            f"{name} is damaged and cannot be opened (its length does not match the pages it "
            "says it has; a copy or download may have stopped early or added bytes)."
        )


def _cut_short(handle: BinaryIO) -> bool:
    """Whether the file ends before the pages its header says it has (SQLite would read the
    missing bytes as zeros, and could open it without a word)."""
    header = os.pread(handle.fileno(), 100, 0)
    size = os.fstat(handle.fileno()).st_size
    if len(header) < 100:
        return True
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return False  # not a page size at all: SQLite itself refuses the file
    pages = int.from_bytes(header[28:32], "big")
    header_count_valid = header[92:96] == header[24:28]
    return size % page_size != 0 or (header_count_valid and size < pages * page_size)


def _journal(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def _has_work_to_undo(path: Path) -> bool:
    """Whether a rollback journal beside the file holds pages a cut-short save changed.

    A journal whose header was zeroed, or that is empty, has nothing to undo: SQLite
    ignores it, and so does this look.
    """
    journal = _journal(path)
    if journal.is_dir():
        raise StoreError(
            f"{path.name} cannot be opened: {journal.name} beside it is a folder, where SQLite "
            "keeps a save's journal; move that folder away."
        )
    try:
        with journal.open("rb") as handle:
            return handle.read(len(JOURNAL_MAGIC)) == JOURNAL_MAGIC
    except FileNotFoundError:
        return False
    except OSError as error:
        raise StoreError(
            f"{path.name} cannot be opened: its journal {journal.name} cannot be read "
            f"({error.strerror or error})."
        ) from None


def copy_with_journal(path: Path, folder: Path) -> Path:
    """Copy the file (and its journal, if any) into ``folder``; return the copy's path."""
    copy = folder / path.name
    try:
        shutil.copyfile(path, copy)
        if _journal(path).exists():
            shutil.copyfile(_journal(path), _journal(copy))
    except FileNotFoundError:
        if path.exists():  # the journal went: the copy may hold half a save without it
            raise _JournalChanged(path.name) from None
        raise StoreError(f"{path.name} cannot be read: it was moved or deleted.") from None
    except OSError as error:
        raise StoreError(f"{path.name} cannot be read: {error.strerror or error}.") from None
    return copy


def _roll_back(path: Path, name: str) -> None:
    """Let SQLite undo a save a crash cut short: it does so on the first connection that
    may write, and a read-only look could not."""
    try:
        conn = sqlite3.connect(str(path), timeout=READ_TIMEOUT_S)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise busy_or_damaged(error, name) from None


def busy_or_damaged(error: sqlite3.Error, name: str) -> StoreError:
    """The sentence for an SQLite error met while reading: busy, or damaged and why."""
    if is_busy(error):
        return busy_error(name)
    return StoreError(f"{name} is damaged and cannot be opened ({reason(error)}).")


def _identify(path: Path, name: str) -> int:
    """The schema version of a healthy playbook of ours; refuse anything else in a sentence."""
    with _read_refusals(name):
        conn = connect_read_only(path)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if app_id != APPLICATION_ID:
                raise StoreError(
                    f"{name} is a database from another application, not a journeyapp playbook."
                )
            conn.text_factory = lambda raw: raw.decode("utf-8", "replace")  # damage is reported
            verdict = " ".join(conn.execute("PRAGMA integrity_check(1)").fetchone()[0].split())
            if verdict == "ok":
                refuse_hidden_code(conn, name)
        finally:
            conn.close()
    if verdict != "ok":
        raise StoreError(
            f"{name} is damaged and cannot be opened (integrity check: {reason(verdict)})."
        )
    if version < 1:
        raise StoreError(f"{name} is not a journeyapp playbook (it has no schema version).")
    return version


def refuse_hidden_code(conn: sqlite3.Connection, name: str) -> None:
    """Refuse a file that carries SQL of its own to run when it is edited (the app never
    makes triggers or views); checked before anything, a migration included, runs."""
    hidden_code = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type IN ('trigger', 'view')"
    ).fetchone()[0]
    if hidden_code:
        raise StoreError(
            f"{name} holds database triggers or views, which journeyapp playbooks never have; "
            "it is not opened."
        )


_expected: dict[str, frozenset[str]] | None = None


def _expected_columns() -> dict[str, frozenset[str]]:
    """Each table of the current schema and its columns, read from a scratch database."""
    global _expected
    if _expected is None:
        conn = sqlite3.connect(":memory:")
        try:
            for statement in schema.new_file_statements():
                conn.execute(statement)
            _expected = _columns(conn)
        finally:
            conn.close()
    return _expected


def schema_just_written(conn: sqlite3.Connection) -> None:
    """``conn`` has just been given the current schema (a new file): its tables are the ones
    expected, so opening the file need not build a scratch database to know them (1.5 ms of
    start-up with a new untitled playbook)."""
    global _expected
    if _expected is None:
        _expected = _columns(conn)


def _columns(conn: sqlite3.Connection) -> dict[str, frozenset[str]]:
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return {
        table: frozenset(
            row[0] for row in conn.execute("SELECT name FROM pragma_table_info(?)", (table,))
        )
        for table in tables
    }


def check_tables(conn: sqlite3.Connection, name: str) -> None:
    """Refuse a file whose tables are not the ones this version reads and writes (opening it
    would go well, and the first edit would fail to save)."""
    refuse_hidden_code(conn, name)
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
