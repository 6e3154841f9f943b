"""The handoffs page: every handoff in journey order with the terms both teams sign.

Eight columns of wrapping text need the landscape page: on portrait paper the trigger and
the qualification would wrap a word or two to a line.
"""

from __future__ import annotations

from journeyapp.export import handoff_terms as terms
from journeyapp.export.pdf.anchors import definition_anchor, linked, stage_anchor
from journeyapp.export.pdf.blocks import (
    cells,
    flush_left,
    heading,
    lines,
    long_table,
    new_page,
    percent,
)
from journeyapp.export.pdf.document import frame_size
from journeyapp.export.pdf.styles import styles
from journeyapp.export.pdf.text import Text, para
from journeyapp.models.entities import Handoff
from journeyapp.models.playbook import Playbook
from reportlab.lib.pagesizes import A4, landscape

# Shares of the frame's width, in the order of terms.COLUMNS.
COLUMN_SHARES = (165, 134, 58, 120, 34, 76, 82, 62)


def handoffs_page(
    playbook: Playbook,
    page_size: tuple[float, float] = A4,
    link_stages: bool = False,
    link_definitions: bool = False,
) -> list:
    """The handoffs section; stage and definition names link to their sections when those
    are printed too."""
    handoffs = terms.handoffs_along_journey(playbook)
    if not handoffs:
        return []
    width, _ = frame_size(landscape(page_size))
    widths = [share * width / sum(COLUMN_SHARES) for share in COLUMN_SHARES]
    rows = [cells(terms.COLUMNS, "cell_bold")]
    rows += [_row(playbook, h, link_stages, link_definitions) for h in handoffs]
    return [
        *new_page("landscape"),
        heading("Handoffs in journey order", "h1"),
        Text(
            "The contract both teams sign: what sends a buyer on, the score and qualification "
            "the receiving team accepts, how fast it acts and how often it tries, and where a "
            "lead it rejects goes. In the order a buyer meets the stages; “—” where a term is "
            "not set.",
            styles()["muted"],
        ),
        *flush_left(long_table(rows, widths)),
    ]


def _stage(playbook: Playbook, stage_id: str, link: bool) -> str:
    name = para(playbook.stage(stage_id).name)
    return linked(name, stage_anchor(stage_id)) if link else name


def _row(playbook: Playbook, handoff: Handoff, link_stages: bool, link_definitions: bool):
    cell = styles()["cell"]
    route = (
        f"<b>{_stage(playbook, handoff.source, link_stages)}</b> → "
        f"{_stage(playbook, handoff.target, link_stages)}"
        f'<br/><font color="#5b6472">{para(handoff.kind.label)}</font>'
    )
    recycle = terms.recycle_target(playbook, handoff)
    recycle_cell = (
        Text(_stage(playbook, recycle.id, link_stages), cell) if recycle else terms.NOT_SET
    )
    conversion = percent(handoff.target_conversion) or terms.NOT_SET
    return [
        Text(route, cell),
        lines(handoff.trigger, "cell") if handoff.trigger.strip() else terms.NOT_SET,
        *cells((terms.threshold(handoff),)),
        _qualification(playbook, handoff, link_definitions),
        *cells((terms.sla(handoff), terms.contact_process(handoff))),
        recycle_cell,
        conversion,
    ]


def _qualification(playbook: Playbook, handoff: Handoff, link: bool) -> list | str:
    """The criteria as a list, then the agreed definition a lead must meet."""
    shown = [
        Text(para(item), styles()["cell_bullet"], bulletText="•")
        for item in handoff.qualification
        if item.strip()
    ]
    agreed = terms.definition(playbook, handoff)
    if agreed is not None:
        term = para(agreed.term)
        if link:
            term = linked(term, definition_anchor(agreed.id))
        shown.append(Text(f"Meets the definition of {term}", styles()["cell"]))
    return shown or terms.NOT_SET  # plain text: far cheaper in a table of thousands of rows
