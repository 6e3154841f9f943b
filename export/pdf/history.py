"""The revision history: each snapshot, what changed since the one before, and since the last."""

from __future__ import annotations

from journeyapp.export.pdf.blocks import heading, paragraph
from journeyapp.export.pdf.fonts import markup, printable
from journeyapp.export.pdf.styles import styles
from journeyapp.export.pdf.text import Text
from journeyapp.models import snapshots
from journeyapp.models.diff import Difference, FieldChange, diff
from journeyapp.models.errors import FormatError
from journeyapp.models.playbook import Playbook
from reportlab.platypus import CondPageBreak, Paragraph

REMOVED_COLOUR = "#b42318"
ADDED_COLOUR = "#067647"
MOST_SHOWN = 60  # changes listed per revision; the rest are counted


def _shown(text: str) -> str:
    return markup(printable(text))


def _word_diff(change: FieldChange) -> str:
    """Paragraph markup for a word diff: removed words struck through in red, added in green."""
    parts = []
    for how, words in change.words:
        if how == "removed":
            parts.append(f'<strike><font color="{REMOVED_COLOUR}">{_shown(words)}</font></strike>')
        elif how == "added":
            parts.append(f'<font color="{ADDED_COLOUR}">{_shown(words)}</font>')
        else:
            parts.append(_shown(words))
    return " ".join(parts)


def _before_and_after(change: FieldChange) -> str:
    """A value that is not prose (an SLA, a rate, a RACI letter): what it was, what it is."""
    before = change.before if change.before.strip() else "—"
    after = change.after if change.after.strip() else "—"
    return (
        f'<font color="{REMOVED_COLOUR}">{_shown(before)}</font> → '
        f'<font color="{ADDED_COLOUR}">{_shown(after)}</font>'
    )


def _entries(differences: list[Difference]) -> list[Paragraph]:
    entries = []
    for difference in differences[:MOST_SHOWN]:
        entries.append(Text(_shown(difference.summary), styles()["bullet"], bulletText="•"))
        for change in difference.fields:
            label = f"<b>{_shown(change.label[:1].upper() + change.label[1:])}:</b> "
            shown = _word_diff(change) if change.words else _before_and_after(change)
            entries.append(Text(label + shown, styles()["history_words"]))
    if len(differences) > MOST_SHOWN:
        more = len(differences) - MOST_SHOWN
        entries.append(paragraph(f"… and {more} more change{'s' if more > 1 else ''}.", "muted"))
    return entries


def revision_history(playbook: Playbook) -> list:
    """A section when the playbook has snapshots; nothing otherwise."""
    taken = sorted(playbook.snapshots, key=lambda s: s.taken_at)
    if not taken:
        return []
    story: list = [CondPageBreak(200), heading("Revision history", "h1")]
    previous = None
    for snapshot in taken:
        when = snapshot.taken_at.replace("T", " ")[:16]
        story.append(heading(f"{snapshot.name} (saved {when})", "h3"))
        try:
            current = snapshots.opened(snapshot)
        except FormatError as error:
            story.append(paragraph(str(error), "muted"))
            continue
        if previous is None:
            story.append(paragraph("The first snapshot.", "muted"))
        else:
            story += _entries(diff(previous, current)) or [paragraph("No changes.", "muted")]
        previous = current
    if previous is not None:
        story.append(heading(f"Since {taken[-1].name}", "h3"))
        story += _entries(diff(previous, playbook)) or [paragraph("No changes.", "muted")]
    return story
