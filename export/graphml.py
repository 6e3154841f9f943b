"""GraphML for other graph tools (yEd, Gephi, Cytoscape), written through NetworkX."""

from __future__ import annotations

import io
import os
from typing import Any

import networkx as nx
from journeyapp.export.atomic_file import write_atomically
from journeyapp.models.codec import entity_to_dict
from journeyapp.models.playbook import Playbook


def _xml_text(text: str) -> str:
    """Text XML 1.0 can hold: the characters it forbids (NUL and most other controls, U+FFFE,
    U+FFFF, lone surrogates) written as visible escapes such as \\u001b instead."""
    if all(_allowed(c) for c in text):
        return text
    return "".join(c if _allowed(c) else f"\\u{ord(c):04x}" for c in text)


def _allowed(char: str) -> bool:
    code = ord(char)
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


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
        result[key] = _xml_text(value) if isinstance(value, str) else value
    return result


def playbook_graph(playbook: Playbook) -> nx.DiGraph:
    graph = nx.DiGraph(name=_xml_text(playbook.meta.name))
    phases = {p.id: p.name for p in playbook.phases}
    lanes = {lane.id: lane.name for lane in playbook.lanes}
    for stage in sorted(playbook.stages(), key=lambda s: s.id):
        attrs = _scalars(entity_to_dict(stage))
        attrs.pop("id")
        attrs["label"] = attrs.pop("name")
        attrs["phase_name"] = _xml_text(phases[stage.phase])
        attrs["lane_name"] = _xml_text(lanes[stage.lane])
        graph.add_node(_xml_text(stage.id), **attrs)
    for handoff in sorted(playbook.handoffs(), key=lambda h: h.id):
        attrs = _scalars(entity_to_dict(handoff))
        source, target = attrs.pop("source"), attrs.pop("target")  # already made XML-safe
        graph.add_edge(source, target, **attrs)
    return graph


def write_graphml(
    playbook: Playbook, path: str | os.PathLike[str], like: str | os.PathLike[str] | None = None
) -> None:
    buffer = io.BytesIO()
    nx.write_graphml(playbook_graph(playbook), buffer, encoding="utf-8", prettyprint=True)
    write_atomically(path, buffer.getvalue(), like)
