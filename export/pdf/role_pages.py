"""Each role's page, to pin up on its own: what the role does stage by stage (R, A, C and I),
the handoffs it sends or receives with their SLA and contact process, and the definitions
it applies, under the playbook's name, version and the export date.

Roles follow each other on the page (each kept whole where it fits), so a handful of
short roles share a sheet; a long one runs over. What the export prints elsewhere, the
role's page links to rather than repeats: with the stage pages, each stage's name leads
to how its activities are done; with the definitions, each term leads to its entry.
Without them (a role exported alone, ``--role``), the page carries the methodology of
what the role does itself and each definition's meaning.
"""

from __future__ import annotations

import datetime
from functools import cache

from journeyapp.export.pdf.anchors import definition_anchor, linked, stage_anchor
from journeyapp.export.pdf.blocks import GroupedTable, cells, heading, lines, paragraph, table
from journeyapp.export.pdf.fonts import BOLD
from journeyapp.export.pdf.one_line import list_item
from journeyapp.export.pdf.styles import styles
from journeyapp.export.pdf.text import Text, para
from journeyapp.export.role_duties import (
    DOING,
    RACI_WORDS,
    RoleHandoff,
    RoleSheet,
    contact_words,
    role_sheets,
    sla_words,
)
from journeyapp.models.entities import Raci
from journeyapp.models.playbook import Playbook
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Spacer, Table, TableStyle
from reportlab.platypus.flowables import _listWrapOn

# What a Consulted or Informed role does in an activity it does not carry out.
ITS_PART = {Raci.C: "Asked for input before it is done.", Raci.I: "Told once it is done."}


def role_pages(
    playbook: Playbook,
    today: datetime.date,
    width: float,
    only: str | None = None,
    link_stages: bool = False,
    link_definitions: bool = False,
) -> list:
    """Every role's page under one heading, or (``only``, a role id) that role's page alone
    with its name as the title. ``width`` is the frame's; the links go to the stage sections
    and definitions when the export prints them."""
    sheets = role_sheets(playbook, only)
    if not sheets:
        return []
    story: list = []
    if only is None:
        story += [
            heading("Role by role", "h1"),
            paragraph("Each role's part in the journey, to print and pin up on its own.", "muted"),
        ]
    page = RolePage(playbook, today, width, link_stages, link_definitions)
    for sheet in sheets:
        block = page.flowables(sheet, "h1" if only else "h2")
        lines = sum(len(held) for _, held in sheet.parts) + len(sheet.handoffs)
        # The heading stays in the story, not in a container: it is a contents entry.
        story += [RoomFor(block, lines), *block]
    return story


class RoomFor(CondPageBreak):
    """A page break unless the rest of the page holds ``block``, so a role is never cut
    when a page of its own would hold it; a role longer than a page starts where it has
    LEAST_ROOM, and runs over.

    Not a KeepTogether: the headings inside one would be hidden from the contents."""

    LEAST_ROOM = 160
    LINE = 10  # points: the least a table row or a listed handoff takes

    def __init__(self, block: list, lines: int) -> None:
        super().__init__(0)
        self.block = block
        self.lines = lines  # its rows and items, to tell a block longer than any page unmeasured

    def wrap(self, available_width, available_height):
        frame = self._doctemplateAttr("frame")
        whole_page = frame._height if frame else available_height
        needed = whole_page + 1
        if self.lines * self.LINE <= whole_page:
            _, needed = _listWrapOn(self.block, available_width, self.canv)
        self.height = needed if needed <= whole_page else self.LEAST_ROOM
        return super().wrap(available_width, available_height)


class RolePage:
    """Lays out one role's sheet; what every sheet shares is set once."""

    def __init__(
        self,
        playbook: Playbook,
        today: datetime.date,
        width: float,
        link_stages: bool,
        link_definitions: bool,
    ) -> None:
        self.playbook = playbook
        meta = playbook.meta
        version = f" · Version {meta.version}" if meta.version.strip() else ""
        self.source = f"{meta.name}{version} · exported {today.isoformat()}"
        self.width = width
        self.link_stages = link_stages
        self.link_definitions = link_definitions
        self.with_how = not link_stages  # the methodology, when no stage page gives it

    def flowables(self, sheet: RoleSheet, level: str) -> list:
        role = sheet.role
        team = f"Team: {sheet.team} · " if sheet.team else ""
        story: list = [
            heading(f"Your responsibilities: {role.name}", level),
            paragraph(f"{team}{self.source}", "muted"),
        ]
        if not sheet.parts:
            return [*story, paragraph(f"{role.name} has no part in any activity yet.")]
        story.append(self._stage_table(sheet))
        if sheet.handoffs:
            story += [paragraph("Handoffs it sends or receives", "label")]
            story += [self._handoff(item) for item in sheet.handoffs]
        if sheet.definitions and self.link_definitions:
            terms = ", ".join(
                linked(para(d.term), definition_anchor(d.id)) for d in sheet.definitions
            )
            story.append(Text(f"<b>Definitions it applies:</b> {terms}", _listed()))
        elif sheet.definitions:
            story += [paragraph("Definitions it applies", "label")]
            story += [self._definition(d) for d in sheet.definitions]
        return [*story, Spacer(1, 8)]

    def _stage_markup(self, stage) -> str:
        markup = para(stage.name)
        return linked(markup, stage_anchor(stage.id)) if self.link_stages else markup

    def _stage_table(self, sheet: RoleSheet) -> GroupedTable:
        head = ("Stage", "Part", "Activity", *(("How it is done",) if self.with_how else ()))
        rows = [cells(head, "cell_bold")]
        doing = []  # the rows whose part is bold: what the role does itself
        for stage, held in sheet.parts:
            name = Text(self._stage_markup(stage), styles()["cell"])
            for activity, letter in held:
                if letter in DOING:
                    doing.append(len(rows))
                # Plain strings where they fit: a big playbook has thousands of these cells.
                row = [name, *cells((RACI_WORDS[letter], activity.name))]
                if self.with_how:
                    row.append(
                        lines(activity.methodology, "cell", empty="No methodology written yet.")
                        if letter in DOING
                        else paragraph(ITS_PART[letter], "cell")
                    )
                rows.append(row)
                name = ""
        if self.with_how:
            widths = [95, 66, 125, self.width - 95 - 66 - 125]
        else:
            widths = [150, 70, self.width - 150 - 70]
        made = _tight(table(rows, widths, kind=GroupedTable))
        made.setStyle(TableStyle([("FONTNAME", (1, row), (1, row), BOLD) for row in doing]))
        return made

    def _handoff(self, item: RoleHandoff):
        """A line (or more, for long words): route, its part, trigger, SLA, contact process.
        The stage names are not links: the stage table above links each stage, and a big
        playbook's roles list thousands of handoffs."""
        handoff = item.handoff
        source = self.playbook.stage(handoff.source).name
        target = self.playbook.stage(handoff.target).name
        pieces = [(f"{source} → {target}", True), (f" ({item.direction.lower()})", False)]
        if handoff.trigger.strip():
            pieces.append((f": {handoff.trigger}", False))
        if handoff.sla_hours:
            pieces += [(" · ", False), (f"SLA {sla_words(handoff)}", True)]
        contact = contact_words(self.playbook, handoff)
        if contact:
            pieces.append((f" · Contact process: {contact}", False))
        return list_item(pieces, _listed(), self.width)

    def _definition(self, definition) -> Text:
        return Text(f"<b>{para(definition.term)}</b>: {para(definition.text)}", _listed())


def _tight(made: Table) -> Table:
    """Rows closer together than the handbook's other tables: a role's page is read as a list."""
    made.setStyle(
        TableStyle([("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)])
    )
    return made


@cache
def _listed() -> ParagraphStyle:
    """A handoff or definition on a role's page: small, each item a little apart, its
    following lines indented under its first."""
    return ParagraphStyle(
        "role_item", parent=styles()["small"], spaceAfter=2.5, leftIndent=8, firstLineIndent=-8
    )
