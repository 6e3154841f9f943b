"""The interview guide as one page for the interviewer: the deal, the fields to fill in, the
questions tailored to the stages it went through (the moment it was won or lost first), the
decision drivers to ask about, and how to dig past the first answer."""

from __future__ import annotations

import io
from pathlib import Path

from journeyapp.export.atomic_file import write_atomically
from journeyapp.export.pdf.blocks import cells, heading, paragraph, table
from journeyapp.export.pdf.document import NumberedCanvas, PlaybookDocument, frame_size
from journeyapp.export.pdf.page_sizes import PAGE_SIZES, default_page_size
from journeyapp.export.pdf.styles import styles
from journeyapp.export.pdf.text import Text, para
from journeyapp.models.entities import Deal, DealOutcome
from journeyapp.models.interview_guide import (
    ARTICLE_QUESTIONS,
    DIG_DEEPER,
    InterviewGuide,
    interview_guide,
)
from journeyapp.models.playbook import Playbook
from reportlab.platypus import Spacer

BLANK = "_" * 28  # a line to write on


def guide_title(guide: InterviewGuide) -> str:
    return f"Interview guide: {guide.deal}"


def _outcome_words(guide: InterviewGuide) -> str:
    if guide.outcome is DealOutcome.OPEN:
        return "Still open"
    if not guide.ended_at:
        return guide.outcome.value.capitalize()
    at = "after" if guide.outcome is DealOutcome.WON else "at"
    return f"{guide.outcome.value.capitalize()} {at} {guide.ended_at}"


def guide_story(guide: InterviewGuide, width: float) -> list:
    about = " · ".join(
        part for part in (guide.account, guide.segment, _outcome_words(guide)) if part
    )
    story: list = [heading(guide_title(guide), "h1"), paragraph(about, "muted")]
    if guide.path:
        story.append(paragraph("The deal went through: " + " → ".join(guide.path), "muted"))
    fill_in = [
        cells(("Interviewee", BLANK, "Role in the buying team", BLANK), "cell"),
        cells(("Interviewer", BLANK, "Independent of the deal?", "yes / no"), "cell"),
        cells(("Date", BLANK, "Where the decision tilted", BLANK), "cell"),
    ]
    columns = [width * 0.17, width * 0.31, width * 0.22, width * 0.30]
    story += [Spacer(1, 4), table(fill_in, columns, header=False)]
    story.append(heading("Questions", "h2"))
    for n, question in enumerate(guide.questions, 1):
        first = " (where this deal was decided: ask it first)" if question.focus else ""
        story += [
            paragraph(f"{n}. {question.heading}{first}", "item"),
            paragraph(question.question),
            paragraph(
                f"The open feedback loop asks: {ARTICLE_QUESTIONS[question.moment]}", "small"
            ),
        ]
    if guide.drivers:
        story += [
            heading("Which of these mattered most to you?", "h3"),
            paragraph(", ".join(guide.drivers) + "."),
        ]
    story.append(heading("Dig deeper", "h3"))
    story += [Text(para(line), styles()["bullet"], bulletText="•") for line in DIG_DEEPER]
    return story


def build_guide_pdf(
    playbook: Playbook, deal: Deal, page_size: str | None = None
) -> tuple[bytes, PlaybookDocument]:
    guide = interview_guide(playbook, deal)
    size = PAGE_SIZES[page_size or default_page_size()]
    buffer = io.BytesIO()
    document = PlaybookDocument(
        buffer,
        guide_title(guide),
        running_title=f"{playbook.meta.name} · Win/loss interview",
        page_size=size,
        author=playbook.meta.owner or playbook.meta.company,
        subject="Win/loss interview guide",
    )
    document.open_with("portrait")
    document.build(guide_story(guide, frame_size(size)[0]), canvasmaker=NumberedCanvas)
    return buffer.getvalue(), document


def write_guide_pdf(
    playbook: Playbook,
    deal: Deal,
    path: str | Path,
    like: str | Path | None = None,
    page_size: str | None = None,
) -> int:
    """Write the guide so the file is whole or untouched; returns its page count."""
    data, document = build_guide_pdf(playbook, deal, page_size)
    write_atomically(path, data, like)
    return document.page
