"""One review meeting's notes as a PDF of their own: the agenda as held, then decisions."""

from __future__ import annotations

import io

from journeyapp.export.pdf.blocks import cells, heading, lines, paragraph, table
from journeyapp.export.pdf.document import NumberedCanvas, PlaybookDocument
from journeyapp.export.pdf.playbook_pdf import running_title
from journeyapp.export.review_words import MEETING_AGENDA, meeting_decisions, meeting_heading
from journeyapp.models.playbook import Playbook
from journeyapp.models.review_entities import Meeting


def meeting_story(playbook: Playbook, meeting: Meeting) -> list:
    story: list = [heading(meeting.title, "title"), paragraph(meeting_heading(meeting), "muted")]
    for caption, field in MEETING_AGENDA:
        story += [paragraph(caption, "label"), *lines(getattr(meeting, field), "body")]
    story.append(paragraph("Decisions", "label"))
    decisions = meeting_decisions(playbook, meeting)
    if decisions:
        rows = [cells(("Decision", "On", "Why / what"), "cell_bold")]
        rows += [cells(row) for row in decisions]
        story.append(table(rows, [70, 150, 250]))
    else:
        story.append(paragraph(None, "body", "No decisions recorded."))
    return story


def meeting_notes_pdf(playbook: Playbook, meeting: Meeting) -> bytes:
    """One meeting's record as a PDF of its own (a page, unless the notes run longer)."""
    buffer = io.BytesIO()
    document = PlaybookDocument(
        buffer,
        meeting.title,
        running_title=running_title(playbook.meta),
        author=playbook.meta.owner or playbook.meta.company,
        subject="Meeting notes",
    )
    document.open_with("portrait")
    document.build(meeting_story(playbook, meeting), canvasmaker=NumberedCanvas)
    return buffer.getvalue()
