"""The sections a playbook export can hold, by the names the command line and the PDF dialog
use, in the order both exports print them."""

from __future__ import annotations

from collections.abc import Iterable

from journeyapp.export.atomic_file import ExportError

SECTIONS = (
    "cover",
    "contents",
    "map",
    "stages",
    "raci",
    "roles",
    "handoffs",
    "glossary",
    "scoring",
    "funnel",
    "feedback",
    "winloss",
    "lessons",
    "improvements",
    "history",
)


def checked_sections(sections: Iterable[str]) -> tuple[str, ...]:
    """``sections`` as given, refused in a sentence at the first that no export knows."""
    chosen = tuple(sections)
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        raise ExportError(f"There is no section “{unknown[0]}”; choose from {', '.join(SECTIONS)}.")
    return chosen
