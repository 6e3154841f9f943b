"""The handbook's "Why we win and lose" section, after sales' feedback: the matrix of stated
reason against root cause, the top decision drivers with the buyers' words, and how many won
and lost deals per segment have an interview."""

from __future__ import annotations

from journeyapp.export.pdf.blocks import cells, heading, paragraph, table
from journeyapp.models.playbook import Playbook
from journeyapp.models.winloss import (
    COVERAGE_COLUMNS,
    COVERAGE_MEANING,
    DRIVERS_MEANING,
    MATRIX_MEANING,
    NO_CLOSED_DEALS,
    NO_DRIVERS,
    TITLE,
    coverage_numbers,
    summary_words,
    winloss_report,
)
from journeyapp.models.words import count
from reportlab.platypus import CondPageBreak, KeepTogether

MATRIX_WIDTHS = [105, 38, 200, 128]
DRIVER_WIDTHS = [95, 32, 32, 312]
COVERAGE_WIDTHS = [106, 36, 76, 78, 36, 76, 78]
COVERAGE_ROOM = 150  # points: the coverage heading, its meaning and a few segments


def winloss(playbook: Playbook) -> list:
    report = winloss_report(playbook)
    story: list = [CondPageBreak(200), heading(TITLE, "h1")]
    if not report.deals:
        return [*story, paragraph(NO_CLOSED_DEALS)]
    story.append(paragraph(f"Across {summary_words(report)}.", "muted"))
    story += [heading("Stated reason against root cause", "h2"), paragraph(MATRIX_MEANING)]
    rows = [cells(("Stated reason", "Deals", "Root cause found", "Split"), "cell_bold")]
    for row in report.matrix:
        causes = "\n".join(f"{cause} ({count(n, 'deal')})" for cause, n in row.causes)
        rows.append(cells((row.stated, f"{row.deals:,}", causes, row.split_words())))
    story.append(table(rows, MATRIX_WIDTHS))
    if report.unstated.deals:
        story.append(paragraph(report.unstated.sentence()))
    story += [heading("Top decision drivers", "h2"), paragraph(DRIVERS_MEANING)]
    if report.drivers:
        rows = [cells(("Driver", "Won", "Lost", "In the buyers' words"), "cell_bold")]
        for driver in report.drivers:
            words = "\n".join(f"“{quote}” ({deal})" for quote, deal in driver.examples)
            rows.append(cells((driver.name, f"{driver.won:,}", f"{driver.lost:,}", words)))
        story.append(table(rows, DRIVER_WIDTHS))
    else:
        story.append(paragraph(NO_DRIVERS))
    rows = [cells(COVERAGE_COLUMNS, "cell_bold")]
    rows += [
        cells((row.segment, *(f"{n:,}" for n in coverage_numbers(row)))) for row in report.coverage
    ]
    # The heading stays out of the kept-together block, where the contents would not find it.
    coverage = KeepTogether([paragraph(COVERAGE_MEANING), table(rows, COVERAGE_WIDTHS)])
    return [*story, CondPageBreak(COVERAGE_ROOM), heading("Interview coverage", "h2"), coverage]
