"""``journeyapp feedback``: sales' feedback on the leads handed over, a read-only look for the
weekly review: the coverage per handoff, quarter and owner, and the rejections by reason."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from journeyapp.models.words import count

LOW_MARK = "!"  # beside a share under the mark, so it shows without colour


def add_feedback_parser(sub) -> None:
    command = sub.add_parser(
        "feedback",
        help="how many handed-over leads carry sales' verdict, and why leads were rejected",
    )
    command.add_argument("file", type=Path)
    command.add_argument(
        "--period", metavar="2026-Q4", help="only leads handed over (and verdicts given) then"
    )
    command.add_argument(
        "--handoff", metavar='"MQL → SQL"', help="only this cross-team handoff (its route or id)"
    )
    command.add_argument(
        "--json", action="store_true", help="print it as JSON, with every rejection's comment"
    )


def run_feedback(args: argparse.Namespace) -> int:
    from journeyapp.cli import load_playbook
    from journeyapp.models.feedback_review import (
        feedback_review,
        find_cross_team_handoff,
        review_dict,
    )
    from journeyapp.models.funnel import parse_period

    period = parse_period(args.period) if args.period else None
    playbook = load_playbook(args.file)
    handoff = find_cross_team_handoff(playbook, args.handoff) if args.handoff else None
    if args.json:
        review = feedback_review(playbook, period, handoff, newest=None)
        print(json.dumps(review_dict(review), indent=2, ensure_ascii=False))
    else:
        print_review(feedback_review(playbook, period, handoff), args.file.name)
    return 0


def print_review(review, file_name: str) -> None:
    from journeyapp.models.feedback_review import (
        COVERAGE_MEANING,
        NO_REJECTIONS,
        PERIOD_MEANING,
        REJECTIONS_MEANING,
        coverage_tables,
    )

    narrowed = ", ".join(part for part in (review.period, review.handoff) if part)
    print(f"Sales' feedback in {file_name}" + (f" ({narrowed})" if narrowed else ""))
    if review.instead:
        print(review.instead)
        return
    print(f"{COVERAGE_MEANING} Marked here with “{LOW_MARK}”.")
    if review.period:
        print(PERIOD_MEANING.format(period=review.period))
    coverage = review.coverage
    print(f"Overall: {coverage.overall.words()}{_mark(coverage.overall)}")
    for title, _, rows in coverage_tables(coverage):
        print()
        _print_coverage(title, rows)
    print()
    if not review.reasons:
        print(NO_REJECTIONS)
        return
    print(f"Rejections by reason. {REJECTIONS_MEANING}")
    for group in review.reasons:
        print(f"{group.reason}: {count(group.count, 'rejection')}")
        for rejection in group.newest:
            print(f"  {_rejection_line(rejection)}")
        if group.more:
            print(f"  … and {group.more:,} more, older (--json lists them all)")


def _mark(coverage) -> str:
    from journeyapp.models.feedback_review import is_low

    return f"  {LOW_MARK}" if is_low(coverage) else ""


NAME_WIDTH = 40  # a longer route or owner is cut with "…" so the numbers stay in columns


def _print_coverage(title: str, rows) -> None:
    """A table in columns: the names left, each number right under its heading."""
    from journeyapp.models.feedback_review import OUTCOME_COLUMNS, outcome_counts

    heads = ("handed over", "with a verdict", "share", *(o.lower() for o in OUTCOME_COLUMNS))
    lines = []
    for c in rows:
        name = c.name if len(c.name) <= NAME_WIDTH else c.name[: NAME_WIDTH - 1] + "…"
        numbers = (c.with_verdict, *outcome_counts(c)) if c.handed else ("—",) * 4
        lines.append(
            (name, f"{c.handed:,}", _number(numbers[0]), _share(c), *map(_number, numbers[1:]))
        )
    table = [(title, *heads), *lines]
    widths = [max(len(line[n]) for line in table) for n in range(len(heads) + 1)]
    for line in table:
        cells = [line[0].ljust(widths[0])]
        cells += [value.rjust(width) for value, width in zip(line[1:], widths[1:], strict=True)]
        print("  ".join(cells).rstrip())


def _share(coverage) -> str:
    """ "66% !" or "87%  ", so the percentages line up whether marked or not."""
    if coverage.share is None:
        return "none handed over"
    return coverage.percent + (f" {LOW_MARK}" if _mark(coverage) else "  ")


def _number(value) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def _rejection_line(rejection) -> str:
    from journeyapp.models.feedback_review import day_of

    who = f", by {rejection.by}" if rejection.by else ""
    comment = " ".join(rejection.comment.split())
    said = f": {comment}" if comment else ""
    return (
        f"{day_of(rejection.at) or 'no date':<10}  {rejection.lead} ({rejection.route}{who}){said}"
    )
