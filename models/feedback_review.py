"""Sales' feedback as the weekly review reads it, in the PDF, on the web page and on the
command line: the coverage per cross-team handoff, per quarter and per owner, a share under
LOW_COVERAGE marked; and the rejections by reason, each reason with its count and its newest
comments (capped for print, the rest counted). It can be narrowed to one period and one
handoff.
"""

from __future__ import annotations

from journeyapp.models.calendar_days import calendar_zone
from journeyapp.models.entities import Handoff, VerdictOutcome
from journeyapp.models.errors import PlaybookError, quoted_briefly
from journeyapp.models.feedback import (
    LOW_COVERAGE,
    Coverage,
    FeedbackCoverage,
    Rejection,
    cross_team_handoffs,
    feedback_coverage,
    handed_leads,
    rejections_by_reason,
)
from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.funnel import Period
from journeyapp.models.playbook import Playbook

NEWEST_SHOWN = 10  # comments printed per reason; the rest are counted

NO_CROSSINGS = (
    "This map has no cross-team handoff, so no lead passes from one team to the other to "
    "get a verdict; mark the handoffs where marketing hands leads to sales as cross-team."
)
NO_LEADS = (
    "No leads yet: import the leads' lifecycle export (File → Import Leads in the app, or "
    "journeyapp import-leads) and give sales' verdict on each lead handed over; this then "
    "shows how many carry feedback and why leads were rejected."
)
NO_REJECTIONS = "No lead handed over was rejected."
COVERAGE_MEANING = (
    "Of the leads handed over at each cross-team handoff, how many carry the receiving "
    "team's verdict: accepted, rejected with a reason, or recycled. A share under "
    f"{LOW_COVERAGE:.0%} is marked: there the loop is not closed yet."
)
OUTCOME_COLUMNS = ("Accepted", "Rejected", "Recycled")
PERIOD_MEANING = (
    "In {period}: the coverage counts the leads handed over then, with verdicts given since; "
    "the rejections are the verdicts given then."
)
REJECTIONS_MEANING = (
    "The reasons sales gave, the most given first, each with its newest comments: the list "
    "the weekly review reads."
)


def is_low(coverage: Coverage) -> bool:
    return coverage.share is not None and coverage.share < LOW_COVERAGE


def share_words(coverage: Coverage) -> str:
    """ "66%, under 80%", "92%", or "none handed over"."""
    if coverage.share is None:
        return "none handed over"
    low = f", under {LOW_COVERAGE:.0%}" if is_low(coverage) else ""
    return f"{coverage.percent}{low}"


def coverage_tables(coverage: FeedbackCoverage) -> list[tuple[str, str, list[Coverage]]]:
    """(title, first column's heading, rows) of each coverage table that has rows."""
    tables = [
        ("By handoff", "Handoff", coverage.handoffs),
        ("By quarter handed over", "Quarter", coverage.periods),
        ("By owner", "Owner", coverage.owners),
    ]
    return [table for table in tables if table[2]]


def outcome_counts(coverage: Coverage) -> tuple[int, ...]:
    """How many were accepted, rejected and recycled, in OUTCOME_COLUMNS' order."""
    return tuple(coverage.outcomes.get(VerdictOutcome(o.lower()), 0) for o in OUTCOME_COLUMNS)


def day_of(at: str) -> str:
    """The date of a verdict's ISO date and time, as printed beside its comment."""
    return at[:10] if len(at) >= 10 and at[4:5] == "-" else at


@frozen_record
class ReasonDigest:
    reason: str
    count: int
    newest: list[Rejection]  # newest first, at most the cap

    @property
    def more(self) -> int:
        return self.count - len(self.newest)


@frozen_record
class FeedbackReview:
    coverage: FeedbackCoverage
    reasons: list[ReasonDigest]
    instead: str  # the sentence shown instead of the figures; "" when there are some
    period: str = ""  # the period it is narrowed to, if any
    handoff: str = ""  # the route it is narrowed to, if any


def feedback_review(
    playbook: Playbook,
    period: Period | None = None,
    handoff: Handoff | None = None,
    newest: int | None = NEWEST_SHOWN,
) -> FeedbackReview:
    """The coverage of the leads handed over in ``period`` (all, if None) at ``handoff`` (every
    cross-team handoff, if None), and the rejections given in that period at that handoff, the
    ``newest`` of each reason (all, if None)."""
    handoff_id = None if handoff is None else handoff.id
    handed = handed_leads(playbook, handoff_id=handoff_id)
    if period is not None:
        zone = calendar_zone(playbook.meta)
        handed = [item for item in handed if item.at is not None and period.holds(item.at, zone)]
    coverage = feedback_coverage(playbook, handed)
    if handoff is not None:
        crossings = cross_team_handoffs(playbook)
        coverage.handoffs = [
            c for h, c in zip(crossings, coverage.handoffs, strict=True) if h.id == handoff.id
        ]
    groups = rejections_by_reason(playbook, handoff_id, period)
    reasons = [ReasonDigest(g.reason, len(g.rejections), g.rejections[:newest]) for g in groups]
    if not cross_team_handoffs(playbook):
        instead = NO_CROSSINGS
    elif not len(playbook.leads):
        instead = NO_LEADS
    else:
        instead = ""
    return FeedbackReview(
        coverage,
        reasons,
        instead,
        "" if period is None else period.label,
        "" if handoff is None else route_of(playbook, handoff),
    )


def route_of(playbook: Playbook, handoff: Handoff) -> str:
    return f"{playbook.stage(handoff.source).name} → {playbook.stage(handoff.target).name}"


def _route_key(words: str) -> str:
    arrowed = words.replace("->", "→").replace("=>", "→")
    return "→".join(" ".join(part.split()).casefold() for part in arrowed.split("→"))


def find_cross_team_handoff(playbook: Playbook, words: str) -> Handoff:
    """The cross-team handoff named by its route ("MQL → SQL", "MQL -> SQL", any case) or its
    id; one sentence naming the routes there are if none matches."""
    crossings = cross_team_handoffs(playbook)
    wanted = _route_key(words)
    for handoff in crossings:
        if words.strip() == handoff.id or _route_key(route_of(playbook, handoff)) == wanted:
            return handoff
    if not crossings:
        raise PlaybookError(NO_CROSSINGS)
    routes = ", ".join(f"“{route_of(playbook, h)}”" for h in crossings)
    raise PlaybookError(
        f"There is no cross-team handoff “{quoted_briefly(words, 40)}”; the cross-team "
        f"handoffs are {routes}."
    )


def _coverage_dict(coverage: Coverage) -> dict:
    return {
        "name": coverage.name,
        "handed_over": coverage.handed,
        "with_verdict": coverage.with_verdict,
        "share": None if coverage.share is None else round(coverage.share, 4),
        "low": is_low(coverage),
        "outcomes": {o.value: n for o, n in sorted(coverage.outcomes.items())},
    }


def review_dict(review: FeedbackReview) -> dict:
    """The review for scripts, with the comments it holds (build it with ``newest=None`` for
    all of them)."""
    coverage = review.coverage
    return {
        "period": review.period or None,
        "handoff": review.handoff or None,
        "note": review.instead or None,
        "low_coverage_under": LOW_COVERAGE,
        "coverage": {
            "overall": _coverage_dict(coverage.overall),
            "handoffs": [_coverage_dict(c) for c in coverage.handoffs],
            "periods": [_coverage_dict(c) for c in coverage.periods],
            "owners": [_coverage_dict(c) for c in coverage.owners],
        },
        "rejections": [
            {
                "reason": group.reason,
                "count": group.count,
                "rejections": [
                    {"lead": r.lead, "route": r.route, "by": r.by, "at": r.at, "comment": r.comment}
                    for r in group.newest
                ],
            }
            for group in review.reasons
        ],
    }
