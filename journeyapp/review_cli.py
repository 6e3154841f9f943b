"""The quarterly review from the command line: ``snapshot``, ``diff`` and ``funnel``."""

from __future__ import annotations

import argparse
import datetime
import json
from itertools import pairwise
from pathlib import Path

from journeyapp.models.words import count


def add_review_parsers(sub) -> None:
    snapshot = sub.add_parser("snapshot", help="save a named snapshot inside the playbook")
    snapshot.add_argument("file", type=Path)
    snapshot.add_argument("--name", help="the snapshot's name (default: this quarter, 2026 Q4)")

    diff = sub.add_parser("diff", help="what changed between two snapshots, or one and now")
    diff.add_argument("file", type=Path)
    diff.add_argument("--from", dest="old", required=True, metavar="A", help="a snapshot's name")
    diff.add_argument("--to", dest="new", metavar="B", help="a snapshot's name (default: now)")
    diff.add_argument("--json", action="store_true", help="print the differences as JSON")

    funnel = sub.add_parser("funnel", help="work a revenue target back through the funnel")
    funnel.add_argument("file", type=Path)
    funnel.add_argument("--target", required=True, metavar="AMOUNT", help="revenue, e.g. 1.2M")
    funnel.add_argument("--deal-size", metavar="AMOUNT", help="default: the won deals' average")
    funnel.add_argument("--period", metavar="2026-Q4", help="a quarter or year (default: now)")
    funnel.add_argument(
        "--rates-from",
        metavar="2026-Q3",
        help="measure the rates over this period (default: --period)",
    )
    funnel.add_argument(
        "--by",
        choices=("source", "campaign"),
        help="also split the rates by lead source or campaign",
    )
    funnel.add_argument("--json", action="store_true", help="print the plan as JSON")


def run_snapshot(args: argparse.Namespace) -> int:
    from journeyapp.models import snapshots
    from journeyapp.models.edit_session import EditSession
    from journeyapp.models.store import Store

    now = datetime.datetime.now().replace(microsecond=0)
    store = Store.open(args.file)
    try:
        store.refuse_if_read_only()
        playbook = store.load()
        edit = snapshots.take(playbook, args.name or snapshots.quarter_name(now.date()), now)
        EditSession(playbook, store).apply(edit)
    finally:
        store.close()
    print(f"Saved snapshot “{edit.entity.name}” in {args.file.name}")
    return 0


def run_diff(args: argparse.Namespace) -> int:
    from journeyapp.cli import load_playbook
    from journeyapp.models import snapshots
    from journeyapp.models.diff import diff

    playbook = load_playbook(args.file)
    old = snapshots.opened(snapshots.by_name(playbook, args.old))
    new = snapshots.opened(snapshots.by_name(playbook, args.new)) if args.new else playbook
    differences = diff(old, new)
    if args.json:
        print(json.dumps([d.to_dict() for d in differences], indent=2, ensure_ascii=False))
        return 0
    print(
        f"From “{args.old}” to {f'“{args.new}”' if args.new else 'now'}: "
        f"{len(differences)} change{'' if len(differences) == 1 else 's'}"
    )
    for d in differences:
        print(f"  {d.what:>13}  {d.summary}")
        for f in d.fields:
            print(f"                 {f.label}: {f.marked_up()}")
    return 0


def _amount(text: str | None, what: str) -> float | None:
    from journeyapp.models.funnel import parse_money

    return None if text is None else parse_money(text, what)


def run_funnel(args: argparse.Namespace) -> int:
    from journeyapp.cli import load_playbook
    from journeyapp.models import funnel
    from journeyapp.models.by_source import split_by
    from journeyapp.models.calendar_days import calendar_zone
    from journeyapp.models.funnel_records import funnel_records, started_in
    from journeyapp.models.funnel_report import funnel_report, split_report

    playbook = load_playbook(args.file)
    period = (
        funnel.parse_period(args.period)
        if args.period
        else funnel.current_quarter(datetime.date.today())
    )
    rates_from = funnel.parse_period(args.rates_from) if args.rates_from else None
    result = funnel.plan(
        playbook,
        _amount(args.target, "target"),
        _amount(args.deal_size, "deal size"),
        period,
        rates_from,
    )
    report = funnel_report(result)
    if args.by:
        over = result.measured_over
        zone = calendar_zone(playbook.meta)
        every = funnel_records(playbook)
        records = started_in(every, over.start, over.end, zone)
        line = funnel.main_line(playbook)
        split = split_by(playbook, line, records, args.by, every)
        report["split"] = split_report(playbook, split, args.by, (over.start, over.end))
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    print_funnel(result, report)
    return 0


def print_funnel(result, report: dict) -> None:
    from journeyapp.models.wilson import interval

    print(
        f"{result.period.label}: {result.target:,.0f} at {result.deal_size:,.0f} a deal "
        f"(actual rates from {count(result.records_measured, 'record')} that started in "
        f"{result.measured_over.label})"
    )
    if result.no_records:
        print(result.no_records)
    width = max(len(step.stage) for step in result.steps)
    for step in result.steps:
        by = f" by {step.needed_by.isoformat()}" if step.needed_by else ""
        line = f"  {step.needed:>9,}{by:<14}  {step.stage:<{width}}"
        if step.target_rate is not None:
            if step.no_lead_data:
                actual = "no lead data"
            elif step.rate is None:
                actual = "—"
            else:
                waiting = f", {step.in_play:,} still in play" if step.in_play else ""
                actual = _rate_line(step.rate, step.target_rate, waiting)
            line += f"  then target {_percent(step.target_rate):>5}, actual {actual}"
        print(line.rstrip() + _volumes(step, result.period.label))
    gap = result.costliest
    if gap:
        extra = (
            "nothing gets through"
            if gap.extra_at_top is None
            else f"{gap.extra_at_top:,} more at the top"
        )
        spread = interval(gap.rate, gap.target_rate)
        print(
            f"Costliest gap: {gap.source} → {gap.target} converts {_percent(gap.actual_rate)} "
            f"({spread}) against {_percent(gap.target_rate)}: {extra}, "
            f"or {gap.revenue_lost:,.0f} less revenue at plan volume."
        )
    else:
        print(result.no_gap)
    commitment = result.commitment
    if commitment is not None:
        signed = [
            f"{team} ({s.name}{', ' + s.date if s.date else ''})"
            for team in ("marketing", "sales")
            if (s := getattr(commitment, f"{team}_signoff")) is not None
        ]
        print(f"Committed for {commitment.period}: signed by {', '.join(signed) or 'nobody yet'}.")
    split = report.get("split")
    if split:
        names = [step.stage for step in result.steps]
        routes = [f"{a} → {b}" for a, b in pairwise(names)]
        print(f"By {split['by']}:")
        for group in split["groups"]:
            flag = ""
            rejected = group["rejected_after_threshold"]
            if rejected and rejected["flagged"]:
                flag = (
                    f"  (sales rejects {rejected['rate']:.0%} of its leads that passed the "
                    "score threshold: more than the others)"
                )
            print(f"  {group[split['by']]}: {count(group['records'], 'record')}{flag}")
            for route, rate, step in zip(
                routes, group["handoffs"].values(), result.steps, strict=False
            ):
                print(f"    {route}: {_rate_words(rate, step.target_rate)}")


def _volumes(step, period: str) -> str:
    """ "; 12 entered in 2026-Q4, 400 committed": the period's actual volume and marketing's
    commitment, where there is one."""
    committed = f", {step.committed:,} committed" if step.committed is not None else ""
    if step.committed is not None and step.committed < step.needed:
        committed += f", {step.needed - step.committed:,} short of this plan"
    if step.actual_volume is None:
        return f"; not measured: no record reaches it{committed}"
    return f"; {step.actual_volume:,} entered in {period}{committed}"


def _rate_words(rate, target: float | None) -> str:
    """A split's rate in words, its interval worked out from its counts as the main lines'
    is (the JSON's ends are rounded): "33.3% (16–57%, n=12)"."""
    from journeyapp.models.wilson import wilson

    if not isinstance(rate, dict):
        return rate or "—"
    return _rate_line(wilson(rate["moved"], rate["reached"]), target)


def _rate_line(rate, target: float | None, waiting: str = "") -> str:
    """ "33.3% (16–57%, n=12, few records)": a measured rate, its interval against the
    target and its count; ``waiting`` says how many are still in play."""
    from journeyapp.models.wilson import interval

    few = ", few records" if rate.thin else ""
    return f"{_percent(rate.value)} ({interval(rate, target)}, n={rate.trials:,}{few}{waiting})"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.3g}%"
