"""Playbooks with leads and deals for the funnel's tests: the tiny map with target rates on
its main line (Visitor → MQL → SQL → Won) and records built from short descriptions."""

from __future__ import annotations

import datetime
from typing import Any

from builders import tiny_data
from journeyapp.models.codec import playbook_from_dict
from journeyapp.models.playbook import Playbook

DAY = 86_400


def seconds(day: str) -> int:
    date = datetime.date.fromisoformat(day)
    return int(datetime.datetime(date.year, date.month, date.day, tzinfo=datetime.UTC).timestamp())


def path(start: str, *stages: str, gaps: tuple[int, ...] = ()) -> list[list[Any]]:
    """Steps through ``stages`` from ``start``, ``gaps`` days apart (10 days each if not given)."""
    when = seconds(start)
    steps = []
    for n, stage in enumerate(stages):
        later = when + (gaps[n] if n < len(gaps) else 10) * DAY
        last = n == len(stages) - 1
        steps.append([stage, stage.upper(), when, None if last else later])
        when = later
    return steps


def lead(number: int, steps, source: str = "", campaign: str = "", **more) -> dict:
    return {
        "id": f"lead-{number}",
        "name": f"Lead {number}",
        "lead_source": source,
        "campaign": campaign,
        "path": steps,
        **more,
    }


def deal(number: int, steps, source: str = "", outcome: str = "open", **more) -> dict:
    return {
        "id": f"deal-{number}",
        "name": f"Deal {number}",
        "lead_source": source,
        "outcome": outcome,
        "path": steps,
        **more,
    }


def funnel_data(leads=(), deals=(), commitments=()) -> dict:
    data = tiny_data()
    rates = {"h1": 0.1, "h2": 0.4, "h3": 0.3}
    for handoff in data["handoffs"]:
        if handoff["id"] in rates:
            handoff["target_conversion"] = rates[handoff["id"]]
    data["leads"] = list(leads)
    data["deals"] = list(deals)
    data["commitments"] = list(commitments)
    return data


def funnel_playbook(leads=(), deals=(), commitments=(), **changes) -> Playbook:
    data = funnel_data(leads, deals, commitments)
    for handoff in data["handoffs"]:
        handoff.update(changes.get(handoff["id"], {}))
    return playbook_from_dict(data)
