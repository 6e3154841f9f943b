"""The handbook's "Sales' feedback" section, after the funnel: the feedback coverage per
cross-team handoff, per quarter and per owner, and the rejections grouped by reason with
each reason's newest comments."""

from __future__ import annotations

from journeyapp.export.pdf.blocks import cells, heading, paragraph, table
from journeyapp.export.pdf.styles import styles
from journeyapp.export.pdf.text import Text, para
from journeyapp.models.feedback import Coverage
from journeyapp.models.feedback_review import (
    COVERAGE_MEANING,
    NO_REJECTIONS,
    OUTCOME_COLUMNS,
    REJECTIONS_MEANING,
    ReasonDigest,
    coverage_tables,
    day_of,
    feedback_review,
    is_low,
    outcome_counts,
    share_words,
)
from journeyapp.models.playbook import Playbook
from journeyapp.models.words import count
from reportlab.platypus import CondPageBreak, KeepTogether

LOW_INK = "#b42318"  # a share under the mark: red, and bold so it shows in greyscale too
COVERAGE_WIDTHS = [130, 46, 46, 83, 55, 55, 55]
COMMENT_WIDTHS = [100, 80, 62, 58, 170]
TITLE = "Sales' feedback"
FIRST_ROWS_ROOM = 100  # points: a reason's heading, its table's header and two rows


def feedback(playbook: Playbook) -> list:
    review = feedback_review(playbook)
    story: list = [CondPageBreak(200), heading(TITLE, "h1")]
    if review.instead:
        return [*story, paragraph(review.instead)]
    coverage = review.coverage
    overall = coverage.overall
    story += [
        paragraph(COVERAGE_MEANING),
        Text(f"Overall: {_share_markup(overall, overall.words())}.", styles()["body"]),
    ]
    for title, first, rows in coverage_tables(coverage):
        story.append(KeepTogether([heading(title, "h3"), _coverage_table(first, rows)]))
    story.append(heading("Rejections by reason", "h2"))
    if not review.reasons:
        return [*story, paragraph(NO_REJECTIONS)]
    story.append(paragraph(REJECTIONS_MEANING))
    for group in review.reasons:
        story += _reason(group)
    return story


def _share_markup(coverage: Coverage, words: str) -> str:
    if not is_low(coverage):
        return para(words)
    return f'<font color="{LOW_INK}"><b>{para(words)}</b></font>'


def _coverage_table(first: str, rows: list[Coverage]):
    head = cells((first, "Handed over", "With a verdict", "Share", *OUTCOME_COLUMNS), "cell_bold")
    body = []
    for c in rows:
        share = Text(_share_markup(c, share_words(c)), styles()["cell"])
        verdicts = f"{c.with_verdict:,}" if c.handed else "—"
        counts = [f"{n:,}" if c.handed else "—" for n in outcome_counts(c)]
        body.append(cells((c.name, f"{c.handed:,}", verdicts, share, *counts)))
    return table([head, *body], COVERAGE_WIDTHS)


def _reason(group: ReasonDigest) -> list:
    title = heading(f"{group.reason}: {count(group.count, 'rejection')}", "h3")
    # Kept with its table's first rows, not the whole table: a reason's ten comments may
    # start low on a page and run on over the next, under the table's repeated header.
    title.keepWithNext = False
    rows = [cells(("Lead", "Route", "By", "Date", "Comment"), "cell_bold")]
    rows += [
        cells((r.lead, r.route, r.by or "—", day_of(r.at) or "—", r.comment or "—"))
        for r in group.newest
    ]
    flowables: list = [CondPageBreak(FIRST_ROWS_ROOM), title, table(rows, COMMENT_WIDTHS)]
    if group.more:
        flowables.append(paragraph(f"… and {group.more:,} more, older.", "muted"))
    return flowables
