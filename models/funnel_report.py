"""The funnel plan as plain data for ``journeyapp funnel --json``: counts, intervals, the
dates each volume is needed by, the commitment and who signed it, and the split by source."""

from __future__ import annotations

import datetime
from typing import Any

from journeyapp.models.by_source import SourceFunnel, rejections_by_source
from journeyapp.models.funnel import FunnelPlan
from journeyapp.models.playbook import Playbook
from journeyapp.models.spellings import spelling_key
from journeyapp.models.wilson import Rate


def rate_data(rate: Rate | None) -> dict[str, Any] | None:
    if rate is None:
        return None
    return {
        "moved": rate.successes,
        "reached": rate.trials,
        "rate": round(rate.value, 4),
        "interval_90": [round(rate.low, 4), round(rate.high, 4)],
        "few_records": rate.thin,
    }


def funnel_report(result: FunnelPlan) -> dict[str, Any]:
    gap = result.costliest
    commitment = result.commitment
    return {
        "period": result.period.label,
        "target": result.target,
        "deal_size": result.deal_size,
        "records_measured": result.records_measured,
        "measured_over": result.measured_over.label,
        "no_records": result.no_records or None,
        "steps": [
            {
                "stage": s.stage,
                "stage_id": s.stage_id,
                "needed": s.needed,
                "needed_by": None if s.needed_by is None else s.needed_by.isoformat(),
                "handoff": s.handoff_id,
                "target_rate": s.target_rate,
                "actual": "no lead data" if s.no_lead_data else rate_data(s.rate),
                "in_play": s.in_play,
                "actual_volume": s.actual_volume,
                "committed": s.committed,
            }
            for s in result.steps
        ],
        "commitment": None
        if commitment is None
        else {
            "period": commitment.period,
            "volumes": dict(commitment.volumes),
            **{
                f"{team}_signoff": None
                if (signed := getattr(commitment, f"{team}_signoff")) is None
                else {"name": signed.name, "date": signed.date}
                for team in ("marketing", "sales")
            },
        },
        "costliest_gap": None
        if gap is None
        else {
            "handoff": gap.handoff_id,
            "from": gap.source,
            "to": gap.target,
            "target_rate": gap.target_rate,
            "actual": rate_data(gap.rate),
            "extra_at_top": gap.extra_at_top,
            "revenue_lost": round(gap.revenue_lost, 2),
        },
        "no_gap": result.no_gap or None,
    }


def split_report(
    playbook: Playbook,
    funnels: list[SourceFunnel],
    by: str,
    period: tuple[datetime.date, datetime.date] | None = None,
) -> dict[str, Any]:
    """The split's rows; ``period`` (start, end): the one the rates were measured over, which
    the rejections are counted in too."""
    names = {s.id: s.name for s in playbook.stages()}
    rejections = (
        {spelling_key(r.source): r for r in rejections_by_source(playbook, period)}
        if by == "source"
        else {}
    )
    rows = []
    for funnel in funnels:
        rejected = rejections.get(spelling_key(funnel.source))
        rows.append(
            {
                by: funnel.source,
                "records": funnel.records,
                "handoffs": {
                    handoff: "no lead data" if m.no_lead_data else rate_data(m.rate)
                    for handoff, m in funnel.conversions.items()
                },
                "median_days_in_stage": {
                    names.get(stage, stage): None if days is None else round(days, 1)
                    for stage, days in funnel.median_days.items()
                },
                "rejected_after_threshold": None
                if rejected is None
                else {**rate_data(rejected.rate), "flagged": rejected.flagged},
            }
        )
    return {"by": by, "groups": rows}
