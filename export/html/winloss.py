"""The web playbook's "Why we win and lose" section, after sales' feedback: the same matrix,
top decision drivers and interview coverage as the PDF's."""

from __future__ import annotations

from journeyapp.export.html.sections import table
from journeyapp.export.html.text import plain
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


def winloss_section(playbook: Playbook) -> str:
    report = winloss_report(playbook)
    parts = [
        '<section id="winloss" aria-labelledby="winloss-heading">',
        f'<h2 id="winloss-heading">{TITLE}</h2>',
    ]
    if not report.deals:
        return "".join([*parts, f"<p>{plain(NO_CLOSED_DEALS)}</p>", "</section>"])
    parts += [
        f'<p class="muted">Across {plain(summary_words(report))}.</p>',
        "<h3>Stated reason against root cause</h3>",
        f"<p>{plain(MATRIX_MEANING)}</p>",
        table(
            ("Stated reason", "Deals", "Root cause found", "Split"),
            (
                (
                    plain(row.stated),
                    f"{row.deals:,}",
                    "<br>".join(f"{plain(c)} ({count(n, 'deal')})" for c, n in row.causes),
                    plain(row.split_words()),
                )
                for row in report.matrix
            ),
        ),
        f"<p>{plain(report.unstated.sentence())}</p>" if report.unstated.deals else "",
        "<h3>Top decision drivers</h3>",
        f"<p>{plain(DRIVERS_MEANING)}</p>",
    ]
    if report.drivers:
        rows = (
            (
                plain(d.name),
                f"{d.won:,}",
                f"{d.lost:,}",
                "<br>".join(f"“{plain(quote)}” ({plain(deal)})" for quote, deal in d.examples),
            )
            for d in report.drivers
        )
        parts.append(table(("Driver", "Won", "Lost", "In the buyers' words"), rows))
    else:
        parts.append(f"<p>{NO_DRIVERS}</p>")
    coverage = (
        (plain(row.segment), *(f"{n:,}" for n in coverage_numbers(row))) for row in report.coverage
    )
    parts += [
        "<h3>Interview coverage</h3>",
        f"<p>{plain(COVERAGE_MEANING)}</p>",
        table(COVERAGE_COLUMNS, coverage),
        "</section>",
    ]
    return "".join(parts)
