"""User text on its way to a terminal: control characters shown, never obeyed.

A stage name or a CRM cell can hold escape sequences that move the cursor, clear
the line or recolour it, so a crafted name could make ``journeyapp check`` appear
to print "All checks passed". While a command runs, everything it prints goes
through ``escaped_output``, which shows each such character as its escape
(``\\u001b``, ``\\u202e``): readable in text, and still valid inside JSON strings.
Line breaks and tabs the command writes itself pass through.
"""

from __future__ import annotations

import contextlib
import os
import sys
import unicodedata
from collections.abc import Iterator
from typing import TextIO

# Format characters that reorder what follows them; the rest (zero-width joiners, which
# Persian and Indic text and emoji need) stay as they are.
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_LAYOUT = frozenset("\n\t")


def _obeyed(char: str) -> bool:
    return char in _BIDI_CONTROLS or unicodedata.category(char) == "Cc"


def printable(text: str, keep: frozenset[str] = frozenset()) -> str:
    """``text`` with every control character (C0, DEL, C1, bidi overrides) shown escaped,
    but those in ``keep``."""
    if text.isprintable():
        return text
    return "".join(f"\\u{ord(c):04x}" if c not in keep and _obeyed(c) else c for c in text)


class _EscapingStream:
    """A text stream that escapes control characters in everything written to it."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(printable(text, keep=_LAYOUT))
        return len(text)

    @property
    def unescaped(self) -> TextIO:
        """The stream itself, for the app's own carriage returns (a progress line)."""
        return self._stream

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


@contextlib.contextmanager
def escaped_output() -> Iterator[None]:
    """Escape control characters in whatever is printed to stdout and stderr meanwhile."""
    out, err = sys.stdout, sys.stderr
    # A stream closed before the command started (``>&-``, a job started without one) is
    # None: what would go there has nowhere to go, and the command's work still counts.
    nowhere = open(os.devnull, "w", encoding="utf-8") if None in (out, err) else None  # noqa: SIM115
    sys.stdout = _EscapingStream(out if out is not None else nowhere)
    sys.stderr = _EscapingStream(err if err is not None else nowhere)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
        if nowhere is not None:
            nowhere.close()
