"""GraphML for other graph tools (yEd, Gephi, Cytoscape), written through NetworkX."""

from __future__ import annotations

import io
import os
from typing import Any

import networkx as nx
from journeyapp.export.atomic_file import write_atomically
from journeyapp.models.codec import entity_to_dict
from journeyapp.models.playbook import Playbook


def _scalars(data: dict[str, Any]) -> dict[str, Any]:
    """GraphML holds text, numbers and booleans; lists are joined and nulls left out."""
    result = {}
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, list):
            value = "; ".join(
                item if isinstance(item, str) else " ".join(str(v) for v in item.values() if v)
                for item in value
            )
        result[key] = value
    return result


def playbook_graph(playbook: Playbook) -> nx.DiGraph:
    graph = nx.DiGraph(name=playbook.meta.name)
    phases = {p.id: p.name for p in playbook.phases}
    lanes = {lane.id: lane.name for lane in playbook.lanes}
    for stage in sorted(playbook.stages(), key=lambda s: s.id):
        attrs = _scalars(entity_to_dict(stage))
        attrs.pop("id")
        attrs["label"] = attrs.pop("name")
        attrs["phase_name"] = phases[stage.phase]
        attrs["lane_name"] = lanes[stage.lane]
        graph.add_node(stage.id, **attrs)
    for handoff in sorted(playbook.handoffs(), key=lambda h: h.id):
        attrs = _scalars(entity_to_dict(handoff))
        source, target = attrs.pop("source"), attrs.pop("target")
        graph.add_edge(source, target, **attrs)
    return graph


def write_graphml(
    playbook: Playbook, path: str | os.PathLike[str], like: str | os.PathLike[str] | None = None
) -> None:
    buffer = io.BytesIO()
    nx.write_graphml(playbook_graph(playbook), buffer, encoding="utf-8", prettyprint=True)
    write_atomically(path, buffer.getvalue(), like)
