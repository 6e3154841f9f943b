"""``journeyapp winloss``: why we win and lose, a read-only look: the matrix of stated reason
against root cause, the top decision drivers and the interview coverage. ``journeyapp
interview-guide``: one deal's interview guide as a one-page PDF for the interviewer."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from journeyapp.models.words import count

OUTCOMES = ("won", "lost")
LOSS_TYPES = ("competitor", "no-decision", "timing", "disqualified")


def add_winloss_parsers(sub) -> None:
    command = sub.add_parser(
        "winloss",
        help="stated reason against root cause, the top decision drivers and interview coverage",
    )
    command.add_argument("file", type=Path)
    command.add_argument("--outcome", choices=OUTCOMES, help="only won or only lost deals")
    command.add_argument("--segment", metavar="SEGMENT", help="only deals in this segment")
    command.add_argument("--loss-type", choices=LOSS_TYPES, help="only lost deals of this type")
    command.add_argument(
        "--period",
        metavar="PERIOD",
        help="only deals that closed in this quarter (2026-Q4) or year, in the team's time zone",
    )
    command.add_argument("--json", action="store_true", help="print it as JSON")

    guide = sub.add_parser(
        "interview-guide", help="write a deal's win/loss interview guide as a one-page PDF"
    )
    guide.add_argument("file", type=Path)
    guide.add_argument("deal", help="the deal's name, its id, or its CRM record id")
    guide.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf")
    guide.add_argument(
        "--page-size",
        choices=("a4", "letter", "a3", "tabloid"),
        help="the paper (default: the system locale's, Letter in the US and Canada)",
    )


def _deal_filter(args: argparse.Namespace):
    from journeyapp.models.entities import DealOutcome, LossType
    from journeyapp.models.funnel import parse_period
    from journeyapp.models.winloss import DealFilter

    return DealFilter(
        outcome=DealOutcome(args.outcome) if args.outcome else None,
        segment=args.segment,
        loss_type=LossType(args.loss_type.replace("-", " ")) if args.loss_type else None,
        period=parse_period(args.period) if args.period else None,
    )


def run_winloss(args: argparse.Namespace) -> int:
    from journeyapp.cli import load_playbook
    from journeyapp.models.winloss import report_dict, winloss_report

    deal_filter = _deal_filter(args)
    report = winloss_report(load_playbook(args.file), deal_filter)
    if args.json:
        print(json.dumps(report_dict(report), indent=2, ensure_ascii=False))
    else:
        print_report(report, args.file.name)
    return 0


def print_report(report, file_name: str) -> None:
    from journeyapp.models.winloss import (
        COVERAGE_COLUMNS,
        NO_CLOSED_DEALS,
        NO_DRIVERS,
        TITLE,
        coverage_numbers,
        summary_words,
    )

    print(f"{TITLE} in {file_name}: {report.filter.words()}")
    if not report.deals:
        narrowed = report.filter.words() != "all closed deals"
        print(f"No {report.filter.words()} in this playbook." if narrowed else NO_CLOSED_DEALS)
        return
    print(f"{summary_words(report)}.")
    print()
    print("Stated reason against root cause")
    for row in report.matrix:
        print(f"  {row.sentence()}")
        print(f"      {row.split_words()}")
    if report.unstated.deals:
        print(f"  {report.unstated.sentence()}")
    print()
    print("Top decision drivers (quotes tagged, by the deal's outcome)")
    if not report.drivers:
        print(f"  {NO_DRIVERS}")
    for driver in report.drivers:
        split = f"won {driver.won}, lost {driver.lost}"
        print(f"  {driver.name}: {count(driver.quotes, 'quote')} ({split})")
        for quote, deal in driver.examples:
            print(f"      “{' '.join(quote.split())}” ({deal})")
    print()
    print("Interview coverage (deals with an interview; by an independent interviewer)")
    heads = (
        COVERAGE_COLUMNS[0],
        "won",
        "interviewed",
        "independent",
        "lost",
        "interviewed",
        "independent",
    )
    table = [heads, *((row.segment, *map(str, coverage_numbers(row))) for row in report.coverage)]
    widths = [max(len(line[n]) for line in table) for n in range(len(heads))]
    for line in table:
        cells = [line[0].ljust(widths[0])] + [
            v.rjust(w) for v, w in zip(line[1:], widths[1:], strict=True)
        ]
        print("  " + "  ".join(cells).rstrip())


def run_interview_guide(args: argparse.Namespace) -> int:
    from journeyapp.cli import load_playbook
    from journeyapp.export.pdf.interview_guide import write_guide_pdf

    playbook = load_playbook(args.file)
    from journeyapp.deal_names import find_deal

    deal = find_deal(playbook.deals, args.deal)
    pages = write_guide_pdf(playbook, deal, args.output, like=args.file, page_size=args.page_size)
    print(f"Wrote {args.output} ({count(pages, 'page')})")
    return 0
