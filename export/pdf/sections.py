"""The handbook's sections, each a list of flowables built from the model."""

from __future__ import annotations

import datetime
import io

from journeyapp.export import scoring_words
from journeyapp.export.pdf.anchors import definition_anchor, linked, map_anchor, stage_anchor
from journeyapp.export.pdf.blocks import (
    cells,
    heading,
    lines,
    new_page,
    paragraph,
    percent,
    table,
)
from journeyapp.export.pdf.cover_signoffs import signoff_block
from journeyapp.export.pdf.document import frame_size
from journeyapp.export.pdf.map_tiles import map_story
from journeyapp.export.pdf.progress import report_every
from journeyapp.export.pdf.raci import raci_tables
from journeyapp.export.pdf.styles import styles
from journeyapp.export.pdf.text import Text, para
from journeyapp.export.signoffs import TEAMS, signoff_words
from journeyapp.export.stage_words import stage_meaning, stage_place
from journeyapp.models.commitment_review import commitment_reviews, count_words, rate_words
from journeyapp.models.entities import Activity, Stage
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.playbook import Playbook
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    CondPageBreak,
    Image,
    KeepTogether,
    Spacer,
    Table,
)

HEADING_ROOM = 44  # points a page's heading takes above the map
FRAME_PADDING = 12  # a Frame's padding, 6 points on each side


# -- cover and contents -------------------------------------------------------------------


LOGO_BOX = (60 * mm, 30 * mm)  # the most room the cover's logo takes, width and height


def cover(playbook: Playbook, today: datetime.date) -> list:
    meta = playbook.meta
    details = [
        meta.company,
        f"Version {meta.version}" if meta.version else "",
        f"Owner: {meta.owner}" if meta.owner.strip() else "",
        f"Published {today.isoformat()}",
    ]
    logo = logo_image(meta.logo)
    top: list = [Spacer(1, 150)] if logo is None else [Spacer(1, 60), logo, Spacer(1, 30)]
    story: list = [*top, paragraph(meta.name, "cover_title")]
    story += [paragraph(line, "cover_sub") for line in details if line.strip()]
    story += signoff_block(playbook, frame_size(A4)[0])
    return story


def logo_image(data: bytes) -> Image | None:
    """The logo scaled into LOGO_BOX, left-aligned; None without one, or for an image whose
    contents cannot be read (the cover is printed without it)."""
    if not data:
        return None
    try:
        width, height = ImageReader(io.BytesIO(data)).getSize()
    except Exception:
        return None
    scale = min(LOGO_BOX[0] / width, LOGO_BOX[1] / height)
    return Image(io.BytesIO(data), width * scale, height * scale, hAlign="LEFT")


class ContentsPlace(Spacer):
    """Where the contents go; the playbook fills it once every section is built."""

    def __init__(self) -> None:
        super().__init__(0, 0)


def contents() -> list:
    # The title is not a contents entry itself.
    return [*new_page("portrait"), heading("Contents", "title"), ContentsPlace()]


# -- the map ------------------------------------------------------------------------------


def map_pages(playbook: Playbook, page_size=A4, link_stages: bool = False) -> list:
    """The map on the landscape form of ``page_size``; its cards link to the stage sections
    when those are in the document (``link_stages``)."""
    frame_w, frame_h = frame_size(landscape(page_size))
    frame_h -= HEADING_ROOM
    story: list = [*new_page("landscape"), heading("The journey map", "h1")]
    return story + map_story(playbook, frame_w, frame_h, link_stages)


# -- stages ---------------------------------------------------------------------------------


@frozen_record
class LinkTargets:
    """Which other sections the export prints, so a stage section links only to those."""

    map: bool = False
    glossary: bool = False


NO_LINKS = LinkTargets()


def stages(playbook: Playbook, targets: LinkTargets = NO_LINKS) -> list:
    story: list = [*new_page("portrait"), heading("The stages", "h1")]
    by_stage = playbook.activities_by_stage()
    ordered = playbook.stages_in_journey_order()
    for done, stage in enumerate(ordered):
        report_every(done, len(ordered), "Preparing the stage pages")
        story += stage_section(playbook, stage, by_stage.get(stage.id, []), targets)
    return story


def _where(playbook: Playbook, stage: Stage, targets: LinkTargets) -> Text:
    """The stage's phase, team and length, and a link to its card on the map; kept with
    the heading and the section's first block."""
    markup = para(stage_place(playbook, stage))
    if targets.map:
        markup += " · " + linked("on the map", map_anchor(stage.id))
    line = Text(markup, styles()["muted"])
    line.keepWithNext = True
    return line


def _definitions_line(playbook: Playbook, stage: Stage) -> list:
    """The definitions the stage's handoffs rely on, each linked to its entry."""
    used = {
        h.definition
        for h in (*playbook.incoming(stage.id), *playbook.outgoing(stage.id))
        if h.definition and h.definition in playbook.definitions
    }
    terms = [d for d in playbook.definitions if d.id in used]
    if not terms:
        return []
    links = ", ".join(linked(para(d.term), definition_anchor(d.id)) for d in terms)
    return [Text(f"Definitions it applies: {links}", styles()["muted"])]


def stage_section(
    playbook: Playbook,
    stage: Stage,
    activities: list[Activity],
    targets: LinkTargets = NO_LINKS,
) -> list:
    title = heading(stage.name, "h2")
    title.anchor = stage_anchor(stage.id)
    story: list = [CondPageBreak(160), title, _where(playbook, stage, targets)]
    if targets.glossary:
        story += _definitions_line(playbook, stage)
    for label, value in stage_meaning(stage):
        story += [paragraph(label, "label"), *lines(value)]
    if stage.content:
        rows = [cells(("Content", "Format", "Link"), "cell_bold")]
        rows += [cells((c.title, c.format, c.link)) for c in stage.content]
        story += [
            paragraph("Content that helps the buyer move on", "label"),
            table(rows, [205, 70, 195]),
        ]
    if activities:
        opening = [heading("Process and methodology", "h3")]
        for n, activity in enumerate(activities, 1):
            story.append(
                KeepTogether(
                    [
                        *opening,  # the heading goes with the first activity, never alone
                        paragraph(f"{n}. {activity.name}", "item"),
                        *lines(activity.methodology, empty="No methodology written yet."),
                    ]
                )
            )
            opening = []
        story += [paragraph("Who does what", "label"), *raci_tables(playbook, activities)]
    handoffs = playbook.outgoing(stage.id)
    if handoffs:
        story.append(heading("Handoffs out", "h3"))
        story.append(handoff_table(playbook, handoffs, linked_targets=True))
    if stage.last_reviewed:
        by = f" by {stage.last_reviewed_by}" if stage.last_reviewed_by else ""
        story += [Spacer(1, 4), paragraph(f"Last reviewed {stage.last_reviewed}{by}.", "muted")]
    return story


def handoff_table(playbook: Playbook, handoffs, linked_targets: bool = False) -> Table:
    """Where each handoff goes and on what terms; with ``linked_targets``, each target's name
    links to its stage section."""
    rows = [cells(("To", "Trigger", "Qualification", "SLA", "Contact process"), "cell_bold")]
    for handoff in handoffs:
        target = playbook.stage(handoff.target).name
        if linked_targets:
            target = Text(linked(para(target), stage_anchor(handoff.target)), styles()["cell"])
        contact = ""
        if handoff.contact_attempts:
            days = f" over {handoff.contact_days} days" if handoff.contact_days else ""
            contact = f"{handoff.contact_attempts} attempts{days}"
            if handoff.recycle_to and playbook.has_stage(handoff.recycle_to):
                contact += f", then {playbook.stage(handoff.recycle_to).name}"
        rows.append(
            cells(
                (
                    target,
                    handoff.trigger,
                    ", ".join(handoff.qualification),
                    f"{handoff.sla_hours:g} h" if handoff.sla_hours else "",
                    contact,
                )
            )
        )
    return table(rows, [85, 145, 95, 40, 105])


# -- at a glance ------------------------------------------------------------------------------


def glossary(playbook: Playbook) -> list:
    if not len(playbook.definitions):
        return []
    story: list = [CondPageBreak(200), heading("Definitions", "h1")]
    for definition in playbook.definitions:
        signed = []
        for team in ("marketing", "sales"):
            signoff = getattr(definition, f"{team}_signoff")
            signed.append(
                f"{team.capitalize()}: {signoff.name}, {signoff.date}"
                if signoff
                else f"{team.capitalize()}: not signed off"
            )
        term = heading(definition.term, "h3")
        term.anchor = definition_anchor(definition.id)
        block = [
            term,
            paragraph(definition.text),
            paragraph("Examples", "label"),
            paragraph(definition.examples),
            paragraph("Not examples", "label"),
            paragraph(definition.non_examples),
            paragraph(" · ".join(signed), "muted"),
        ]
        story.append(KeepTogether(block))  # a definition is read whole, never across pages
    return story


def scoring(playbook: Playbook) -> list:
    if not len(playbook.scoring_rules):
        return []
    story = [
        CondPageBreak(200),
        heading("Lead scoring", "h1"),
        table(
            [cells(scoring_words.RULE_HEAD, "cell_bold")]
            + [cells(row) for row in scoring_words.rule_rows(playbook)],
            [85, 105, 38, 82, 160],
        ),
        Spacer(1, 6),
        *(paragraph(sentence) for sentence in scoring_words.model_sentences(playbook)),
        paragraph(scoring_words.sign_off_sentence(playbook), "muted"),
    ]
    challenges = scoring_words.challenge_rows(playbook)
    if challenges:
        story += [
            heading("Challenges to the rules", "h3"),
            table(
                [cells(scoring_words.CHALLENGE_HEAD, "cell_bold")]
                + [cells(row) for row in challenges],
                [120, 90, 140, 120],
            ),
        ]
    examples = scoring_words.example_rows(playbook)
    if examples:
        story += [
            heading("The definitions' example leads, scored", "h3"),
            table(
                [cells(scoring_words.EXAMPLE_HEAD, "cell_bold")] + [cells(row) for row in examples],
                [130, 80, 140, 120],
            ),
        ]
    backtest = scoring_words.backtest_sentences(playbook)
    if backtest:
        story += [heading("Backtest against imported leads", "h3")]
        story += [paragraph(sentence) for sentence in backtest]
    return story


def funnel(playbook: Playbook) -> list:
    """The conversion each handoff is expected to reach, in journey order, then each of
    marketing's commitments beside the period's actual volumes and rates, and who signed."""
    order = {s.id: n for n, s in enumerate(playbook.stages_in_journey_order())}
    targeted = sorted(
        (h for h in playbook.handoffs() if h.target_conversion is not None),
        key=lambda h: (order.get(h.source, 0), order.get(h.target, 0)),
    )
    reviews = commitment_reviews(playbook)
    if not targeted and not reviews:
        return []
    story: list = [CondPageBreak(160), heading("Funnel targets", "h1")]
    if targeted:
        rows = [cells(("From", "To", "Target conversion"), "cell_bold")]
        rows += [
            cells(
                (
                    playbook.stage(h.source).name,
                    playbook.stage(h.target).name,
                    percent(h.target_conversion),
                )
            )
            for h in targeted
        ]
        story.append(table(rows, [180, 180, 110]))
    for review in reviews:
        story += _commitment(review)
    return story


def _commitment(review) -> list:
    commitment = review.commitment
    signed = "; ".join(f"{team.lower()}: {signoff_words(commitment, team)}" for team in TEAMS)
    rows = [cells(("Stage", "Committed", "Actual", "Then actual (90% interval, n)"), "cell_bold")]
    rows += [
        cells((s.stage, count_words(s.committed), count_words(s.actual), rate_words(s)))
        for s in review.stages
    ]
    flowables = [
        heading(f"Marketing's commitment for {commitment.period}", "h3"),
        paragraph(f"Signed off by {signed}."),
        table(rows, [150, 70, 70, 180]),
    ]
    if review.note:
        flowables.append(paragraph(review.note))
    flowables.append(
        paragraph(
            "Actual: leads and deals that entered the stage in the period. Then actual: the "
            "share of the period's records in the stage that went on past it; records still "
            "in it, not yet given the time others took, are left out as still in play. "
            "Fewer than 20 records make a rough guide."
        )
    )
    return [KeepTogether(flowables[:3]), *flowables[3:]]


def lessons(playbook: Playbook) -> list:
    """What the deal retrospectives taught, stage by stage."""
    by_stage: dict[str, list[tuple[str, object]]] = {}
    for deal in playbook.deals:
        for step, note in deal.notes.items():
            index = int(step)
            if index < len(deal.path):
                by_stage.setdefault(deal.path[index].stage, []).append((deal.name, note))
    if not by_stage:
        return []
    story: list = [*new_page("portrait"), heading("Lessons from real deals", "h1")]
    for stage in playbook.stages_in_journey_order():
        notes = by_stage.get(stage.id)
        if not notes:
            continue
        story.append(heading(stage.name, "h3"))
        rows = [cells(("Deal", "What we did", "How", "Next time", "The buyer said"), "cell_bold")]
        rows += [
            cells((name, note.did, note.how, note.differently, note.buyer_words))
            for name, note in notes
        ]
        story.append(table(rows, [80, 95, 95, 110, 90]))
    return story
