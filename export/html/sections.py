"""The web playbook's sections, each an HTML string built from the model.

Every user string passes through ``text`` (linked) or ``plain``; the markup here is
the only markup on the page.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from journeyapp.export import handoff_terms as terms
from journeyapp.export import scoring_words
from journeyapp.export.html.text import attribute, plain, text
from journeyapp.export.review_words import HEAD as IMPROVEMENT_HEAD
from journeyapp.export.review_words import improvement_rows, project_facts
from journeyapp.export.role_duties import contact_words
from journeyapp.export.stage_words import stage_meaning, stage_place
from journeyapp.models.entities import Activity, Handoff, Raci, Stage
from journeyapp.models.playbook import Playbook

RACI_MEANING = {
    Raci.R: "Responsible",
    Raci.A: "Accountable",
    Raci.C: "Consulted",
    Raci.I: "Informed",
}


def table(head: Sequence[str], rows: Iterable[Sequence[str]], caption: str = "") -> str:
    """A table whose first column names its rows; ``head`` and cells are HTML already."""
    out = ['<div class="scroll"><table>']
    if caption:
        out.append(f"<caption>{caption}</caption>")
    out.append("<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in head) + "</tr></thead>")
    out.append("<tbody>")
    for row in rows:
        cells = [f'<th scope="row">{row[0]}</th>', *(f"<td>{c}</td>" for c in row[1:])]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def percent(value: float) -> str:
    return f"{value * 100:.1f}".removesuffix(".0") + " %"


def hours(value: float | None) -> str:
    return f"{value:g} h" if value else "—"


def stage_link(playbook: Playbook, anchors: dict[str, str], stage_id: str | None) -> str:
    if stage_id is None or not playbook.has_stage(stage_id):
        return "—"
    return f'<a href="#{anchors[stage_id]}">{plain(playbook.stage(stage_id).name)}</a>'


def contact_process(playbook: Playbook, anchors: dict[str, str], handoff: Handoff) -> str:
    def linked(stage: Stage) -> str:
        return stage_link(playbook, anchors, stage.id)

    return contact_words(playbook, handoff, linked) or "—"


# -- the map ------------------------------------------------------------------------------


def map_section(playbook: Playbook, svg: str) -> str:
    legend = "".join(
        f'<li><span class="chip" style="background: {attribute(lane.color)}"></span>'
        f"{plain(lane.name)}</li>"
        for lane in playbook.lanes
    )
    return (
        '<section id="map" aria-labelledby="map-heading">'
        '<h2 id="map-heading">The journey map</h2>'
        f'<figure class="map-figure"><div class="map-scroll">{svg}</div>'
        "<figcaption>Phases run left to right, teams top to bottom; a wide map scrolls sideways. "
        "Click a card to read its "
        "stage. Thick blue arrows are handoffs between teams, dashed ones recycle the buyer, "
        "dotted grey ones disqualify; a pill gives the SLA. "
        "A: names who is Accountable."
        f'<ul class="legend" aria-label="Teams">{legend}</ul></figcaption></figure>'
        "</section>"
    )


# -- stages -------------------------------------------------------------------------------


def stages_section(playbook: Playbook, anchors: dict[str, str]) -> str:
    by_stage = playbook.activities_by_stage()
    parts = [
        stage_section(playbook, anchors, stage, by_stage.get(stage.id, []))
        for stage in playbook.stages_in_journey_order()
    ]
    return (
        '<section id="stages" aria-labelledby="stages-heading">'
        '<h2 id="stages-heading">The stages</h2>' + "".join(parts) + "</section>"
    )


def stage_section(
    playbook: Playbook, anchors: dict[str, str], stage: Stage, activities: list[Activity]
) -> str:
    lane = playbook.lanes.get(stage.lane)
    where = stage_place(playbook, stage)
    team = f' style="--team: {attribute(lane.color)}"' if lane else ""
    anchor = anchors[stage.id]
    out = [
        f'<section class="stage" id="{anchor}" aria-labelledby="{anchor}-h"{team}>',
        f'<h3 id="{anchor}-h">{plain(stage.name)}</h3>',
        f'<p class="muted">{plain(where)}</p>',
    ]
    fields = stage_meaning(stage)
    if fields:
        out.append(
            "<dl>" + "".join(f"<dt>{label}</dt><dd>{text(v)}</dd>" for label, v in fields) + "</dl>"
        )
    if stage.content:
        out.append("<h4>Content that helps the buyer move on</h4>")
        out.append(table(("Content", "Format", "Link"), (_content_row(c) for c in stage.content)))
    if activities:
        out.append("<h4>Process and methodology</h4><ol>")
        out += [
            f"<li><strong>{plain(a.name)}</strong><br>"
            f"{text(a.methodology, 'No methodology written yet.')}</li>"
            for a in activities
        ]
        out.append("</ol><h4>Who does what</h4>")
        out.append(raci_table(playbook, activities))
    handoffs = playbook.outgoing(stage.id)
    if handoffs:
        out.append("<h4>Handoffs out</h4>")
        out.append(
            table(
                ("To", "Trigger", "Qualification", "SLA", "Contact process"),
                (
                    (
                        stage_link(playbook, anchors, h.target),
                        text(h.trigger),
                        text(", ".join(h.qualification)),
                        hours(h.sla_hours),
                        contact_process(playbook, anchors, h),
                    )
                    for h in handoffs
                ),
            )
        )
    if stage.last_reviewed:
        by = f" by {stage.last_reviewed_by}" if stage.last_reviewed_by else ""
        out.append(f'<p class="muted">Last reviewed {plain(stage.last_reviewed + by)}.</p>')
    out.append('<p class="back"><a href="#map">Back to the map</a></p></section>')
    return "".join(out)


def _content_row(item) -> tuple[str, str, str]:
    return plain(item.title), text(item.format), text(item.link)


def raci_table(playbook: Playbook, activities: list[Activity], with_stage: bool = False) -> str:
    """Activities by roles, a letter where a role has a part; with the stage, one banded
    row group per stage."""
    roles = [r for r in playbook.roles if any(r.id in a.raci for a in activities)]
    head = ["Activity", *(plain(r.name) for r in roles)]
    if with_stage:
        head.insert(0, "Stage")
    groups: list[list[Activity]] = []
    for activity in activities:
        if with_stage and groups and groups[-1][0].stage == activity.stage:
            groups[-1].append(activity)
        else:
            groups.append([activity])
    out = ['<div class="scroll"><table class="raci">']
    out.append("<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in head) + "</tr></thead>")
    for n, group in enumerate(groups):
        out.append('<tbody class="band">' if with_stage and n % 2 else "<tbody>")
        for row, activity in enumerate(group):
            cells = []
            if with_stage:
                if row == 0:
                    name = plain(playbook.stage(activity.stage).name)
                    cells.append(f'<th scope="rowgroup" rowspan="{len(group)}">{name}</th>')
                cells.append(f"<td>{plain(activity.name)}</td>")
            else:
                cells.append(f'<th scope="row">{plain(activity.name)}</th>')
            for role in roles:
                letter = activity.raci.get(role.id)
                shown = (
                    f'<abbr class="raci-{letter.value}" title="{RACI_MEANING[letter]}">'
                    f"{letter.value}</abbr>"
                    if letter
                    else ""
                )
                cells.append(f'<td class="letter">{shown}</td>')
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody>")
    out.append("</table></div>")
    return "".join(out)


# -- the whole RACI, handoffs --------------------------------------------------------------


def raci_section(playbook: Playbook) -> str:
    activities = playbook.activities_in_journey_order()
    if not activities:
        return ""
    return (
        '<section id="raci" aria-labelledby="raci-heading">'
        '<h2 id="raci-heading">Who does what: the whole RACI</h2>'
        '<p class="muted">R Responsible · A Accountable · C Consulted · I Informed</p>'
        + raci_table(playbook, activities, with_stage=True)
        + "</section>"
    )


def handoffs_section(playbook: Playbook, anchors: dict[str, str]) -> str:
    handoffs = terms.handoffs_along_journey(playbook)
    if not handoffs:
        return ""
    numbers = {d.id: n for n, d in enumerate(playbook.definitions, start=1)}
    rows = (
        (
            f"{stage_link(playbook, anchors, h.source)} → "
            f"{stage_link(playbook, anchors, h.target)}"
            f'<br><span class="muted">{plain(h.kind.label)}</span>',
            text(h.trigger),
            plain(terms.threshold(h)),
            _qualification(playbook, h, numbers),
            plain(terms.sla(h)).replace(" ", "&nbsp;"),  # "24 h" on one line
            plain(terms.contact_process(h)),
            stage_link(playbook, anchors, h.recycle_to),
            terms.NOT_SET if h.target_conversion is None else percent(h.target_conversion),
        )
        for h in handoffs
    )
    return (
        '<section id="handoffs" aria-labelledby="handoffs-heading">'
        '<h2 id="handoffs-heading">Handoffs</h2>'
        '<p class="muted">In journey order: the contract both teams sign.</p>'
        + table(terms.COLUMNS, rows)
        + "</section>"
    )


def _qualification(playbook: Playbook, handoff: Handoff, numbers: dict[str, int]) -> str:
    """The criteria as a list, then the agreed definition a lead must meet (linked)."""
    items = [q for q in handoff.qualification if q.strip()]
    shown = "<ul>" + "".join(f"<li>{plain(q)}</li>" for q in items) + "</ul>" if items else ""
    agreed = terms.definition(playbook, handoff)
    if agreed is not None:
        link = f'<a href="#definition-{numbers[agreed.id]}">{plain(agreed.term)}</a>'
        shown += f"Meets the definition of {link}"
    return shown or terms.NOT_SET


# -- definitions and the rest ------------------------------------------------------------------


def definitions_section(playbook: Playbook) -> str:
    if not len(playbook.definitions):
        return ""
    out = [
        '<section id="definitions" aria-labelledby="definitions-heading">',
        '<h2 id="definitions-heading">Definitions</h2>',
    ]
    for n, definition in enumerate(playbook.definitions, start=1):
        signed = []
        for team in ("marketing", "sales"):
            signoff = getattr(definition, f"{team}_signoff")
            who = f"{signoff.name}, {signoff.date}" if signoff else "not signed off"
            signed.append(f"{team.capitalize()}: {who}")
        out += [
            f'<h3 id="definition-{n}">{plain(definition.term)}</h3>',
            f"<p>{text(definition.text)}</p><dl>",
            f"<dt>Examples</dt><dd>{text(definition.examples)}</dd>",
            f"<dt>Not examples</dt><dd>{text(definition.non_examples)}</dd></dl>",
            f'<p class="muted">{plain(" · ".join(signed))}</p>',
        ]
    out.append("</section>")
    return "".join(out)


def scoring_section(playbook: Playbook) -> str:
    if not len(playbook.scoring_rules):
        return ""
    out = [
        '<section id="scoring" aria-labelledby="scoring-heading">',
        '<h2 id="scoring-heading">Lead scoring</h2>',
        table(
            scoring_words.RULE_HEAD,
            (
                (plain(a), plain(c), p, plain(counts), text(why))
                for a, c, p, counts, why in scoring_words.rule_rows(playbook)
            ),
        ),
    ]
    out += [f"<p>{plain(s)}</p>" for s in scoring_words.model_sentences(playbook)]
    out.append(f'<p class="muted">{plain(scoring_words.sign_off_sentence(playbook))}</p>')
    challenges = scoring_words.challenge_rows(playbook)
    if challenges:
        out.append("<h3>Challenges to the rules</h3>")
        out.append(
            table(
                scoring_words.CHALLENGE_HEAD,
                ((plain(r), text(who), text(a), text(d)) for r, who, a, d in challenges),
            )
        )
    examples = scoring_words.example_rows(playbook)
    if examples:
        out.append("<h3>The definitions' example leads, scored</h3>")
        out.append(table(scoring_words.EXAMPLE_HEAD, (tuple(map(plain, row)) for row in examples)))
    backtest = scoring_words.backtest_sentences(playbook)
    if backtest:
        out.append("<h3>Backtest against imported leads</h3>")
        out += [f"<p>{plain(s)}</p>" for s in backtest]
    out.append("</section>")
    return "".join(out)


def lessons_section(playbook: Playbook, anchors: dict[str, str]) -> str:
    by_stage: dict[str, list] = {}
    for deal in playbook.deals:
        for step, note in deal.notes.items():
            index = int(step)
            if index < len(deal.path):
                by_stage.setdefault(deal.path[index].stage, []).append((deal.name, note))
    if not by_stage:
        return ""
    out = [
        '<section id="lessons" aria-labelledby="lessons-heading">',
        '<h2 id="lessons-heading">Lessons from real deals</h2>',
    ]
    for stage in playbook.stages_in_journey_order():
        notes = by_stage.get(stage.id)
        if notes:
            out.append(f"<h3>{stage_link(playbook, anchors, stage.id)}</h3>")
            rows = (
                (plain(name), text(n.did), text(n.how), text(n.differently), text(n.buyer_words))
                for name, n in notes
            )
            head = ("Deal", "What we did", "How", "Next time", "The buyer said")
            out.append(table(head, rows))
    out.append("</section>")
    return "".join(out)


def improvements_section(playbook: Playbook, today: datetime.date) -> str:
    out = []
    if len(playbook.improvements):
        rows = []
        for row in improvement_rows(playbook, today):
            rows.append(tuple(text(value) for value in row.columns))
        out.append(
            '<section id="improvements" aria-labelledby="improvements-heading">'
            '<h2 id="improvements-heading">Improvements log</h2>'
            + table(IMPROVEMENT_HEAD, rows)
            + "</section>"
        )
    if len(playbook.projects):
        out.append(
            '<section id="projects" aria-labelledby="projects-heading">'
            '<h2 id="projects-heading">Big leaps</h2>'
        )
        for project in playbook.projects:
            out.append(f"<h3>◆ {plain(project.title)}</h3><dl>")
            for label, value in project_facts(playbook, project):
                out.append(f"<dt>{plain(label)}</dt><dd>{text(value)}</dd>")
            out.append("</dl>")
        out.append("</section>")
    return "".join(out)
