"""Write a file so that it is either the old one or the new one, never half of each."""

from __future__ import annotations

import os
from pathlib import Path

from journeyapp.models.errors import PlaybookError
from journeyapp.models.file_check import SQLITE_MAGIC, special_kind
from journeyapp.models.schema import APPLICATION_ID
from journeyapp.models.temp_files import file_mode, remove_stale_temp_files, temp_beside

PLAYBOOK_SUFFIX = ".journey"


class ExportError(PlaybookError):
    """A file that could not be written; the message says why in one sentence."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def is_playbook(path: Path) -> bool:
    """Whether ``path`` is named or made as a journeyapp playbook (an export never replaces one)."""
    if path.suffix.casefold() == PLAYBOOK_SUFFIX:
        return True
    try:
        with path.open("rb") as handle:
            header = handle.read(72)
    except OSError:
        return False
    return header.startswith(SQLITE_MAGIC) and header[68:72] == APPLICATION_ID.to_bytes(4, "big")


def _mode_for(path: Path, like: Path | None) -> int:
    """A replaced file keeps its permissions; a new one gets the playbook's, or the usual."""
    for source in (path, like):
        mode = None if source is None else file_mode(source)
        if mode is not None:
            return mode
    return 0o666 & ~_umask()


def check_destination(path: Path) -> None:
    """Refuse, in a sentence, a place an export cannot or must not be written to: a playbook,
    a folder, a pipe or a device (a rename would put a file in its place), a file its owner
    made read-only, or a folder that is not there (or is a file)."""
    if str(path) == "-":
        raise ExportError("Writing to standard output (-) is not supported; name a file.")
    kind = special_kind(path)
    if kind is not None:
        raise ExportError(f"{path} is {kind}, not a file; name a file to export to.")
    if path.is_file() and not os.access(path, os.W_OK):
        raise ExportError(f"{path.name} is read-only; choose another name or make it writable.")
    if is_playbook(path):
        raise ExportError(
            f"{path.name} is a playbook; an export never writes over one. Choose another name."
        )
    if path.is_dir() or not path.name:
        raise ExportError(f"“{path}” is a folder; name a file in it to export to.")
    if path.parent.exists() and not path.parent.is_dir():
        raise ExportError(f"{path.parent} is a file, not a folder to export into.")
    if not path.parent.is_dir():
        raise ExportError(f"The folder {path.parent} does not exist.")


def write_atomically(
    path: str | os.PathLike[str], data: bytes, like: str | os.PathLike[str] | None = None
) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it over.

    ``like`` is the playbook the data comes from: a new file gets its permissions, so the
    export of a private playbook is private too. A playbook is never written over.
    """
    path = Path(path)
    check_destination(path)
    remove_stale_temp_files(path.parent)  # what an export killed here before left behind
    try:
        with temp_beside(path) as temp:  # locked while written: never taken for a leftover
            os.chmod(temp, _mode_for(path, None if like is None else Path(like)))
            with os.fdopen(os.open(temp, os.O_WRONLY | getattr(os, "O_BINARY", 0)), "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, path)
    except OSError as error:
        raise ExportError(f"{path.name} could not be written: {error.strerror or error}.") from None
