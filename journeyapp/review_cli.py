"""The quarterly review from the command line: ``snapshot``, ``diff`` and ``funnel``."""

from __future__ import annotations

import argparse
import datetime
import json
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
    funnel.add_argument("--json", action="store_true", help="print the plan as JSON")


def run_snapshot(args: argparse.Namespace) -> int:
    from journeyapp.models import snapshots
    from journeyapp.models.edit_session import EditSession
    from journeyapp.models.errors import PlaybookError
    from journeyapp.models.store import Store

    now = datetime.datetime.now().replace(microsecond=0)
    store = Store.open(args.file)
    try:
        if store.read_only:
            raise PlaybookError(store.read_only_reason or f"{args.file.name} is read-only.")
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
            if f.words:
                print(f"                 {f.label}: {f.marked_up()}")
    return 0


def _amount(text: str | None, what: str) -> float | None:
    from journeyapp.models.funnel import parse_money

    return None if text is None else parse_money(text, what)


def run_funnel(args: argparse.Namespace) -> int:
    from journeyapp.cli import load_playbook
    from journeyapp.models import funnel

    playbook = load_playbook(args.file)
    period = (
        funnel.parse_period(args.period)
        if args.period
        else funnel.current_quarter(datetime.date.today())
    )
    result = funnel.plan(
        playbook,
        _amount(args.target, "target"),
        _amount(args.deal_size, "deal size"),
        period,
    )
    report = funnel_report(result)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    print(
        f"{result.period.label}: {result.target:,.0f} at {result.deal_size:,.0f} a deal "
        f"(actual rates from {count(result.deals_measured, 'deal')}, {result.measured_over})"
    )
    width = max(len(step["stage"]) for step in report["steps"])
    for step in report["steps"]:
        target = _percent(step["target_rate"])
        actual = _percent(step["actual_rate"])
        rate = f"  then target {target:>5}, actual {actual:>5}" if step["target_rate"] else ""
        print(f"  {step['needed']:>9,}  {step['stage']:<{width}}{rate}".rstrip())
    gap = report["costliest_gap"]
    if gap:
        print(
            f"Costliest gap: {gap['from']} → {gap['to']} converts {_percent(gap['actual_rate'])} "
            f"against {_percent(gap['target_rate'])}: {gap['extra_at_top']:,} more at the top, "
            f"or {gap['revenue_lost']:,.0f} less revenue at plan volume."
        )
    return 0


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.3g}%"


def funnel_report(result) -> dict:
    gap = result.costliest
    return {
        "period": result.period.label,
        "target": result.target,
        "deal_size": result.deal_size,
        "deals_measured": result.deals_measured,
        "measured_over": result.measured_over,
        "steps": [
            {
                "stage": s.stage,
                "stage_id": s.stage_id,
                "needed": s.needed,
                "handoff": s.handoff_id,
                "target_rate": s.target_rate,
                "actual_rate": None if s.actual_rate is None else round(s.actual_rate, 4),
                "measured_from": s.measured_from,
            }
            for s in result.steps
        ],
        "costliest_gap": None
        if gap is None
        else {
            "handoff": gap.handoff_id,
            "from": gap.source,
            "to": gap.target,
            "target_rate": gap.target_rate,
            "actual_rate": round(gap.actual_rate, 4),
            "extra_at_top": gap.extra_at_top,
            "revenue_lost": round(gap.revenue_lost, 2),
        },
    }
