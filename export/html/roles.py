"""The web page's roles and the cover's sign-offs, saying what the PDF's role pages and
cover say (export/role_duties.py, export/signoffs.py): each role's part stage by stage,
the handoffs it sends or receives, and the definitions it applies."""

from __future__ import annotations

from journeyapp.export.html.sections import contact_process, stage_link
from journeyapp.export.html.text import plain, text
from journeyapp.export.role_duties import DOING, RACI_WORDS, RoleSheet, role_sheets, sla_words
from journeyapp.export.signoffs import TEAMS, is_signed, signoff_words
from journeyapp.models.playbook import Playbook


def roles_section(playbook: Playbook, anchors: dict[str, str]) -> str:
    sheets = role_sheets(playbook)
    if not sheets:
        return ""
    definition_ids = {d.id: f"definition-{n}" for n, d in enumerate(playbook.definitions, 1)}
    out = [
        '<section id="roles" aria-labelledby="roles-heading">',
        '<h2 id="roles-heading">Roles</h2>',
        '<p class="muted">Each role\'s part in the journey, to print and pin up on its own.</p>',
    ]
    for n, sheet in enumerate(sheets, start=1):
        out.append(_role(playbook, anchors, definition_ids, sheet, f"role-{n}"))
    out.append("</section>")
    return "".join(out)


def _role(
    playbook: Playbook,
    anchors: dict[str, str],
    definition_ids: dict[str, str],
    sheet: RoleSheet,
    anchor: str,
) -> str:
    name = plain(sheet.role.name)
    out = [
        f'<section class="role" id="{anchor}" aria-labelledby="{anchor}-h">',
        f'<h3 id="{anchor}-h">Your responsibilities: {name}</h3>',
    ]
    if sheet.team:
        out.append(f'<p class="muted">Team: {plain(sheet.team)}</p>')
    if not sheet.parts:
        out.append(f"<p>{name} has no part in any activity yet.</p></section>")
        return "".join(out)
    out.append(_stage_table(playbook, anchors, sheet))
    if sheet.handoffs:
        out.append("<h4>Handoffs it sends or receives</h4><ul>")
        for item in sheet.handoffs:
            handoff = item.handoff
            route = (
                f"{stage_link(playbook, anchors, handoff.source)} → "
                f"{stage_link(playbook, anchors, handoff.target)}"
            )
            words = [f"<strong>{route}</strong> ({item.direction.lower()})"]
            if handoff.trigger.strip():
                words[0] += f": {text(handoff.trigger)}"
            if handoff.sla_hours:
                words.append(f"<strong>SLA {sla_words(handoff)}</strong>")
            if handoff.contact_attempts:
                words.append(f"Contact process: {contact_process(playbook, anchors, handoff)}")
            out.append(f"<li>{' · '.join(words)}</li>")
        out.append("</ul>")
    if sheet.definitions:
        terms = ", ".join(
            f'<a href="#{definition_ids[d.id]}">{plain(d.term)}</a>' for d in sheet.definitions
        )
        out.append(f"<p><strong>Definitions it applies:</strong> {terms}</p>")
    out.append("</section>")
    return "".join(out)


def _stage_table(playbook: Playbook, anchors: dict[str, str], sheet: RoleSheet) -> str:
    out = [
        '<div class="scroll"><table class="role-parts">',
        '<thead><tr><th scope="col">Stage</th><th scope="col">Part</th>'
        '<th scope="col">Activity</th></tr></thead><tbody>',
    ]
    for stage, held in sheet.parts:
        for row, (activity, letter) in enumerate(held):
            cells = []
            if row == 0:
                link = stage_link(playbook, anchors, stage.id)
                cells.append(f'<th scope="rowgroup" rowspan="{len(held)}">{link}</th>')
            part = RACI_WORDS[letter]
            cells.append(
                f"<td><strong>{part}</strong></td>" if letter in DOING else f"<td>{part}</td>"
            )
            cells.append(f"<td>{plain(activity.name)}</td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def signoff_table(playbook: Playbook) -> str:
    """Who signed each definition for each team and when; nothing without definitions."""
    if not len(playbook.definitions):
        return ""
    head = "".join(f'<th scope="col">Signed for {team.lower()}</th>' for team in TEAMS)
    rows = []
    for definition in playbook.definitions:
        cells = [f'<th scope="row">{plain(definition.term)}</th>']
        for team in TEAMS:
            words = plain(signoff_words(definition, team))
            cells.append(
                f"<td>{words}</td>"
                if is_signed(definition, team)
                else (f'<td class="muted">{words}</td>')
            )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        '<div class="scroll"><table class="signoffs">'
        "<caption>Definitions both teams sign</caption>"
        f'<thead><tr><th scope="col">Definition</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
