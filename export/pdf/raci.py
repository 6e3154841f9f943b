"""RACI tables: who is Responsible, Accountable, Consulted or Informed for each activity.

The letters are centred and each has its own look that survives greyscale: A white on a
dark fill, R bold on a light tint, C in dark type, I in light grey. Stages are banded.

The whole RACI is one table, stages down and every role across, when all the roles fit
on the page's width. When they do not, it is cut by stage: each stage gets its own table
with only the roles that have a part in it, side by side, so every row is read across on
one page instead of in column groups printed dozens of pages apart.
"""

from __future__ import annotations

from functools import cache

from journeyapp.export.pdf.blocks import (
    GroupedTable,
    cells,
    flush_left,
    heading,
    long_table,
    new_page,
    shortened,
    table,
)
from journeyapp.export.pdf.document import frame_size
from journeyapp.export.pdf.fonts import (
    BOLD,
    REGULAR,
    markup,
    needs_fallback,
    printable,
    string_width,
)
from journeyapp.export.pdf.styles import BAND, MUTED, styles
from journeyapp.export.pdf.text import Text, wrap_words
from journeyapp.models.entities import Activity, Raci, Role
from journeyapp.models.playbook import Playbook
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

MEANING = {Raci.R: "Responsible", Raci.A: "Accountable", Raci.C: "Consulted", Raci.I: "Informed"}
# (font, letter colour, cell fill or None) per letter.
LOOK = {
    Raci.A: (BOLD, colors.white, colors.HexColor("#3730a3")),
    Raci.R: (BOLD, colors.HexColor("#312e81"), colors.HexColor("#dde1fb")),
    Raci.C: (REGULAR, colors.HexColor("#1f3a45"), None),
    Raci.I: (REGULAR, colors.HexColor("#6b7280"), None),
}
HEAD = colors.HexColor("#dfe3ea")  # the header row, darker than a stage's band
STAGE_RULE = colors.HexColor("#8a929e")

PORTRAIT_TABLE_WIDTH = 470.0
ROLE_COLUMN_MIN = 36.0
# A name's longest word widens every role's column up to this; a longer word (a URL for a
# name) is cut with "…" rather than pushing the table off the page.
ROLE_COLUMN_MAX = 130.0  # about 24 letters of a bold 8-pt word: "Kundenbetreuungsmanagerin"
LONGEST_COLUMN_NAME = 60  # characters of a role's name above its RACI column
STAGE_WIDTH = 110.0
ACTIVITY_WIDTH = (120.0, 190.0)  # the activity column's least and most


def role_column_width(names: list[str]) -> float:
    """Wide enough for the longest word of any role's name, so a header never breaks a word
    (up to ROLE_COLUMN_MAX)."""
    words = [word for name in names for word in printable(name).split()] or ["R"]
    widest = max(string_width(w, BOLD, 8) for w in words) + 10
    return min(ROLE_COLUMN_MAX, max(ROLE_COLUMN_MIN, widest))


def roles_in(playbook: Playbook, activities: list[Activity]) -> list[Role]:
    return [r for r in playbook.roles if any(r.id in a.raci for a in activities)]


HEAD_SIZE, HEAD_LEADING, HEAD_LINES = 8, 10, 4
CELL_PADDING = 4  # each side, as blocks.table pads


def _role_heads(roles: list[Role], column_width: float) -> list[str | Text]:
    """Each role's name broken into the lines its column holds, as plain text: a big RACI
    has thousands of these headers, and a paragraph each took a second. A header row
    repeats on every page, so it cannot split: a long name is cut. A name with Chinese,
    Japanese or Korean in it is a paragraph: a table draws plain text in one font."""
    room = column_width - 2 * CELL_PADDING
    heads: list[str | Text] = []
    for role in roles:
        name = shortened(role.name, LONGEST_COLUMN_NAME)
        if needs_fallback(printable(name)):
            heads.append(Text(markup(printable(name)), _head_style()))
        else:
            heads.append("\n".join(wrap_words(name, BOLD, HEAD_SIZE, room, HEAD_LINES)))
    return heads


@cache
def _head_style() -> ParagraphStyle:
    return ParagraphStyle(
        "raci_head",
        parent=styles()["cell_bold"],
        fontSize=HEAD_SIZE,
        leading=HEAD_LEADING,
        alignment=TA_CENTER,
    )


def _letters(activity: Activity, roles: list[Role]) -> list[str]:
    return [activity.raci[r.id].value if r.id in activity.raci else "" for r in roles]


def _dress(made: Table, first_letter: int, banded: list[bool], opens: list[bool]) -> None:
    """Centre and colour the letters from column ``first_letter`` on; shade the body rows
    ``banded`` marks and rule above those ``opens`` marks (each a stage's first row)."""
    commands: list = [
        ("BACKGROUND", (0, 0), (-1, 0), HEAD),
        ("FONTNAME", (first_letter, 0), (-1, 0), BOLD),
        ("FONTSIZE", (first_letter, 0), (-1, 0), HEAD_SIZE),
        ("LEADING", (first_letter, 0), (-1, 0), HEAD_LEADING),
        ("ALIGN", (first_letter, 0), (-1, -1), "CENTER"),
        ("VALIGN", (first_letter, 1), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 1), (-1, -1), 2),  # rows of short names: a stage more a page
        ("BOTTOMPADDING", (0, 1), (-1, -1), 2),
    ]
    for row, values in enumerate(made._cellvalues[1:], start=1):
        if banded[row - 1]:
            commands.append(("BACKGROUND", (0, row), (-1, row), BAND))
        if opens[row - 1] and row > 1:
            commands.append(("LINEABOVE", (0, row), (-1, row), 0.6, STAGE_RULE))
        for column in range(first_letter, len(values)):
            letter = values[column]
            if not letter:
                continue
            font, ink, fill = LOOK[Raci(letter)]
            commands += [
                ("FONTNAME", (column, row), (column, row), font),
                ("TEXTCOLOR", (column, row), (column, row), ink),
            ]
            if fill is not None:
                commands.append(("BACKGROUND", (column, row), (column, row), fill))
    made.setStyle(TableStyle(commands))


def key() -> Table:
    """The four letters drawn as in the tables, each with its meaning."""
    row: list = []
    for letter, meaning in MEANING.items():
        row += [letter.value, Text(meaning, styles()["muted"])]
    made = Table([row], colWidths=[16, 74] * len(MEANING), hAlign="LEFT")
    commands: list = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for n, letter in enumerate(MEANING):
        font, ink, fill = LOOK[letter]
        commands += [
            ("ALIGN", (2 * n, 0), (2 * n, 0), "CENTER"),
            ("FONTNAME", (2 * n, 0), (2 * n, 0), font),
            ("TEXTCOLOR", (2 * n, 0), (2 * n, 0), ink),
            ("BACKGROUND", (2 * n, 0), (2 * n, 0), fill or colors.white),
            ("BOX", (2 * n, 0), (2 * n, 0), 0.25, MUTED),
        ]
    made.setStyle(TableStyle(commands))
    return made


# -- one stage's activities --------------------------------------------------------------


def raci_tables(
    playbook: Playbook,
    activities: list[Activity],
    width: float = PORTRAIT_TABLE_WIDTH,
    title: str = "Activity",
) -> list:
    """Activities × the roles with a part in them; when the roles do not fit across
    ``width``, as few tables as hold them, each repeating the activity column."""
    used = roles_in(playbook, activities)
    role_width = role_column_width([r.name for r in used])
    least, most = ACTIVITY_WIDTH
    name_width = max(least, min(most, width - role_width * len(used)))
    per_table = max(1, int((width - name_width) // role_width))
    groups = [used[i : i + per_table] for i in range(0, len(used), per_table)] or [[]]
    tables: list = []
    for n, roles in enumerate(groups, start=1):
        lead = title if len(groups) == 1 else f"{title} (roles {n} of {len(groups)})"
        room = (width - name_width) / max(1, len(roles))
        share = role_width if len(groups) > 1 else max(role_width, min(90.0, room))
        rows = [[*cells((lead,), "cell_bold"), *_role_heads(roles, share)]]
        rows += [[*cells((a.name,)), *_letters(a, roles)] for a in activities]
        made = table(rows, [name_width] + [share] * len(roles))
        _dress(made, 1, [False] * len(activities), [False] * len(activities))
        tables.append(made)
    return tables


# -- the whole RACI -------------------------------------------------------------------------


def raci_matrix(playbook: Playbook, page_size: tuple[float, float] = A4) -> list:
    activities = playbook.activities_in_journey_order()
    width, _ = frame_size(landscape(page_size))
    story: list = [
        *new_page("landscape"),
        heading("Who does what: the whole RACI", "h1"),
        key(),
        Spacer(1, 8),
    ]
    used = roles_in(playbook, activities)
    role_width = role_column_width([r.name for r in used])
    if STAGE_WIDTH + ACTIVITY_WIDTH[0] + role_width * len(used) <= width:
        return story + flush_left(_one_table(playbook, activities, used, width, role_width))
    return story + _stage_by_stage(playbook, activities, width)


def _one_table(playbook, activities, roles, width, role_width) -> list:
    """Every role across, the stages banded down one table (repeating its header)."""
    name_width = min(ACTIVITY_WIDTH[1], width - STAGE_WIDTH - role_width * len(roles))
    share = min(90.0, (width - STAGE_WIDTH - name_width) / max(1, len(roles)))
    rows = [[*cells(("Stage", "Activity"), "cell_bold"), *_role_heads(roles, share)]]
    banded, opens, shade, previous = [], [], True, None
    for activity in activities:
        opening = activity.stage != previous
        shade = shade != opening  # flips at each new stage
        previous = activity.stage
        stage = playbook.stage(activity.stage).name if opening else ""
        rows.append([*cells((stage, activity.name)), *_letters(activity, roles)])
        banded.append(shade)
        opens.append(opening)
    parts = long_table(rows, [STAGE_WIDTH, name_width] + [share] * len(roles), GroupedTable)
    done = 0
    for part in parts:
        body = len(part._cellvalues) - 1
        _dress(part, 2, banded[done : done + body], opens[done : done + body])
        done += body
    return parts


def _stage_by_stage(playbook, activities, width) -> list:
    """Each stage's activities with the roles that have a part in them, stage by stage."""
    story: list = []
    by_stage: dict[str, list[Activity]] = {}
    for activity in activities:
        by_stage.setdefault(activity.stage, []).append(activity)
    for stage_id, own in by_stage.items():
        name = shortened(playbook.stage(stage_id).name, LONGEST_COLUMN_NAME)
        tables = flush_left(raci_tables(playbook, own, width, title=name))
        story.append(KeepTogether(tables))
        story.append(Spacer(1, 6))
    return story
