"""The web playbook's "Sales' feedback" section, after the funnel: the same coverage tables
and rejections by reason as the PDF's."""

from __future__ import annotations

from journeyapp.export.html.sections import table
from journeyapp.export.html.text import plain, text
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

TITLE = "Sales' feedback"


def feedback_section(playbook: Playbook) -> str:
    review = feedback_review(playbook)
    parts = [
        '<section id="feedback" aria-labelledby="feedback-heading">',
        f'<h2 id="feedback-heading">{TITLE}</h2>',
    ]
    if review.instead:
        return "".join([*parts, f"<p>{plain(review.instead)}</p>", "</section>"])
    coverage = review.coverage
    parts += [
        f"<p>{plain(COVERAGE_MEANING)}</p>",
        f"<p>Overall: {_share(coverage.overall, coverage.overall.words())}.</p>",
    ]
    for title, first, rows in coverage_tables(coverage):
        parts += [f"<h3>{title}</h3>", _coverage_table(first, rows)]
    parts.append('<h3 id="rejections">Rejections by reason</h3>')
    if not review.reasons:
        parts.append(f"<p>{NO_REJECTIONS}</p>")
    else:
        parts.append(f"<p>{REJECTIONS_MEANING}</p>")
        parts += [_reason(group) for group in review.reasons]
    parts.append("</section>")
    return "".join(parts)


def _share(coverage: Coverage, words: str) -> str:
    return f'<strong class="low">{plain(words)}</strong>' if is_low(coverage) else plain(words)


def _coverage_table(first: str, rows: list[Coverage]) -> str:
    def row(c: Coverage) -> tuple[str, ...]:
        numbers = [f"{n:,}" if c.handed else "—" for n in (c.with_verdict, *outcome_counts(c))]
        return (plain(c.name), f"{c.handed:,}", numbers[0], _share(c, share_words(c)), *numbers[1:])

    head = (first, "Handed over", "With a verdict", "Share", *OUTCOME_COLUMNS)
    return table(head, (row(c) for c in rows))


def _reason(group: ReasonDigest) -> str:
    rows = (
        (
            plain(r.lead),
            plain(r.route),
            plain(r.by or "—"),
            plain(day_of(r.at) or "—"),
            text(r.comment),
        )
        for r in group.newest
    )
    more = f'<p class="muted">… and {group.more:,} more, older.</p>' if group.more else ""
    return (
        f"<h4>{plain(group.reason)}: {count(group.count, 'rejection')}</h4>"
        + table(("Lead", "Route", "By", "Date", "Comment"), rows)
        + more
    )
