"""A record's visits to CRM stages as a path over the map's stages: a visit to a stage mapped
to nothing is left out, and visits in a row to CRM stages mapped to one map stage are one."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise, repeat
from operator import add, itemgetter
from typing import Any

from journeyapp.models.entities import DealStep

_CRM_STAGE = itemgetter(0)
_new = tuple.__new__
_UNSEEN = object()


def mapped_path(record: Any, mapping: dict[str, str | None]) -> tuple[DealStep, ...]:
    steps: list[list] = []
    for crm_stage, entered, exited in record.visits:
        stage = mapping.get(crm_stage)
        if stage is None:
            continue
        if steps and steps[-1][0] == stage:  # two CRM stages on one map stage: one visit
            steps[-1][3] = exited
            continue
        steps.append([stage, crm_stage, entered, exited])
    return tuple(map(_new, repeat(DealStep), steps))  # DealStep._make, in C


def mapped_paths(records: Iterable[Any], mapping: dict[str, str | None]) -> list[tuple]:
    """``mapped_path`` of each record. A million leads take a few dozen routes through the
    CRM's stages: where a route's stages each map to a map stage of their own, each visit is
    made a step in C, the stage put before it."""
    routes: dict[tuple[str, ...], tuple[tuple[str], ...] | None] = {}
    paths = []
    append = paths.append
    for record in records:
        visits = record.visits
        route = tuple(map(_CRM_STAGE, visits))
        stages = routes.get(route, _UNSEEN)
        if stages is _UNSEEN:
            stages = routes[route] = _stages_alone(route, mapping)
        if stages is None or type(visits[0]) is not tuple:
            append(mapped_path(record, mapping))
        else:
            append(tuple(map(_new, repeat(DealStep), map(add, stages, visits))))
    return paths


def _stages_alone(route: tuple[str, ...], mapping: dict[str, str | None]):
    """Each visit's map stage as a 1-tuple, or None where a visit is left out or joins the
    one before (``mapped_path`` works those out)."""
    stages = [mapping.get(crm_stage) for crm_stage in route]
    if not stages or None in stages:
        return None
    if any(stage == before for before, stage in pairwise(stages)):
        return None
    return tuple((stage,) for stage in stages)


def ties_in_journey_order(
    path: tuple[DealStep, ...], order: dict[str, int]
) -> tuple[DealStep, ...]:
    """The path with steps entered at one moment in the map's journey order (``order``: each
    stage's place in it), whatever order the export listed them in: a CRM stamps the stages
    a deal was moved over with one time, and a history may list its rows newest first. The
    steps' exits go to them earliest first, so the last of them is the one that stayed."""
    if all(before.entered != after.entered for before, after in pairwise(path)):
        return path
    steps, start = list(path), 0
    while start < len(steps):
        end = start + 1
        while end < len(steps) and steps[end].entered == steps[start].entered:
            end += 1
        if end - start > 1:
            group = steps[start:end]
            exits = sorted((s.exited for s in group), key=lambda t: (t is None, t or 0))
            ordered = sorted(group, key=lambda s: order.get(s.stage, len(order)))
            steps[start:end] = [s._replace(exited=e) for s, e in zip(ordered, exits, strict=True)]
        start = end
    joined: list[DealStep] = []
    for step in steps:  # a stage now met twice in a row is one visit
        if joined and joined[-1].stage == step.stage:
            joined[-1] = joined[-1]._replace(exited=step.exited)
        else:
            joined.append(step)
    return tuple(joined)
