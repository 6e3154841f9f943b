"""The export inside a .zip as downloaded (Salesforce's weekly Data Export, HubSpot's exports):
the one member that is a table of deals, or a question when more than one could be meant."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import PurePosixPath

from journeyapp.models.deal_import.refusal import UnreadableFile

TABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls", ".ods")
# A CRM export of a few million rows is well under this; more is a zip made to fill memory.
MAX_MEMBER_BYTES = 2 * 1024**3


class ArchiveError(UnreadableFile):
    """The archive cannot give a table; the message says why in words."""


class ChooseMember(ArchiveError):
    """More than one member could be the export: the user chooses (``--member``)."""

    def __init__(self, name: str, members: list[str]) -> None:
        self.members = members
        shown = ", ".join(f"“{member}”" for member in members[:6])
        more = f" and {len(members) - 6} more" if len(members) > 6 else ""
        super().__init__(
            f"{name} holds {len(members)} tables that could be the export ({shown}{more}); "
            "say which with --member."
        )


def is_workbook_archive(archive: zipfile.ZipFile) -> bool:
    """An .xlsx or .ods is itself a zip; it is read as a workbook, not opened as an archive."""
    names = set(archive.namelist())
    return "[Content_Types].xml" in names or "mimetype" in names


def table_members(archive: zipfile.ZipFile) -> list[str]:
    return [
        info.filename
        for info in archive.infolist()
        if not info.is_dir()
        and not info.filename.startswith("__MACOSX/")
        and not PurePosixPath(info.filename).name.startswith(".")
        and info.filename.casefold().endswith(TABLE_SUFFIXES)
    ]


def member_bytes(archive: zipfile.ZipFile, member: str, name: str) -> bytes:
    info = archive.getinfo(member)
    if info.file_size > MAX_MEMBER_BYTES:
        raise ArchiveError(
            f"{name}'s “{member}” would unpack to {info.file_size / 1024**3:.1f} GB; "
            "unpack it and import the table itself."
        )
    try:
        with archive.open(info) as handle:
            data = handle.read(MAX_MEMBER_BYTES + 1)
    except (zipfile.BadZipFile, RuntimeError, OSError, EOFError) as error:
        raise ArchiveError(f"{name} is a damaged zip archive ({error}).") from None
    if len(data) > MAX_MEMBER_BYTES:
        raise ArchiveError(f"{name}'s “{member}” unpacks to more than it says; it is not read.")
    return data


def choose_member(
    name: str,
    members: list[str],
    wanted: str | None,
    fits_a_layout: Callable[[str], bool],
) -> str:
    """The member named by ``wanted``; else the only table; else the only one a layout knows
    by its header; else the user is asked."""
    if wanted is not None:
        matches = [m for m in members if m == wanted or PurePosixPath(m).name == wanted]
        if len(matches) != 1:
            listed = ", ".join(f"“{m}”" for m in members[:6]) or "no table"
            raise ArchiveError(f"{name} holds no table called “{wanted}”; it holds {listed}.")
        return matches[0]
    if not members:
        raise ArchiveError(f"{name} is a zip archive that holds no CSV or spreadsheet.")
    if len(members) == 1:
        return members[0]
    known = [member for member in members if fits_a_layout(member)]
    if len(known) == 1:
        return known[0]
    raise ChooseMember(name, known or members)
