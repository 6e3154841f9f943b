"""Build the playbook PDF: the sections asked for, or one role's page; written atomically."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

from journeyapp.export.atomic_file import ExportError, write_atomically
from journeyapp.export.pdf import sections as parts
from journeyapp.export.pdf.blocks import new_page
from journeyapp.export.pdf.contents import contents_entries
from journeyapp.export.pdf.document import NumberedCanvas, PlaybookDocument, frame_size
from journeyapp.export.pdf.feedback import feedback
from journeyapp.export.pdf.handoff_contract import handoffs_page
from journeyapp.export.pdf.history import revision_history
from journeyapp.export.pdf.page_sizes import PAGE_SIZES, default_language, default_page_size
from journeyapp.export.pdf.progress import Progress, report, reporting_to
from journeyapp.export.pdf.raci import raci_matrix
from journeyapp.export.pdf.review_rhythm import big_leaps, improvements_log
from journeyapp.export.pdf.role_pages import role_pages
from journeyapp.export.pdf.winloss import winloss
from journeyapp.export.section_names import SECTIONS, checked_sections, nothing_to_print
from journeyapp.models.entities import PlaybookMeta
from journeyapp.models.playbook import Playbook
from reportlab.platypus import CondPageBreak, NextPageTemplate, PageBreak

SECTION_TITLES = {
    "cover": "the cover",
    "contents": "the contents",
    "map": "the journey map",
    "stages": "the stage pages",
    "raci": "the RACI",
    "roles": "the role pages",
    "handoffs": "the handoffs",
    "glossary": "the definitions",
    "scoring": "the lead scoring",
    "funnel": "the funnel",
    "feedback": "sales' feedback",
    "winloss": "why we win and lose",
    "lessons": "the lessons from deals",
    "improvements": "the improvements log",
    "history": "the revision history",
}


def find_role(playbook: Playbook, wanted: str) -> str:
    for role in playbook.roles:
        if wanted in (role.id, role.name) or wanted.casefold() == role.name.casefold():
            return role.id
    names = ", ".join(r.name for r in playbook.roles)
    if not names:
        raise ExportError(f"There is no role “{wanted}”: this playbook has no roles yet.")
    raise ExportError(f"There is no role “{wanted}”; the roles are {names}.")


def build_pdf(
    playbook: Playbook,
    sections: tuple[str, ...] = SECTIONS,
    role: str | None = None,
    today: datetime.date | None = None,
    progress: Progress | None = None,
    page_size: str | None = None,
    language: str | None = None,
) -> tuple[bytes, PlaybookDocument]:
    """The PDF's bytes, and the laid-out document (its section pages, for checks).

    ``progress`` is told what is being done as it goes ("Laying out page 12…"); raising
    ``ExportCancelled`` from it stops the export. ``page_size`` is a name in PAGE_SIZES and
    ``language`` a tag such as "en-GB"; both default to the system locale's.
    """
    page_size = page_size or default_page_size()
    if page_size not in PAGE_SIZES:
        raise ExportError(
            f"There is no page size “{page_size}”; choose from {', '.join(PAGE_SIZES)}."
        )
    with reporting_to(progress):
        return _build_pdf(
            playbook, sections, role, today, PAGE_SIZES[page_size], language or default_language()
        )


def _build_pdf(
    playbook: Playbook,
    sections: tuple[str, ...],
    role: str | None,
    today: datetime.date | None,
    page_size: tuple[float, float],
    language: str,
) -> tuple[bytes, PlaybookDocument]:
    sections = checked_sections(sections)
    today = today or datetime.date.today()
    buffer = io.BytesIO()
    colours = tuple(lane.color for lane in playbook.lanes)
    meta = playbook.meta
    document = PlaybookDocument(
        buffer,
        meta.name,
        running_title=running_title(meta),
        team_colours=colours,
        page_size=page_size,
        author=meta.owner or meta.company,
        subject=" · ".join(
            part for part in ("Buyer's journey playbook", meta.company, meta.version) if part
        ),
        lang=language,
    )
    document.setProgressCallBack(
        lambda kind, value: report(f"Laying out page {value}…") if kind == "PAGE" else None
    )
    if role is not None:
        story = [
            NextPageTemplate("portrait"),
            *role_pages(playbook, today, frame_size(page_size)[0], find_role(playbook, role)),
        ]
    else:
        story = playbook_story(playbook, sections, today, page_size)
    if isinstance(story[0], NextPageTemplate):  # no cover: the first section opens page one
        document.open_with(story.pop(0).action[1])
    elif role is not None or "cover" not in sections:
        document.open_with("portrait")
    document.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue(), document


def running_title(meta: PlaybookMeta) -> str:
    """What every page but the cover says at its top left: the playbook's name and version."""
    return f"{meta.name} · Version {meta.version}" if meta.version.strip() else meta.name


def playbook_story(
    playbook: Playbook,
    sections: tuple[str, ...],
    today: datetime.date,
    page_size: tuple[float, float] = PAGE_SIZES["a4"],
) -> list:
    """The flowables of the chosen sections, in the handbook's order."""
    story: list = []
    targets = parts.LinkTargets(map="map" in sections, glossary="glossary" in sections)
    has_stages = bool(playbook.stages())
    has_duties = has_stages and bool(playbook.roles) and bool(playbook.activities)
    builders = {
        "cover": lambda: parts.cover(playbook, today),
        "contents": parts.contents,
        # a section with nothing of its own to show is left out, not printed as a bare heading
        "map": lambda: (
            parts.map_pages(playbook, page_size, link_stages="stages" in sections)
            if has_stages
            else []
        ),
        "stages": lambda: parts.stages(playbook, targets) if has_stages else [],
        "raci": lambda: raci_matrix(playbook, page_size) if has_duties else [],
        "roles": lambda: _role_section(playbook, today, page_size, sections),
        "handoffs": lambda: (
            handoffs_page(playbook, page_size, "stages" in sections, "glossary" in sections)
            if playbook.handoffs()
            else []
        ),
        "glossary": lambda: parts.glossary(playbook),
        "scoring": lambda: parts.scoring(playbook),
        "funnel": lambda: parts.funnel(playbook),
        "feedback": lambda: feedback(playbook),
        "winloss": lambda: winloss(playbook),
        "lessons": lambda: parts.lessons(playbook),
        "improvements": lambda: improvements_log(playbook, today) + big_leaps(playbook),
        "history": lambda: revision_history(playbook),
    }
    empty = []
    for name in SECTIONS:
        if name in sections:
            report(f"Preparing {SECTION_TITLES.get(name, name)}…")
            part = builders[name]()
            if _prints_something(part):
                story += _on_portrait_after_landscape(story, part)
            else:
                empty.append(name)
    if not _prints_something(story):
        raise nothing_to_print(empty)
    if "cover" not in sections and len(story) > 1 and isinstance(story[1], PageBreak):
        del story[1]  # no blank first page: the first section starts on it
    place = next((n for n, f in enumerate(story) if isinstance(f, parts.ContentsPlace)), None)
    if place is not None:
        story[place : place + 1] = contents_entries(story)
    return story


def _role_section(
    playbook: Playbook, today: datetime.date, page_size: tuple[float, float], sections
) -> list:
    pages = role_pages(
        playbook,
        today,
        frame_size(page_size)[0],
        link_stages="stages" in sections,
        link_definitions="glossary" in sections,
    )
    return [*new_page("portrait"), *pages] if pages else []


def _on_portrait_after_landscape(story: list, part: list) -> list:
    """A section that runs on below the one before (a definition under the handoffs)
    starts a portrait page instead when the one before is printed landscape."""
    templates = (f.action[1] for f in reversed(story) if isinstance(f, NextPageTemplate))
    if next(templates, "portrait") != "landscape" or isinstance(part[0], NextPageTemplate):
        return part
    rest = part[1:] if isinstance(part[0], CondPageBreak) else part
    return [*new_page("portrait"), *rest]


def _prints_something(story: list) -> bool:
    return any(not isinstance(f, NextPageTemplate | PageBreak | CondPageBreak) for f in story)


def write_pdf(
    playbook: Playbook, path: str | Path, like: str | Path | None = None, **options
) -> int:
    """Write the PDF so the file is whole or untouched; returns its page count."""
    data, document = build_pdf(playbook, **options)
    write_atomically(path, data, like)
    return document.page
