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


# Why a section the user chose can have nothing to print.
NOTHING_IN = {
    "map": "no stages",
    "stages": "no stages",
    "raci": "no activities and roles",
    "handoffs": "no handoffs",
    "roles": "no roles",
    "glossary": "no definitions",
    "scoring": "no lead-scoring rules",
    "funnel": "no funnel targets",
    "lessons": "no lessons from deals",
    "improvements": "no improvements",
    "history": "no snapshots",
}


def nothing_to_print(empty: Iterable[str]) -> ExportError:
    """The refusal when every section chosen (``empty``) has nothing in this playbook."""
    reasons = [NOTHING_IN.get(name, f"nothing under {name}") for name in empty]
    listed = reasons[0] if len(reasons) == 1 else ", ".join(reasons[:-1]) + " and " + reasons[-1]
    return ExportError(f"There is nothing to print: this playbook has {listed} yet.")
