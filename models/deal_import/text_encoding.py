"""An export's bytes as text: UTF-16 (Excel's "Unicode Text"), UTF-8 with or without its mark,
or Windows-1252 (Excel's "CSV" on Windows, Data Loader's default there).

A UTF-8 file with a few bytes of Windows-1252 in it (rows pasted in from another export) is
read as UTF-8, those bytes alone as Windows-1252: reading the whole file as Windows-1252
would garble every accented name in it. The encoding it was read in names their lines."""

from __future__ import annotations

import codecs
import re

_FALLBACK = "journeyapp-windows-1252-bytes"


def _as_windows_1252(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error(_FALLBACK, _as_windows_1252)
LINES_NAMED = 3


def decode(data: bytes) -> tuple[str, str]:
    """The text, and the encoding it was read in, in words."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode Text": UTF-16, tabs
        return data.decode("utf-16", errors="replace"), "UTF-16"
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8 with BOM"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    marked = data.decode("utf-8", errors="replace")
    invalid = marked.count("\ufffd") - data.count("\ufffd".encode())
    valid = len(marked) - len(marked.encode("ascii", errors="ignore")) - marked.count("\ufffd")
    if valid <= invalid:  # mostly what UTF-8 cannot read: Windows-1252 throughout
        return data.decode("cp1252", errors="replace"), "Windows-1252"
    return data.decode("utf-8", errors=_FALLBACK), f"UTF-8, {_lines_of(marked)}"


def _lines_of(marked: str) -> str:
    """Which lines hold the bytes read as Windows-1252 (marked U+FFFD in ``marked``)."""
    lines, line, position = [], 1, 0
    for found in re.finditer("\ufffd", marked):
        line += marked.count("\n", position, found.start())
        position = found.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    shown = ", ".join(map(str, lines[:LINES_NAMED]))
    more = f" and {len(lines) - LINES_NAMED:,} more" if len(lines) > LINES_NAMED else ""
    return f"with Windows-1252 bytes on {'line' if len(lines) == 1 else 'lines'} {shown}{more}"
