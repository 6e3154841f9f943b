"""Build the web playbook: one HTML file holding the map, the text and the style.

Nothing on the page is fetched (no script, font, style sheet or image from elsewhere: a
logo comes inline as a data: URI), so it reads the same on an intranet, in a wiki, from
a mail attachment, or printed.
"""

from __future__ import annotations

import base64
import datetime
from collections.abc import Callable, Iterable
from pathlib import Path

from journeyapp.export.atomic_file import write_atomically
from journeyapp.export.html import sections as parts
from journeyapp.export.html.feedback import feedback_section
from journeyapp.export.html.funnel import funnel_section
from journeyapp.export.html.roles import roles_section, signoff_table
from journeyapp.export.html.stylesheet import STYLESHEET
from journeyapp.export.html.svg_map import map_svg
from journeyapp.export.html.text import plain, stage_anchors
from journeyapp.export.html.winloss import winloss_section
from journeyapp.export.section_names import SECTIONS, checked_sections, nothing_to_print
from journeyapp.models import snapshots
from journeyapp.models.diff import diff
from journeyapp.models.errors import FormatError
from journeyapp.models.playbook import Playbook

LANGUAGE = "en"  # the language of the page's own words; user text keeps its own
MOST_CHANGES = 60  # changes listed per revision; the rest are counted
_IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def build_html(
    playbook: Playbook,
    today: datetime.date | None = None,
    sections: Iterable[str] = SECTIONS,
) -> str:
    """The whole page as text, holding ``sections`` (named as the PDF's are) where the
    playbook has something for them."""
    today = today or datetime.date.today()
    chosen = set(checked_sections(sections))
    anchors = stage_anchors(playbook)
    makers: dict[str, Callable[[], str]] = {
        "map": lambda: parts.map_section(playbook, map_svg(playbook, anchors)),
        "stages": lambda: parts.stages_section(playbook, anchors),
        "handoffs": lambda: parts.handoffs_section(playbook, anchors),
        "roles": lambda: roles_section(playbook, anchors),
        "raci": lambda: parts.raci_section(playbook),
        "glossary": lambda: parts.definitions_section(playbook),
        "scoring": lambda: parts.scoring_section(playbook),
        "funnel": lambda: funnel_section(playbook),
        "feedback": lambda: feedback_section(playbook),
        "winloss": lambda: winloss_section(playbook),
        "lessons": lambda: parts.lessons_section(playbook, anchors),
        "improvements": lambda: parts.improvements_section(playbook, today),
        "history": lambda: history_section(playbook),
    }
    made = {name: make() for name, make in makers.items() if name in chosen}
    body = [section for section in made.values() if section]
    if not body and "cover" not in chosen:
        raise nothing_to_print(made)
    name = plain(playbook.meta.name)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{LANGUAGE}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="color-scheme" content="light dark">',
            '<meta name="generator" content="journeyapp">',
            f"<title>{name}</title>",
            f"<style>{STYLESHEET}</style>",
            "</head>",
            "<body>",
            cover(playbook, today) if "cover" in chosen else "",
            contents(playbook, anchors, body) if "contents" in chosen else "",
            "<main>",
            *body,
            "</main>",
            f"<footer><p>{name} · published {today.isoformat()}</p></footer>",
            "</body>",
            "</html>",
            "",
        ]
    )


def write_html(
    playbook: Playbook,
    path: str | Path,
    like: str | Path | None = None,
    sections: Iterable[str] = SECTIONS,
) -> None:
    """Write the page so the file is whole or untouched; never over a playbook."""
    write_atomically(path, build_html(playbook, sections=sections).encode("utf-8"), like)


def _logo(playbook: Playbook) -> str:
    data = getattr(playbook.meta, "logo", b"")
    if not isinstance(data, bytes):
        return ""
    kind = next((t for magic, t in _IMAGE_TYPES.items() if data.startswith(magic)), None)
    if kind is None:
        return ""
    encoded = base64.b64encode(data).decode("ascii")
    alt = f"{playbook.meta.company or playbook.meta.name} logo"
    return f'<img class="logo" src="data:{kind};base64,{encoded}" alt="{plain(alt)}">'


def cover(playbook: Playbook, today: datetime.date) -> str:
    meta = playbook.meta
    details = [
        meta.company,
        f"Version {meta.version}" if meta.version.strip() else "",
        f"Owner: {meta.owner}" if meta.owner.strip() else "",
        f"Published {today.isoformat()}",
    ]
    lines = "".join(f'<p class="sub">{plain(d)}</p>' for d in details if d.strip())
    title = f"{_logo(playbook)}<h1>{plain(meta.name)}</h1>"
    return f'<header class="cover">{title}{lines}{signoff_table(playbook)}</header>'


_SECTION_TITLES = {
    "map": "The journey map",
    "stages": "The stages",
    "handoffs": "Handoffs",
    "roles": "Roles",
    "raci": "Who does what: the whole RACI",
    "definitions": "Definitions",
    "scoring": "Lead scoring",
    "funnel": "Funnel targets and commitments",
    "feedback": "Sales' feedback",
    "winloss": "Why we win and lose",
    "lessons": "Lessons from real deals",
    "improvements": "Improvements log",
    "projects": "Big leaps",
    "history": "Revision history",
}


def contents(playbook: Playbook, anchors: dict[str, str], body: list[str]) -> str:
    """Links to every section present, the stages listed under theirs in journey order."""
    items = []
    for key, title in _SECTION_TITLES.items():
        if not any(f'<section id="{key}"' in section for section in body):
            continue
        nested = ""
        if key == "stages":
            stages = "".join(
                f'<li><a href="#{anchors[s.id]}">{plain(s.name)}</a></li>'
                for s in playbook.stages_in_journey_order()
            )
            nested = f"<ol>{stages}</ol>" if stages else ""
        items.append(f'<li><a href="#{key}">{title}</a>{nested}</li>')
    return (
        '<nav aria-labelledby="contents"><h2 id="contents">Contents</h2>'
        f"<ol>{''.join(items)}</ol></nav>"
    )


def history_section(playbook: Playbook) -> str:
    """Each snapshot and what changed since the one before, and since the last."""
    taken = sorted(playbook.snapshots, key=lambda s: s.taken_at)
    if not taken:
        return ""
    out = [
        '<section id="history" aria-labelledby="history-heading">',
        '<h2 id="history-heading">Revision history</h2>',
    ]
    previous = None
    for snapshot in taken:
        when = snapshot.taken_at.replace("T", " ")[:16]
        out.append(f"<h3>{plain(snapshot.name)} (saved {plain(when)})</h3>")
        try:
            current = snapshots.opened(snapshot)
        except FormatError as error:
            out.append(f'<p class="muted">{plain(str(error))}</p>')
            continue
        out.append(
            '<p class="muted">The first snapshot.</p>'
            if previous is None
            else _changes(diff(previous, current))
        )
        previous = current
    if previous is not None:
        out.append(f"<h3>Since {plain(taken[-1].name)}</h3>")
        out.append(_changes(diff(previous, playbook)))
    out.append("</section>")
    return "".join(out)


def _changes(differences: list) -> str:
    """Each change, with each changed field's words as the PDF shows them: what was removed
    struck through, what was added marked, a value that is not prose as before → after."""
    if not differences:
        return '<p class="muted">No changes.</p>'
    items = "".join(
        f"<li>{plain(d.summary)}{_field_changes(d.fields)}</li>" for d in differences[:MOST_CHANGES]
    )
    more = len(differences) - MOST_CHANGES
    tail = f'<p class="muted">… and {more} more changes.</p>' if more > 0 else ""
    return f"<ul>{items}</ul>{tail}"


def _field_changes(changes) -> str:
    if not changes:
        return ""
    rows = []
    for change in changes:
        label = plain(change.label[:1].upper() + change.label[1:])
        if change.words:
            shown = " ".join(
                f"<del>{plain(words)}</del>"
                if how == "removed"
                else f"<ins>{plain(words)}</ins>"
                if how == "added"
                else plain(words)
                for how, words in change.words
            )
        else:
            before = plain(change.before) if change.before.strip() else "—"
            after = plain(change.after) if change.after.strip() else "—"
            shown = f"<del>{before}</del> → <ins>{after}</ins>"
        rows.append(f'<li class="words"><b>{label}:</b> {shown}</li>')
    return f"<ul>{''.join(rows)}</ul>"
