"""The handbook's building blocks: escaped paragraphs, bulleted text, headings, tables."""

from __future__ import annotations

from journeyapp.export.pdf.fonts import REGULAR, needs_fallback, printable
from journeyapp.export.pdf.styles import BAND, INK, RULE, styles
from journeyapp.export.pdf.text import Text, para
from reportlab.platypus import NextPageTemplate, PageBreak, Paragraph, Table, TableStyle
from reportlab.platypus.tables import CellStyle


def new_page(template: str) -> list:
    """Every section but the cover starts a page, portrait or landscape."""
    return [NextPageTemplate(template), PageBreak()]


def paragraph(text, style: str = "body", empty: str = "—") -> Paragraph:
    return Text(para(text, empty), styles()[style])


BULLETS = ("- ", "* ", "• ", "– ")


def lines(text, style: str = "body", empty: str = "—") -> list[Paragraph]:
    """Free text as paragraphs, its "- " lines as a bulleted list with a hanging indent."""
    if text is None or not str(text).strip():
        return [paragraph(None, style, empty)]
    flowables: list[Paragraph] = []
    plain: list[str] = []
    bullet_style = "cell_bullet" if style.startswith("cell") else "bullet"

    def flush() -> None:
        if plain:
            flowables.append(paragraph("\n".join(plain), style))
            plain.clear()

    for line in str(text).splitlines():
        stripped = line.strip()
        if stripped.startswith(BULLETS):
            flush()
            item = Text(para(stripped[2:].strip()), styles()[bullet_style], bulletText="•")
            flowables.append(item)
        elif stripped:
            plain.append(stripped)
    flush()
    return flowables


LONGEST_HEADING = 500  # characters: about six lines of a section title, well within a page


class Heading(Text):
    """A title that is never split across pages (its bookmark and anchor name one place);
    a name longer than LONGEST_HEADING is shown cut, with "…"."""

    def split(self, available_width, available_height):
        return []


def shortened(text: str, most: int) -> str:
    """``text`` cut to ``most`` characters, with "…", for a place that holds no more."""
    return text if len(text) <= most else text[:most].rstrip() + "…"


def heading(text: str, style: str) -> Paragraph:
    short = shortened(text, LONGEST_HEADING)
    shown = Heading(para(short), styles()[style])
    # The viewer draws bookmarks in its own fonts: they keep what the embedded one lacks.
    shown.outline_text = " ".join(short.split())
    return shown


class GroupedTable(Table):
    """A table whose first column names a group once, on the group's first row (the stage
    of a run of activities); a page that opens mid-group names it again."""

    def split(self, available_width, available_height):
        parts = super().split(available_width, available_height)
        if len(parts) == 2:
            head, rest = parts
            group = next((row[0] for row in reversed(head._cellvalues[1:]) if row[0]), "")
            first = rest._cellvalues[1]  # the row under the repeated header
            if group and not first[0]:
                rest._cellvalues[1] = [group, *first[1:]]  # a copy: the rows are shared
        return parts


class BodyCell(CellStyle):
    """How every cell of a playbook's table starts. Set here once rather than by a style
    command run over each cell: a big playbook's tables hold 48,000 cells."""

    fontname = REGULAR  # for the short plain-text cells
    fontsize = 8
    color = INK
    valign = "TOP"
    leftPadding = 4
    rightPadding = 4


def table(
    rows: list[list],
    widths: list[float] | None = None,
    header: bool = True,
    kind: type[Table] = Table,
) -> Table:
    # longTableOptimize: a page split hands the rest of the table the row heights already
    # measured; without it every remaining row is measured again at each page, and a table of
    # thousands of rows (the RACI, the handoffs of a big map) takes time that grows squared.
    made = kind(
        rows,
        colWidths=widths,
        repeatRows=1 if header else 0,
        hAlign="LEFT",
        longTableOptimize=1,
        splitInRow=1,  # a cell taller than a page (a long methodology) goes on over the next
        cellStyles=[[BodyCell("") for _ in row] for row in rows],
    )
    commands = [("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE)]
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), BAND),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ]
    made.setStyle(TableStyle(commands))
    return made


def flush_left(tables: list[Table]) -> list[Table]:
    """Tables whose first column's text starts at the margin, where the running header and
    the body text do (a page of table alone lines up with the rest)."""
    for made in tables:
        made.setStyle(TableStyle([("LEFTPADDING", (0, 0), (0, -1), 0)]))
    return tables


ROWS_PER_TABLE = 400  # about eight pages of one-line rows


def long_table(
    rows: list[list], widths: list[float] | None = None, kind: type[Table] = Table
) -> list[Table]:
    """A table of thousands of rows as tables of at most ROWS_PER_TABLE, each with the header.

    reportlab looks through every remaining row of a table at each page it fills, so one
    table of 8,000 handoffs took time that grew with the square of the map; a group's name
    (a GroupedTable's stage) is given again at the top of each part.
    """
    header, body = rows[:1], rows[1:]
    parts = []
    for start in range(0, max(1, len(body)), ROWS_PER_TABLE):
        part = body[start : start + ROWS_PER_TABLE]
        if kind is GroupedTable and part and not part[0][0]:
            group = next((row[0] for row in reversed(body[:start]) if row[0]), "")
            part = [[group, *part[0][1:]], *part[1:]]  # a new first row: the rows are shared
        parts.append(table(header + part, widths, kind=kind))
    return parts


def percent(fraction: float | None) -> str:
    """A rate as a percentage with one decimal where it has one: "2.5%", "35%"; "" if none."""
    if fraction is None:
        return ""
    return f"{round(fraction * 100, 1):g}%"


SHORT_CELL = 12  # characters; a cell this short never wraps, so it needs no Paragraph


def cells(values, style: str = "cell") -> list:
    """Table cells: short plain text as it is (drawn as text, never read as markup; far
    cheaper for the thousands of R/A/C/I letters), anything longer as a wrapping Paragraph."""
    return [
        v
        if isinstance(v, Paragraph)
        else printable(v)
        if isinstance(v, str)
        and len(v) <= SHORT_CELL
        and "\n" not in v
        and style == "cell"
        and not needs_fallback(printable(v))
        else paragraph(v, style, empty="")
        for v in values
    ]
