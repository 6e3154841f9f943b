"""User text on its way to a terminal: control characters shown, never obeyed.

A stage name or a CRM cell can hold escape sequences that move the cursor, clear
the line or recolour it, so a crafted name could make ``journeyapp check`` appear
to print "All checks passed". Each such character is printed as its escape
(``\\x1b``, ``\\u202e``) instead.
"""

from __future__ import annotations

import unicodedata

# Format characters that reorder what follows them; the rest (zero-width joiners, which
# Persian and Indic text and emoji need) stay as they are.
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def _shown(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control character (C0, DEL, C1, bidi overrides) shown escaped."""
    if text.isprintable():
        return text
    return "".join(
        _shown(c) if c in _BIDI_CONTROLS or unicodedata.category(c) == "Cc" else c for c in text
    )


def printable_json(text: str) -> str:
    """JSON text with the control characters JSON leaves raw (DEL and C1) escaped as \\u."""
    return "".join(
        f"\\u{ord(c):04x}" if "\x7f" <= c <= "\x9f" or c in _BIDI_CONTROLS else c for c in text
    )
