"""How the diff shows one field's value: in words a manager reads, names instead of ids."""

from __future__ import annotations

from enum import Enum
from typing import Any

from journeyapp.models import fields
from journeyapp.models.change import Kind
from journeyapp.models.entities import SignOff
from journeyapp.models.playbook import Playbook

NOTHING = "—"

# The words for a field where its name does not read well on its own.
LABELS = {
    "description": "definition",
    "buyer_goal": "buyer's goal",
    "buyer_questions": "buyer's questions",
    "sla_hours": "SLA",
    "source": "from stage",
    "target": "to stage",
    "recycle_to": "recycle stage",
    "reasons": "rejection and acceptance reasons",
    "text": "wording",
    "non_examples": "non-examples",
    "example_leads": "example leads",
    "non_example_leads": "non-example leads",
    "gate": "ICP gate",
    "routes": "immediate routing",
    "half_life_days": "half-life",
    "work_days": "working days",
    "day_start": "working day's start",
    "day_end": "working day's end",
    "time_zone": "time zone",
    "target_kind": "kind of target",
    "test_ends": "test end date",
    "started": "start date",
    "decided": "decision date",
    "decision_reason": "reason for the decision",
    "source_deal": "deal it came from",
    "source_note": "note it came from",
    "volumes": "committed volumes",
}


def label(name: str) -> str:
    if name.endswith("_signoff"):
        team = "marketing" if "marketing" in name else "sales"
        return f"{team} sign-off"
    return LABELS.get(name, name.replace("_", " "))


def shown(playbook: Playbook, owner: Any, name: str, spec: fields.Spec, value: Any) -> str:
    """``value`` of field ``name`` of ``owner`` as the diff shows it, from ``playbook`` (the
    version it belongs to, so a stage that is gone is still named)."""
    if value is None or value == "" or value == () or value == {}:
        return NOTHING
    if name == "sla_hours":
        return f"{value:g} h"
    if name == "target_conversion":
        return f"{round(value * 100, 1):g}%"  # 2.5%, not 2%
    if isinstance(spec, fields.Text) and (spec.refers_to or spec.kind_field):
        kind = spec.refers_to or getattr(owner, spec.kind_field)
        return entity_name(playbook, kind, value)
    if isinstance(spec, fields.Flag):
        return "yes" if value else "no"
    if isinstance(spec, fields.Image):
        return "a picture"
    if isinstance(value, SignOff):
        return signed(value)
    if isinstance(spec, fields.Counts):
        return ", ".join(
            f"{entity_name(playbook, spec.keys, key) if spec.keys else key} {count}"
            for key, count in value.items()
        )
    if isinstance(spec, fields.Records):
        return "; ".join(map(_record, value))
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def signed(sign_off: SignOff) -> str:
    return f"{sign_off.name}, {sign_off.date}" if sign_off.date else sign_off.name


def entity_name(playbook: Playbook, kind: Kind, entity_id: str) -> str:
    """The name of the entity ``entity_id`` of ``kind`` in ``playbook``, or its id if gone."""
    if not playbook.has(kind, entity_id):
        return entity_id
    entity = playbook.get(kind, entity_id)
    if kind is Kind.HANDOFF:
        source = entity_name(playbook, Kind.STAGE, entity.source)
        return f"{source} → {entity_name(playbook, Kind.STAGE, entity.target)}"
    for attribute in ("name", "term", "title", "attribute", "period"):
        if isinstance(getattr(entity, attribute, None), str):
            return getattr(entity, attribute)
    return entity_id


def _record(record: Any) -> str:
    """A small record (a content item, an example lead, a challenge) by its first words."""
    return next(
        (value for value in vars(record).values() if isinstance(value, str) and value), NOTHING
    )
