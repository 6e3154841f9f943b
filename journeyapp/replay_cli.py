"""``journeyapp replay``: one deal's path on the map, or the figures across deals, for scripts."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path

from journeyapp.models.words import count


def add_replay_parser(sub) -> None:
    command = sub.add_parser("replay", help="a deal's path on the map, or figures across deals")
    command.add_argument("file", type=Path)
    command.add_argument("--deal", metavar="ID", help="a deal's id, CRM id or name")
    command.add_argument("--outcome", choices=("won", "lost", "open"))
    command.add_argument("--json", action="store_true")


def _date(seconds: int | None, zone=UTC) -> str | None:
    """The day a moment falls on where the playbook's team is (``zone``)."""
    return None if seconds is None else datetime.fromtimestamp(seconds, zone).date().isoformat()


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def deal_report(playbook, deal) -> dict:
    from journeyapp.models.buyer_origins import buyer_origin, deal_leads
    from journeyapp.models.calendar_days import calendar_zone
    from journeyapp.models.deal_stats import recorded
    from journeyapp.models.replay import replay

    shown = replay(playbook, deal)
    zone = calendar_zone(playbook.meta)
    origin = buyer_origin(deal, deal_leads(playbook).get(deal.id))  # else its lead's source
    return {
        "deal": deal.id,
        "name": deal.name,
        "outcome": deal.outcome.value,
        "lead_source": recorded(origin.lead_source),
        "campaign": recorded(origin.campaign),
        "ending": shown.ending,
        "off_map_moves": shown.off_map_moves,
        "steps": [
            {
                "stage": step.stage_name,
                "crm_stage": step.crm_stage,
                "entered": _date(step.entered, zone),
                "exited": _date(step.exited, zone),
                "days": _round(step.days),
                "so_far": _round(step.so_far),
                "closed": step.closed,
                "expected_days": step.expected_days,
                "pace": step.pace.value,
                "off_map_move": step.off_map_move,
                "backward": step.backward,
                "revisit": step.revisit,
                "sla_breached": step.sla_breached,
                "sla": _first_touch(step.first_touch),
                "contact": None if step.contact is None else step.contact.words,
            }
            for step in shown.steps
        ],
    }


def _first_touch(touch) -> dict | None:
    """The SLA on first touch; without touches, only the time to move on (never a breach)."""
    if touch is None:
        return None
    return {
        "sla_hours": touch.sla_hours,
        "state": touch.state.value,
        "hours": _round(touch.hours),
        "working_hours": touch.working,
        "words": touch.words,
    }


def figures_report(playbook, deals) -> dict:
    from journeyapp.models.deal_stats import handoff_figures, stage_figures

    stages = stage_figures(playbook, deals)
    handoffs = handoff_figures(playbook, deals)
    names = {s.id: s.name for s in playbook.stages()}
    return {
        "deals": len(deals),
        "stages": [
            {
                "stage": names[f.stage],
                "entered": f.entered,
                "left": f.left,
                "lost_here": f.lost_here,
                "median_days": _round(f.median_days),
                "p90_days": _round(f.p90_days),
                "expected_days": f.expected_days,
            }
            for f in (stages[s.id] for s in playbook.stages_in_journey_order())
            if f.entered
        ],
        "handoffs": [
            {
                "from": names[f.source],
                "to": names[f.target],
                "reached": f.reached_source,
                "moved": f.moved,
                "conversion": None if f.conversion is None else round(f.conversion, 3),
                "target_conversion": f.target_conversion,
                "lead_level": f.lead_level,
                "gone_past": f.gone_past,
            }
            for f in handoffs.values()
            if f.reached_source
        ],
    }


def run_replay(args: argparse.Namespace) -> int:
    from journeyapp.cli import load_playbook
    from journeyapp.models.entities import DealOutcome

    playbook = load_playbook(args.file)
    deals = list(playbook.deals)
    if args.outcome:
        deals = [d for d in deals if d.outcome is DealOutcome(args.outcome)]
    if args.deal:
        from journeyapp.deal_names import find_deal

        report = deal_report(playbook, find_deal(deals, args.deal))
    else:
        report = figures_report(playbook, deals)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    elif args.deal:
        _print_deal(report)
    else:
        _print_figures(report)
    return 0


def _print_deal(report: dict) -> None:
    from journeyapp.models.replay import still_there

    print(f"{report['name']} ({report['outcome']})")
    print(f"Source: {report['lead_source']} · Campaign: {report['campaign']}")
    for n, step in enumerate(report["steps"], 1):
        days = (
            still_there(step["so_far"], step["closed"])
            if step["days"] is None
            else count(step["days"], "day", shown=f"{step['days']:g}")
        )
        expected = f" of {step['expected_days']} expected" if step["expected_days"] else ""
        flags = [
            label
            for key, label in (
                ("off_map_move", "the map has no path here"),
                ("backward", "back"),
                ("revisit", "again"),
                ("sla_breached", "SLA breached"),
            )
            if step[key]
        ]
        extra = f"  [{'; '.join(flags)}]" if flags else ""
        print(f"{n:>2}. {step['entered']}  {step['stage']}: {days}{expected}{extra}")
        for words in (step["sla"] and step["sla"]["words"], step["contact"]):
            if words:
                print(f"      {words}")
    print(f"End: {report['ending']}")


SEE_FUNNEL = "see `journeyapp funnel`"


def _print_figures(report: dict) -> None:
    print(count(report["deals"], "deal"))
    print(f"{'stage':<28}{'in':>6}{'out':>6}{'lost':>6}{'median d':>10}{'p90 d':>8}{'expect':>8}")
    for row in report["stages"]:
        print(
            f"{row['stage'][:27]:<28}{row['entered']:>6}{row['left']:>6}{row['lost_here']:>6}"
            f"{_cell(row['median_days']):>10}{_cell(row['p90_days']):>8}"
            f"{_cell(row['expected_days']):>8}"
        )
    for row in report["handoffs"]:
        target = row["target_conversion"]
        goal = f" (target {target:.0%})" if target is not None else ""
        if row["lead_level"]:
            print(f"{row['from']} → {row['to']}: measured on leads, not deals{goal}; {SEE_FUNNEL}")
            continue
        past = f"; no deal entered {row['to']}: they went on past it" if row["gone_past"] else ""
        print(
            f"{row['from']} → {row['to']}: {row['conversion']:.0%} of {row['reached']}{goal}{past}"
        )


def _cell(value) -> str:
    return "—" if value is None else f"{value:g}"
