"""The paper a playbook is printed on, and the language it is written in, from the system.

Letter is the paper of the United States, Canada, Mexico, the Philippines and a
few countries of the Americas; A4 is everyone else's. The locale that says so is
LC_PAPER (the setting for exactly this), else LC_ALL, else LANG.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

from reportlab.lib.pagesizes import A3, A4, LETTER, TABLOID

PAGE_SIZES = {"a4": A4, "letter": LETTER, "a3": A3, "tabloid": TABLOID}
# Territories whose paper is Letter (glibc's LC_PAPER data).
LETTER_TERRITORIES = frozenset(
    {"US", "CA", "MX", "PH", "CL", "CO", "CR", "GT", "NI", "PA", "PR", "SV", "VE", "DO"}
)
_LOCALE = re.compile(r"^([a-zA-Z]{2,3})(?:_([a-zA-Z]{2}))?")


def _locale(environ: Mapping[str, str], *names: str) -> tuple[str, str] | None:
    """(language, territory) of the first of ``names`` set to a real locale ("C" is none)."""
    for name in names:
        match = _LOCALE.match(environ.get(name, ""))
        if match and environ[name] not in ("C", "POSIX"):
            return match.group(1).lower(), (match.group(2) or "").upper()
    return None


def default_page_size(environ: Mapping[str, str] | None = None) -> str:
    """ "letter" where the locale's territory prints on Letter, "a4" elsewhere."""
    found = _locale(os.environ if environ is None else environ, "LC_PAPER", "LC_ALL", "LANG")
    return "letter" if found and found[1] in LETTER_TERRITORIES else "a4"


def default_language(environ: Mapping[str, str] | None = None) -> str:
    """The document's language tag ("en-GB", "de"): from the locale, "en" if none is set."""
    found = _locale(os.environ if environ is None else environ, "LC_ALL", "LC_MESSAGES", "LANG")
    if found is None:
        return "en"
    language, territory = found
    return f"{language}-{territory}" if territory else language
